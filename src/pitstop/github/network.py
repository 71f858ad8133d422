"""The `[network]` step mark: pitstop's convention for a step that needs the internet.

`pitstop init` names the steps that need services beyond the package registries
(vulnerability databases, Codecov, GitHub's code-scanning and attestation APIs) with this mark
and gives them an `id:`; `pitstop run` reads the mark back to call such a step "not verified
(offline)" when the internet is out of reach. On GitHub the mark is only part of the name.
"""

from __future__ import annotations

NETWORK_MARK = "[network]"


def network_step_name(name: str) -> str:
    """The step name with the mark: `[network] Upload coverage`."""
    return f"{NETWORK_MARK} {name}"


def needs_network(step_name: str) -> bool:
    """Whether a step's name carries the mark (leading spaces allowed)."""
    return step_name.lstrip().startswith(NETWORK_MARK)

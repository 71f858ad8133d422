"""Steps that need the internet, and whether this machine has it.

A step whose name starts with `[network]` (the mark `pitstop init` gives the Codecov upload,
pip-audit, Trivy and the SARIF uploads; see `pitstop.github.network`) needs services beyond
the package registries. When the internet is unreachable, such a step is "not verified
(offline)": its local result proves nothing either way, so it neither fails the job nor counts
as success. Online, it is an ordinary step and its failure is a failure.

The probe is one TCP connection to github.com:443, made once per run. `PITSTOP_NETWORK`
(`online` or `offline`) overrides it: that is the seam tests use.
"""

from __future__ import annotations

import functools
import os
import socket

PROBE = ("github.com", 443)
PROBE_TIMEOUT_S = 3.0


def internet_reachable() -> bool:
    forced = os.environ.get("PITSTOP_NETWORK", "").strip().lower()
    if forced in {"online", "offline"}:
        return forced == "online"
    return _probe()


@functools.cache
def _probe() -> bool:
    try:
        socket.create_connection(PROBE, timeout=PROBE_TIMEOUT_S).close()
    except OSError:
        return False
    return True


def offline_note(step_name: str) -> str:
    host, port = PROBE
    return (
        f"not verified (offline): {step_name} needs the internet ({host}:{port} is "
        "unreachable); it runs for real on GitHub, or here when online"
    )

from __future__ import annotations

import pytest

from pitstop.github.network import needs_network, network_step_name


@pytest.mark.parametrize(
    ("name", "marked"),
    [("[network] pip-audit", True), ("  [network] x", True), ("pip-audit [network]", False)],
)
def test_the_mark_starts_the_step_name(name: str, marked: bool) -> None:
    assert needs_network(name) is marked


def test_what_init_writes_is_what_run_reads() -> None:
    assert network_step_name("Upload coverage") == "[network] Upload coverage"
    assert needs_network(network_step_name("Upload coverage"))

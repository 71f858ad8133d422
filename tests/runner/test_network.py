from __future__ import annotations

import socket

import pytest

from pitstop.runner import network


@pytest.mark.parametrize(("forced", "reachable"), [("online", True), ("OFFLINE", False)])
def test_the_environment_forces_the_answer(
    monkeypatch: pytest.MonkeyPatch, forced: str, reachable: bool
) -> None:
    monkeypatch.setenv("PITSTOP_NETWORK", forced)
    assert network.internet_reachable() is reachable


def test_the_probe_connects_for_real(monkeypatch: pytest.MonkeyPatch) -> None:
    server = socket.create_server(("127.0.0.1", 0))  # the kernel completes the handshake
    port = server.getsockname()[1]
    monkeypatch.delenv("PITSTOP_NETWORK", raising=False)
    monkeypatch.setattr(network, "PROBE", ("127.0.0.1", port))
    network._probe.cache_clear()
    assert network.internet_reachable() is True
    server.close()
    network._probe.cache_clear()
    assert network.internet_reachable() is False  # nothing listens any more
    network._probe.cache_clear()


def test_the_note_says_how_to_verify() -> None:
    note = network.offline_note("[network] pip-audit")
    assert note.startswith("not verified (offline): [network] pip-audit")
    assert "on GitHub" in note

"""Helpers shared by the service tests: scanning /proc, waiting for processes to go."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path


def _stat_fields(pid: str) -> list[str] | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rpartition(")")[2].split()


def group_members(pgid: int) -> list[int]:
    """Live (non-zombie) processes whose process group is `pgid`."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        fields = _stat_fields(entry.name)
        if fields and fields[0] != "Z" and int(fields[2]) == pgid:
            members.append(int(entry.name))
    return members


def processes_mentioning(text: str) -> list[int]:
    """Live processes whose command line contains `text` (e.g. a data dir)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        fields = _stat_fields(entry.name)
        if text in cmdline and fields and fields[0] != "Z":
            found.append(int(entry.name))
    return found


def eventually(predicate: Callable[[], object], timeout: float = 20.0) -> bool:
    """Wait until `predicate()` is true; False if it never was within `timeout`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return bool(predicate())


def gone(processes: Callable[[], list[int]], timeout: float = 20.0) -> bool:
    """Wait until `processes()` lists none."""
    return eventually(lambda: not processes(), timeout)


def alive(pid: int) -> bool:
    """Whether `pid` is a live process (not gone, not a zombie)."""
    fields = _stat_fields(str(pid))
    return fields is not None and fields[0] != "Z"

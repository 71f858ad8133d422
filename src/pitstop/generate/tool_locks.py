"""Hash-pinned locks of the tools a generated workflow installs outside the project's lock.

`pip install "pip-audit==2.10.1"` pins pip-audit but lets each of its dependencies float to
whatever PyPI serves that day: a supply-chain gap (OpenSSF Scorecard's Pinned-Dependencies
counts it) and an install no run can reuse exactly. For each tool here pitstop ships a lock of
the release and every dependency with their hashes (`locks/<tool>.txt`, written by
`scripts/lock_tools.py`); `pitstop init` writes it into the project and the step installs it
with `--require-hashes`. A project whose tool release is another one (an older Python's) keeps
the plain pinned install.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources


@dataclass(frozen=True)
class ToolLock:
    tool: str
    version: str
    oldest_python: str  # the lock's resolution covers this Python and every later one
    path: str  # where `pitstop init` writes it in the project
    extras: str = ""  # "[sarif]"
    # The lock installed before this one into the same venv: resolved with its versions as
    # constraints, so that a package both need is pinned alike and installed once.
    beside: str | None = None

    @property
    def resource(self) -> str:
        return f"{self.tool}.txt"

    @property
    def requirement(self) -> str:
        return f"{self.tool}{self.extras}=={self.version}"

    def text(self) -> str:
        return resources.files("pitstop.generate").joinpath("locks", self.resource).read_text()

    def install(self, python: str = "python") -> str:
        """The install command, for `python` (an interpreter path or a command)."""
        return f"{python} -m pip install --require-hashes -r {self.path}"


LOCKS = {
    "pip-audit": ToolLock("pip-audit", "2.10.1", "3.10", ".github/requirements/pip-audit.txt"),
    # security.yml's audit job installs bandit with SARIF output after pip-audit
    "bandit": ToolLock(
        "bandit", "1.9.4", "3.10", ".github/requirements/bandit.txt", "[sarif]", "pip-audit"
    ),
}


def lock_for(tool: str, version: str) -> ToolLock | None:
    """The shipped lock of `tool` at exactly `version`, if pitstop has one."""
    lock = LOCKS.get(tool)
    return lock if lock is not None and lock.version == version else None

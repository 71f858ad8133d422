"""THE pin table: every action a generated workflow uses, at a full commit SHA.

Each SHA is the commit of the named release tag. Dependabot's github-actions updates keep
them current in a project; here they change only by editing this table.
"""

from __future__ import annotations

from dataclasses import dataclass

from pitstop.errors import PitstopError


@dataclass(frozen=True)
class Pin:
    action: str
    sha: str
    version: str

    def uses(self, path: str = "") -> str:
        """The `uses:` value, optionally for a sub-action (`github/codeql-action` + path)."""
        return f"{self.action}{path}@{self.sha} # {self.version}"


PINS: dict[str, Pin] = {
    pin.action: pin
    for pin in (
        Pin("actions/checkout", "08c6903cd8c0fde910a37f88322edcfb5dd907a8", "v5.0.0"),
        Pin("actions/setup-python", "e797f83bcb11b83ae66e0230d6156d7c80228e7c", "v6.0.0"),
        Pin("astral-sh/setup-uv", "e92bafb6253dcd438e0484186d7669ea7a8ca1cc", "v6.4.3"),
        Pin("actions/setup-node", "49933ea5288caeca8642d1e84afbd3f7d6820020", "v4.4.0"),
        Pin("actions/cache", "0057852bfaa89a56745cba8c7296529d2fc39830", "v4.3.0"),
        Pin("actions/upload-artifact", "ea165f8d65b6e75b540449e92b4886f43607fa02", "v4.6.2"),
        Pin("actions/download-artifact", "d3f86a106a0bac45b974a628896c90dbdf5c8093", "v4.3.0"),
        Pin("codecov/codecov-action", "5a1091511ad55cbe89839c7260b706298ca349f7", "v5.5.1"),
        Pin("github/codeql-action", "5d4e8d1aca955e8d8589aabd499c5cae939e33c7", "v4.31.9"),
        Pin("aquasecurity/trivy-action", "ed142fd0673e97e23eac54620cfb913e5ce36c25", "v0.36.0"),
        Pin(
            "actions/attest-build-provenance",
            "977bb373ede98d70efdf65b84cb5f73e068dcc2a",
            "v3.0.0",
        ),
    )
}

# The Trivy release the trivy-action installs. Pinned too: the action's tags were
# force-pushed to malicious code in March 2026, and Trivy v0.69.4 was the compromised build.
TRIVY_VERSION = "v0.69.3"


def uses(action: str) -> str:
    """`owner/repo[/path]@sha # vX.Y.Z` for an action in the table."""
    owner_repo = "/".join(action.split("/")[:2])
    pin = PINS.get(owner_repo)
    if pin is None:
        raise PitstopError(f"no pin for {action}", hint="add it to pitstop.generate.pins.PINS")
    return pin.uses(action[len(owner_repo) :])


def table_text() -> str:
    """The pin table as `pitstop pins` prints it."""
    width = max(len(a) for a in PINS)
    lines = [f"{a:<{width}}  {p.sha}  {p.version}" for a, p in sorted(PINS.items())]
    lines.append(f"{'trivy (binary)':<{width}}  {'-' * 40}  {TRIVY_VERSION}")
    return "\n".join(lines)

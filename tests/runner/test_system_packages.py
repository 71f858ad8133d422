"""An apt-only step is checked against dpkg, never run: it never changes your machine."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pitstop.runner import system_packages
from tests.runner.hostile import make_repo, run


@pytest.mark.parametrize(
    ("script", "packages"),
    [
        ("sudo apt-get update && sudo apt-get install --yes --no-install-recommends gettext",
         ("gettext",)),
        ("sudo apt-get update\nsudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "
         "libpq-dev gettext=0.21  # for msgfmt", ("libpq-dev", "gettext")),
        ("DEBIAN_FRONTEND=noninteractive sudo -E apt install -y -o Dpkg::Options::=--force-confold "
         "redis-server:amd64", ("redis-server",)),
        ("sudo apt-get install -y \\\n  gettext \\\n  libpq-dev", ("gettext", "libpq-dev")),
        ("# the apt lists first\napt-get update; apt-get install -y gettext", ("gettext",)),
        ("apt-get update", ()),
        # pretalx's CI: apt's own configuration first, then the package
        ("sudo rm -f /etc/apt/sources.list.d/microsoft-prod.list\n"
         "sudo rm -f /etc/apt/sources.list.d/azure-cli.list\nsudo apt clean\n"
         "sudo apt update\nsudo apt install -y gettext", ("gettext",)),
    ],
)  # fmt: skip
def test_apt_only_scripts_are_recognised(script: str, packages: tuple[str, ...]) -> None:
    assert system_packages.recognise(script) == packages


@pytest.mark.parametrize(
    "script",
    [
        "sudo apt-get upgrade -y",
        "sudo apt-get install -y gettext && make",
        "sudo apt-get install -y $PACKAGES",
        "sudo apt-get install -y gettext | tee apt.log",
        "sudo apt-get install -y gettext || true",
        "sudo apt-get install -y gettext > /dev/null",
        "sudo apt-get install -y a & sudo apt-get install -y b",
        "sudo apt-get install ./vendor/tool.deb",
        "sudo apt-get install -y 'lib*'",
        "sudo apt-get update gettext",
        "sudo rm -rf /etc/apt/../passwd-backup /var/lib/x",
        "sudo rm -f ~/.config/x",
        "sudo apt-get install -y 'gettext",
        "curl -fsSL https://example.com/install.sh | sh",
        "",
        "# only a comment",
    ],
)
def test_any_other_script_runs_as_written(script: str) -> None:
    assert system_packages.recognise(script) is None


def test_dpkg_tells_installed_from_missing() -> None:
    check = system_packages.check(["bash", "pitstop-no-such-package"])

    assert check.missing == ("pitstop-no-such-package",)
    assert not check.satisfied
    assert system_packages.check(["bash", "coreutils"]).satisfied


def test_without_dpkg_nothing_is_assumed(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))

    check = system_packages.check(["bash"])

    assert check.unknown == "no dpkg-query here"
    assert not check.satisfied


APT_STEPS = """
on: push
jobs:
  present:
    runs-on: ubuntu-latest
    steps:
      - run: sudo apt-get update && sudo apt-get install --yes --no-install-recommends bash
      - run: echo after-present
  missing:
    runs-on: ubuntu-latest
    steps:
      - run: |
          sudo apt-get update
          sudo apt-get install -y pitstop-no-such-package
      - run: echo after-missing
  mixed:
    runs-on: ubuntu-latest
    steps:
      - run: sudo apt-get install -y bash && echo mixed-ran
"""


def test_apt_steps_are_checked_never_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # `sudo` and `apt-get` that leave a mark: only the mixed script may call them
    fake = tmp_path / "fake-bin"
    fake.mkdir()
    for name in ("sudo", "apt-get"):
        (fake / name).write_text(f'#!/bin/sh\necho "{name} $*" >> {tmp_path}/called\n')
        (fake / name).chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake}{os.pathsep}{os.environ['PATH']}")
    repo = make_repo(tmp_path / "repo", {}, APT_STEPS)

    code, result = run(repo, tmp_path / "run", "--allow-unverified")

    assert code == 0, result
    jobs = {job["id"]: job for job in result["jobs"]}
    present = [(s["conclusion"], s["verified"]) for s in jobs["present"]["steps"]]
    assert present == [("success", True), ("success", True)]
    missing = [(s["conclusion"], s["verified"]) for s in jobs["missing"]["steps"]]
    assert missing == [("success", False), ("skipped", False)]  # the job halts there
    assert any("no local pitstop-no-such-package" in note for note in jobs["missing"]["notes"])
    assert (tmp_path / "called").read_text() == "sudo apt-get install -y bash\n"
    log = (tmp_path / "run/logs/ci-missing.log").read_text().splitlines()
    assert "after-missing" not in log  # the step's echo never printed

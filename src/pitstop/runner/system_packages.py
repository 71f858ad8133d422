"""A `run:` step that only installs Ubuntu packages with apt: checked here, never run.

On GitHub's runner `sudo apt-get install gettext` adds a package to a machine that is thrown
away after the job. Here it would change yours (or wait for a sudo password that never
comes, stdin being closed). So a step whose whole script is `apt`/`apt-get` `update`,
`install` and `clean` commands and removals of apt's own configuration (`sudo rm -f
/etc/apt/sources.list.d/microsoft-prod.list`, as pretalx's CI does), with `sudo` and its
flags, apt's options and `DEBIAN_FRONTEND=...`, joined by newlines, `&&` or `;`, does not
run: pitstop asks dpkg whether each package is installed.
- Every package installed: the step succeeds, saying that it did not run.
- Any missing, or no dpkg to ask (not Debian or Ubuntu): the step is not verified and the
  job halts there, as after a missing Python: the later steps would run without what
  GitHub's runner would have had.
Any other script, an `apt-get upgrade` or a `curl ... | sh` among the commands included, runs
as written.
"""

from __future__ import annotations

import re
import shlex
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass

APT = frozenset({"apt", "apt-get"})
SUBCOMMANDS = frozenset({"update", "install", "clean", "autoclean"})
APT_CONFIG = "/etc/apt/"  # `sudo rm -f /etc/apt/sources.list.d/<repository>.list`
_WITH_VALUE = frozenset({"-o", "--option", "-c", "--config-file", "-t", "--target-release"})
_ASSIGNMENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*=")
# Pipes, `||`, subshells, expansions, redirections, a lone `&`: more than simple commands.
_SHELL = re.compile(r"[|()`$<>]|(?<!&)&(?!&)")
_PACKAGE = re.compile(r"[a-z0-9][a-z0-9+.-]*")  # Debian's package names, without =version


@dataclass(frozen=True)
class Check:
    packages: tuple[str, ...]
    missing: tuple[str, ...]
    unknown: str | None = None  # why installed packages could not be told (no dpkg)

    @property
    def satisfied(self) -> bool:
        return self.unknown is None and not self.missing


def recognise(script: str) -> tuple[str, ...] | None:
    """The packages an apt-only script installs; None for any other script."""
    commands = _commands(script)
    if not commands:
        return None
    packages: list[str] = []
    for command in commands:
        found = _apt_packages(command)
        if found is None:
            return None
        packages.extend(found)
    return tuple(dict.fromkeys(packages))


def _commands(script: str) -> list[list[str]] | None:
    """The script's simple commands as words; None for anything but `&&` / `;` / newline
    joins of simple commands (pipes, `||`, subshells, an unclosed quote)."""
    commands = []
    for line in script.replace("\\\n", " ").splitlines():
        if line.strip().startswith("#"):
            continue
        if _SHELL.search(line):
            return None
        for part in re.split(r"&&|;", line):
            try:
                words = shlex.split(part, comments=True)
            except ValueError:
                return None
            if words:
                commands.append(words)
    return commands


def _apt_packages(words: Sequence[str]) -> list[str] | None:
    rest = list(words)
    while rest and _ASSIGNMENT.match(rest[0]):
        rest.pop(0)
    if rest and rest[0] == "sudo":
        rest.pop(0)
        while rest and (rest[0].startswith("-") or _ASSIGNMENT.match(rest[0])):
            rest.pop(0)
    if rest and rest[0] == "rm":
        paths = [word for word in rest[1:] if not word.startswith("-")]
        return [] if paths and all(p.startswith(APT_CONFIG) for p in paths) else None
    if not rest or rest[0] not in APT:
        return None
    subcommand: str | None = None
    packages: list[str] = []
    arguments = iter(rest[1:])
    for word in arguments:
        if word in _WITH_VALUE:
            next(arguments, None)
        elif word.startswith("-"):
            continue
        elif subcommand is None:
            subcommand = word
        else:
            name = word.split("=", 1)[0].split(":", 1)[0]
            if not _PACKAGE.fullmatch(name):
                return None  # a pattern, a path to a .deb, a variable: run it as written
            packages.append(name)
    if subcommand not in SUBCOMMANDS or (subcommand != "install" and packages):
        return None
    return packages


def check(packages: Sequence[str]) -> Check:
    """Which of `packages` dpkg knows as installed on this machine."""
    if not packages:
        return Check((), ())
    argv = ["dpkg-query", "--show", "--showformat=${Package} ${db:Status-Status}\\n", *packages]
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        why = "no dpkg-query here" if isinstance(exc, FileNotFoundError) else str(exc)
        return Check(tuple(packages), (), unknown=why)
    installed = {
        fields[0]
        for line in done.stdout.splitlines()
        if len(fields := line.split()) == 2 and fields[1] == "installed"
    }
    return Check(tuple(packages), tuple(p for p in packages if p not in installed))

"""Which `run:` scripts are pinned pip installs, and everything their result depends on.

A script qualifies when each of its commands is `pip install` (`pip`, `pip3`, `python -m
pip`, `python3 -m pip`) in hash-checking mode (`--require-hashes`, or a `--hash` in a file it
reads) with only requirement/constraint files and options that cannot change what gets
installed. In hash-checking mode pip demands every package, dependencies included, pinned
with `==` and a hash, so the environment it builds is a function of the interpreter, the
environment it starts from, the command text and the bytes of the files it reads; that is
what `Install.inputs` lists. Anything else (an unpinned name, a local path, `-e .`, a pipe,
a variable) is not recognised, and the step runs as written with no reuse.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
from dataclasses import dataclass
from pathlib import Path

PIPS = {"pip", "pip3"}
PYTHONS = {"python", "python3"}
FILE_OPTIONS = {"-r", "--requirement", "-c", "--constraint"}
VALUE_OPTIONS = {"--find-links", "-f", "--index-url", "-i", "--extra-index-url", "--progress-bar"}
ARCHIVES = {".whl", ".gz", ".zip"}
LINKS = {"--find-links", "-f"}
FLAG_OPTIONS = {
    "--require-hashes",
    "--no-index",
    "-q",
    "--quiet",
    "-v",
    "--verbose",
    "--disable-pip-version-check",
    "--no-cache-dir",
    "--no-input",
    "--no-color",
    "--only-binary=:all:",
    "--prefer-binary",
}
SHELL_SYNTAX = re.compile(r"[;&|<>$`(){}*?\[\]~!]")
INCLUDE = re.compile(r"^\s*(-r|--requirement|-c|--constraint)[\s=]+(\S+)")
# Requirement-file lines that point pip at something other than pinned index packages.
LOCAL = re.compile(r"^\s*(-e|--editable)\b|^\s*[./]|^\s*\S+\s*@\s*\S+|^\s*file:")
# pip settings from the environment that can change the result (caches cannot).
ENV_IGNORED = {"PIP_CACHE_DIR", "PIP_NO_CACHE_DIR", "PIP_DISABLE_PIP_VERSION_CHECK"}


@dataclass(frozen=True)
class Install:
    """A recognised install script: the venv it installs into and what its result depends on."""

    venv: Path
    script: str
    cwd: str  # relative to the workspace
    files: tuple[tuple[str, Path], ...]  # (as named, path) of every file pip reads
    env: tuple[tuple[str, str], ...]  # PIP_* settings


def recognise(
    script: str, cwd: Path, env: dict[str, str], workspace: Path, temp: Path
) -> Install | None:
    """The install `script` performs, when it is one this module can vouch for; else None.
    The venv must be one pitstop made for this job (under `temp`), never your own Python."""
    commands = _commands(script)
    if not commands:
        return None
    venv: Path | None = None
    files: dict[str, Path] = {}
    hashed = False
    for words in commands:
        found = _pip_args(words, env, temp)
        if found is None:
            return None
        command_venv, args = found
        if venv is not None and command_venv != venv:
            return None
        venv = command_venv
        parsed = _files(args, cwd)
        if parsed is None:
            return None
        named, require_hashes = parsed
        for name, path in named:
            if path.suffix in ARCHIVES:
                files[name] = path
                continue
            included = _read_with_includes(path, files, cwd)
            if included is None:
                return None
            hashed = hashed or included
        hashed = hashed or require_hashes
    if venv is None or not hashed:
        return None
    try:
        where = cwd.relative_to(workspace).as_posix()
    except ValueError:
        return None
    pip_env = tuple(
        sorted((k, v) for k, v in env.items() if k.startswith("PIP_") and k not in ENV_IGNORED)
    )
    return Install(venv, script, where, tuple(sorted(files.items())), pip_env)


def _commands(script: str) -> list[list[str]] | None:
    text = script.replace("\\\n", " ")
    commands = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if SHELL_SYNTAX.search(line.replace("--only-binary=:all:", "")):
            return None
        try:
            words = shlex.split(line)
        except ValueError:
            return None
        commands.append(words)
    return commands


def _pip_args(words: list[str], env: dict[str, str], temp: Path) -> tuple[Path, list[str]] | None:
    """(venv, arguments after `install`) for a pip install command run by a job venv."""
    if words[:1] and words[0] in PIPS:
        program, rest = words[0], words[1:]
    elif words[:3] and words[0] in PYTHONS and words[1:3] == ["-m", "pip"]:
        program, rest = words[0], words[3:]
    else:
        return None
    if rest[:1] != ["install"]:
        return None
    found = shutil.which(program, path=env.get("PATH", ""))
    if found is None:
        return None
    venv = Path(found).parent.parent  # venv/bin/python, not resolved: the venv, not its base
    if not (venv / "pyvenv.cfg").is_file() or not _inside(venv, temp):
        return None
    return venv, rest[1:]


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.absolute().relative_to(folder.absolute())
    except ValueError:
        return False
    return True


def _files(args: list[str], cwd: Path) -> tuple[list[tuple[str, Path]], bool] | None:
    """The files named by -r/-c, and whether --require-hashes is given; None for anything
    else (a package name, a path, an option that could change the result)."""
    named: list[tuple[str, Path]] = []
    require_hashes = False
    words = iter(args)
    for word in words:
        option, _, value = word.partition("=") if word.startswith("--") else (word, "", "")
        if option in FILE_OPTIONS:
            name = value or next(words, "")
            if not name:
                return None
            named.append((name, cwd / name))
        elif option in VALUE_OPTIONS:
            value = value or next(words, "")
            if not value:
                return None
            if option in LINKS and (cwd / value).is_dir():  # a local folder of wheels
                named.extend((f"{value}/{p.name}", p) for p in sorted((cwd / value).iterdir()))
        elif word in FLAG_OPTIONS:
            require_hashes = require_hashes or word == "--require-hashes"
        else:
            return None
    return (named, require_hashes) if named else None


def _read_with_includes(path: Path, seen: dict[str, Path], cwd: Path) -> bool | None:
    """Add `path` and the files it includes to `seen` (named relative to `cwd`, the same in
    every workspace); whether any has a `--hash`; None when one is missing or installs
    something local."""
    name = os.path.relpath(path.absolute(), cwd.absolute())
    if name in seen:
        return False
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    seen[name] = path
    hashed = "--hash" in text
    for line in text.splitlines():
        if line.lstrip().startswith("#"):
            continue
        line = line.split(" #")[0]
        if LOCAL.search(line):
            return None
        include = INCLUDE.match(line)
        if include is not None:
            result = _read_with_includes(path.parent / include.group(2), seen, cwd)
            if result is None:
                return None
            hashed = hashed or result
    return hashed

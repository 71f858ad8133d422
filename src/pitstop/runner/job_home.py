"""Each job's own home folder, inside its job directory: a fresh runner's `~`.

On GitHub a job runs on a fresh machine that is thrown away, so whatever it writes to `~`
(`git config --global`, `~/.bashrc`, `~/.ssh`, `~/.config`) is gone afterwards. Locally the
job gets `<job dir>/home` as HOME, with the XDG base directories and `GIT_CONFIG_GLOBAL`
inside it; your own home is not where any tool looks by default.

Package caches are the exception that keeps runs fast: pip, uv, npm, pre-commit, poetry and
trivy (its vulnerability database) point at pitstop's own cache folder (`package_caches`,
`~/.cache/pitstop/<tool>`), shared by every job and run, and by `pitstop init`'s settings
probe (its uv cache), so warm runs stay warm. Never your `~/.cache`: what a job writes into
a cache never changes what your own tools install. They hold what package indexes serve,
keyed by name, version and hash (a repository's own builds are keyed by their path, which
is per job); a repository's own content shared between jobs goes through actions/cache,
which is per repository (see docs/security.md).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

# Variable -> subfolder of the repository's package cache folder.
PACKAGE_CACHES: Mapping[str, str] = {
    "PIP_CACHE_DIR": "pip",
    "UV_CACHE_DIR": "uv",
    "npm_config_cache": "npm",
    "PRE_COMMIT_HOME": "pre-commit",
    "POETRY_CACHE_DIR": "poetry",
    "TRIVY_CACHE_DIR": "trivy",
}
# Where the tools look without their variable, in a home: links to the same folders, so that
# `~/.cache/uv` in a workflow (e.g. an actions/cache path) is pitstop's uv cache too.
DEFAULT_LOCATIONS: Mapping[str, str] = {
    ".cache/pip": "pip",
    ".cache/uv": "uv",
    ".npm": "npm",
    ".cache/pre-commit": "pre-commit",
    ".cache/pypoetry": "poetry",
    ".cache/trivy": "trivy",
}
FOLDERS = (".config", ".cache", ".local", ".local/share", ".local/state")
XDG = {
    "XDG_CONFIG_HOME": ".config",
    "XDG_CACHE_HOME": ".cache",
    "XDG_DATA_HOME": ".local/share",
    "XDG_STATE_HOME": ".local/state",
}


def prepare(home: Path, package_caches: Path | None, git_config: str = "") -> dict[str, str]:
    """Create `home` and return the variables that make it the job's home.

    `git_config` is the text of the job's global git config (e.g. the `insteadOf` rules of
    the sandboxed remotes); without `package_caches` the caches stay inside the home. The
    package cache folders must exist (`create_shared`, once per run)."""
    create(home, package_caches, git_config)
    return variables(home, package_caches)


def create(home: Path, package_caches: Path | None, git_config: str = "") -> None:
    """Make `home` a fresh job home (see `prepare`)."""
    base = os.fspath(home)
    home.mkdir(parents=True, exist_ok=True)
    # This runs for every job that gets no handed-on home: one system call per entry.
    for relative in FOLDERS:
        os.mkdir(f"{base}/{relative}")  # noqa: PTH102
    if git_config:  # `git config --global` creates the file when there is none
        (home / ".gitconfig").write_text(git_config, encoding="utf-8")
    if package_caches is not None:
        caches = os.fspath(package_caches)
        for relative, folder in DEFAULT_LOCATIONS.items():
            os.symlink(f"{caches}/{folder}", f"{base}/{relative}")  # noqa: PTH211


def variables(home: Path, package_caches: Path | None) -> dict[str, str]:
    """HOME, the XDG folders, GIT_CONFIG_GLOBAL and the package caches' variables."""
    base = os.fspath(home)
    env = {"HOME": base, "GIT_CONFIG_GLOBAL": f"{base}/.gitconfig"}
    for name, relative in XDG.items():
        env[name] = f"{base}/{relative}"
    caches = os.fspath(package_caches) if package_caches is not None else f"{base}/.cache"
    for name, folder in PACKAGE_CACHES.items():
        env[name] = f"{caches}/{folder}"
    return env


def create_shared(package_caches: Path) -> None:
    """Create pitstop's package cache folders (the links in each home lead to them)."""
    for folder in PACKAGE_CACHES.values():
        (package_caches / folder).mkdir(parents=True, exist_ok=True)


def shared_caches(package_caches: Path | None) -> tuple[Path, ...]:
    """pitstop's package cache folders (none without `package_caches`)."""
    if package_caches is None:
        return ()
    return tuple(package_caches / folder for folder in PACKAGE_CACHES.values())

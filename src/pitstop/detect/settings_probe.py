"""Run a settings module for real: a throwaway venv with the project's dependencies, and an
import of the settings in a subprocess whose `os.environ` records every key read.

`environment(root, deps)` builds (or reuses) the venv, cached under pitstop's cache dir and
keyed by the lock files' contents. `run(python, root, module, env)` imports the settings
as `python manage.py` run from the root does: the root the working directory, the Django
folder (`base`, where manage.py is: `src` for `src/manage.py`) first on `sys.path`;
when the import fails right after an unset variable was read, that variable is required: it
gets a placeholder and the import is retried, until it succeeds or nothing is left to try.
Either failure raises `ProbeFailed`, whose message says why; callers fall back to reading
the settings' text and say so.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import NamedTuple

from pitstop.actions import pythons
from pitstop.detect import placeholders
from pitstop.detect._files import read_text
from pitstop.detect.dependencies import Dependencies

RUNNER = Path(__file__).with_name("settings_runner.py")
SWITCH = "PITSTOP_SETTINGS_PROBE"  # "off" skips the probe (static detection, said so)
CACHE_VARIABLE = "PITSTOP_CACHE_DIR"
INSTALL_TIMEOUT = 600
IMPORT_TIMEOUT = 60
MAX_ATTEMPTS = 40
MAX_LEFT_OUT = 3
EXCLUDES = "pitstop-excludes.txt"
# uv's words for a package it cannot have here: an sdist whose system library is missing,
# a git or URL source out of reach (no network but PyPI).
UNBUILDABLE = re.compile(r"Failed to (?:download and build|build|download) `([A-Za-z0-9._-]+)")
BASE_ENV = ("PATH", "HOME", "LANG", "TMPDIR", "SYSTEMROOT")
NOT_ABOUT_ENV = ("ModuleNotFoundError", "ImportError", "SyntaxError", "IndentationError")
CI_ENV = {"CI": "true", "GITHUB_ACTIONS": "true", "GITHUB_WORKFLOW": "ci"}


class ProbeFailed(Exception):
    """The settings could not be executed; the message says why, for init's output."""

    def __init__(self, message: str, output: str = "") -> None:
        super().__init__(message)
        self.output = output


@dataclass(frozen=True)
class DatabaseSettings:
    """`DATABASES["default"]` as the settings resolved it."""

    engine: str
    name: str
    host: str
    port: str
    user: str
    password: str = ""

    @property
    def postgresql(self) -> bool:
        return "postgres" in self.engine  # postgresql, postgresql_psycopg2, postgis


@dataclass(frozen=True)
class Probe:
    """One successful import: what was read, what was required, what it resolved to."""

    read: tuple[str, ...]
    required: tuple[tuple[str, str], ...]  # variable, the placeholder that was accepted
    database: DatabaseSettings
    static_root: str = ""  # STATIC_ROOT as the settings resolved it ("" when unset)
    paths: tuple[str, ...] = ()  # every absolute path among the settings' values


def enabled() -> bool:
    return os.environ.get(SWITCH, "").lower() not in {"off", "0", "false", "no"}


def cache_dir() -> Path:
    given = os.environ.get(CACHE_VARIABLE)
    if given:
        return Path(given)
    import platformdirs

    return Path(platformdirs.user_cache_dir("pitstop"))


# -- the throwaway environment ------------------------------------------------------------


def environment(root: Path, deps: Dependencies, python: str) -> Path:
    """The venv's interpreter with the project's dependencies, built once per lock content."""
    venv = cache_dir() / "settings-probe" / _key(root, deps, python)
    interpreter = venv / "bin" / "python"
    if (venv / "pitstop-ready").is_file() and interpreter.exists():
        (venv / "pitstop-ready").touch()  # recently used: kept by the eviction below
        return interpreter
    venv.parent.mkdir(parents=True, exist_ok=True)
    evict(venv.parent, KEEP_ENVIRONMENTS - 1)
    building = Path(tempfile.mkdtemp(prefix=venv.name + ".", dir=venv.parent))
    try:
        _build(root, deps, python, building)
        (building / "pitstop-ready").write_text("ok\n")
        shutil.rmtree(venv, ignore_errors=True)
        try:
            building.rename(venv)
        except OSError:  # another init built it meanwhile
            if not (venv / "pitstop-ready").is_file():
                raise ProbeFailed(f"could not move the environment into {venv}") from None
    finally:
        shutil.rmtree(building, ignore_errors=True)
    return interpreter


# Environments kept in the cache: each is a full install of one project's dependencies (up to
# a few hundred MB), one per lock content and Python, so the least recently used go.
KEEP_ENVIRONMENTS = 6


def evict(folder: Path, keep: int) -> list[Path]:
    """Remove all but the `keep` most recently used environments; returns what was removed.
    A folder still being built (no ready marker) is left alone."""
    ready = [p for p in folder.iterdir() if (p / "pitstop-ready").is_file()]
    ready.sort(key=lambda p: (p / "pitstop-ready").stat().st_mtime, reverse=True)
    removed = ready[max(keep, 0) :]
    for old in removed:
        shutil.rmtree(old, ignore_errors=True)
    return removed


def left_out(python: Path) -> tuple[str, ...]:
    """The packages the environment was built without (they cannot be built here)."""
    text = read_text(python.parent.parent / EXCLUDES) or ""
    return tuple(line for line in text.splitlines() if line)


def _key(root: Path, deps: Dependencies, python: str) -> str:
    digest = hashlib.sha256(f"{python}\n{deps.manager}\n".encode())
    for name in (*deps.lock_files, "pyproject.toml"):
        digest.update(name.encode() + b"\0" + (read_text(root / name) or "").encode() + b"\0")
    return digest.hexdigest()[:20]


def _build(root: Path, deps: Dependencies, python: str, venv: Path) -> None:
    uv = shutil.which("uv")
    if uv is None:
        raise ProbeFailed("uv is not installed, so no environment to import the settings in")
    env = {**os.environ, "UV_PYTHON_DOWNLOADS": "never", "VIRTUAL_ENV": str(venv)}
    # uv's downloads go to pitstop's own cache: init is a guest, your ~/.cache/uv is not its
    env["UV_CACHE_DIR"] = str(cache_dir() / "uv")
    env.pop("UV_PROJECT_ENVIRONMENT", None)
    # uv runs outside the project (paths are absolute): a pyenv shim for uv would otherwise
    # follow the project's .python-version to an install that has no uv.
    _command([uv, "venv", "--quiet", "--python", _interpreter(python), str(venv)], venv, env)
    files = _requirement_files(root, deps, venv, uv, env)
    if not files:
        raise ProbeFailed("no requirements or lock file to install the project from")
    argv = [uv, "pip", "install", "--quiet", "--python", str(venv / "bin" / "python")]
    for name in files:
        argv += ["-r", name]
    _install(argv, venv, env, venv / EXCLUDES)


def _install(argv: list[str], cwd: Path, env: dict[str, str], excludes: Path) -> None:
    """Install; a package that cannot be built or fetched here (a missing system library,
    like mysqlclient without libmysqlclient-dev; a git source) is left out and the install
    retried: settings rarely import those, and the import will say so if they do."""
    left_out: list[str] = []
    for _ in range(MAX_LEFT_OUT + 1):
        try:
            _command(
                [*argv, *(["--excludes", str(excludes)] if left_out else [])],
                cwd,
                env,
                INSTALL_TIMEOUT,
            )
            return
        except ProbeFailed as exc:
            built = UNBUILDABLE.search(exc.output)
            if built is None or built[1] in left_out:
                raise
            left_out.append(built[1])
            excludes.write_text("".join(f"{name}\n" for name in left_out))
    raise ProbeFailed(f"more than {MAX_LEFT_OUT} packages cannot be built here: {left_out}")


def _interpreter(version: str) -> str:
    """The newest local `version` (pyenv, uv, ... as `pitstop run` finds them), else ours."""
    spec = pythons.parse_spec(version)
    found = pythons.best(spec, pythons.discover(os.environ)) if spec else None
    return str(found.path) if found else sys.executable


def _requirement_files(
    root: Path, deps: Dependencies, venv: Path, uv: str, env: dict[str, str]
) -> list[str]:
    if deps.manager == "pip":
        # What the test and django-checks jobs install, not every file: a root freeze beside a
        # complete chain may pin another version of the same package.
        chosen = dict.fromkeys(
            f.path for f in (*deps.development_files(), *deps.production_files())
        )
        if chosen:
            return [str(root / name) for name in chosen]
        if deps.lock_files:
            return [str(root / name) for name in deps.lock_files]
        pyproject = root / "pyproject.toml"
        return [str(pyproject)] if pyproject.is_file() else []
    exported = venv / "pitstop-requirements.txt"
    if deps.manager == "uv":
        argv = [uv, "export", "--project", str(root), "--frozen", "--all-groups", "--all-extras"]
        argv += ["--no-emit-project", "--no-hashes", "--quiet", "-o", str(exported)]
        _command(argv, venv, env)
    else:  # poetry, pipenv: the locked versions (markers are not kept by the detector)
        exported.write_text("".join(f"{name}=={v}\n" for name, v in sorted(deps.pins.items())))
    return [str(exported)]


def _command(
    argv: list[str], cwd: Path, env: Mapping[str, str], timeout: int = 120
) -> subprocess.CompletedProcess[str]:
    try:
        done = subprocess.run(
            argv,
            cwd=cwd,
            env=dict(env),
            capture_output=True,
            text=True,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        raise ProbeFailed(f"`{' '.join(argv[:4])}` took more than {timeout}s") from None
    except OSError as exc:
        raise ProbeFailed(f"`{argv[0]}` could not run: {exc}") from None
    if done.returncode != 0:
        last = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
        raise ProbeFailed(f"`{' '.join(argv[:4])}` failed: {last[0]}", done.stderr + done.stdout)
    return done


# -- importing the settings -----------------------------------------------------------------


@contextmanager
def checkout(root: Path) -> Iterator[Path]:
    """The files a CI checkout would have: git's tracked and not-ignored files, copied.

    A local `.env` (ignored, with real values) would otherwise satisfy django-environ's
    `read_env` or decouple's search and hide what CI will be missing. Not a git
    repository: the folder itself.
    """
    listed = _git_files(root)
    if listed is None:
        yield root
        return
    with tempfile.TemporaryDirectory(prefix="pitstop-checkout-") as tmp:
        copy = Path(tmp) / root.name
        for name in listed:
            source, target = root / name, copy / name
            if source.is_file():
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, target)
        yield copy


def _git_files(root: Path) -> list[str] | None:
    argv = ["git", "-C", str(root), "ls-files", "-z", "--cached", "--others", "--exclude-standard"]
    try:
        done = subprocess.run(argv, capture_output=True, timeout=60, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0:
        return None
    return [name for name in done.stdout.decode(errors="replace").split("\0") if name]


def run(python: Path, root: Path, module: str, env: Mapping[str, str], base: str = "") -> Probe:
    """Import `module` under `env`, adding placeholders for required variables until it loads."""
    given = dict(env)
    added: dict[str, int] = {}  # variable -> index of the candidate in use
    for _ in range(MAX_ATTEMPTS):
        report = _import(python, root, module, {**given, **_values(added)}, base=base)
        if report.error is None:
            probe = _probe(report.reads, added, report.database)
            return replace(probe, static_root=report.static, paths=report.paths)
        culprit = _culprit(report.reads, report.error, given, added)
        if culprit is None:
            raise ProbeFailed(f"{module} does not import: {_last_line(report.error)}")
        added[culprit] = added.get(culprit, -1) + 1
    raise ProbeFailed(f"{module} still does not import after {MAX_ATTEMPTS} placeholders")


@dataclass(frozen=True)
class InstalledApp:
    """An entry of INSTALLED_APPS as Django resolved it: its module, its folder on disk."""

    module: str
    folder: Path | None


@dataclass(frozen=True)
class InstalledApps:
    apps: tuple[InstalledApp, ...]
    source: str  # "django.setup()", or "INSTALLED_APPS" when an app did not load


def installed_apps(
    python: Path, root: Path, module: str, env: Mapping[str, str], base: str = ""
) -> InstalledApps:
    """Import `module` under `env` (which must be enough: no placeholders are added) and
    resolve its INSTALLED_APPS."""
    report = _import(python, root, module, env, apps=True, base=base)
    if report.error is not None:
        raise ProbeFailed(f"{module} does not import: {_last_line(report.error)}")
    found = tuple(
        InstalledApp(name, None if folder is None else Path(folder)) for name, folder in report.apps
    )
    return InstalledApps(found, report.apps_source)


def _values(added: Mapping[str, int]) -> dict[str, str]:
    return {name: placeholders.candidates(name)[index] for name, index in added.items()}


def _culprit(
    reads: list[tuple[str, bool]], error: str, given: Mapping[str, str], added: Mapping[str, int]
) -> str | None:
    """The variable to give a (next) placeholder, or None when the failure is not about one.

    An unset variable the error names is required; else a placeholder we gave that was read
    last was rejected (a cast failed): try its next candidate; else the unset variable read
    last before the failure (a custom helper with its own message) is the one.
    """
    if not reads or error.startswith(NOT_ABOUT_ENV):
        return None
    unset = [key for key, present in reads if not present and key not in given and key not in added]
    named = [key for key in unset if re.search(rf"\b{re.escape(key)}\b", error)]
    if named:
        return named[-1]
    last, _ = reads[-1]
    if last in added and added[last] + 1 < len(placeholders.candidates(last)):
        return last
    if last in unset:
        return last
    return None


def _probe(
    reads: list[tuple[str, bool]], added: Mapping[str, int], database: Mapping[str, str]
) -> Probe:
    names = tuple(dict.fromkeys(key for key, _ in reads if key not in BASE_ENV))
    values = _values(added)
    required = tuple((name, values[name]) for name in names if name in values)
    resolved = DatabaseSettings(
        engine=database.get("ENGINE", ""),
        name=database.get("NAME", ""),
        host=database.get("HOST", ""),
        port=database.get("PORT", ""),
        user=database.get("USER", ""),
        password=database.get("PASSWORD", ""),
    )
    read = tuple(name for name in names if name != "DJANGO_SETTINGS_MODULE")
    return Probe(read, required, resolved)


class Report(NamedTuple):
    """What the runner wrote: the reads in order, the error or the resolved database (and
    the installed apps as (module, folder) when asked for)."""

    reads: list[tuple[str, bool]]
    error: str | None
    database: dict[str, str]
    apps: tuple[tuple[str, str | None], ...] = ()
    apps_source: str = ""
    static: str = ""  # STATIC_ROOT
    paths: tuple[str, ...] = ()

    @classmethod
    def parse(cls, text: str) -> Report:
        data = json.loads(text)
        reads = [(str(key), bool(present)) for key, present in data.get("reads") or []]
        error = data.get("error")
        database = {str(k): str(v) for k, v in (data.get("database") or {}).items()}
        apps = tuple(
            (str(name), None if folder is None else str(folder))
            for name, folder in data.get("apps") or []
        )
        error_ = None if error is None else str(error)
        source, static = str(data.get("apps_source") or ""), str(data.get("static_root") or "")
        paths = tuple(str(path) for path in data.get("paths") or [])
        return cls(reads, error_, database, apps, source, static, paths)


def _import(
    python: Path,
    root: Path,
    module: str,
    env: Mapping[str, str],
    *,
    apps: bool = False,
    base: str = "",
) -> Report:
    """Run the runner in `root` with the Django folder `root / base` first on `sys.path`."""
    inherited = {name: os.environ[name] for name in BASE_ENV if name in os.environ}
    with tempfile.TemporaryDirectory(prefix="pitstop-probe-") as tmp:
        report = Path(tmp) / "report.json"
        argv = [str(python), "-I", str(RUNNER), str(root / base), module, str(report)]
        argv += ["--apps"] if apps else []
        try:
            subprocess.run(
                argv,
                cwd=root,
                env={**inherited, **env},
                capture_output=True,
                timeout=IMPORT_TIMEOUT,
                stdin=subprocess.DEVNULL,
            )
        except subprocess.TimeoutExpired:
            raise ProbeFailed(f"importing {module} took more than {IMPORT_TIMEOUT}s") from None
        text = read_text(report)
    if text is None:
        raise ProbeFailed(f"importing {module} crashed before it could report")
    return Report.parse(text)


def _last_line(error: object) -> str:
    lines = str(error).strip().splitlines()
    return lines[-1] if lines else "unknown error"

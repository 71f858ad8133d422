"""What the settings turn out to need when they are executed, not just read.

`refine` builds the throwaway environment (`settings_probe.environment`), then imports the
test settings the way the test job will (its database variables, `CI=true`,
`GITHUB_ACTIONS=true`, `GITHUB_WORKFLOW=ci`) and the production settings the way the
django-checks job will. What it learns replaces what was read from the settings' text;
when the settings cannot be executed, the text-based detection stays and a note says why.
Production settings chosen only by a deployment name (`docker.py`) that cannot be executed
(they import a file made at deploy time) give way to the main settings, configured through
the environment, with a note. The project's own apps come from the test settings'
INSTALLED_APPS as Django resolves them, and STATIC_ROOT from the production settings (when
it lies inside the project). Each import runs as `python manage.py` from the root does: the
Django folder (`src/` for `src/manage.py`) first on `sys.path`. When the settings are not
executed, what init takes from their text alone (a switch, a database forced under CI) is
said in a note.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from pitstop.detect import apps as apps_detect
from pitstop.detect import database as database_detect
from pitstop.detect import placeholders, settings_probe
from pitstop.detect.database import Database
from pitstop.detect.dependencies import Dependencies
from pitstop.detect.django import DEPLOYMENT_NAMES, Django, in_base
from pitstop.detect.settings_probe import CI_ENV, Probe, ProbeFailed
from pitstop.github import git

# Read by production settings with a default that is wrong for production: set them anyway.
PRODUCTION_KNOWN = {
    "DEBUG": "0",
    "DJANGO_DEBUG": "0",
    "ALLOWED_HOSTS": "localhost",
    "DJANGO_ALLOWED_HOSTS": "localhost",
    "CSRF_TRUSTED_ORIGINS": "https://localhost",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://localhost",
}
# DEBUG off, in the spellings parsers accept: "0" (`int()`, `== "1"`, env.bool) first, then
# "False" for settings that accept only "True"/"False" and refuse to import otherwise.
DEBUG_OFF = ("0", "False")
DEBUG_NAMES = ("DEBUG", "DJANGO_DEBUG")
STATIC = "read from their text instead"


@dataclass(frozen=True)
class Executed:
    django: Django
    database: Database
    notes: tuple[str, ...]


def refine(
    root: Path, deps: Dependencies, versions: tuple[str, ...], dj: Django, db: Database
) -> Executed:
    """`versions`: the test matrix; the newest is tried first, then the oldest (old pins
    may need a module a newer Python dropped, new ones a newer Python)."""
    if not settings_probe.enabled():
        note = f"settings: not executed ({settings_probe.SWITCH}=off); {STATIC}"
        return Executed(dj, db, (note, *_text_notes(db), *_production_note(dj)))
    failures: list[str] = []
    for python in dict.fromkeys((versions[-1], versions[0])):
        try:
            return _refine(root, deps, python, dj, db)
        except ProbeFailed as exc:
            failures.append(f"Python {python}: {exc}" if len(versions) > 1 else str(exc))
    note = f"settings: could not be executed ({'; '.join(failures)}); {STATIC}"
    return Executed(dj, db, (note, *_text_notes(db), *_production_note(dj)))


def _text_notes(db: Database) -> tuple[str, ...]:
    """What the settings' text alone says about the test database, when init acts on it."""
    notes = [
        f"database: the settings select PostgreSQL with {name}={value} (from their text): "
        "the test job sets it"
        for name, value in db.switch
    ]
    if db.forced_port is not None:
        notes.append(
            f"database: under CI the settings force {db.forced_host}:{db.forced_port} "
            f"(database {db.name}, user {db.user}; from their text): the service is published "
            "on that port (so `pitstop run` needs that port free)"
        )
    return tuple(notes)


def _refine(root: Path, deps: Dependencies, python: str, dj: Django, db: Database) -> Executed:
    interpreter = settings_probe.environment(root, deps, python)
    with settings_probe.checkout(root) as checkout:
        return _execute(checkout, interpreter, dj, db)


def _execute(root: Path, interpreter: Path, dj: Django, db: Database) -> Executed:
    test_run = _runner(interpreter, root, dj.test_settings, dj.base)
    db, test, notes = database_detect.confirm(db, test_run)
    notes = [f"database: {note}" for note in notes]
    for package in settings_probe.left_out(interpreter):
        notes.append(f"settings: executed without {package} (it cannot be built on this machine)")
    dj = replace(dj, test_env=_required(test, db), settings_folders=missing_folders(root, test))
    dj, apps_note = _apps(
        interpreter, root, dj, {**db.env(database_detect.PROBE_PORT), **dict(test.required)}
    )
    notes += apps_note
    executed, note = _with_production(interpreter, root, dj, db)
    if not executed and dj.production_settings.rsplit(".", 1)[-1] in DEPLOYMENT_NAMES:
        # pinry's docker.py imports a local_settings.py made at deploy time: named for a
        # deployment only, so it is not production when it cannot run from the repository.
        note = note.replace("; " + STATIC, "; the main settings serve as production instead")
        notes.append(note.replace("production could not", f"{dj.production_settings} could not"))
        dj = replace(dj, production_settings=dj.settings, production_found=False)
        executed, note = _with_production(interpreter, root, dj, db)
    dj = executed or dj
    notes.append(note)
    return Executed(dj, db, (*notes, *_production_note(dj)))


def _with_production(
    interpreter: Path, root: Path, dj: Django, db: Database
) -> tuple[Django | None, str]:
    """`dj` with what executing its production settings requires, and the note; None and
    why when they cannot be executed."""
    try:
        production, known = _production_probe(interpreter, root, dj, db)
    except ProbeFailed as exc:
        return None, f"settings: production could not be executed ({exc}); {STATIC}"
    placeholders_ = _production(production, db, known)
    dj = replace(
        dj,
        production_env=tuple(name for name, _ in placeholders_),
        production_placeholders=placeholders_,
        static_root=_static_root(production.static_root, root) or dj.static_root,
        settings_folders=tuple(sorted({*dj.settings_folders, *missing_folders(root, production)})),
    )
    return dj, f"settings: executed {dj.test_settings} and {dj.production_settings}"


def _apps(python: Path, root: Path, dj: Django, env: dict[str, str]) -> tuple[Django, list[str]]:
    """The project's own apps from the test settings' INSTALLED_APPS (imported under the env
    the test probe ended with); the apps found from the files stay when that fails."""
    try:
        installed = settings_probe.installed_apps(
            python, root, dj.test_settings, {**CI_ENV, **env}, dj.base
        )
    except ProbeFailed as exc:
        return dj, [f"apps: INSTALLED_APPS could not be resolved ({exc}); found from the files"]
    found = apps_detect.from_installed(installed.apps, root / dj.base, dj.test_settings)
    own = tuple(in_base(dj.base, app) for app in found)
    if not own:
        note = "apps: no INSTALLED_APPS entry lives in the project; found from the files"
        return dj, [note]
    return replace(dj, apps=own, apps_source=f"{apps_detect.EXECUTED} ({installed.source})"), []


def _production_probe(
    python: Path, root: Path, dj: Django, db: Database
) -> tuple[Probe, dict[str, str]]:
    """Import production as django-checks will: with DEBUG off and the hosts set when the
    settings read them (a production-only branch may require more). Returns the probe and
    the known values it was given."""
    env = _production_env(dj, db)
    try:
        probe = settings_probe.run(python, root, dj.production_settings, env, dj.base)
    except ProbeFailed:  # perhaps only DEBUG's spelling: try with the known values
        probe = None
    failed: ProbeFailed | None = None
    for off in DEBUG_OFF:
        spelled = PRODUCTION_KNOWN | {name: off for name in DEBUG_NAMES}
        known = {k: v for k, v in spelled.items() if probe is None or k in probe.read}
        if probe is not None and not known:
            return probe, {}
        try:
            found = settings_probe.run(python, root, dj.production_settings, env | known, dj.base)
            return found, known
        except ProbeFailed as exc:
            failed = exc
    assert failed is not None
    raise failed


def _runner(python: Path, root: Path, module: str, base: str) -> database_detect.Run:
    def run(env: dict[str, str]) -> Probe:
        return settings_probe.run(python, root, module, {**CI_ENV, **env}, base)

    return run


def missing_folders(root: Path, probe: Probe) -> tuple[str, ...]:
    """The folders a fresh checkout lacks for the files the settings name in it: `data` for
    `data/db.sqlite3` (SQLite, a task queue, a log file cannot create their folder). A path
    whose folder a checkout has (git tracks a file in it), or that sits at the root itself,
    needs nothing: your own `data/` with a dev database in it is not in a clone. Folders
    outside the project are the deployment's, never created."""
    base = root.resolve()
    found = set()
    for text in probe.paths:
        folder = Path(text).parent
        if folder.is_relative_to(base) and folder != base:
            relative = folder.relative_to(base).as_posix()
            if not git.in_clone(base, relative):
                found.add(relative)
    return tuple(sorted(found))


def _static_root(resolved: str, root: Path) -> str | None:
    """STATIC_ROOT relative to the root (a relative one is: collectstatic runs there), None
    when it is unset or outside the project (`/var/www/static`: text detection stays)."""
    if not resolved:
        return None
    path, base = (root / resolved).resolve(), root.resolve()  # an absolute one stays itself
    if path == base or not path.is_relative_to(base):
        return None
    return path.relative_to(base).as_posix()


def _database_env(db: Database) -> dict[str, str]:
    return db.env() if db.engine == "postgresql" else {}


def _production_env(dj: Django, db: Database) -> dict[str, str]:
    env = {**CI_ENV, "DJANGO_SETTINGS_MODULE": dj.production_settings, **_database_env(db)}
    return env | {"SECRET_KEY": placeholders.PROBE_SECRET}


def _required(probe: Probe, db: Database) -> tuple[tuple[str, str], ...]:
    """The placeholders the settings needed, minus what the database variables provide."""
    provided = set(_database_env(db))
    return tuple((name, value) for name, value in probe.required if name not in provided)


def _production(probe: Probe, db: Database, given: dict[str, str]) -> tuple[tuple[str, str], ...]:
    required = _required(probe, db)
    if "SECRET_KEY" in probe.read:  # generated by the job, never a fixed value
        required = (("SECRET_KEY", placeholders.PROBE_SECRET), *required)
    known = tuple(
        (name, value)
        for name, value in (PRODUCTION_KNOWN | given).items()
        if name in probe.read and name not in dict(required)
    )
    return (*required, *known)


def _production_note(dj: Django) -> tuple[str, ...]:
    if dj.production_found:
        return ()
    return (
        f"settings: no production settings module; production is {dj.production_settings} "
        "configured through the environment (DEBUG off, placeholders for what it requires)",
    )

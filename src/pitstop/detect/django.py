"""Where the Django project keeps its settings, apps, templates and static files.

The Django folder is the one that holds `manage.py`: the repository root, else the one folder
directly below it that does (pretalx's `src/manage.py`), the `sys.path[0]` of `manage.py`.
Settings modules, apps, templates and the static root are found in it (and recorded relative
to the root, `src/pretalx`); dependency files and the pytest config stay at the root.
Several such folders, or a `startproject --template` tree (`{{ project_name }}`), are a
clear error.

The settings module comes from `manage.py`; the test settings from the pytest config
(`DJANGO_SETTINGS_MODULE`), else a sibling named `test`, `tests`, `testing`, `settings_test`
or `test_settings` when one exists, else the settings themselves. The production settings
module is a sibling named `production`, `prod` or `settings_production` when one exists, else
one named for a deployment (`docker`, `heroku`, `live`, `deploy`) that sets `DEBUG = False`; when
none does, production is the main settings configured through the environment (and init
says so). The variables production needs come from the settings' text here, and from
executing them (`execution.refine`). The apps (the coverage source) come from the executed
INSTALLED_APPS, else from the files (`pitstop.detect.apps`).
"""

from __future__ import annotations

import configparser
import re
from dataclasses import dataclass
from pathlib import Path

from pitstop.detect import apps as apps_detect
from pitstop.detect._files import NOT_PROJECT, read_text, read_toml, table
from pitstop.errors import Location, PitstopError

PRODUCTION_NAMES = ("production", "prod", "settings_production", "settings_prod")
# Named for where they run, not what: production only when they turn DEBUG off themselves.
DEPLOYMENT_NAMES = ("docker", "heroku", "live", "deploy", "settings_docker", "settings_heroku")
# Inside a settings package; beside a settings module (where `tests` would be test code).
TEST_NAMES = ("test", "tests", "testing", "ci")
TEST_MODULE_NAMES = ("settings_test", "test_settings", "settings_testing", "settings_ci")


@dataclass(frozen=True)
class Django:
    settings: str
    test_settings: str
    production_settings: str
    apps: tuple[str, ...]
    templates: str | None
    static_root: str
    wsgi: str
    production_env: tuple[str, ...]
    production_found: bool = True  # False: no production module, the main settings serve
    # Placeholders the settings accepted when executed: (variable, value), required first.
    production_placeholders: tuple[tuple[str, str], ...] = ()
    test_env: tuple[tuple[str, str], ...] = ()  # what the test settings require besides the DB
    apps_source: str = apps_detect.FILES  # or apps_detect.EXECUTED
    base: str = ""  # the folder of manage.py, relative to the root ("src"); "" at the root
    # Folders the executed settings write into that a checkout lacks (`data` for
    # `data/db.sqlite3`), relative to the root: the jobs create them (detect/execution.py).
    settings_folders: tuple[str, ...] = ()

    @property
    def manage(self) -> str:
        """manage.py as the jobs run it from the repository root: `src/manage.py`."""
        return in_base(self.base, "manage.py")

    def module_file(self, module: str) -> str:
        """A dotted module's file (without `.py`), relative to the root: `src/pretalx/settings`."""
        return in_base(self.base, module.replace(".", "/"))


def in_base(base: str, path: str) -> str:
    """`path`, relative to the Django folder, relative to the repository root."""
    return f"{base}/{path}" if base and path != "." else base or path


def detect(root: Path) -> Django:
    base = django_folder(root)
    folder = root / base
    manage = read_text(folder / "manage.py") or ""
    settings = _settings_from(manage) or "settings"
    test_settings = _pytest_settings(root) or _test_settings(folder, settings) or settings
    production = (
        _sibling(folder, settings, PRODUCTION_NAMES) or _deployment(folder, settings) or settings
    )
    settings_text = _settings_text(folder, settings) + _settings_text(folder, production)
    return Django(
        settings=settings,
        test_settings=test_settings,
        production_settings=production,
        apps=tuple(in_base(base, app) for app in apps_detect.from_files(folder)),
        templates=in_base(base, "templates") if (folder / "templates").is_dir() else None,
        static_root=in_base(base, _static_root(settings_text)),
        wsgi=_wsgi(settings_text, settings),
        production_env=_env_names(_settings_text(folder, production)),
        production_found=production != settings,
        base=base,
    )


def django_folder(root: Path) -> str:
    """The folder of manage.py relative to the root: "" for the root itself, else the one
    folder directly below it that holds one."""
    if (root / "manage.py").is_file():
        return ""
    below = sorted(
        path.relative_to(root).as_posix()
        for path in root.glob("*/manage.py")
        if path.parent.name not in NOT_PROJECT and not path.parent.name.startswith(".")
    )
    if len(below) != 1 or _template_line(root / below[0]) is not None:
        raise _no_manage_py(root, below)
    return below[0].split("/")[0]


def settings_paths(root: Path, dj: Django) -> list[Path]:
    """The files of the settings, test and production modules and of the modules they
    star-import relatively (`from .base import *`), wherever the package is (`config/django/`)."""
    modules = (dj.settings, dj.test_settings, dj.production_settings)
    paths = [_module_path(root / dj.base, m) for m in modules]
    found: list[Path] = []
    while paths:
        path = paths.pop(0)
        if path in found or not path.is_file():
            continue
        found.append(path)
        text = read_text(path) or ""
        paths += [
            path.parent / f"{m}.py" for m in re.findall(r"^\s*from \.(\w+) import \*", text, re.M)
        ]
    return found


def _no_manage_py(root: Path, below: list[str]) -> PitstopError:
    """No manage.py at the root, and not exactly one usable a folder down: none, several
    (which one is the project?), or a `startproject --template` tree."""
    if not below:
        return PitstopError(
            f"no manage.py in {root}: this does not look like a Django project",
            hint="run pitstop init in the folder that holds manage.py",
        )
    message = f"no manage.py at the root of {root}; found {', '.join(below)}"
    manage = root / below[0]
    template = _template_line(manage)
    if len(below) > 1 or template is None:
        return PitstopError(
            message,
            hint="pitstop supports one Django project, its manage.py at the repository root "
            "or one folder below it; keep one manage.py (GitHub reads workflows only from the "
            "root's .github/workflows/, so init runs at the root)",
        )
    lines = (read_text(manage) or "").splitlines()
    return PitstopError(
        f"{message}, a `django-admin startproject --template` template ({{{{ }}}} placeholders)",
        location=Location.in_file(manage, template, lines[template - 1].index("{{") + 1, 2),
        hint="create a project from the template first, then run pitstop init at the root of "
        "the project it creates",
    )


def _template_line(manage: Path) -> int | None:
    """The first line of manage.py with a `{{` placeholder, None when it has none."""
    lines = (read_text(manage) or "").splitlines()
    return next((n for n, line in enumerate(lines, 1) if "{{" in line), None)


def _settings_from(text: str) -> str | None:
    found = re.search(r"DJANGO_SETTINGS_MODULE['\"]\s*[,:]\s*['\"]([\w.]+)['\"]", text)
    return found[1] if found else None


def _pytest_settings(root: Path) -> str | None:
    """`DJANGO_SETTINGS_MODULE` in the pytest config, or `--ds` in its addopts."""
    pytest = table(read_toml(root / "pyproject.toml"), "tool", "pytest", "ini_options")
    value = pytest.get("DJANGO_SETTINGS_MODULE")
    if isinstance(value, str):
        return value
    addopts = pytest.get("addopts")
    addopts = " ".join(map(str, addopts)) if isinstance(addopts, list) else str(addopts or "")
    return _ds(addopts) or _ini_settings(root)


def _ds(addopts: str) -> str | None:
    found = re.search(r"(?:^|\s)--ds[= ]\s*([\w.]+)", addopts)
    return found[1] if found else None


def _ini_settings(root: Path) -> str | None:
    for name, section in (("pytest.ini", "pytest"), ("setup.cfg", "tool:pytest")):
        parser = configparser.ConfigParser()
        text = read_text(root / name)
        if text is None:
            continue
        try:
            parser.read_string(text)
        except configparser.Error:
            continue
        if parser.has_option(section, "DJANGO_SETTINGS_MODULE"):
            return parser.get(section, "DJANGO_SETTINGS_MODULE")
        if parser.has_option(section, "addopts") and _ds(parser.get(section, "addopts")):
            return _ds(parser.get(section, "addopts"))
    return None


def _module_path(root: Path, module: str) -> Path:
    base = root.joinpath(*module.split("."))
    return base / "__init__.py" if base.is_dir() else base.with_suffix(".py")


def _settings_text(root: Path, module: str) -> str:
    path = _module_path(root, module)
    text = read_text(path) or ""
    if path.name == "__init__.py" or path.parent.name == "settings":
        for sibling in ("base.py", "common.py"):
            text += read_text(path.parent / sibling) or ""
    return text


def _test_settings(root: Path, settings: str) -> str | None:
    path = _module_path(root, settings)
    # config.settings (a package) or config.settings.local: config.settings.test
    in_package = path.name == "__init__.py" or path.parent.name == "settings"
    return _sibling(root, settings, TEST_NAMES if in_package else TEST_MODULE_NAMES)


def _deployment(root: Path, settings: str) -> str | None:
    """A sibling named for a deployment (`docker.py`) that sets `DEBUG = False`."""
    for name in DEPLOYMENT_NAMES:
        module = _sibling(root, settings, (name,))
        text = read_text(_module_path(root, module)) if module else None
        if module and text and re.search(r"^DEBUG\s*=\s*False\b", text, re.M):
            return module
    return None


def _sibling(root: Path, settings: str, names: tuple[str, ...]) -> str | None:
    """A module beside `settings` with one of `names`."""
    if _module_path(root, settings).name == "__init__.py":
        settings += ".x"  # a settings package: look inside it
    package = settings.rsplit(".", 1)[0] if "." in settings else ""
    for name in names:
        candidate = f"{package}.{name}" if package else name
        if _module_path(root, candidate).is_file():
            return candidate
    return None


def _static_root(text: str) -> str:
    found = re.search(r"STATIC_ROOT\s*=\s*[^\n]*?['\"]([\w./-]+)['\"]", text)
    return found[1].strip("/") if found else "staticfiles"


def _wsgi(text: str, settings: str) -> str:
    found = re.search(r"WSGI_APPLICATION\s*=\s*['\"]([\w.]+)\.application['\"]", text)
    if found:
        return found[1]
    return f"{settings.split('.')[0]}.wsgi"


def _env_names(text: str) -> tuple[str, ...]:
    pattern = re.compile(
        r"(?:environ(?:\.get)?\s*[\[(]|getenv\(|env(?:_\w+)?\(|[Ee]nv\.\w+\(|config\()"
        r"\s*['\"]([A-Z][A-Z0-9_]*)['\"]"
    )
    return tuple(sorted({m[1] for m in pattern.finditer(text)}))

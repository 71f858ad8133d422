"""How the app is served in production: the WSGI/ASGI server in the dependencies, and the
health endpoint in the URL configuration that the deploy's smoke test asks for."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pitstop.detect._files import project_files, read_text
from pitstop.detect.dependencies import Dependencies

# In order of preference when several are locked (gunicorn often runs uvicorn's workers).
SERVERS = ("gunicorn", "granian", "uvicorn", "daphne", "hypercorn", "waitress", "uwsgi")
# Routes that answer a health probe, best first: django-health-check's `ht/`, the usual names.
# (Not `status`: as often an order's or a page's status as a probe.)
HEALTH_ROUTES = ("healthz", "health", "ht", "health-check", "healthcheck", "ping")
# Where a server the locks leave out may be declared: cookiecutter-django's production.txt.
REQUIREMENT_FILES = (
    "requirements*.txt",
    "requirements/*.txt",
    "requirements/*.in",
    "pyproject.toml",
)

ROUTE = re.compile(r"""\b(?:re_)?path\(\s*r?["']\^?([^"'$]*)\$?["']\s*,\s*(include\()?""")
INCLUDE = re.compile(r"""\bpath\(\s*r?["']\^?([^"'$]*)["']\s*,\s*include\(\s*["']([\w.]+)["']""")
ADMIN = re.compile(r"""\bpath\(\s*r?["']\^?([^"'$]*)["']\s*,\s*admin\.site\.urls""")


@dataclass(frozen=True)
class Serving:
    server: str | None = None  # one of SERVERS; None: none is locked (runserver, loudly)
    server_source: str = ""  # where it was found: "the lock", "requirements/production.txt"
    health_path: str | None = None  # e.g. "/healthz"; None: no health endpoint found
    health_source: str = ""  # where it was found, e.g. "apps/core/urls.py"
    admin_login: str | None = None  # e.g. "/admin/login/" when the admin is routed

    @property
    def smoke_path(self) -> str:
        """What the deploy's smoke test asks for: the health endpoint, else a page that is
        always there (the admin login, else `/`)."""
        return self.health_path or self.admin_login or "/"


def detect(root: Path, deps: Dependencies) -> Serving:
    server, server_source = _server(root, deps)
    urls = _url_modules(root)
    prefixes = _prefixes(urls)
    health, source = _health(urls, prefixes)
    return Serving(server, server_source, health, source, _admin_login(urls, prefixes))


def _server(root: Path, deps: Dependencies) -> tuple[str | None, str]:
    if locked := next((name for name in SERVERS if _locked(deps, name)), None):
        return locked, "the lock"
    files = sorted({path for pattern in REQUIREMENT_FILES for path in root.glob(pattern)})
    for name in SERVERS:
        spelling = "(?:uwsgi|pyuwsgi)" if name == "uwsgi" else re.escape(name)
        declared = re.compile(rf"""^\s*["']?{spelling}\s*(?:[\[=<>~!;"'\s]|$)""", re.M | re.I)
        for path in files:
            if declared.search(read_text(path) or ""):
                return name, path.relative_to(root).as_posix()
    return None, ""


def _locked(deps: Dependencies, name: str) -> bool:
    return bool(deps.pinned(name) or (name == "uwsgi" and deps.pinned("pyuwsgi")))


# dotted module name -> (its file relative to the root, its text)
UrlModules = dict[str, tuple[str, str]]


def _url_modules(root: Path) -> UrlModules:
    """Every `urls.py` (and `urls/*.py`), by dotted module name."""
    found: UrlModules = {}
    packages = [path.parent for path in project_files(root, "__init__.py")]
    url_packages = [path.glob("*.py") for path in packages if path.name == "urls"]
    for path in sorted([*project_files(root, "urls.py"), *[p for g in url_packages for p in g]]):
        relative = path.relative_to(root)
        module = ".".join(relative.with_suffix("").parts).removesuffix(".__init__")
        found[module] = (relative.as_posix(), read_text(path) or "")
    return found


def _prefixes(urls: UrlModules) -> dict[str, str]:
    """Where each URL module is included: module -> its route prefix (one level deep)."""
    included: dict[str, str] = {}
    for _, text in urls.values():
        for prefix, target in INCLUDE.findall(text):
            for module in urls:
                if module == target or module.endswith("." + target):
                    included.setdefault(module, prefix)
    return included


def _health(urls: UrlModules, prefixes: dict[str, str]) -> tuple[str | None, str]:
    candidates: list[tuple[int, str, str]] = []
    for module, (source, text) in urls.items():
        for written, include in ROUTE.findall(text):
            route = written.removesuffix("/?")  # a regular expression's optional slash
            name = route.strip("/")
            if name in HEALTH_ROUTES and (not include or name == "ht" or "health" in name):
                path = _join(prefixes.get(module, ""), route)
                candidates.append((HEALTH_ROUTES.index(name), path, source))
    if not candidates:
        return None, ""
    _, path, source = min(candidates)
    return path, source


def _admin_login(urls: UrlModules, prefixes: dict[str, str]) -> str | None:
    for module, (_, text) in urls.items():
        if found := ADMIN.search(text):
            return _join(prefixes.get(module, ""), found[1]) + "login/"
    return None


def _join(prefix: str, route: str) -> str:
    path = "/" + prefix.lstrip("/") + route.lstrip("/")
    return re.sub(r"/{2,}", "/", path)

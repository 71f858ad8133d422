"""Import one Django settings module and report what it read from the environment.

Run by `settings_probe` with the project's own Python (a throwaway venv), never imported by
pitstop itself: stdlib only. `os.environ` is replaced BEFORE anything else is imported by a
mapping that records every key read (`[]`, `get`, `in`, `os.getenv`, `setdefault`), so
django-environ (which keeps a reference to `os.environ` at import), python-decouple and
dj-database-url (which read it at call time) are all seen.

    python settings_runner.py DJANGO_FOLDER SETTINGS_MODULE REPORT_JSON [--apps]

DJANGO_FOLDER (where manage.py is) goes first on `sys.path`, as `python manage.py` puts it.
The report: every variable read in order with whether it was set, the error if the import
failed, and `DATABASES["default"]` (ENGINE, NAME, HOST, PORT, USER), `STATIC_ROOT` and every
absolute path among the settings' values when it succeeded. With `--apps`, also
`INSTALLED_APPS` as Django resolves them: each app's module and its folder, from
`django.setup()`'s registry, or (when an app fails to load) from the settings list with
AppConfig paths resolved to their app module, importing no more than the AppConfig's module.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import os
import sys
import traceback
from collections.abc import Iterator, MutableMapping
from pathlib import Path


class RecordingEnviron(MutableMapping[str, str]):
    """`os.environ` that remembers what was asked of it."""

    def __init__(self, data: dict[str, str]) -> None:
        self._data = dict(data)
        self.reads: list[tuple[str, bool]] = []

    def _record(self, key: object) -> None:
        if isinstance(key, str):
            self.reads.append((key, key in self._data))

    def __getitem__(self, key: str) -> str:
        self._record(key)
        return self._data[key]

    def __contains__(self, key: object) -> bool:
        self._record(key)
        return key in self._data

    def __setitem__(self, key: str, value: str) -> None:
        self._data[key] = value
        os.putenv(key, value)

    def __delitem__(self, key: str) -> None:
        del self._data[key]
        os.unsetenv(key)

    def __iter__(self) -> Iterator[str]:
        return iter(dict(self._data))

    def __len__(self) -> int:
        return len(self._data)

    def copy(self) -> dict[str, str]:
        return dict(self._data)


def _database() -> dict[str, str]:
    from django.conf import settings  # type: ignore[import-not-found]

    default = dict(getattr(settings, "DATABASES", {}).get("default", {}))
    return {
        key: str(default.get(key, "") or "")
        for key in ("ENGINE", "NAME", "HOST", "PORT", "USER", "PASSWORD")
    }


def _installed_apps() -> tuple[list[list[str | None]], str]:
    """(module, folder) per installed app, and how they were resolved."""
    try:
        import django  # type: ignore[import-not-found]
        from django.apps import apps  # type: ignore[import-not-found]

        django.setup(set_prefix=False)
        configs = [[config.name, _real(config.path)] for config in apps.get_app_configs()]
        return configs, "django.setup()"
    except Exception:  # an app that does not load: read the list instead
        from django.conf import settings

        return [_resolve(str(entry)) for entry in settings.INSTALLED_APPS], "INSTALLED_APPS"


def _resolve(entry: str) -> list[str | None]:
    """An INSTALLED_APPS entry (a module or an AppConfig path) as [app module, folder]."""
    folder = _folder(entry)
    if folder is not None:
        return [entry, folder]
    module, _, name = entry.rpartition(".")
    try:
        app = str(getattr(importlib.import_module(module), name).name)
    except Exception:  # the AppConfig does not import: its module's package is the app
        app = module[: -len(".apps")] if module.endswith(".apps") else module
    return [app, _folder(app)]


def _folder(module: str) -> str | None:
    try:
        spec = importlib.util.find_spec(module)
    except Exception:  # a parent that is not a package, or fails to import
        return None
    if spec is None:
        return None
    if spec.submodule_search_locations:
        return _real(next(iter(spec.submodule_search_locations)))
    return _real(str(Path(spec.origin).parent)) if spec.origin else None


def _paths(values: object) -> list[str]:
    """Every absolute path among the settings' values, nested in dicts, lists and tuples
    (`DATABASES`' NAME, a log handler's filename, a task queue's file)."""
    found: set[str] = set()
    pending = [(getattr(values, name, None), 0) for name in dir(values) if name.isupper()]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, str | os.PathLike):
            text = os.fspath(value)
            if isinstance(text, str) and len(text) < 4096 and Path(text).is_absolute():
                found.add(text)
        elif depth < 5 and isinstance(value, dict):
            pending.extend((item, depth + 1) for item in value.values())
        elif depth < 5 and isinstance(value, list | tuple):
            pending.extend((item, depth + 1) for item in value)
    return sorted(found)


def _real(path: str) -> str:
    return str(Path(path).resolve())


def main(argv: list[str]) -> int:
    root, module, report = argv[1], argv[2], argv[3]
    environ = RecordingEnviron(dict(os.environ))
    os.environ = environ  # type: ignore[assignment]  # noqa: B003 - os.getenv reads it too
    environ["DJANGO_SETTINGS_MODULE"] = module
    sys.path.insert(0, root)
    result: dict[str, object] = {"error": None, "database": None}
    try:
        from django.conf import settings

        settings._setup()
        result["database"] = _database()
        result["static_root"] = str(getattr(settings, "STATIC_ROOT", None) or "")
        result["paths"] = _paths(settings._wrapped)
        if "--apps" in argv[4:]:
            result["apps"], result["apps_source"] = _installed_apps()
    except BaseException as exc:  # any failure is the report's to carry
        lines = traceback.format_exception_only(type(exc), exc)
        result["error"] = "".join(lines).strip()[-2000:]
    result["reads"] = [[key, present] for key, present in environ.reads]
    with open(report, "w", encoding="utf-8") as handle:
        json.dump(result, handle)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))

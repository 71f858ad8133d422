"""The frontend build, one of three kinds, and why it was chosen:

- `npm`: a build script in `package.json` (Vite, webpack, the Tailwind CLI, ...), at the root
  or in django-tailwind's `<theme>/static_src/`;
- `django-tailwind-cli`: `manage.py tailwind build`, which normally downloads the standalone
  Tailwind binary from GitHub; CI installs the Tailwind CLI from npm at the pinned version
  instead and points the build at it (see generate/frontend.py).

No build, no frontend (None).
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

from pitstop.detect._files import project_files, read_json, read_text
from pitstop.detect.dependencies import Dependencies

DEFAULT_NODE = "20"
# Build scripts, production builds first.
BUILD_SCRIPTS = (
    "build:prod", "build:production", "build", "production", "prod",
    "build:css", "css:build", "build:tailwind", "tailwind:build",
)  # fmt: skip
TAILWIND_CLI_APP = "django_tailwind_cli"
SKIPPED_DIRS = {"node_modules", ".venv", "venv", ".git"}
NOT_FRONTEND = {"docs", "doc", "tests", "test", "examples", "e2e", "scripts"}
LOCKS = {
    "package-lock.json": "npm",
    "npm-shrinkwrap.json": "npm",
    "pnpm-lock.yaml": "pnpm",
    "yarn.lock": "yarn",
}


@dataclass(frozen=True)
class TailwindCli:
    """django-tailwind-cli's settings that the build needs."""

    version: str | None  # TAILWIND_CLI_VERSION; None: "latest"
    npm_package: str  # the npm package of that CLI: "@tailwindcss/cli", or "tailwindcss" (v3)
    plugins: tuple[str, ...] = ()  # npm packages the source CSS loads with @plugin


@dataclass(frozen=True)
class Frontend:
    build_script: str  # the npm script that builds the assets, e.g. "build"; "" for tailwind-cli
    lock: str | None  # relative to `directory`
    node_version: str
    tailwind_input: str | None  # relative to the repository root
    output: str  # the built file or folder that must exist and not be empty (root-relative)
    kind: str = "npm"  # "npm" or "django-tailwind-cli"
    directory: str = "."  # where package.json is (django-tailwind: "theme/static_src")
    reason: str = ""  # what was found, for init's summary
    tailwind_cli: TailwindCli | None = None
    manager: str = "npm"  # "npm", "pnpm" or "yarn" (from the lock or `packageManager`)
    berry: bool = False  # yarn 2+ (`.yarnrc.yml`): `--immutable`, not `--frozen-lockfile`
    manager_version: str = ""  # pnpm/yarn to install from npm: `packageManager`, else the lock's


def detect(root: Path, deps: Dependencies | None = None, settings: str = "") -> Frontend | None:
    for directory in _package_dirs(root):
        if (found := _npm(root, directory)) is not None:
            return found
    if TAILWIND_CLI_APP in settings or (deps and deps.pinned("django-tailwind-cli")):
        return _tailwind_cli(root, deps, settings)
    return None


def _package_dirs(root: Path) -> list[str]:
    """The root, then django-tailwind's theme apps (`<app>/static_src/package.json`), then a
    frontend in a top-level folder (`frontend/`, `pinry-spa/`, ...)."""
    themes = [
        path.parent.relative_to(root).as_posix()
        for path in project_files(root, "package.json")
        if path.parent.name == "static_src"
    ]
    folders = sorted(
        path.parent.name
        for path in root.glob("*/package.json")
        if path.parent.name not in SKIPPED_DIRS | NOT_FRONTEND
    )
    return [".", *themes, *folders]


def _npm(root: Path, directory: str) -> Frontend | None:
    folder = root / directory
    package = read_json(folder / "package.json")
    scripts = package.get("scripts") or {}
    if not isinstance(scripts, dict):
        return None
    name = next((s for s in BUILD_SCRIPTS if s in scripts), None)
    if name is None:
        return None
    command = _expand(scripts, str(scripts[name]))
    lock = next((f for f in LOCKS if (folder / f).is_file()), None)
    declared = str(package.get("packageManager") or "").split("@")[0]
    manager = LOCKS[lock] if lock else declared if declared in ("pnpm", "yarn") else "npm"
    tailwind_input = _option(command, ("-i", "--input"))
    output = _option(command, ("-o", "--output")) or _bundler_output(folder, command)
    where = "package.json" if directory == "." else f"{directory}/package.json"
    if directory.endswith("/static_src") or directory == "static_src":
        where += " (django-tailwind)"
    return Frontend(
        build_script=name,
        lock=lock,
        node_version=_node(root, folder, package),
        tailwind_input=_join(directory, tailwind_input) if tailwind_input else None,
        output=_join(directory, output),
        directory=directory,
        reason=f"scripts.{name} in {where}",
        manager=manager,
        berry=manager == "yarn" and (folder / ".yarnrc.yml").is_file(),
        manager_version=_manager_version(folder, manager, package),
    )


# pnpm-lock.yaml's lockfileVersion -> the pnpm major that writes it.
PNPM_LOCKS = {"9": "9", "6": "8", "5.4": "7", "5.3": "6"}


def _manager_version(folder: Path, manager: str, package: dict[str, object]) -> str:
    if manager == "npm":
        return ""
    declared = str(package.get("packageManager") or "")
    if declared.startswith(manager + "@"):
        return declared.split("@")[1].split("+")[0]  # without corepack's +sha hash
    if manager == "yarn":
        return "1"  # yarn 1 also runs a project's committed yarn 2+ (`yarnPath`)
    lock = read_text(folder / "pnpm-lock.yaml") or ""
    found = re.search(r"""^lockfileVersion:\s*['"]?([\d.]+)""", lock, re.M)
    version = found[1] if found else "9"
    return next((v for k, v in PNPM_LOCKS.items() if version.startswith(k)), "9")


def _expand(scripts: dict[str, object], command: str) -> str:
    """The command with `npm run X` replaced by X's command (one level), to find -i/-o."""
    return re.sub(r"npm run ([\w:.-]+)", lambda m: str(scripts.get(m[1], m[0])), command)


def _bundler_output(folder: Path, command: str) -> str:
    """Vite's `build.outDir` or webpack's `output.path`, else their default `dist`."""
    if flag := _option(command, ("--outDir", "--output-path")):
        return flag
    for name in ("vite.config.js", "vite.config.mjs", "vite.config.ts"):
        if found := re.search(r"outDir\s*:\s*['\"]([^'\"]+)", read_text(folder / name) or ""):
            return found[1]
    text = read_text(folder / "webpack.config.js") or ""
    found = re.search(r"\boutput\s*:\s*\{[^}]*?\bpath\s*:\s*", text)
    found = found or re.search(r"\bpath\s*:\s*(?=path\.(?:resolve|join)\()", text)
    written = _js_path(_expression(text[found.end() :]), text) if found else None
    return written if written and not written.startswith("/") else "dist"  # not outside


JS_STRING = r"""(?:'([^']*)'|"([^"]*)")"""


def _js_path(expression: str, config: str, depth: int = 0) -> str | None:
    """A webpack path written with string literals, `__dirname`, `path.resolve`/`path.join`
    and `const` names bound to such an expression in the same file; None for anything else."""
    if depth > 3:
        return None
    if found := re.fullmatch(r"path\.(?:resolve|join)\((.*)\)", expression, re.S):
        parts = [_js_path(a.strip(), config, depth + 1) for a in _arguments(found[1])]
        if any(part is None for part in parts):
            return None
        joined = posixpath.join(*(p for p in parts if p is not None)) if parts else ""
        return posixpath.normpath(joined) if joined else None
    if expression == "__dirname":
        return ""
    if found := re.fullmatch(JS_STRING, expression):
        return (found[1] if found[1] is not None else found[2]).removeprefix("./")
    if re.fullmatch(r"[A-Za-z_$][\w$]*", expression):
        bound = re.search(rf"(?:const|let|var)\s+{re.escape(expression)}\s*=\s*([^;\n]+)", config)
        return _js_path(bound[1].strip(), config, depth + 1) if bound else None
    return None


def _expression(text: str) -> str:
    """The expression `text` starts with: up to a comma, a closing bracket or the end of the
    line outside any parentheses."""
    depth = 0
    for index, char in enumerate(text):
        if char in "([{":
            depth += 1
        elif depth == 0 and char in ")]},\n":
            return text[:index].strip()
        elif char in ")]}":
            depth -= 1
    return text.strip()


def _arguments(text: str) -> list[str]:
    """Top-level comma-separated arguments of a call."""
    parts: list[str] = []
    depth, current = 0, ""
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    return [*parts, current] if current.strip() else parts


def _join(directory: str, path: str) -> str:
    """`path`, written relative to `directory`, relative to the root (as written at the root)."""
    if directory == ".":
        return path
    return posixpath.normpath(posixpath.join(directory, path))


def _tailwind_cli(root: Path, deps: Dependencies | None, settings: str) -> Frontend:
    version = _setting(settings, "TAILWIND_CLI_VERSION")
    if version == "latest":
        version = None
    pinned = deps.pinned("django-tailwind-cli") if deps else None
    # django-tailwind-cli before 4.0 drives Tailwind 3 (its default 3.4.x), 4.x Tailwind 4.
    major = re.match(r"\d+", pinned or "")
    tailwind3 = (version or "").startswith("3") or bool(major and int(major[0]) < 4)
    source = _setting(settings, "TAILWIND_CLI_SRC_CSS")
    plugins = _plugins(read_text(root / source) or "") if source else ()
    if "TAILWIND_CLI_USE_DAISY_UI = True" in settings:
        plugins = tuple(sorted({*plugins, "daisyui"}))
    dist = _setting(settings, "TAILWIND_CLI_DIST_CSS") or "css/tailwind.css"
    output = _join(_static_dir(settings), dist)
    npm_package = "tailwindcss" if tailwind3 else "@tailwindcss/cli"
    pin = f"TAILWIND_CLI_VERSION {version}" if version else "TAILWIND_CLI_VERSION not set: latest"
    return Frontend(
        build_script="",
        lock=None,
        node_version=_node(root, root, {}),
        tailwind_input=source,
        output=output,
        kind="django-tailwind-cli",
        reason=f"{TAILWIND_CLI_APP} ({pin}; the Tailwind CLI from npm, {npm_package})",
        tailwind_cli=TailwindCli(version, npm_package, plugins),
    )


def _setting(settings: str, name: str) -> str | None:
    """A string literal assigned to `name`, or its literal default in `env(..., default=)`,
    or a path under BASE_DIR (`BASE_DIR / "a" / "b.css"`), relative to the root."""
    found = re.search(rf"^{name}\s*=\s*(.+)$", settings, re.M)
    if not found:
        return None
    if (path := _settings_path(found[1].strip(), settings)) is not None:
        return path
    literal = re.search(r"""["']([^"']+)["']\s*\)?\s*$""", found[1])
    return literal[1] if literal else None


SETTINGS_STRING = r"""["']([^"']+)["']"""


def _settings_path(expression: str, settings: str, depth: int = 0) -> str | None:
    """`BASE_DIR / "a" / "b"`, `os.path.join(BASE_DIR, "a", "b")`, `str(...)` of either,
    with a base that is BASE_DIR or a name bound to such a path (cookiecutter's APPS_DIR)."""
    expression = re.sub(r"^str\((.*)\)$", r"\1", expression.split("#")[0].strip())
    joined = re.fullmatch(
        r"os\.path\.join\(\s*(\w+)\s*((?:,\s*" + SETTINGS_STRING + r"\s*)+)\)", expression
    )
    divided = re.fullmatch(r"(\w+)((?:\s*/\s*" + SETTINGS_STRING + r")+)", expression)
    found = joined or divided
    if found is None or depth > 3:
        return None
    parts: list[str] = re.findall(SETTINGS_STRING, found[2])
    base = found[1]
    if base == "BASE_DIR":
        return posixpath.join(*parts)
    bound = re.search(rf"^{base}\s*=\s*(.+)$", settings, re.M)
    parent = _settings_path(bound[1], settings, depth + 1) if bound else None
    return posixpath.join(parent, *parts) if parent is not None else None


def _static_dir(settings: str) -> str:
    """STATICFILES_DIRS[0] relative to the repository root (BASE_DIR or APPS_DIR / "x")."""
    found = re.search(r"STATICFILES_DIRS\s*=\s*[\[(]\s*", settings)
    if found and (path := _settings_path(_expression(settings[found.end() :]), settings)):
        return path
    literal = re.search(r"""STATICFILES_DIRS\s*=\s*[\[(][^\]]*?["']([^"']+)["']""", settings)
    return literal[1] if literal else "static"


def _plugins(css: str) -> tuple[str, ...]:
    names = re.findall(r"""@plugin\s+["']([^"'.][^"']*)["']""", css)
    return tuple(sorted(set(names)))


def _node(root: Path, folder: Path, package: dict[str, object]) -> str:
    pinned = ""
    for place in (folder, root):
        pinned = pinned or (read_text(place / ".nvmrc") or "").strip()
        pinned = pinned or (read_text(place / ".node-version") or "").strip()
    if found := re.match(r"v?(\d+)", pinned):
        return found[1]
    engines = package.get("engines")
    wanted = engines.get("node") if isinstance(engines, dict) else None
    if isinstance(wanted, str) and (found := re.search(r"(\d+)", wanted)):
        return found[1]
    return DEFAULT_NODE


def _option(command: str, flags: tuple[str, ...]) -> str | None:
    words = command.split()
    for index, word in enumerate(words):
        for flag in flags:
            if word == flag and index + 1 < len(words):
                return words[index + 1]
            if word.startswith(flag + "="):
                return word.split("=", 1)[1]
    return None

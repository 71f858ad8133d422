"""The catalogue of defects `pitstop prove` injects, one small function each.

A defect edits an isolated copy of the project and returns where it edited
(`path:line`). It is found through the detected configuration, so it works on any Django
project; when the project has nothing for it to break it raises `NotApplicable` with the
reason. Each defect names its gate: the step `id:` that `pitstop init` writes, and for other
workflows the command (or action) a step must run, found by structure (see prove/gates.py).
"""

from __future__ import annotations

import json
import math
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pitstop.detect.project import Project
from pitstop.prove import collection, source
from pitstop.prove.commands import Command
from pitstop.prove.source import NotApplicable as NotApplicable

MARK = "pitstop_prove"

Injector = Callable[[Path, Project], str]


@dataclass(frozen=True)
class Gate:
    label: str  # what a person calls the gate: "black", "the test suite"
    step_ids: tuple[str, ...]  # the `id:` pitstop init gives its step, in order of preference
    commands: tuple[Command, ...] = ()  # in other workflows: a step running one of these
    actions: tuple[str, ...] = ()  # ... or using one of these actions (`owner/repo`)


@dataclass(frozen=True)
class Defect:
    name: str
    summary: str
    gate: Gate
    inject: Injector
    needs_network: bool = False  # the gate needs a service this machine may not reach
    hangs: bool = False  # caught by timeout-minutes rather than by a failing step


def _first(paths: list[Path], why: str) -> Path:
    if not paths:
        raise NotApplicable(why)
    return paths[0]


def _app_modules(root: Path, project: Project, name: str) -> list[Path]:
    """The apps' modules called `name` (`models.py`) that are UTF-8 text.

    A module this Python cannot parse is kept: the project's Python may be newer."""
    found = source.python_files(root, project.django.apps)
    return [path for path in found if path.name == name and source.readable(path)]


def _models(root: Path, project: Project) -> Path:
    return _first(_app_modules(root, project, "models.py"), _no_module(project, "models.py"))


def _no_module(project: Project, name: str) -> str:
    return f"no {name} in the apps ({', '.join(project.django.apps)})"


def _test_files(root: Path, project: Project) -> list[Path]:
    return collection.test_files(root, project.tests.runner)


def failing_test(root: Path, project: Project) -> str:
    # unittest runs only the methods of TestCase classes; pytest runs test functions too.
    methods_only = project.tests.runner == "django"
    for path in _test_files(root, project):
        for node in source.single_line_asserts(path, methods_only=methods_only):
            source.flip_assert(path, node)
            return source.relative(root, path, node.lineno)
        for method in source.unittest_assertions(path):
            return source.relative(root, path, source.flip_assertion_method(path, method))
    wanted = " or ".join(collection.patterns(root, project.tests.runner))
    raise NotApplicable(f"no one-line assert or self.assertX call in a test of {wanted} files")


def import_error(root: Path, project: Project) -> str:
    models = _models(root, project)
    line = source.insert_after_imports(models, f"import {MARK}_missing_module  # noqa")
    return source.relative(root, models, line)


def formatting(root: Path, project: Project) -> str:
    module = _models(root, project)
    line = source.append_block(module, f"{MARK.upper()}_LIMITS = {{  'low':1,'high' :  2 }}")
    return source.relative(root, module, line)


def lint(root: Path, project: Project) -> str:
    module = _models(root, project)
    # Inside a function: at module level it would also be "import not at top of file" (E402),
    # which ruff lists first; the user should read the defect itself.
    block = f"def {MARK}_lint() -> None:\n    import json"
    line = source.append_block(module, block) + 1
    return source.relative(root, module, line)


def type_error(root: Path, project: Project) -> str:
    module = _models(root, project)
    block = f'def {MARK}_count() -> int:\n    return "three"'
    return source.relative(root, module, source.append_block(module, block))


def security_smell(root: Path, project: Project) -> str:
    module = _first(_app_modules(root, project, "views.py"), _no_module(project, "views.py"))
    # Ruff's flake8-bandit rules (S) would catch this first; silence them as a developer
    # might, so that bandit itself has to catch it.
    noqa = "  # noqa: S602" if _ruff_selects_bandit(root) else ""
    block = (
        f"def {MARK}_run(command: str) -> None:\n"
        "    import subprocess\n\n"
        f"    subprocess.run(command, shell=True, check=False){noqa}"
    )
    return source.relative(root, module, source.append_block(module, block))


def _ruff_selects_bandit(root: Path) -> bool:
    texts = [
        path.read_text(encoding="utf-8", errors="replace")
        for name in ("pyproject.toml", "ruff.toml", ".ruff.toml")
        if (path := source.inside(root, name)).is_file()
    ]
    for text in texts:
        select = re.search(r"(?ms)^\s*(?:extend-)?select\s*=\s*\[(.*?)\]", text)
        if select and re.search(r"""["'](S|ALL)["']""", select[1]):
            return True
    return False


def template_error(root: Path, project: Project) -> str:
    folder = project.django.templates
    if folder is not None:
        templates = list(source.walk(source.inside(root, folder), ".html"))
    else:  # the apps' own `templates/` folders (djlint then lints the whole project)
        found = source.walk(root, ".html")
        templates = [path for path in found if "templates" in path.relative_to(root).parts]
    template = _first(templates, f"no .html templates in {folder or 'a templates/ folder'}")
    text = template.read_text(encoding="utf-8", errors="replace").rstrip("\n")
    template.write_text(f'{text}\n<div class="{MARK}">\n', encoding="utf-8")
    return source.relative(root, template, text.count("\n") + 2)


def low_coverage(root: Path, project: Project) -> str:
    floor = project.tests.coverage_floor
    if floor <= 0:
        raise NotApplicable("the project has no coverage floor")
    package = source.app_folder(root, project.django.apps[0])
    if not package.is_dir():
        raise NotApplicable(f"the coverage source {project.django.apps[0]} is not a folder")
    existing = sum(
        len(path.read_text(encoding="utf-8", errors="replace").splitlines())
        for path in source.python_files(root, project.django.apps)
    )
    # Covered lines c of N stay below the floor f once N grows by N * (100/f - 1): add more.
    count = max(existing * max(4, math.ceil(100 / floor)), 200)
    body = "\n".join(f"    value_{i} = {i}" for i in range(count))
    module = package / f"{MARK}_uncovered.py"
    module.write_text(f"def {MARK}_never_called() -> None:\n{body}\n", encoding="utf-8")
    return source.relative(root, module, 1)


def missing_migration(root: Path, project: Project) -> str:
    unparsed = []
    for path in _app_modules(root, project, "models.py"):
        if not (path.parent / "migrations").is_dir():
            continue  # makemigrations --check looks only at apps that have migrations
        if source.parsed(path) is None:
            unparsed.append(path.relative_to(root).as_posix())
        model = source.concrete_model(path)
        if model is not None:
            line = source.add_field(path, model, f"{MARK}_flag", "BooleanField(default=False)")
            return source.relative(root, path, line)
    why = "no concrete model class in a models.py beside a migrations folder"
    if unparsed:
        why += f" that Python {sys.version_info[0]}.{sys.version_info[1]} parses ({unparsed[0]})"
    raise NotApplicable(why)


def deploy_check(root: Path, project: Project) -> str:
    module = project.django.module_file(project.django.production_settings)  # src/... too
    candidates = [source.inside(root, f"{module}.py"), source.inside(root, f"{module}/__init__.py")]
    path = _first([p for p in candidates if p.is_file()], f"no production settings ({module}.py)")
    line = source.append_block(path, "DEBUG = True")
    return source.relative(root, path, line)


def broken_css(root: Path, project: Project) -> str:
    frontend = project.frontend
    if frontend is None or frontend.tailwind_input is None:
        raise NotApplicable("no Tailwind input file detected")
    path = source.inside(root, frontend.tailwind_input)
    if not path.is_file():
        raise NotApplicable(f"the Tailwind input {frontend.tailwind_input} is not in the project")
    text = path.read_text(encoding="utf-8", errors="replace").rstrip("\n")
    path.write_text(f"{text}\n\n.{MARK} {{\n  @apply {MARK}-no-such-utility;\n}}\n")
    return source.relative(root, path, text.count("\n") + 4)


def empty_build(root: Path, project: Project) -> str:
    frontend = project.frontend
    if frontend is None or not frontend.build_script:  # django-tailwind-cli: no npm script
        raise NotApplicable("no frontend npm build script detected")
    path = source.inside(root, Path(frontend.directory) / "package.json")
    try:
        package = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise NotApplicable("package.json is missing or not valid JSON") from None
    scripts = package.get("scripts") if isinstance(package, dict) else None
    if not isinstance(scripts, dict) or frontend.build_script not in scripts:
        raise NotApplicable(f"package.json has no scripts.{frontend.build_script}")
    scripts[frontend.build_script] = "node -e \"console.log('built nothing')\""
    path.write_text(json.dumps(package, indent=2) + "\n", encoding="utf-8")
    return f"{path.relative_to(root).as_posix()} (scripts.{frontend.build_script})"


# A syntactically plausible RSA key made of filler: detectors match the armour lines.
PRIVATE_KEY = "\n".join(
    ["-----BEGIN RSA PRIVATE KEY-----"]
    + ["MIIEowIBAAKCAQEA" + "pitstopprovenotarealkey" * 2] * 3
    + ["-----END RSA PRIVATE KEY-----", ""]
)


# pre-commit hooks that catch each repository-hygiene defect: without one, the defect is not
# something this project's pre-commit sets out to catch.
SECRET_HOOKS = ("detect-private-key", "gitleaks", "detect-secrets", "trufflehog", "ggshield")
WHITESPACE_HOOKS = ("trailing-whitespace",)


def _needs_hook(root: Path, hooks: tuple[str, ...]) -> None:
    config = source.inside(root, ".pre-commit-config.yaml")
    if not config.is_file():
        return  # no config: the gate step is the one to say what it runs
    text = config.read_text(encoding="utf-8", errors="replace")
    pattern = rf"""(?m)^[\s-]*id:\s*["']?({"|".join(map(re.escape, hooks))})["']?\s*(#.*)?$"""
    if not re.search(pattern, text):
        raise NotApplicable(f".pre-commit-config.yaml has no {' or '.join(hooks)} hook")


def private_key(root: Path, project: Project) -> str:
    _needs_hook(root, SECRET_HOOKS)
    path = source.inside(root, "deploy/id_rsa")
    if path.exists() or (path.parent.exists() and not path.parent.is_dir()):
        raise NotApplicable("deploy/id_rsa cannot be written: the name is taken")
    path.parent.mkdir(exist_ok=True)
    path.write_text(PRIVATE_KEY, encoding="utf-8")
    return "deploy/id_rsa:1"


def trailing_whitespace(root: Path, project: Project) -> str:
    _needs_hook(root, WHITESPACE_HOOKS)
    readmes = [
        path
        for path in sorted(root.iterdir())
        if path.name.lower().startswith("readme") and path.is_file() and not path.is_symlink()
    ]
    readme = _first(readmes, "no README to edit")
    text = readme.read_text(encoding="utf-8", errors="replace")
    lines = text.splitlines(keepends=True) or ["\n"]
    index = next((i for i, line in enumerate(lines) if line.strip()), 0)
    lines[index] = lines[index].rstrip("\n") + "   \n"
    readme.write_text("".join(lines), encoding="utf-8")
    return source.relative(root, readme, index + 1)


# Django 4.2.0 has published advisories (e.g. CVE-2023-31047); any audit flags it.
VULNERABLE_VERSION = "4.2.0"
VULNERABLE_PIN = f"django=={VULNERABLE_VERSION}"
# Django's requirement line (`Django==5.1 \`, `django[argon2]>=5,<6`): group 1 is its version spec.
REQUIREMENT = re.compile(
    r"^django(?:\[[^\]\n]*\])?[ \t]*([=<>!~][^;#\\\r\n]*?)[ \t]*(?=\r?$|[;#\\])",
    re.IGNORECASE | re.MULTILINE,
)
UV_LOCKED = re.compile(r'^\[\[package\]\]\nname = "django"\nversion = "([^"]+)"', re.MULTILINE)
# In a uv.lock the version, the sdist and the wheels must agree (uv refuses the lock otherwise),
# so the django entry's artifacts become those PyPI publishes for Django 4.2 (facts from PyPI).
UV_VULNERABLE_VERSION = "4.2"
_FILES = "https://files.pythonhosted.org/packages/"
_SDIST = (
    _FILES + "9a/bb/48aa3e0850923096dff2766d21a6004d6e1a3317f0bd400ba81f586754e1/Django-4.2.tar.gz",
    "sha256:c36e2ab12824e2ac36afa8b2515a70c53c7742f0d6eaefa7311ec379558db997",
    10415665,
)
_WHEEL = (
    _FILES + "d9/40/6012f98b14b64b4d3dc47b0c2f116fccbd0795ab35515d0c40dac73b81b8/"
    "Django-4.2-py3-none-any.whl",
    "sha256:ad33ed68db9398f5dfb33282704925bce044bef4261cd4fb59e4e7f9ae505a78",
    7988617,
)


def _artifact(url: str, sha256: str, size: int) -> str:
    return f'{{ url = "{url}", hash = "{sha256}", size = {size} }}'


UV_VULNERABLE_ARTIFACTS = (
    f"sdist = {_artifact(*_SDIST)}\nwheels = [\n    {_artifact(*_WHEEL)},\n]\n"
)
UV_ARTIFACTS = re.compile(
    r"^sdist = \{[^\n]*\}\n(?:wheels = \[\n(?:[^\n]*\n)*?\]\n)?", re.MULTILINE
)
# poetry.lock (lock-version 2): the entry's `files` list, each with its file name and hash.
POETRY_VULNERABLE_FILES = (
    "files = [\n"
    f'    {{file = "{_WHEEL[0].rsplit("/", 1)[1]}", hash = "{_WHEEL[1]}"}},\n'
    f'    {{file = "{_SDIST[0].rsplit("/", 1)[1]}", hash = "{_SDIST[1]}"}},\n'
    "]\n"
)
POETRY_FILES = re.compile(r"^files = \[\n(?:[^\n]*\n)*?\]\n", re.MULTILINE)
# lock file name -> (its django entry's artifacts, what replaces them)
LOCK_ARTIFACTS: dict[str, tuple[re.Pattern[str], str]] = {
    "uv.lock": (UV_ARTIFACTS, UV_VULNERABLE_ARTIFACTS),
    "poetry.lock": (POETRY_FILES, POETRY_VULNERABLE_FILES),
}
INCLUDE = re.compile(r"(?m)^\s*(?:-r|--requirement|-c|--constraint)[\s=]+(\S+)")


def _locks(root: Path, project: Project) -> list[Path]:
    """The lock files, production first, with the requirement files they include (`-r`)."""
    deps = project.dependencies
    queue = [name for name in (deps.prod_lock, deps.dev_lock, *deps.lock_files) if name]
    found: list[Path] = []
    while queue:
        try:
            path = source.inside(root, queue.pop(0))
        except NotApplicable:
            continue  # an include outside the project is not ours to edit
        if path in found or not path.is_file():
            continue
        found.append(path)
        text, _ = source.read_as_written(path)
        base = path.parent.relative_to(root)
        queue += [(base / include).as_posix() for include in INCLUDE.findall(text)]
    return found


def vulnerable_dependency(root: Path, project: Project) -> str:
    locks = _locks(root, project)
    if not locks:
        raise NotApplicable("no lock file to pin a dependency in")
    for path in locks:
        text, encoding = source.read_as_written(path)
        locked = UV_LOCKED.search(text)
        if path.name in LOCK_ARTIFACTS and locked is not None:
            source.write_as_read(path, _locked_vulnerable(text, locked, path.name), encoding)
            return source.relative(root, path, text[: locked.start(1)].count("\n") + 1)
        requirement = REQUIREMENT.search(text)
        found, version = (
            (requirement, f"=={VULNERABLE_VERSION}")
            if requirement
            else (
                UV_LOCKED.search(text),
                VULNERABLE_VERSION,
            )
        )
        if found is not None:
            source.write_as_read(
                path, text[: found.start(1)] + version + text[found.end(1) :], encoding
            )
            return source.relative(root, path, text[: found.start(1)].count("\n") + 1)
    names = ", ".join(path.relative_to(root).as_posix() for path in locks)
    raise NotApplicable(f"Django is not required in {names}")


def _locked_vulnerable(text: str, locked: re.Match[str], lock: str) -> str:
    """The lock with its django entry at 4.2: version and artifacts replaced together (uv and
    poetry refuse a lock whose artifacts do not match the version)."""
    end = text.find("\n[[package]]", locked.end())
    end = len(text) if end == -1 else end + 1
    entry = text[locked.start() : end]
    entry = entry.replace(
        f'version = "{locked.group(1)}"', f'version = "{UV_VULNERABLE_VERSION}"', 1
    )
    artifacts, replacement = LOCK_ARTIFACTS[lock]
    entry, count = artifacts.subn(replacement, entry, count=1)
    if count == 0:
        raise NotApplicable(f"the {lock}'s django entry lists no files to replace")
    return text[: locked.start()] + entry + text[end:]


def hanging_step(root: Path, project: Project) -> str:
    tests = _test_files(root, project)
    wanted = " or ".join(collection.patterns(root, project.tests.runner))
    path = _first(tests, f"no test files ({wanted}) with a test")
    body = "    import time\n\n    time.sleep(24 * 3600)"
    if project.tests.runner == "django":  # unittest collects only methods of TestCase classes
        for candidate in tests:
            for cls in source.classes_with_tests(candidate):
                method = f"def test_{MARK}_hangs(self) -> None:\n{body}"
                line = source.append_method(candidate, cls, method)
                return source.relative(root, candidate, line)
    # pytest collects a test function (and a workflow may run pytest whatever was detected)
    block = f"def test_{MARK}_hangs() -> None:\n{body}"
    return source.relative(root, path, source.append_block(path, block))


TESTS = Gate(
    "the test suite",
    # compilemessages loads every app before the tests do (django.setup): an import error
    # turns it red first, with the same error the tests would show
    ("tests", "compilemessages"),
    (
        Command("pytest"),
        Command("py.test"),
        Command("manage.py", ("test",)),
        Command("django-admin", ("test",)),
    ),
)
PRE_COMMIT = Gate(
    "pre-commit", ("pre-commit",), (Command("pre-commit", ("run",)),), ("pre-commit/action",)
)
DEFECTS: tuple[Defect, ...] = (
    Defect("failing-test", "an assertion flipped in a real test", TESTS, failing_test),
    Defect("import-error", "an import of a missing module in app code", TESTS, import_error),
    Defect(
        "formatting",
        "a black formatting violation",
        Gate("black", ("black",), (Command("black", flags=("--check",)),)),
        formatting,
    ),
    Defect(
        "lint",
        "an unused import (ruff)",
        Gate("ruff", ("ruff",), (Command("ruff", ("check",)),)),
        lint,
    ),
    Defect(
        "type-error",
        "a function returning the wrong type",
        Gate("mypy", ("mypy",), (Command("mypy"), Command("dmypy", ("run",)))),
        type_error,
    ),
    Defect(
        "security-smell",
        "subprocess with shell=True",
        Gate("bandit", ("bandit",), (Command("bandit"),)),
        security_smell,
    ),
    Defect(
        "template-error",
        "an unclosed tag in a template",
        Gate("djLint's lint rules", ("djlint",), (Command("djlint", flags=("--lint",)),)),
        template_error,
    ),
    Defect(
        "low-coverage",
        "a large untested module in the coverage source",
        Gate(
            "the coverage floor",
            ("coverage", "tests"),
            (
                Command("pytest", flags=("--cov-fail-under",)),
                Command("coverage", ("report",), ("--fail-under",)),
            ),
        ),
        low_coverage,
    ),
    Defect(
        "missing-migration",
        "a model field without its migration",
        Gate(
            "makemigrations --check",
            ("makemigrations",),
            (
                Command("manage.py", ("makemigrations",), ("--check",)),
                Command("django-admin", ("makemigrations",), ("--check",)),
            ),
        ),
        missing_migration,
    ),
    Defect(
        "deploy-check",
        "DEBUG forced on in the production settings",
        Gate(
            "check --deploy",
            ("deploy-checks",),
            (
                Command("manage.py", ("check",), ("--deploy",)),
                Command("django-admin", ("check",), ("--deploy",)),
            ),
        ),
        deploy_check,
    ),
    Defect(
        "broken-css",
        "an @apply of an unknown utility",
        Gate(
            "the frontend build",
            ("frontend-build",),
            (
                Command("npm", ("run",)),
                Command("npm", ("run-script",)),
                Command("pnpm", ("run",)),
                Command("yarn", ("run",)),
                Command("yarn", ("build",)),
            ),
        ),
        broken_css,
    ),
    Defect(
        "empty-build",
        "a build script that emits no output",
        Gate(
            "the build-output check",
            ("frontend-output",),
            (
                Command("test", flags=("-s",)),
                Command("[", flags=("-s",)),
                Command("find", flags=("-size",)),
            ),
        ),
        empty_build,
    ),
    Defect("private-key", "a committed private key", PRE_COMMIT, private_key),
    Defect(
        "trailing-whitespace", "trailing whitespace in the README", PRE_COMMIT, trailing_whitespace
    ),
    Defect(
        "vulnerable-dependency",
        f"{VULNERABLE_PIN} pinned in the lock file",
        Gate(
            "pip-audit",
            ("pip-audit",),
            (Command("pip-audit"), Command("pip_audit")),
            ("pypa/gh-action-pip-audit",),
        ),
        vulnerable_dependency,
        needs_network=True,
    ),
    Defect(
        "hanging-step",
        "a test that sleeps for a day",
        TESTS,
        hanging_step,
        hangs=True,
    ),
)

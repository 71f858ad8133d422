"""The catalogue of defects `pitstop prove` injects, one small function each.

A defect edits an isolated copy of the project and returns where it edited
(`path:line`). It is found through the detected configuration, so it works on any Django
project; when the project has nothing for it to break it raises `NotApplicable` with the
reason. Each defect names its gate: a pattern matched against the steps of the CI workflow
(`run:` scripts and `uses:` actions) to find the job and step expected to turn red.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pitstop.detect.project import Project
from pitstop.prove import source

MARK = "pitstop_prove"

Injector = Callable[[Path, Project], str]


class NotApplicable(Exception):
    """The project has nothing this defect can break; the message says why."""


@dataclass(frozen=True)
class Gate:
    label: str  # what a person calls the gate: "black", "the test suite"
    pattern: str  # regex searched in each step's `run:` text or `uses:` reference


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
    found = source.python_files(root, project.django.apps)
    return [path for path in found if path.name == name]


def _test_files(root: Path) -> list[Path]:
    """Files a test runner collects: `test_*.py`, `*_test.py` and `tests.py`, with a test."""
    found = []
    for path in sorted(root.rglob("*.py")):
        name = path.name
        if not (name.startswith("test_") or name.endswith("_test.py") or name == "tests.py"):
            continue
        if source.SKIP_PARTS.intersection(path.relative_to(root).parts):
            continue
        if "def test" in path.read_text(encoding="utf-8", errors="replace"):
            found.append(path)
    return found


def failing_test(root: Path, project: Project) -> str:
    for path in _test_files(root):
        for node in source.single_line_asserts(path):
            source.flip_assert(path, node)
            return source.relative(root, path, node.lineno)
        for method in source.unittest_assertions(path):
            return source.relative(root, path, source.flip_assertion_method(path, method))
    raise NotApplicable("no one-line assert or self.assert... call found in a test function")


def import_error(root: Path, project: Project) -> str:
    models = _first(_app_modules(root, project, "models.py"), "no models.py in the apps")
    line = source.insert_after_imports(models, f"import {MARK}_missing_module  # noqa")
    return source.relative(root, models, line)


def formatting(root: Path, project: Project) -> str:
    module = _first(_app_modules(root, project, "models.py"), "no models.py in the apps")
    line = source.append_block(module, f"{MARK.upper()}_LIMITS = {{  'low':1,'high' :  2 }}")
    return source.relative(root, module, line)


def lint(root: Path, project: Project) -> str:
    module = _first(_app_modules(root, project, "models.py"), "no models.py in the apps")
    # Inside a function: at module level it would also be "import not at top of file" (E402),
    # which ruff lists first; the user should read the defect itself.
    block = f"def {MARK}_lint() -> None:\n    import json"
    line = source.append_block(module, block) + 1
    return source.relative(root, module, line)


def type_error(root: Path, project: Project) -> str:
    module = _first(_app_modules(root, project, "models.py"), "no models.py in the apps")
    block = f'def {MARK}_count() -> int:\n    return "three"'
    return source.relative(root, module, source.append_block(module, block))


def security_smell(root: Path, project: Project) -> str:
    module = _first(_app_modules(root, project, "views.py"), "no views.py in the apps")
    # Ruff's flake8-bandit rules (S) would catch this first; silence them as a developer
    # might, so that bandit itself has to catch it.
    noqa = "  # noqa: S602" if _ruff_selects_bandit(project.root) else ""
    block = (
        f"def {MARK}_run(command: str) -> None:\n"
        "    import subprocess\n\n"
        f"    subprocess.run(command, shell=True, check=False){noqa}"
    )
    return source.relative(root, module, source.append_block(module, block))


def _ruff_selects_bandit(root: Path) -> bool:
    text = (root / "pyproject.toml").read_text(encoding="utf-8", errors="replace")
    select = re.search(r"(?ms)^\s*(?:extend-)?select\s*=\s*\[(.*?)\]", text)
    return bool(select and re.search(r"""["'](S|ALL)["']""", select[1]))


def template_error(root: Path, project: Project) -> str:
    folder = project.django.templates
    if folder is None:
        raise NotApplicable("no templates folder")
    template = _first(sorted((root / folder).rglob("*.html")), f"no templates in {folder}/")
    text = template.read_text(encoding="utf-8").rstrip("\n")
    template.write_text(f'{text}\n<div class="{MARK}">\n', encoding="utf-8")
    return source.relative(root, template, text.count("\n") + 2)


def low_coverage(root: Path, project: Project) -> str:
    if project.tests.coverage_floor <= 0:
        raise NotApplicable("the project has no coverage floor")
    package = root / project.django.apps[0].replace(".", "/")
    existing = sum(len(p.read_text(encoding="utf-8").splitlines()) for p in package.rglob("*.py"))
    count = max(existing * 4, 200)
    body = "\n".join(f"    value_{i} = {i}" for i in range(count))
    module = package / f"{MARK}_uncovered.py"
    module.write_text(f"def {MARK}_never_called() -> None:\n{body}\n", encoding="utf-8")
    return source.relative(root, module, 1)


def missing_migration(root: Path, project: Project) -> str:
    pattern = re.compile(r"^( *)class \w+\((?:models\.)?Model\):\s*$", re.MULTILINE)
    for path in _app_modules(root, project, "models.py"):
        text = path.read_text(encoding="utf-8")
        found = pattern.search(text)
        if found:
            indent = found[1] + "    "
            field = f"{indent}{MARK}_flag = models.BooleanField(default=False)\n"
            cut = found.end() + 1
            path.write_text(text[:cut] + field + text[cut:], encoding="utf-8")
            return source.relative(root, path, text[:cut].count("\n") + 1)
    raise NotApplicable("no `class X(models.Model):` found in the apps' models.py")


def deploy_check(root: Path, project: Project) -> str:
    module = project.django.production_settings.replace(".", "/")
    path = root / f"{module}.py"
    if not path.is_file():
        raise NotApplicable(f"no production settings module ({module}.py)")
    line = source.append_block(path, "DEBUG = True")
    return source.relative(root, path, line)


def broken_css(root: Path, project: Project) -> str:
    frontend = project.frontend
    if frontend is None or frontend.tailwind_input is None:
        raise NotApplicable("no Tailwind input file detected")
    path = root / frontend.tailwind_input
    text = path.read_text(encoding="utf-8").rstrip("\n")
    path.write_text(f"{text}\n\n.{MARK} {{\n  @apply {MARK}-no-such-utility;\n}}\n")
    return source.relative(root, path, text.count("\n") + 4)


def empty_build(root: Path, project: Project) -> str:
    frontend = project.frontend
    if frontend is None or not frontend.build_script:  # django-tailwind-cli: no npm script
        raise NotApplicable("no frontend npm build script detected")
    path = root / frontend.directory / "package.json"
    package = json.loads(path.read_text(encoding="utf-8"))
    package["scripts"][frontend.build_script] = "node -e \"console.log('built nothing')\""
    path.write_text(json.dumps(package, indent=2) + "\n", encoding="utf-8")
    return f"{path.relative_to(root).as_posix()} (scripts.{frontend.build_script})"


# A syntactically plausible RSA key made of filler: detectors match the armour lines.
PRIVATE_KEY = "\n".join(
    ["-----BEGIN RSA PRIVATE KEY-----"]
    + ["MIIEowIBAAKCAQEA" + "pitstopprovenotarealkey" * 2] * 3
    + ["-----END RSA PRIVATE KEY-----", ""]
)


def private_key(root: Path, project: Project) -> str:
    path = root / "deploy" / "id_rsa"
    path.parent.mkdir(exist_ok=True)
    path.write_text(PRIVATE_KEY, encoding="utf-8")
    return "deploy/id_rsa:1"


def trailing_whitespace(root: Path, project: Project) -> str:
    readme = _first(sorted(root.glob("README*")), "no README to edit")
    text = readme.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    index = next((i for i, line in enumerate(lines) if line.strip()), 0)
    lines[index] = lines[index].rstrip("\n") + "   \n"
    readme.write_text("".join(lines), encoding="utf-8")
    return source.relative(root, readme, index + 1)


# Django 4.2.0 has published advisories (e.g. CVE-2023-31047); any audit flags it.
VULNERABLE_PIN = "django==4.2.0"


def vulnerable_dependency(root: Path, project: Project) -> str:
    lock = project.dependencies.prod_lock or project.dependencies.dev_lock
    if lock is None:
        raise NotApplicable("no lock file to pin a dependency in")
    path = root / lock
    text = path.read_text(encoding="utf-8")
    pinned = re.compile(r"^django==[^\s\\]+", re.IGNORECASE | re.MULTILINE)
    found = pinned.search(text)
    if found is None:
        raise NotApplicable(f"Django is not pinned in {lock}")
    path.write_text(text[: found.start()] + VULNERABLE_PIN + text[found.end() :])
    return source.relative(root, path, text[: found.start()].count("\n") + 1)


def hanging_step(root: Path, project: Project) -> str:
    tests = _test_files(root)
    path = _first(tests, "no test files")
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


TESTS = Gate("the test suite", r"\bpytest\b|manage\.py\s+test\b")
DEFECTS: tuple[Defect, ...] = (
    Defect("failing-test", "an assertion flipped in a real test", TESTS, failing_test),
    Defect("import-error", "an import of a missing module in app code", TESTS, import_error),
    Defect("formatting", "a black formatting violation", Gate("black", r"\bblack\b"), formatting),
    Defect("lint", "an unused import (ruff)", Gate("ruff", r"\bruff\s+check\b"), lint),
    Defect(
        "type-error", "a function returning the wrong type", Gate("mypy", r"\bmypy\b"), type_error
    ),
    Defect(
        "security-smell",
        "subprocess with shell=True",
        Gate("bandit", r"\bbandit\b"),
        security_smell,
    ),
    Defect(
        "template-error",
        "an unclosed tag in a template",
        Gate("djLint", r"\bdjlint\b"),
        template_error,
    ),
    Defect(
        "low-coverage",
        "a large untested module in the coverage source",
        Gate("the coverage floor", r"--cov-fail-under|coverage\s+report\b.*--fail-under"),
        low_coverage,
    ),
    Defect(
        "missing-migration",
        "a model field without its migration",
        Gate("makemigrations --check", r"makemigrations\b.*--check"),
        missing_migration,
    ),
    Defect(
        "deploy-check",
        "DEBUG forced on in the production settings",
        Gate("check --deploy", r"\bcheck\s+--deploy\b"),
        deploy_check,
    ),
    Defect(
        "broken-css",
        "an @apply of an unknown utility",
        Gate("the frontend build", r"\bnpm\s+run\b"),
        broken_css,
    ),
    Defect(
        "empty-build",
        "a build script that emits no output",
        Gate("the build-output check", r"-size \+0|test -s\b"),
        empty_build,
    ),
    Defect(
        "private-key",
        "a committed private key",
        Gate("pre-commit", r"\bpre-commit\s+run\b|pre-commit/action"),
        private_key,
    ),
    Defect(
        "trailing-whitespace",
        "trailing whitespace in the README",
        Gate("pre-commit", r"\bpre-commit\s+run\b|pre-commit/action"),
        trailing_whitespace,
    ),
    Defect(
        "vulnerable-dependency",
        f"{VULNERABLE_PIN} pinned in the lock file",
        Gate("pip-audit", r"\bpip[-_]audit\b.*-r\s"),
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

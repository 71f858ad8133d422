"""Small, careful text edits on a project's files, each returning where it edited.

Every edit keeps the file valid for every tool except the one the defect targets, so a
defect is caught by the gate it was aimed at and not by an earlier one.
"""

from __future__ import annotations

import ast
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path


class NotApplicable(Exception):
    """The project has nothing this defect can break; the message says why."""


# Folders that are never the project's own code: tools' output, dependencies, history.
SKIP_PARTS = {
    ".git",
    ".hg",
    ".tox",
    ".nox",
    ".venv",
    "venv",
    "__pycache__",
    "migrations",
    "node_modules",
    "site-packages",
    "staticfiles",
}


def inside(root: Path, relative_path: str | Path) -> Path:
    """`relative_path` under the copy's root, refused if it (or a symlink on the way) leaves it."""
    base = root.resolve()
    if not (base / relative_path).resolve().is_relative_to(base):
        raise NotApplicable(f"{Path(relative_path).as_posix()} leads outside the project")
    return root / os.path.normpath(relative_path)


def app_folder(root: Path, app: str) -> Path:
    """An app folder as `[tool.pitstop] apps` or detection names it: a path, a dotted module,
    or "." for apps at the repository root."""
    name = app.strip().rstrip("/") or "."
    if name not in {".", "./"} and "/" not in name and not (root / name).is_dir():
        name = name.replace(".", "/")  # a dotted module: "project.blog"
    return inside(root, name)


def walk(base: Path, suffix: str = ".py") -> Iterator[Path]:
    """Files ending in `suffix` under `base`, sorted, never following a symlink, never into
    SKIP_PARTS, hidden folders or a virtualenv (a folder holding `pyvenv.cfg`)."""
    found: list[Path] = []
    for folder, dirs, files in os.walk(base, followlinks=False):
        here = Path(folder)
        dirs[:] = [
            d
            for d in dirs
            if d not in SKIP_PARTS
            and not d.startswith(".")
            and not (here / d / "pyvenv.cfg").exists()
        ]
        found += [here / f for f in files if f.endswith(suffix) and not (here / f).is_symlink()]
    yield from sorted(found)


def python_files(root: Path, folders: tuple[str, ...]) -> Iterator[Path]:
    """The project's own Python files under the app `folders`, sorted, each once."""
    seen: set[Path] = set()
    for folder in folders:
        for path in walk(app_folder(root, folder)):
            if path not in seen:
                seen.add(path)
                yield path


def readable(path: Path) -> bool:
    """Whether the file is UTF-8 text, which every edit here needs."""
    try:
        path.read_text(encoding="utf-8")
    except (OSError, ValueError):
        return False
    return True


def parsed(path: Path) -> ast.Module | None:
    """The module's syntax tree, None when it is not readable Python (then it is left alone)."""
    try:
        return ast.parse(path.read_text(encoding="utf-8"))
    except (SyntaxError, ValueError):  # ValueError: undecodable bytes, NUL characters
        return None


def relative(root: Path, path: Path, line: int) -> str:
    return f"{path.relative_to(root).as_posix()}:{line}"


def append_block(path: Path, block: str) -> int:
    """Append a top-level block after two blank lines (black's spacing); return its line."""
    text = path.read_text(encoding="utf-8").rstrip("\n")
    first_line = text.count("\n") + 4 if text else 1
    body = f"{text}\n\n\n{block.rstrip()}\n" if text else f"{block.rstrip()}\n"
    path.write_text(body, encoding="utf-8")
    return first_line


def insert_after_imports(path: Path, line_text: str) -> int:
    """Insert a line after the module's last top-level import; return its line number."""
    text = path.read_text(encoding="utf-8")
    tree = parsed(path)
    if tree is not None:
        imports = [node for node in tree.body if isinstance(node, ast.Import | ast.ImportFrom)]
        after = max((node.end_lineno or node.lineno) for node in imports) if imports else 0
    elif "from __future__" in text:  # must stay first: without a syntax tree, no safe place
        python = f"{sys.version_info[0]}.{sys.version_info[1]}"
        raise NotApplicable(f"{path.name} does not parse with Python {python}")
    else:  # newer syntax than this Python reads (PEP 701 f-strings): the first line is safe
        after = 0
    lines = text.splitlines(keepends=True)
    lines.insert(after, line_text + "\n")
    path.write_text("".join(lines), encoding="utf-8")
    return after + 1


def single_line_asserts(path: Path, *, methods_only: bool = False) -> Iterator[ast.Assert]:
    """`assert` statements on one line inside test functions, in file order.

    `methods_only`: only in the test methods of classes (what unittest runs)."""
    tree = parsed(path)
    if tree is None:
        return
    scopes = [n for n in tree.body if isinstance(n, ast.ClassDef)] if methods_only else [tree]
    for scope in scopes:
        for node in ast.walk(scope):
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test"):
                for inner in ast.walk(node):
                    if isinstance(inner, ast.Assert) and inner.lineno == inner.end_lineno:
                        yield inner


def flip_assert(path: Path, node: ast.Assert) -> None:
    """Negate the condition of a one-line `assert`, keeping its message."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    line = lines[node.lineno - 1].encode("utf-8")  # ast offsets count UTF-8 bytes
    start, end = node.test.col_offset, node.test.end_col_offset or len(line)
    flipped = line[:start] + b"not (" + line[start:end] + b")" + line[end:]
    lines[node.lineno - 1] = flipped.decode("utf-8")
    path.write_text("".join(lines), encoding="utf-8")


# unittest's assertion methods and their opposites: flipping one makes a passing test fail.
OPPOSITE_ASSERTIONS = {
    "assertEqual": "assertNotEqual",
    "assertTrue": "assertFalse",
    "assertIn": "assertNotIn",
    "assertIs": "assertIsNot",
    "assertIsNone": "assertIsNotNone",
    "assertContains": "assertNotContains",  # Django's TestCase
}
OPPOSITE_ASSERTIONS |= {flipped: name for name, flipped in OPPOSITE_ASSERTIONS.items()}


def unittest_assertions(path: Path) -> Iterator[ast.Attribute]:
    """`self.assertX` of calls inside test methods that have an opposite, in file order.

    Calls with keyword arguments are left out: the opposite may not accept them (Django's
    `assertNotContains` has no `count`), and a TypeError is not a failed assertion."""
    tree = parsed(path)
    for node in ast.walk(tree) if tree else ():
        if isinstance(node, ast.FunctionDef) and node.name.startswith("test"):
            for inner in ast.walk(node):
                if not isinstance(inner, ast.Call) or inner.keywords:
                    continue
                method = inner.func
                if (
                    isinstance(method, ast.Attribute)
                    and isinstance(method.value, ast.Name)
                    and method.value.id == "self"
                    and method.attr in OPPOSITE_ASSERTIONS
                ):
                    yield method


def flip_assertion_method(path: Path, method: ast.Attribute) -> int:
    """Call the opposite assertion (`assertEqual` -> `assertNotEqual`); return its line."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    line_no = method.end_lineno or method.lineno
    line = lines[line_no - 1].encode("utf-8")  # ast offsets count UTF-8 bytes
    end = method.end_col_offset or len(line)
    start = end - len(method.attr.encode("utf-8"))
    flipped = OPPOSITE_ASSERTIONS[method.attr].encode("utf-8")
    lines[line_no - 1] = (line[:start] + flipped + line[end:]).decode("utf-8")
    path.write_text("".join(lines), encoding="utf-8")
    return line_no


def classes_with_tests(path: Path) -> Iterator[ast.ClassDef]:
    """Top-level classes with at least one `test...` method, in file order."""
    tree = parsed(path)
    for node in tree.body if tree else ():
        if isinstance(node, ast.ClassDef) and any(
            isinstance(item, ast.FunctionDef) and item.name.startswith("test") for item in node.body
        ):
            yield node


def append_method(path: Path, cls: ast.ClassDef, block: str) -> int:
    """Add a method (written unindented) at the end of a class; return its first line."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    indent = " " * next(item.col_offset for item in cls.body if isinstance(item, ast.FunctionDef))
    method = [f"{indent}{line}".rstrip() + "\n" for line in block.rstrip().splitlines()]
    end = cls.end_lineno or cls.lineno
    if not lines[end - 1].endswith("\n"):
        lines[end - 1] += "\n"
    lines[end:end] = ["\n", *method]
    path.write_text("".join(lines), encoding="utf-8")
    return end + 2


# The base classes of a model whose new field makemigrations must notice (Wagtail's too),
# besides any `...Model` (`models.Model`, django-model-utils' `TimeStampedModel`).
MODEL_BASES = {"Model", "Page", "AbstractUser", "AbstractBaseUser"}


def concrete_model(path: Path) -> ast.ClassDef | None:
    """The first top-level model class that is not abstract, not a proxy, with a body of its own
    lines (so a field can go before its first statement). A model derives from a Django model
    base, or from a model class defined earlier in the module (an abstract base, a mixin)."""
    tree = parsed(path)
    models = set(MODEL_BASES)
    for node in tree.body if tree else ():
        if not isinstance(node, ast.ClassDef):
            continue
        names = [_base_name(base) for base in node.bases]
        if any(name in models or name.endswith("Model") for name in names):
            models.add(node.name)
            if (
                not _meta_says(node, "abstract")
                and not _meta_says(node, "proxy")
                and node.body[0].lineno > node.lineno
            ):
                return node
    return None


def _base_name(base: ast.expr) -> str:
    if isinstance(base, ast.Attribute):
        return base.attr
    return base.id if isinstance(base, ast.Name) else ""


def _meta_says(cls: ast.ClassDef, option: str) -> bool:
    """`class Meta: abstract = True` (or `proxy = True`) inside the class."""
    for item in cls.body:
        if isinstance(item, ast.ClassDef) and item.name == "Meta":
            for statement in item.body:
                if (
                    isinstance(statement, ast.Assign)
                    and any(isinstance(t, ast.Name) and t.id == option for t in statement.targets)
                    and isinstance(statement.value, ast.Constant)
                    and statement.value.value is True
                ):
                    return True
    return False


def add_field(path: Path, cls: ast.ClassDef, name: str, field: str) -> int:
    """Add `name = models.<field>` as the class's first statement; return its line.

    The field is spelled through `django.db.models`, imported under a name of its own when
    the module does not import `models` itself."""
    text = path.read_text(encoding="utf-8")
    models = "models"
    if not re.search(r"(?m)^from django\.db import (.*\b)?models\b", text):
        models = "pitstop_prove_models"
    first = cls.body[0]
    # A docstring stays first; the field goes right after it.
    after_doc = isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
    anchor = (first.end_lineno or first.lineno) if after_doc else first.lineno - 1
    lines = text.splitlines(keepends=True)
    indent = " " * first.col_offset
    lines.insert(anchor, f"{indent}{name} = {models}.{field}\n")
    path.write_text("".join(lines), encoding="utf-8")
    line = anchor + 1
    if models != "models":
        insert_after_imports(path, f"from django.db import models as {models}")
        line += 1
    return line


BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def read_as_written(path: Path) -> tuple[str, str]:
    """The file's text with its own line endings, and its encoding (a BOM says which: a
    `pip freeze > requirements.txt` in PowerShell writes UTF-16)."""
    data = path.read_bytes()
    encoding = next((name for bom, name in BOMS if data.startswith(bom)), "utf-8")
    return data.decode(encoding, errors="replace"), encoding


def write_as_read(path: Path, text: str, encoding: str) -> None:
    path.write_bytes(text.encode(encoding))

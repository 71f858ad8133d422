"""Small, careful text edits on a project's files, each returning where it edited.

Every edit keeps the file valid for every tool except the one the defect targets, so a
defect is caught by the gate it was aimed at and not by an earlier one.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

SKIP_PARTS = {"migrations", "node_modules", ".venv", "staticfiles", "__pycache__"}


def python_files(root: Path, folders: tuple[str, ...]) -> Iterator[Path]:
    """The project's own Python files under `folders`, sorted, migrations excluded."""
    for folder in folders:
        base = root / folder.replace(".", "/")
        for path in sorted(base.rglob("*.py")):
            if not SKIP_PARTS.intersection(path.relative_to(root).parts):
                yield path


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
    tree = ast.parse(text)
    imports = [node for node in tree.body if isinstance(node, ast.Import | ast.ImportFrom)]
    after = max((node.end_lineno or node.lineno) for node in imports) if imports else 0
    lines = text.splitlines(keepends=True)
    lines.insert(after, line_text + "\n")
    path.write_text("".join(lines), encoding="utf-8")
    return after + 1


def single_line_asserts(path: Path) -> Iterator[ast.Assert]:
    """`assert` statements on one line inside test functions, in file order."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
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
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
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
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in tree.body:
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

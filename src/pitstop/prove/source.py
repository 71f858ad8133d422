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

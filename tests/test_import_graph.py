"""The import graph of `src/pitstop`: no new cycle, and `pitstop.github` stays at the bottom.

Every `import` and `from ... import` in a module counts, wherever it stands: at module level,
inside a function, and under `if TYPE_CHECKING:`. A function-level or TYPE_CHECKING import is
how a cycle gets hidden from Python, not how it gets removed: the two modules still depend on
each other. An import names the module it loads (`from pitstop.runner import step` is an edge to
`pitstop.runner.step`; `from pitstop.runner.step import Step` to `pitstop.runner.step`); the
implicit import of a package's `__init__` is not an edge.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pitstop

SOURCE = Path(pitstop.__file__).parent

# The cycles that exist today, each a strongly connected component of the graph. This list
# may only shrink: a new cycle, or a module joining one of these, fails the test.
ALLOWED_CYCLES: list[frozenset[str]] = []


def module_name(path: Path) -> str:
    parts = path.relative_to(SOURCE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(SOURCE.rglob("*.py"))}


def imported(tree: ast.Module, name: str, is_package: bool, known: set[str]) -> Iterator[str]:
    package = name if is_package else name.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                yield candidate if candidate in known else base


def graph() -> dict[str, set[str]]:
    found = modules()
    known = set(found)
    edges: dict[str, set[str]] = {}
    for name, path in found.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        targets = imported(tree, name, path.name == "__init__.py", known)
        edges[name] = {target for target in targets if target in known and target != name}
    return edges


def cycles(edges: dict[str, set[str]]) -> list[frozenset[str]]:
    """The strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[frozenset[str]] = []
    for root in sorted(edges):
        if root in index:
            continue
        work: list[tuple[str, Iterator[str]]] = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component: set[str] = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(frozenset(component))
    return found


def test_no_new_import_cycle() -> None:
    new = [c for c in cycles(graph()) if not any(c <= allowed for allowed in ALLOWED_CYCLES)]
    assert not new, "new import cycle(s): " + "; ".join(" <-> ".join(sorted(c)) for c in new)


def test_the_allow_list_only_shrinks() -> None:
    """An allowed cycle that got smaller or went away must leave the list (or shrink in it)."""
    present = cycles(graph())
    stale = [allowed for allowed in ALLOWED_CYCLES if allowed not in present]
    assert not stale, "update ALLOWED_CYCLES, these are gone or smaller: " + "; ".join(
        ", ".join(sorted(c)) for c in stale
    )


def test_the_github_package_imports_nothing_above_it() -> None:
    """`pitstop.github` is below runner, actions and expressions: it imports only itself and
    the error family."""
    edges = graph()
    allowed = {"pitstop.errors", "pitstop.github"}
    upward = {
        (name, target)
        for name, targets in edges.items()
        if name.startswith("pitstop.github")
        for target in targets
        if target not in allowed and not target.startswith("pitstop.github.")
    }
    assert not upward


def test_the_detector_sees_a_cycle_hidden_in_a_function(tmp_path: Path) -> None:
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(edges) == [frozenset({"a", "b", "c"})]
    tree = ast.parse("def f():\n    from pitstop.x import y\nif TYPE_CHECKING:\n    import z\n")
    assert set(imported(tree, "pitstop.m", False, {"pitstop.x.y"})) == {"pitstop.x.y", "z"}

"""Syntax checks of every `${{ }}` template and `if:` condition, placed at file:line:column."""

from __future__ import annotations

from pitstop.workflow.shape import Shape
from pitstop.workflow.templates import Problem, condition_problem, template_problems
from pitstop.workflow.yaml import Node, ScalarNode, SeqNode, Source

# `if:` holds a bare expression (no `${{ }}` needed) at these levels.
_CONDITION_PARENTS = ("job", "step")


def check_expressions(shape: Shape, document: Node) -> None:
    """Raise on the first malformed expression, in file order."""
    _walk(shape, document, "document")


def _walk(shape: Shape, node: Node, level: str) -> None:
    if isinstance(node, ScalarNode):
        if isinstance(node.value, str):
            _raise_on(shape, node, template_problems(node.value))
        return
    if isinstance(node, SeqNode):
        child_level = "step" if level == "steps" else "value"
        for item in node.items:
            _walk(shape, item, child_level)
        return
    for key, value in node.items():
        name = str(key.value)
        if name == "if" and level in _CONDITION_PARENTS and isinstance(value, ScalarNode):
            _check_condition(shape, value)
            continue
        _walk(shape, value, _child_level(level, name))


def _child_level(level: str, key: str) -> str:
    if level == "document" and key == "jobs":
        return "jobs"
    if level == "jobs":
        return "job"
    if level == "job" and key == "steps":
        return "steps"
    return "value"


def _check_condition(shape: Shape, node: ScalarNode) -> None:
    value = node.value
    if isinstance(value, str):
        _raise_on(shape, node, condition_problem(value))


def _raise_on(shape: Shape, node: ScalarNode, problem: Problem | None) -> None:
    if problem is None:
        return
    assert isinstance(node.value, str)
    line, column = locate(shape.source, node, node.value, problem.offset)
    raise shape.source.error(
        problem.message,
        line,
        column,
        length=problem.length,
        hint="expressions look like ${{ github.ref == 'refs/heads/main' }}; "
        "strings use single quotes",
    )


def locate(source: Source, node: ScalarNode, text: str, offset: int) -> tuple[int, int]:
    """The file position of `text[offset]`, where `text` is the value of `node`.

    The scalar may be plain, quoted or a block scalar, so the line of `text` holding the
    offset is searched for in the file from the node's line on; if it cannot be found
    (escapes in a quoted string), the node's own position is used.
    """
    line_index = text.count("\n", 0, offset)
    line_start = text.rfind("\n", 0, offset) + 1
    line_end = text.find("\n", offset)
    fragment = text[line_start : line_end if line_end >= 0 else len(text)]
    in_line = offset - line_start
    file_lines = source.text.splitlines()
    first = node.line - 1 + line_index
    for number in range(max(first, node.line - 1), min(len(file_lines), first + 50)):
        start = node.column - 1 if number == node.line - 1 else 0
        found = file_lines[number].find(fragment, start) if fragment else -1
        if found >= 0:
            return number + 1, found + in_line + 1
    return node.line, node.column

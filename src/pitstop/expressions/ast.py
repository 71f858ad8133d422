"""The syntax tree: one frozen record per kind of expression node.

Every node keeps the 1-based `column` of the token that names it, for error messages.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Literal:
    value: object  # None, bool, float or str
    column: int


@dataclass(frozen=True, slots=True)
class ContextAccess:
    name: str
    column: int


@dataclass(frozen=True, slots=True)
class Star:
    """The `*` of `.*` and `[*]`."""

    column: int


@dataclass(frozen=True, slots=True)
class IndexAccess:
    target: Node
    index: Node | Star
    column: int


@dataclass(frozen=True, slots=True)
class FunctionCall:
    name: str
    args: tuple[Node, ...]
    column: int


@dataclass(frozen=True, slots=True)
class Not:
    operand: Node
    column: int


@dataclass(frozen=True, slots=True)
class Comparison:
    operator: str  # one of == != < <= > >=
    left: Node
    right: Node
    column: int


@dataclass(frozen=True, slots=True)
class Logical:
    """`a && b && c` or `a || b || c`: returns the deciding operand, not a boolean."""

    operator: str  # && or ||
    operands: tuple[Node, ...]
    column: int


@dataclass(frozen=True, slots=True)
class Grouping:
    inner: Node
    column: int


Node = Literal | ContextAccess | IndexAccess | FunctionCall | Not | Comparison | Logical | Grouping


def walk(node: Node | Star) -> list[Node | Star]:
    """Every node of the tree, parents before children."""
    children: tuple[Node | Star, ...] = ()
    if isinstance(node, IndexAccess):
        children = (node.target, node.index)
    elif isinstance(node, FunctionCall):
        children = node.args
    elif isinstance(node, Not):
        children = (node.operand,)
    elif isinstance(node, Comparison):
        children = (node.left, node.right)
    elif isinstance(node, Logical):
        children = node.operands
    elif isinstance(node, Grouping):
        children = (node.inner,)
    nodes: list[Node | Star] = [node]
    for child in children:
        nodes.extend(walk(child))
    return nodes

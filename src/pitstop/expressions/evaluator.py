"""The evaluator: a syntax tree and the contexts -> a value, with GitHub's semantics."""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping, Sequence

from pitstop.expressions import ast
from pitstop.expressions.errors import ExpressionError
from pitstop.expressions.functions import (
    FUNCTIONS,
    FunctionError,
    Invocation,
    NoFailures,
    StatusFunctions,
)
from pitstop.expressions.values import (
    FilteredArray,
    as_array,
    as_object,
    coerce_string,
    compare,
    is_primitive,
    is_truthy,
    lookup,
    loose_equals,
    to_number,
    unique_items,
)

# GitHub stops an evaluation whose strings grow past this many bytes (2 bytes a character).
MAX_MEMORY_BYTES = 1024 * 1024

_ORDER_TESTS = {
    "<": lambda order: order < 0,
    "<=": lambda order: order <= 0,
    ">": lambda order: order > 0,
    ">=": lambda order: order >= 0,
}


class Evaluator:
    """Evaluates trees of one expression against one set of contexts."""

    def __init__(
        self,
        expression: str,
        contexts: Mapping[str, object],
        status: StatusFunctions | None = None,
    ) -> None:
        self.expression = expression
        self.contexts = contexts
        self.invocation = Invocation(contexts, status or NoFailures())
        self.memory = 0

    def evaluate(self, node: ast.Node | None) -> object:
        if node is None:
            return None
        return self._eval(node)

    def _eval(self, node: ast.Node) -> object:
        if isinstance(node, ast.Literal):
            return node.value
        if isinstance(node, ast.ContextAccess):
            return lookup(self.contexts, node.name)[1]
        if isinstance(node, ast.IndexAccess):
            return self._index(node)
        if isinstance(node, ast.FunctionCall):
            return self._call(node)
        if isinstance(node, ast.Not):
            return not is_truthy(self._eval(node.operand))
        if isinstance(node, ast.Comparison):
            return self._compare(node)
        if isinstance(node, ast.Logical):
            return self._logical(node)
        return self._eval(node.inner)

    def _logical(self, node: ast.Logical) -> object:
        stop_when = node.operator == "||"
        result: object = None
        for operand in node.operands:
            result = self._eval(operand)
            if is_truthy(result) is stop_when:
                break
        return result

    def _compare(self, node: ast.Comparison) -> bool:
        left, right = self._eval(node.left), self._eval(node.right)
        if node.operator == "==":
            return loose_equals(left, right)
        if node.operator == "!=":
            return not loose_equals(left, right)
        order = compare(left, right)
        return order is not None and bool(_ORDER_TESTS[node.operator](order))

    def _index(self, node: ast.IndexAccess) -> object:
        index = None if isinstance(node.index, ast.Star) else self._eval(node.index)
        target = self._eval(node.target)
        key = _Key(index) if not isinstance(node.index, ast.Star) else None
        if isinstance(target, FilteredArray):
            return _filtered_access(target, key)
        array, mapping = as_array(target), as_object(target)
        if array is not None:
            return _array_access(array, key)
        if mapping is not None:
            return _object_access(mapping, key)
        return FilteredArray() if key is None else None

    def _call(self, node: ast.FunctionCall) -> object:
        args = [self._eval(arg) for arg in node.args]
        function = FUNCTIONS[node.name.lower()]
        try:
            result = function.call(self.invocation, args)
        except FunctionError as exc:
            raise self._error(str(exc), node.column) from None
        if isinstance(result, str):
            self.memory += 2 * len(result)
            if self.memory > MAX_MEMORY_BYTES:
                raise self._error("The maximum allowed memory size was exceeded", node.column)
        return result

    def _error(self, message: str, column: int) -> ExpressionError:
        return ExpressionError(
            message, kind="evaluation", column=column, expression=self.expression
        )


class _Key:
    """An evaluated index: as a property name, and as an array position when it is one."""

    def __init__(self, index: object) -> None:
        self.index = index
        self.name = coerce_string(index) if is_primitive(index) else None

    @functools.cached_property
    def position(self) -> int | None:
        number = to_number(self.index)
        return math.floor(number) if math.isfinite(number) and number >= 0 else None


def _array_access(array: Sequence[object], key: _Key | None) -> object:
    if key is None:
        return FilteredArray(array)
    if key.position is not None and key.position < len(array):
        return array[key.position]
    return None


def _object_access(mapping: Mapping[str, object], key: _Key | None) -> object:
    if key is None:
        return FilteredArray(value for _, value in unique_items(mapping))
    if key.name is None:
        return None
    return lookup(mapping, key.name)[1]


def _filtered_access(items: FilteredArray, key: _Key | None) -> FilteredArray:
    result = FilteredArray()
    for item in items:
        array, mapping = as_array(item), as_object(item)
        if mapping is not None:
            if key is None:
                result.extend(value for _, value in unique_items(mapping))
            elif key.name is not None:
                found, value = lookup(mapping, key.name)
                if found:
                    result.append(value)
        elif array is not None:
            if key is None:
                result.extend(array)
            elif key.position is not None and key.position < len(array):
                result.append(array[key.position])
    return result

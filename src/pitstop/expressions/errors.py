"""`ExpressionError`: what went wrong in an expression, and where (a 1-based column)."""

from __future__ import annotations

from typing import Literal

from pitstop.errors import Location, PitstopError

ErrorKind = Literal["lexing", "parsing", "evaluation"]

EXPRESSION_FILE = "<expression>"


class ExpressionError(PitstopError):
    """A syntax or evaluation error in a `${{ }}` expression.

    `column` is the 1-based offset of the offending character in `expression` (GitHub calls it
    the "position"); `kind` says which stage failed: lexing, parsing or evaluation.
    """

    def __init__(
        self,
        message: str,
        *,
        kind: ErrorKind,
        column: int,
        expression: str,
        length: int = 1,
        location: Location | None = None,
        hint: str | None = None,
    ) -> None:
        where = location or _location_in(expression, column, length)
        super().__init__(message, location=where, hint=hint)
        self.kind: ErrorKind = kind
        self.column = column
        self.expression = expression
        self.length = length

    def shifted(self, offset: int, text: str) -> ExpressionError:
        """The same error seen from a larger `text` in which the expression starts at `offset`."""
        return ExpressionError(
            self.message,
            kind=self.kind,
            column=self.column + offset,
            expression=text,
            length=self.length,
            hint=self.hint,
        )

    def relocated(self, location: Location) -> ExpressionError:
        """The same error, pointing at `location` (e.g. the expression's place in a file)."""
        return ExpressionError(
            self.message,
            kind=self.kind,
            column=self.column,
            expression=self.expression,
            length=self.length,
            location=location,
            hint=self.hint,
        )


def _location_in(expression: str, column: int, length: int) -> Location:
    """Turn a 1-based offset into a line and column of the (possibly multi-line) expression."""
    before = expression[: max(column - 1, 0)]
    line = before.count("\n") + 1
    line_start = before.rfind("\n") + 1
    lines = expression.split("\n")
    return Location(EXPRESSION_FILE, line, column - line_start, lines[line - 1], length)

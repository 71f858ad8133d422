"""Values of the expression language and GitHub's rules for converting between them.

Values are plain JSON-like Python objects: None, bool, int/float, str, list and dict (contexts
may hold any `Mapping` or `list`). This module owns coercion (to number, to string, truthiness),
loose equality, ordering, case-insensitive property lookup and JavaScript-style number and JSON
formatting.
"""

from __future__ import annotations

import decimal
import enum
import math
import re
from collections.abc import Mapping, Sequence

JS_WHITESPACE = (
    "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
)


DOTLESS_I = "\u0131"


class Kind(enum.Enum):
    NULL = "Null"
    BOOLEAN = "Boolean"
    NUMBER = "Number"
    STRING = "String"
    ARRAY = "Array"
    OBJECT = "Object"


class FilteredArray(list[object]):
    """The result of a `.*` or `[*]` filter: further property access maps over its items."""


def kind_of(value: object) -> Kind:
    kind = _KIND_OF_TYPE.get(type(value))
    if kind is not None:
        return kind
    if isinstance(value, bool):
        return Kind.BOOLEAN
    if isinstance(value, int | float):
        return Kind.NUMBER
    if isinstance(value, str):
        return Kind.STRING
    if isinstance(value, list | tuple):
        return Kind.ARRAY
    if isinstance(value, Mapping):
        return Kind.OBJECT
    raise TypeError(f"not an expression value: {type(value).__name__}")


_KIND_OF_TYPE: dict[type, Kind] = {
    type(None): Kind.NULL,
    bool: Kind.BOOLEAN,
    int: Kind.NUMBER,
    float: Kind.NUMBER,
    str: Kind.STRING,
    list: Kind.ARRAY,
    FilteredArray: Kind.ARRAY,
    dict: Kind.OBJECT,
}


def as_array(value: object) -> Sequence[object] | None:
    return value if isinstance(value, list | tuple) else None


def as_object(value: object) -> Mapping[str, object] | None:
    return value if isinstance(value, Mapping) else None


def is_primitive(value: object) -> bool:
    return kind_of(value) not in (Kind.ARRAY, Kind.OBJECT)


_DECIMAL = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_RADIX = {"0x": (re.compile(r"[0-9a-fA-F]+"), 16), "0o": (re.compile(r"[0-7]+"), 8)}
_RADIX["0b"] = (re.compile(r"[01]+"), 2)


def parse_number(text: str) -> float:
    """JavaScript's `Number(text)`: NaN when the text is not a number."""
    text = text.strip(JS_WHITESPACE)
    if not text:
        return 0.0
    radix = _RADIX.get(text[:2].lower())
    if radix is not None:
        pattern, base = radix
        return _int_to_float(int(text[2:], base)) if pattern.fullmatch(text[2:]) else math.nan
    if text in ("Infinity", "+Infinity"):
        return math.inf
    if text == "-Infinity":
        return -math.inf
    return float(text) if _DECIMAL.fullmatch(text) else math.nan


def _int_to_float(number: int) -> float:
    try:
        return float(number)
    except OverflowError:
        return math.inf


def to_number(value: object) -> float:
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        return parse_number(value)
    return 0.0 if value is None else math.nan


def is_truthy(value: object) -> bool:
    if value is None or isinstance(value, bool):
        return bool(value)
    if isinstance(value, int | float):
        return value != 0 and not math.isnan(value)
    if isinstance(value, str):
        return value != ""
    return True


def coerce_string(value: object) -> str:
    """A value as a string, as functions such as `format` and `join` see it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return format_number(float(value))
    if isinstance(value, str):
        return value
    return str(kind_of(value).value)


def format_number(number: float) -> str:
    """GitHub's number to string: at most 15 decimals, then JavaScript's shortest form."""
    if number == 0:
        return "0"
    if math.isfinite(number) and abs(number) < 1e21:
        with decimal.localcontext() as context:
            context.prec = 80
            exact = decimal.Decimal(number).quantize(
                decimal.Decimal("1e-15"), rounding=decimal.ROUND_HALF_UP
            )
        number = float(exact)
    return js_number(number)


def js_number(number: float) -> str:
    """JavaScript's `Number.prototype.toString()` for a double."""
    if math.isnan(number):
        return "NaN"
    if math.isinf(number):
        return "Infinity" if number > 0 else "-Infinity"
    if number == 0:
        return "0"
    if number < 0:
        return "-" + js_number(-number)
    _, digit_tuple, exponent = decimal.Decimal(repr(number)).normalize().as_tuple()
    digits = "".join(map(str, digit_tuple))
    k = len(digits)
    n = int(exponent) + k
    if k <= n <= 21:
        return digits + "0" * (n - k)
    if 0 < n <= 21:
        return digits[:n] + "." + digits[n:]
    if -6 < n <= 0:
        return "0." + "0" * (-n) + digits
    e = n - 1
    mantissa = digits if k == 1 else digits[0] + "." + digits[1:]
    return f"{mantissa}e{'+' if e >= 0 else '-'}{abs(e)}"


def fold(text: str) -> str:
    """Upper-case for case-insensitive comparison, leaving the dotless i alone as GitHub does."""
    return DOTLESS_I.join(part.upper() for part in text.split(DOTLESS_I))


def _utf16(text: str) -> bytes:
    return text.encode("utf-16-be", "surrogatepass")


def _coerce_pair(left: object, right: object) -> tuple[object, object]:
    """JavaScript's abstract equality coercions, except objects are never converted."""
    left_kind, right_kind = kind_of(left), kind_of(right)
    if left_kind is right_kind:
        return left, right
    if left_kind is Kind.NUMBER and right_kind is Kind.STRING:
        return left, to_number(right)
    if left_kind is Kind.STRING and right_kind is Kind.NUMBER:
        return to_number(left), right
    if left_kind in (Kind.NULL, Kind.BOOLEAN):
        return _coerce_pair(to_number(left), right)
    if right_kind in (Kind.NULL, Kind.BOOLEAN):
        return _coerce_pair(left, to_number(right))
    return left, right


def loose_equals(left: object, right: object) -> bool:
    left, right = _coerce_pair(left, right)
    kind = kind_of(left)
    if kind is not kind_of(right):
        return False
    if isinstance(left, str) and isinstance(right, str):
        return fold(left) == fold(right)
    if kind in (Kind.ARRAY, Kind.OBJECT):
        return left is right
    return left == right  # NaN != NaN, as GitHub says


def compare(left: object, right: object) -> int | None:
    """-1, 0 or 1 after coercion; None when the values are not ordered (NaN, objects, kinds)."""
    left, right = _coerce_pair(left, right)
    if kind_of(left) is not kind_of(right):
        return None
    if left is None:
        return 0
    if isinstance(left, str) and isinstance(right, str):
        a, b = _utf16(fold(left)), _utf16(fold(right))
        return (a > b) - (a < b)
    if isinstance(left, int | float) and isinstance(right, int | float):  # bool is an int
        if math.isnan(left) or math.isnan(right):
            return None
        return (left > right) - (left < right)
    return None


def lookup(mapping: Mapping[str, object], key: str) -> tuple[bool, object]:
    """Case-insensitive property lookup: the first key that matches, as GitHub does."""
    wanted = key.lower()
    for candidate, value in mapping.items():
        if candidate.lower() == wanted:
            return True, value
    return False, None


def unique_items(mapping: Mapping[str, object]) -> list[tuple[str, object]]:
    """The properties GitHub sees: later keys that differ only in case are ignored."""
    seen: set[str] = set()
    items: list[tuple[str, object]] = []
    for key, value in mapping.items():
        folded = key.lower()
        if folded not in seen:
            seen.add(folded)
            items.append((key, value))
    return items


def to_json(value: object, indent: str = "  ", depth: int = 0) -> str:
    """JavaScript's `JSON.stringify(value, null, indent)` for expression values."""
    if isinstance(value, str):
        return json_string(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return js_number(float(value)) if math.isfinite(value) else "null"
    array, mapping = as_array(value), as_object(value)
    if array is not None:
        parts = [to_json(item, indent, depth + 1) for item in array]
        return _container("[", "]", parts, indent, depth)
    if mapping is not None:
        separator = ": " if indent else ":"
        parts = [
            json_string(k) + separator + to_json(v, indent, depth + 1)
            for k, v in unique_items(mapping)
        ]
        return _container("{", "}", parts, indent, depth)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    raise TypeError(f"not an expression value: {type(value).__name__}")


def _container(opening: str, closing: str, parts: list[str], indent: str, depth: int) -> str:
    if not parts:
        return opening + closing
    if not indent:
        return opening + ",".join(parts) + closing
    inner = "\n" + indent * (depth + 1)
    return opening + inner + ("," + inner).join(parts) + "\n" + indent * depth + closing


_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r"}
_ESCAPES["\t"] = "\\t"
_NEEDS_ESCAPE = re.compile(r'["\\\x00-\x1f\ud800-\udfff]')


def json_string(text: str) -> str:
    return '"' + _NEEDS_ESCAPE.sub(_escape, text) + '"'


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return _ESCAPES.get(char) or f"\\u{ord(char):04x}"


def plain(value: object) -> object:
    """A result as plain JSON-like Python: whole numbers as int, filtered arrays as lists."""
    if isinstance(value, FilteredArray):
        return list(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value

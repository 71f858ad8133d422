"""Hypothesis strategies that write expressions in GitHub's grammar, and their contexts."""

from __future__ import annotations

from hypothesis import strategies as st

CONTEXTS: dict[str, object] = {
    "github": {
        "ref": "refs/heads/main",
        "event_name": "push",
        "run_number": "845",
        "event": {"commits": [{"message": "Fix"}, {"message": "ci"}], "forced": False},
    },
    "matrix": {"python": "3.12", "Version": 3.1, "os": "ubuntu-latest", "flag": True},
    "env": {"EMPTY": "", "ZERO": "0", "NUM": "42", "HEX": "0x1F", "CASE": "MiXeD"},
    "items": [1, "1", True, None, {"a": 1}, [2, 3], "\u0131", "\u0130"],
    "objs": {"x": {"name": "a", "n": 1}, "y": {"name": "B", "n": 2.5}, "z": {"other": None}},
    "nothing": None,
}

PATHS = [
    "github",
    "github.ref",
    "GITHUB.Event_Name",
    "github.run_number",
    "github.event.commits",
    "github.event.commits.*.message",
    "github.event.commits[1].message",
    "github['event']['forced']",
    "matrix.python",
    "matrix.version",
    "matrix.flag",
    "matrix.missing",
    "matrix.*",
    "env.EMPTY",
    "env.zero",
    "env.NUM",
    "env.HEX",
    "env.case",
    "items",
    "items[0]",
    "items[4].a",
    "items.*",
    "items[*]",
    "items[5][1]",
    "items['1']",
    "objs.*.name",
    "objs.*.n",
    "objs.*.*",
    "objs[*].other",
    "nothing",
    "nothing.*",
    "nothing.field",
]

NUMBERS = [
    "0",
    "-0",
    "1",
    "-1",
    "+2",
    ".5",
    "1.",
    "0.1",
    "3.14159",
    "1e3",
    "1E-7",
    "1e21",
    "123456789012345678",
    "0x1F",
    "0o17",
    "NaN",
    "Infinity",
    "-Infinity",
    "0.000001",
    "0.0000001",
    "1.5e300",
]

# Includes the characters whose case folding differs between languages: \u00df, \u0131, \u0130.
STRING_CHARACTERS = 'abcAB01 .-_{}/\\"\u00df\u0131\u0130\u00e9\U0001f600\n\t,'
STRING_ALPHABET = st.sampled_from([*STRING_CHARACTERS, "''"])


@st.composite
def _string_literal(draw: st.DrawFn) -> str:
    parts = draw(st.lists(STRING_ALPHABET, max_size=8))
    # TypeScript unescapes only the first '' of a literal (the runner unescapes all); keep one.
    first = next((i for i, p in enumerate(parts) if p == "''"), None)
    parts = [p for i, p in enumerate(parts) if p != "''" or i == first]
    return "'" + "".join(parts) + "'"


def _float_literal(value: float) -> str:
    return repr(value).replace("inf", "Infinity").replace("nan", "NaN")


LEAVES = st.one_of(
    st.sampled_from(["null", "true", "false"]),
    st.sampled_from(NUMBERS),
    st.floats(allow_nan=False, allow_infinity=False, width=64).map(_float_literal),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    _string_literal(),
    st.sampled_from(PATHS),
)

BINARY = ["==", "!=", "<", "<=", ">", ">=", "&&", "||"]
FORMATS = ["'{0}'", "'{0}-{1}'", "'{{{0}}}'", "'{1}{0}'", "'x{0:y}'", "'{0'", "'}'"]
JSON_TEXTS = ["'[1,2,\"a\"]'", '\'{"b":1,"2":2,"1":3}\'', "'null'", "'1.50'", "'\"s\"'"]


def _compound(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    two = st.tuples(children, children)
    return st.one_of(
        children.map(lambda e: f"({e})"),
        children.map(lambda e: f"!{e}"),
        st.tuples(children, st.sampled_from(BINARY), children).map(" ".join),
        two.map(lambda p: f"contains({p[0]}, {p[1]})"),
        two.map(lambda p: f"startsWith({p[0]}, {p[1]})"),
        two.map(lambda p: f"endsWith({p[0]}, {p[1]})"),
        st.tuples(st.sampled_from(FORMATS), children, children).map(
            lambda p: f"format({p[0]}, {p[1]}, {p[2]})"
        ),
        two.map(lambda p: f"join({p[0]}, {p[1]})"),
        children.map(lambda e: f"join({e})"),
        children.map(lambda e: f"toJSON({e})"),
        children.map(lambda e: f"fromJSON(toJSON({e}))"),
        st.sampled_from(JSON_TEXTS).map(lambda t: f"fromJSON({t})"),
        two.map(lambda p: f"({p[0]})[{p[1]}]"),
        st.tuples(children, children, children).map(lambda p: f"case({p[0]}, {p[1]}, {p[2]})"),
    )


EXPRESSIONS: st.SearchStrategy[str] = st.recursive(LEAVES, _compound, max_leaves=12)

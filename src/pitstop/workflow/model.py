"""Typed, immutable records for a GitHub Actions workflow.

These records are the contract between the loader (YAML -> records), the planner and the
runner. Values that GitHub evaluates at run time (`if:`, `env` values, `with` inputs,
`runs-on`, matrix definitions, ...) are kept as they were written: a `Value` is the raw YAML
scalar or container, with `${{ }}` templates unevaluated. `if:` conditions are kept as the
raw string (without adding `${{ }}` or `success() &&`; the runner does that). A key that takes
a literal or an expression (`continue-on-error: true` or `${{ matrix.experimental }}`,
`timeout-minutes`, `max-parallel`) is a `LiteralOrExpression`: a `LiteralValue` or an
`ExpressionValue`, never a bare `bool | str`.

Every record carries `position`: where it starts in its file, for error messages.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Generic, Literal, TypeAlias, TypeVar

Scalar: TypeAlias = str | int | float | bool | None
# A YAML value as written: scalars, lists and mappings (mappings are read-only views).
Value: TypeAlias = Scalar | tuple["Value", ...] | Mapping[str, "Value"]


class _Empty(Mapping[str, object]):
    """A hashable empty mapping: a dataclass default (MappingProxyType is unhashable on 3.11)."""

    def __getitem__(self, key: str) -> object:
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0

    def __hash__(self) -> int:
        return 0


EMPTY: Mapping[str, Value] = _Empty()  # type: ignore[assignment]
EMPTY_STR: Mapping[str, str] = _Empty()  # type: ignore[assignment]

T = TypeVar("T")


@dataclass(frozen=True)
class LiteralValue(Generic[T]):
    """A value written as a literal (`continue-on-error: true`): known before the run."""

    value: T

    @property
    def written(self) -> T:
        return self.value


@dataclass(frozen=True)
class ExpressionValue:
    """A value written as a `${{ }}` expression: known only when the runner evaluates it."""

    text: str  # as written, with its `${{ }}`

    @property
    def written(self) -> str:
        return self.text


# A key that takes either (zizmor's `LoE<T>`): the runner evaluates it where it is used.
LiteralOrExpression: TypeAlias = LiteralValue[T] | ExpressionValue
BoolOrExpression: TypeAlias = LiteralOrExpression[bool]
NumberOrExpression: TypeAlias = LiteralOrExpression[float]  # an int is a float here
TRUE: BoolOrExpression = LiteralValue(True)
FALSE: BoolOrExpression = LiteralValue(False)


@dataclass(frozen=True)
class Position:
    """1-based line and column of a node in its workflow file."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class RunDefaults:
    """`defaults.run`: the default shell and working directory."""

    shell: str | None = None
    working_directory: str | None = None


@dataclass(frozen=True)
class Concurrency:
    """`concurrency:` as a group expression and whether to cancel the older run."""

    group: str
    cancel_in_progress: BoolOrExpression = FALSE


@dataclass(frozen=True)
class Permissions:
    """`permissions:`: `read-all`, `write-all`, `{}` or a scope -> level table."""

    preset: Literal["read-all", "write-all"] | None = None
    scopes: Mapping[str, str] = field(default_factory=lambda: EMPTY_STR)


@dataclass(frozen=True)
class EventFilter:
    """The filters of a `push` / `pull_request` / `pull_request_target` / ... trigger."""

    branches: tuple[str, ...] | None = None
    branches_ignore: tuple[str, ...] | None = None
    tags: tuple[str, ...] | None = None
    tags_ignore: tuple[str, ...] | None = None
    paths: tuple[str, ...] | None = None
    paths_ignore: tuple[str, ...] | None = None
    types: tuple[str, ...] | None = None
    workflows: tuple[str, ...] | None = None  # `workflow_run` only


@dataclass(frozen=True)
class Input:
    """A `workflow_dispatch` or `workflow_call` input."""

    name: str
    type: str = "string"  # string | boolean | number | choice | environment
    description: str | None = None
    required: bool = False
    default: Scalar = None
    options: tuple[str, ...] = ()


@dataclass(frozen=True)
class CallOutput:
    """A `workflow_call` output: `value` is an expression over `jobs.<id>.outputs`."""

    name: str
    value: str
    description: str | None = None


@dataclass(frozen=True)
class CallSecret:
    name: str
    required: bool = False
    description: str | None = None


@dataclass(frozen=True)
class Triggers:
    """`on:`. `events` maps every event name to its filter (an empty filter if none)."""

    events: Mapping[str, EventFilter]
    schedule: tuple[str, ...] = ()  # cron strings
    dispatch_inputs: Mapping[str, Input] = field(default_factory=lambda: MappingProxyType({}))
    call_inputs: Mapping[str, Input] = field(default_factory=lambda: MappingProxyType({}))
    call_outputs: Mapping[str, CallOutput] = field(default_factory=lambda: MappingProxyType({}))
    call_secrets: Mapping[str, CallSecret] = field(default_factory=lambda: MappingProxyType({}))

    def names(self) -> tuple[str, ...]:
        return tuple(self.events)


@dataclass(frozen=True)
class Strategy:
    """`strategy:`. `matrix` is kept raw (a mapping or an expression string) for expansion."""

    matrix: Value = None
    fail_fast: BoolOrExpression = TRUE
    max_parallel: NumberOrExpression | None = None


@dataclass(frozen=True)
class Service:
    """A `services.<id>` (or `container:`) definition."""

    id: str
    image: str
    env: Mapping[str, Value] = field(default_factory=lambda: EMPTY)
    ports: tuple[str, ...] = ()
    options: str | None = None
    volumes: tuple[str, ...] = ()
    credentials: Mapping[str, Value] | None = None
    position: Position | None = None


@dataclass(frozen=True)
class Environment:
    """`environment:` of a job: a name (possibly an expression) and an optional URL."""

    name: str
    url: str | None = None


@dataclass(frozen=True)
class Step:
    index: int  # 0-based position in the job
    position: Position
    id: str | None = None
    name: str | None = None
    if_: str | None = None
    run: str | None = None
    uses: str | None = None
    with_: Mapping[str, Value] = field(default_factory=lambda: EMPTY)
    env: Mapping[str, Value] = field(default_factory=lambda: EMPTY)
    shell: str | None = None
    working_directory: str | None = None
    continue_on_error: BoolOrExpression = FALSE
    timeout_minutes: NumberOrExpression | None = None

    @property
    def display_name(self) -> str:
        """GitHub's default step name: the name, else `Run <first line>` or `Run <action>`."""
        if self.name:
            return self.name
        if self.run is not None:
            first = self.run.strip().splitlines()[0] if self.run.strip() else ""
            return f"Run {first}"
        return f"Run {self.uses}"


@dataclass(frozen=True)
class Job:
    id: str
    position: Position
    name: str | None = None
    runs_on: Value = None
    needs: tuple[str, ...] = ()
    if_: str | None = None
    strategy: Strategy | None = None
    services: Mapping[str, Service] = field(default_factory=lambda: MappingProxyType({}))
    container: Service | None = None
    env: Mapping[str, Value] = field(default_factory=lambda: EMPTY)
    defaults: RunDefaults = RunDefaults()
    outputs: Mapping[str, str] = field(default_factory=lambda: EMPTY_STR)
    timeout_minutes: NumberOrExpression = LiteralValue(360)
    continue_on_error: BoolOrExpression = FALSE
    environment: Environment | None = None
    permissions: Permissions | None = None
    concurrency: Concurrency | None = None
    # A job that calls a reusable workflow has `uses` (and no steps).
    uses: str | None = None
    with_: Mapping[str, Value] = field(default_factory=lambda: EMPTY)
    secrets: Mapping[str, Value] | Literal["inherit"] | None = None
    steps: tuple[Step, ...] = ()


@dataclass(frozen=True)
class Workflow:
    path: str  # as given, e.g. ".github/workflows/ci.yml"
    on: Triggers
    jobs: Mapping[str, Job]  # in file order
    name: str | None = None
    run_name: str | None = None
    env: Mapping[str, Value] = field(default_factory=lambda: EMPTY)
    defaults: RunDefaults = RunDefaults()
    permissions: Permissions | None = None
    concurrency: Concurrency | None = None

    @property
    def file_name(self) -> str:
        return self.path.replace("\\", "/").rsplit("/", 1)[-1]

    @property
    def display_name(self) -> str:
        return self.name or self.path

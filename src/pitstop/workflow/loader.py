"""Workflow files -> `Workflow` records, with compiler-like errors for bad input.

The loader reports the FIRST problem it finds, in this order: YAML syntax (including
duplicate keys), then the structure top to bottom (unknown keys, wrong types, `run`/`uses`,
ids), then the `needs` graph (unknown jobs, cycles), then the syntax of every `${{ }}`
expression and `if:` condition in file order.
"""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType

from pitstop.workflow import limits, schema
from pitstop.workflow.events import read_triggers
from pitstop.workflow.expressions_check import check_expressions
from pitstop.workflow.model import (
    FALSE,
    TRUE,
    BoolOrExpression,
    Concurrency,
    Environment,
    ExpressionValue,
    Job,
    LiteralValue,
    NumberOrExpression,
    Permissions,
    RunDefaults,
    Service,
    Step,
    Strategy,
    Value,
    Workflow,
)
from pitstop.workflow.needs import find_cycle, unknown_hint, unknown_need
from pitstop.workflow.shape import Shape, raw
from pitstop.workflow.yaml import MapNode, Node, ScalarNode, SeqNode, read_yaml

WORKFLOW_DIR = Path(".github") / "workflows"


def load_workflows(root: Path) -> list[Workflow]:
    """Every `.github/workflows/*.yml|*.yaml` under `root`, sorted by file name."""
    directory = root / WORKFLOW_DIR
    files = sorted(
        path for path in directory.glob("*") if path.suffix in {".yml", ".yaml"} and path.is_file()
    )
    return [load_workflow(path, root) for path in files]


def load_workflow(path: Path, root: Path | None = None) -> Workflow:
    """Load one workflow file; `root` makes the recorded path relative to it."""
    display = str(path)
    if root is not None:
        try:
            display = path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            display = str(path)
    source, document = read_yaml(path, display)
    shape = Shape(source)
    workflow = _workflow(shape, document, display)
    check_expressions(shape, document)
    return workflow


def _workflow(shape: Shape, document: Node, path: str) -> Workflow:
    if isinstance(document, ScalarNode) and document.value is None:
        raise shape.error(
            document, "the workflow file is empty", hint="a workflow needs 'on:' and 'jobs:'"
        )
    top = shape.mapping(document, "a workflow")
    shape.keys(top, schema.WORKFLOW_KEYS, "the workflow")
    on = read_triggers(shape, shape.required(top, "on", "the workflow"))
    jobs = _jobs(shape, shape.required(top, "jobs", "the workflow"))
    return Workflow(
        path=path,
        on=on,
        jobs=jobs,
        name=shape.optional_string(top.get("name"), "'name'"),
        run_name=shape.optional_string(top.get("run-name"), "'run-name'"),
        env=_env(shape, top.get("env"), "'env'"),
        defaults=_defaults(shape, top.get("defaults")),
        permissions=_permissions(shape, top.get("permissions")),
        concurrency=_concurrency(shape, top.get("concurrency")),
    )


def _env(shape: Shape, node: Node | None, what: str) -> MappingProxyType[str, Value]:
    if node is None or (isinstance(node, ScalarNode) and node.value is None):
        return MappingProxyType({})
    if isinstance(node, ScalarNode) and isinstance(node.value, str) and "${{" in node.value:
        return MappingProxyType({})  # an expression producing the whole mapping: run time
    return shape.value_map(node, what)


def _defaults(shape: Shape, node: Node | None) -> RunDefaults:
    if node is None:
        return RunDefaults()
    table = shape.mapping(node, "'defaults'")
    shape.keys(table, schema.DEFAULTS_KEYS, "'defaults'")
    run = table.get("run")
    if run is None:
        return RunDefaults()
    run_table = shape.mapping(run, "'defaults.run'")
    shape.keys(run_table, schema.RUN_DEFAULTS_KEYS, "'defaults.run'")
    return RunDefaults(
        shell=shape.optional_string(run_table.get("shell"), "'shell'"),
        working_directory=shape.optional_string(
            run_table.get("working-directory"), "'working-directory'"
        ),
    )


def _permissions(shape: Shape, node: Node | None) -> Permissions | None:
    if node is None:
        return None
    if isinstance(node, ScalarNode):
        preset = shape.string(node, "'permissions'")
        if preset not in schema.PERMISSION_PRESETS:
            raise shape.error(
                node,
                f"unknown permissions preset {preset!r}",
                hint="use read-all, write-all, {} or a mapping of scopes",
            )
        return Permissions(preset=preset)  # type: ignore[arg-type]
    table = shape.mapping(node, "'permissions'")
    shape.keys(table, schema.PERMISSION_SCOPES, "'permissions'")
    scopes: dict[str, str] = {}
    for key, value in table.items():
        level = shape.string(value, f"the permission {key.value!r}")
        if level not in schema.PERMISSION_LEVELS:
            raise shape.error(
                value, f"unknown permission level {level!r}", hint="use read, write or none"
            )
        scopes[str(key.value)] = level
    return Permissions(scopes=MappingProxyType(scopes))


def _concurrency(shape: Shape, node: Node | None) -> Concurrency | None:
    if node is None:
        return None
    if isinstance(node, ScalarNode):
        return Concurrency(group=shape.string(node, "'concurrency'"))
    table = shape.mapping(node, "'concurrency'")
    shape.keys(table, schema.CONCURRENCY_KEYS, "'concurrency'")
    group = shape.string(shape.required(table, "group", "'concurrency'"), "'concurrency.group'")
    cancel = table.get("cancel-in-progress")
    return Concurrency(
        group=group,
        cancel_in_progress=(
            shape.bool_or_expression(cancel, "'cancel-in-progress'")
            if cancel is not None
            else FALSE
        ),
    )


def _jobs(shape: Shape, node: Node) -> MappingProxyType[str, Job]:
    table = shape.mapping(node, "'jobs'")
    if not table.entries:
        raise shape.error(table, "'jobs' is empty", hint="define at least one job")
    jobs: dict[str, Job] = {}
    needs_nodes: dict[str, Node] = {}
    for key, value in table.items():
        job_id = str(key.value)
        _check_job_id(shape, key, job_id, jobs)
        jobs[job_id] = _job(shape, job_id, value)
        job_table = value if isinstance(value, MapNode) else None
        if job_table is not None and "needs" in job_table:
            needs_nodes[job_id] = job_table.entries["needs"][1]
    _check_needs(shape, jobs, needs_nodes)
    return MappingProxyType(jobs)


def _check_job_id(shape: Shape, key: ScalarNode, job_id: str, jobs: dict[str, Job]) -> None:
    if not schema.IDENTIFIER.fullmatch(job_id) or job_id.startswith(schema.RESERVED_PREFIX):
        raise shape.error(
            key,
            f"invalid job id {job_id!r}",
            hint="a job id starts with a letter or '_' (not '__'), contains only letters, "
            "digits, '-' and '_', and is shorter than 100 characters",
        )
    same = [other for other in jobs if other.lower() == job_id.lower()]
    if same:
        raise shape.error(
            key,
            f"the job id {job_id!r} is already defined as {same[0]!r}",
            hint="job ids are case-insensitive; rename one of the jobs",
        )


def _check_needs(shape: Shape, jobs: dict[str, Job], nodes: dict[str, Node]) -> None:
    graph = {job_id: job.needs for job_id, job in jobs.items()}
    missing = unknown_need(graph)
    if missing is not None:
        job_id, index, name = missing
        node = nodes[job_id]
        at = node.items[index] if isinstance(node, SeqNode) else node
        raise shape.error(
            at,
            f"job {job_id!r} needs {name!r}, which is not a job in this workflow",
            hint=unknown_hint(name, [j for j in jobs if j != job_id]),
        )
    cycle = find_cycle(graph)
    if cycle is not None:
        raise shape.error(
            nodes[cycle[0]],
            "the jobs' needs form a cycle: " + " -> ".join(cycle),
            hint="remove one of these needs so the jobs can run in order",
        )


def _job(shape: Shape, job_id: str, node: Node) -> Job:
    table = shape.mapping(node, f"the job {job_id!r}")
    shape.keys(table, schema.JOB_KEYS, f"the job {job_id!r}")
    uses = table.get("uses")
    if uses is not None:
        return _caller_job(shape, job_id, table, uses)
    for key, _value in table.items():
        if key.value in schema.CALLER_JOB_KEYS - schema.STEP_JOB_KEYS:
            raise shape.error(
                key,
                f"{key.value!r} is only valid in a job that calls a reusable workflow",
                hint="add 'uses:' with the workflow to call, or remove this key",
            )
    if "runs-on" not in table:
        raise shape.error(
            table, f"the job {job_id!r} has no 'runs-on'", hint="add e.g. 'runs-on: ubuntu-latest'"
        )
    steps_node = table.get("steps")
    return Job(
        id=job_id,
        position=shape.position(table),
        runs_on=_runs_on(shape, table.entries["runs-on"][1]),
        steps=_steps(shape, job_id, steps_node) if steps_node is not None else (),
        services=_services(shape, table.get("services")),
        container=_container(shape, table.get("container")),
        env=_env(shape, table.get("env"), f"the env of {job_id!r}"),
        defaults=_defaults(shape, table.get("defaults")),
        outputs=_outputs(shape, table.get("outputs")),
        timeout_minutes=_number(shape, table.get("timeout-minutes"), "'timeout-minutes'", 360),
        continue_on_error=_flag(shape, table.get("continue-on-error"), "'continue-on-error'"),
        environment=_environment(shape, table.get("environment")),
        **_common(shape, table),  # type: ignore[arg-type]
    )


def _caller_job(shape: Shape, job_id: str, table: MapNode, uses: Node) -> Job:
    for key, _value in table.items():
        if key.value not in schema.CALLER_JOB_KEYS:
            raise shape.error(
                key,
                f"{key.value!r} is not allowed in a job that calls a reusable workflow",
                hint="allowed: " + ", ".join(sorted(schema.CALLER_JOB_KEYS)),
            )
    secrets_node = table.get("secrets")
    secrets: object = None
    if secrets_node is not None:
        if isinstance(secrets_node, ScalarNode) and secrets_node.value == "inherit":
            secrets = "inherit"
        else:
            secrets = shape.value_map(secrets_node, "'secrets'")
    with_node = table.get("with")
    return Job(
        id=job_id,
        position=shape.position(table),
        uses=shape.string(uses, "'uses'"),
        with_=shape.value_map(with_node, "'with'")
        if with_node is not None
        else MappingProxyType({}),
        secrets=secrets,  # type: ignore[arg-type]
        **_common(shape, table),  # type: ignore[arg-type]
    )


def _common(shape: Shape, table: MapNode) -> dict[str, object]:
    """The keys both kinds of job share."""
    needs = table.get("needs")
    return {
        "name": shape.optional_string(table.get("name"), "'name'"),
        "needs": _needs(shape, needs) if needs is not None else (),
        "if_": _condition(shape, table.get("if")),
        "strategy": _strategy(shape, table.get("strategy")),
        "permissions": _permissions(shape, table.get("permissions")),
        "concurrency": _concurrency(shape, table.get("concurrency")),
    }


def _needs(shape: Shape, node: Node) -> tuple[str, ...]:
    names = shape.strings(node, "'needs'")
    items = node.items if isinstance(node, SeqNode) else (node,)
    seen: set[str] = set()
    for name, item in zip(names, items, strict=True):
        if name in seen:
            raise shape.error(item, f"'needs' lists {name!r} twice", hint="remove the repetition")
        seen.add(name)
    return names


def _condition(shape: Shape, node: Node | None) -> str | None:
    return shape.optional_string(node, "'if'")


def _number(shape: Shape, node: Node | None, what: str, default: float) -> NumberOrExpression:
    if node is None:
        return LiteralValue(default)
    value = shape.number_or_expression(node, what)
    problem = None
    if isinstance(value, LiteralValue):
        problem = limits.minutes_problem(float(value.value))
    if problem is not None:
        raise shape.error(node, f"{what} {problem}", hint=limits.HINT)
    return value


def _flag(shape: Shape, node: Node | None, what: str) -> BoolOrExpression:
    if node is None:
        return FALSE
    return shape.bool_or_expression(node, what)


def _runs_on(shape: Shape, node: Node) -> Value:
    if isinstance(node, MapNode):
        shape.keys(node, {"group", "labels"}, "'runs-on'")
        return raw(node)
    if isinstance(node, SeqNode):
        return shape.strings(node, "'runs-on'")
    return shape.string(node, "'runs-on'")


def _strategy(shape: Shape, node: Node | None) -> Strategy | None:
    if node is None:
        return None
    table = shape.mapping(node, "'strategy'")
    shape.keys(table, schema.STRATEGY_KEYS, "'strategy'")
    matrix = table.get("matrix")
    if matrix is not None:
        _check_matrix(shape, matrix)
    fail_fast = table.get("fail-fast")
    max_parallel = table.get("max-parallel")
    return Strategy(
        matrix=raw(matrix) if matrix is not None else None,
        fail_fast=shape.bool_or_expression(fail_fast, "'fail-fast'")
        if fail_fast is not None
        else TRUE,
        max_parallel=(_max_parallel(shape, max_parallel) if max_parallel is not None else None),
    )


def _max_parallel(shape: Shape, node: Node) -> NumberOrExpression:
    value = shape.number_or_expression(node, "'max-parallel'")
    if isinstance(value, ExpressionValue):
        return value
    if not isinstance(value.value, int) or value.value < 1:
        raise shape.error(node, "'max-parallel' must be a whole number of at least 1")
    return value


def _check_matrix(shape: Shape, node: Node) -> None:
    if _is_expression(node):
        return
    table = shape.mapping(node, "'matrix'")
    if not table.entries:
        raise shape.error(table, "the matrix is empty", hint="add at least one dimension")
    for key, value in table.items():
        if _is_expression(value):
            continue
        name = str(key.value)
        if name in {"include", "exclude"}:
            for entry in shape.sequence(value, f"matrix.{name}").items:
                if not _is_expression(entry):
                    shape.mapping(entry, f"each entry of matrix.{name}")
            continue
        dimension = shape.sequence(value, f"the matrix dimension {name!r}")
        if not dimension.items:
            raise shape.error(
                value, f"the matrix dimension {name!r} has no values", hint="list at least one"
            )


def _is_expression(node: Node) -> bool:
    return isinstance(node, ScalarNode) and isinstance(node.value, str) and "${{" in node.value


def _services(shape: Shape, node: Node | None) -> MappingProxyType[str, Service]:
    if node is None:
        return MappingProxyType({})
    table = shape.mapping(node, "'services'")
    return MappingProxyType(
        {str(key.value): _service(shape, str(key.value), value) for key, value in table.items()}
    )


def _container(shape: Shape, node: Node | None) -> Service | None:
    if node is None:
        return None
    if isinstance(node, ScalarNode):
        return Service(
            "container", shape.string(node, "'container'"), position=shape.position(node)
        )
    return _service(shape, "container", node)


def _service(shape: Shape, name: str, node: Node) -> Service:
    if isinstance(node, ScalarNode):  # `redis: redis:7`, the image alone
        return Service(name, shape.string(node, "an image"), position=shape.position(node))
    table = shape.mapping(node, f"the service {name!r}")
    shape.keys(table, schema.SERVICE_KEYS, f"the service {name!r}")
    image = shape.string(shape.required(table, "image", f"the service {name!r}"), "'image'")
    credentials = table.get("credentials")
    if credentials is not None:
        shape.keys(
            shape.mapping(credentials, "'credentials'"), schema.CREDENTIALS_KEYS, "'credentials'"
        )
    ports, volumes = table.get("ports"), table.get("volumes")
    return Service(
        id=name,
        image=image,
        env=_env(shape, table.get("env"), f"the env of the service {name!r}"),
        ports=shape.string_list(ports, "'ports'") if ports is not None else (),
        options=shape.optional_string(table.get("options"), "'options'"),
        volumes=shape.string_list(volumes, "'volumes'") if volumes is not None else (),
        credentials=shape.value_map(credentials, "'credentials'") if credentials else None,
        position=shape.position(table),
    )


def _outputs(shape: Shape, node: Node | None) -> MappingProxyType[str, str]:
    if node is None:
        return MappingProxyType({})
    return shape.string_map(node, "'outputs'")


def _environment(shape: Shape, node: Node | None) -> Environment | None:
    if node is None:
        return None
    if isinstance(node, ScalarNode):
        return Environment(shape.string(node, "'environment'"))
    table = shape.mapping(node, "'environment'")
    shape.keys(table, schema.ENVIRONMENT_KEYS, "'environment'")
    return Environment(
        shape.string(shape.required(table, "name", "'environment'"), "'environment.name'"),
        shape.optional_string(table.get("url"), "'environment.url'"),
    )


def _steps(shape: Shape, job_id: str, node: Node) -> tuple[Step, ...]:
    items = shape.sequence(node, f"the steps of {job_id!r}").items
    steps = tuple(_step(shape, index, item) for index, item in enumerate(items))
    seen: set[str] = set()
    for step, item in zip(steps, items, strict=True):
        if step.id is not None and step.id in seen:
            assert isinstance(item, MapNode)
            raise shape.error(
                item.entries["id"][1],
                f"the step id {step.id!r} is used twice in the job {job_id!r}",
                hint="step ids must be unique within a job",
            )
        if step.id is not None:
            seen.add(step.id)
    return steps


def _step(shape: Shape, index: int, node: Node) -> Step:
    table = shape.mapping(node, "a step")
    shape.keys(table, schema.STEP_KEYS, "a step")
    run, uses = table.get("run"), table.get("uses")
    if run is not None and uses is not None:
        raise shape.error(
            table.entries["uses"][0],
            "a step cannot have both 'run' and 'uses'",
            hint="split it into two steps",
        )
    if run is None and uses is None:
        raise shape.error(
            table, "a step needs either 'run' or 'uses'", hint="add 'run:' or 'uses:'"
        )
    with_node = table.get("with")
    if with_node is not None and run is not None:
        raise shape.error(
            table.entries["with"][0], "'with' is only valid with 'uses'", hint="remove 'with:'"
        )
    return Step(
        index=index,
        position=shape.position(table),
        id=_step_id(shape, table.get("id")),
        name=shape.optional_string(table.get("name"), "'name'"),
        if_=_condition(shape, table.get("if")),
        run=shape.string(run, "'run'") if run is not None else None,
        uses=_step_uses(shape, uses) if uses is not None else None,
        with_=(
            shape.value_map(with_node, "'with'") if with_node is not None else MappingProxyType({})
        ),
        env=_env(shape, table.get("env"), "the env of a step"),
        shell=shape.optional_string(table.get("shell"), "'shell'"),
        working_directory=shape.optional_string(
            table.get("working-directory"), "'working-directory'"
        ),
        continue_on_error=_flag(shape, table.get("continue-on-error"), "'continue-on-error'"),
        timeout_minutes=(
            _number(shape, table.get("timeout-minutes"), "'timeout-minutes'", 0)
            if "timeout-minutes" in table
            else None
        ),
    )


def _step_uses(shape: Shape, node: Node) -> str:
    uses = shape.string(node, "'uses'")
    if not schema.STEP_USES.fullmatch(uses):
        raise shape.error(
            node,
            f"invalid 'uses': {uses!r}",
            hint="expected {owner}/{repo}[/path]@ref, ./path/to/action or docker://image",
        )
    return uses


def _step_id(shape: Shape, node: Node | None) -> str | None:
    if node is None:
        return None
    step_id = shape.string(node, "'id'")
    if not schema.IDENTIFIER.fullmatch(step_id):
        raise shape.error(
            node,
            f"invalid step id {step_id!r}",
            hint="a step id starts with a letter or '_' and contains only letters, digits, "
            "'-' and '_'",
        )
    return step_id

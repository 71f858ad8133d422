"""`on:` -> `Triggers`: a string, a list of event names, or a mapping of events to filters."""

from __future__ import annotations

from types import MappingProxyType

from pitstop.workflow import schema
from pitstop.workflow.model import CallOutput, CallSecret, EventFilter, Input, Triggers
from pitstop.workflow.shape import Shape, suggest
from pitstop.workflow.yaml import MapNode, Node, ScalarNode, SeqNode


def read_triggers(shape: Shape, node: Node) -> Triggers:
    if isinstance(node, ScalarNode):
        return Triggers(events=MappingProxyType({_event_name(shape, node): EventFilter()}))
    if isinstance(node, SeqNode):
        names = [_event_name(shape, item) for item in node.items]
        return Triggers(events=MappingProxyType({name: EventFilter() for name in names}))
    return _from_mapping(shape, shape.mapping(node, "'on'"))


def _event_name(shape: Shape, node: Node) -> str:
    name = shape.string(node, "an event name")
    if name not in schema.EVENTS:
        raise shape.error(node, f"unknown event {name!r}", hint=suggest(name, schema.EVENTS))
    if name == "schedule":
        raise shape.error(
            node,
            "'schedule' needs a list of cron entries",
            hint="write on: {schedule: [{cron: '0 3 * * 1'}]}",
        )
    return name


def _from_mapping(shape: Shape, node: MapNode) -> Triggers:
    events: dict[str, EventFilter] = {}
    schedule: tuple[str, ...] = ()
    parts: dict[str, object] = {}
    for key, value in node.items():
        name = str(key.value)
        if name not in schema.EVENTS:
            raise shape.error(key, f"unknown event {name!r}", hint=suggest(name, schema.EVENTS))
        if name == "schedule":
            schedule = _schedule(shape, value)
            events[name] = EventFilter()
            continue
        options = _options(shape, name, value)
        events[name] = _filter(shape, name, options)
        if name == "workflow_dispatch" and options is not None:
            parts["dispatch_inputs"] = _inputs(shape, options, name)
        if name == "workflow_call" and options is not None:
            parts.update(_call(shape, options))
    return Triggers(events=MappingProxyType(events), schedule=schedule, **parts)  # type: ignore[arg-type]


def _options(shape: Shape, event: str, node: Node) -> MapNode | None:
    if isinstance(node, ScalarNode) and node.value is None:
        return None
    options = shape.mapping(node, f"the options of {event!r}")
    if event not in schema.LENIENT_EVENTS:
        shape.keys(options, schema.EVENTS[event], f"the {event!r} trigger")
    for first, second in schema.EXCLUSIVE_FILTERS:
        if first in options and second in options:
            raise shape.error(
                options.entries[second][0],
                f"{event!r} cannot have both {first!r} and {second!r}",
                hint=f"use {first!r} with '!' patterns to exclude instead",
            )
    return options


def _filter(shape: Shape, event: str, options: MapNode | None) -> EventFilter:
    if options is None:
        return EventFilter()
    fields: dict[str, tuple[str, ...]] = {}
    for key in ("branches", "branches-ignore", "tags", "tags-ignore", "paths", "paths-ignore"):
        value = options.get(key)
        if value is not None:
            fields[key.replace("-", "_")] = shape.string_list(value, f"{event}.{key}")
    for key in ("types", "workflows"):
        value = options.get(key)
        if value is not None:
            fields[key] = shape.string_list(value, f"{event}.{key}")
    return EventFilter(**fields)


def _schedule(shape: Shape, node: Node) -> tuple[str, ...]:
    entries = shape.sequence(node, "'schedule'")
    crons = []
    for entry in entries.items:
        table = shape.mapping(entry, "a schedule entry")
        shape.keys(table, {"cron"}, "a schedule entry")
        cron = shape.string(shape.required(table, "cron", "a schedule entry"), "'cron'")
        cron_node = table.get("cron")
        if len(cron.split()) != 5 and cron_node is not None:
            raise shape.error(
                cron_node,
                f"invalid cron expression {cron!r}: expected 5 fields",
                hint="minute hour day-of-month month day-of-week, e.g. '30 5 * * 1-5'",
            )
        crons.append(cron)
    return tuple(crons)


def _inputs(shape: Shape, options: MapNode, event: str) -> MappingProxyType[str, Input]:
    node = options.get("inputs")
    if node is None or (isinstance(node, ScalarNode) and node.value is None):
        return MappingProxyType({})
    table = shape.mapping(node, f"{event}.inputs")
    is_call = event == "workflow_call"
    keys = schema.CALL_INPUT_KEYS if is_call else schema.DISPATCH_INPUT_KEYS
    types = schema.CALL_INPUT_TYPES if is_call else schema.DISPATCH_INPUT_TYPES
    return MappingProxyType(
        {
            str(key.value): _input(shape, str(key.value), value, keys, types)
            for key, value in table.items()
        }
    )


def _input(
    shape: Shape, name: str, node: Node, keys: frozenset[str], types: frozenset[str]
) -> Input:
    if isinstance(node, ScalarNode) and node.value is None:
        return Input(name)
    table = shape.mapping(node, f"the input {name!r}")
    shape.keys(table, keys, f"the input {name!r}")
    type_node = table.get("type")
    kind = shape.string(type_node, "'type'") if type_node is not None else "string"
    if type_node is not None and kind not in types:
        raise shape.error(type_node, f"unknown input type {kind!r}", hint=suggest(kind, types))
    options_node = table.get("options")
    options = shape.string_list(options_node, "'options'") if options_node is not None else ()
    if kind == "choice" and not options:
        raise shape.error(table, f"the choice input {name!r} needs 'options'", hint="add options:")
    default = table.get("default")
    required = table.get("required")
    return Input(
        name=name,
        type=kind,
        description=shape.optional_string(table.get("description"), "'description'"),
        required=shape.boolean(required, "'required'") if required is not None else False,
        default=default.value if isinstance(default, ScalarNode) else None,
        options=options,
    )


def _call(shape: Shape, options: MapNode) -> dict[str, object]:
    parts: dict[str, object] = {"call_inputs": _inputs(shape, options, "workflow_call")}
    outputs: dict[str, CallOutput] = {}
    node = options.get("outputs")
    if node is not None and not (isinstance(node, ScalarNode) and node.value is None):
        for key, value in shape.mapping(node, "workflow_call.outputs").items():
            name = str(key.value)
            table = shape.mapping(value, f"the output {name!r}")
            shape.keys(table, schema.CALL_OUTPUT_KEYS, f"the output {name!r}")
            outputs[name] = CallOutput(
                name,
                shape.string(shape.required(table, "value", f"the output {name!r}"), "'value'"),
                shape.optional_string(table.get("description"), "'description'"),
            )
    secrets: dict[str, CallSecret] = {}
    node = options.get("secrets")
    if node is not None and not (isinstance(node, ScalarNode) and node.value is None):
        for key, value in shape.mapping(node, "workflow_call.secrets").items():
            secrets[str(key.value)] = _secret(shape, str(key.value), value)
    parts["call_outputs"] = MappingProxyType(outputs)
    parts["call_secrets"] = MappingProxyType(secrets)
    return parts


def _secret(shape: Shape, name: str, node: Node) -> CallSecret:
    if isinstance(node, ScalarNode) and node.value is None:
        return CallSecret(name)
    table = shape.mapping(node, f"the secret {name!r}")
    shape.keys(table, schema.CALL_SECRET_KEYS, f"the secret {name!r}")
    required = table.get("required")
    return CallSecret(
        name,
        shape.boolean(required, "'required'") if required is not None else False,
        shape.optional_string(table.get("description"), "'description'"),
    )

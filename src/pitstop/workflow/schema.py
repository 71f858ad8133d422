"""The keys GitHub accepts at each level of a workflow, as plain tables."""

from __future__ import annotations

import re

WORKFLOW_KEYS = frozenset(
    {
        "name",
        "description",
        "run-name",
        "on",
        "env",
        "defaults",
        "permissions",
        "concurrency",
        "jobs",
    }
)

STEP_JOB_KEYS = frozenset(
    {
        "name",
        "runs-on",
        "needs",
        "if",
        "strategy",
        "services",
        "container",
        "env",
        "defaults",
        "outputs",
        "timeout-minutes",
        "cancel-timeout-minutes",
        "continue-on-error",
        "environment",
        "permissions",
        "concurrency",
        "steps",
        "snapshot",
    }
)

# A job that calls a reusable workflow (`uses:`) accepts only these.
CALLER_JOB_KEYS = frozenset(
    {"name", "uses", "with", "secrets", "needs", "if", "permissions", "strategy", "concurrency"}
)

JOB_KEYS = STEP_JOB_KEYS | CALLER_JOB_KEYS

STEP_KEYS = frozenset(
    {
        "id",
        "name",
        "if",
        "run",
        "uses",
        "with",
        "env",
        "shell",
        "working-directory",
        "continue-on-error",
        "timeout-minutes",
    }
)

STRATEGY_KEYS = frozenset({"matrix", "fail-fast", "max-parallel"})
SERVICE_KEYS = frozenset({"image", "credentials", "env", "ports", "volumes", "options"})
CREDENTIALS_KEYS = frozenset({"username", "password"})
ENVIRONMENT_KEYS = frozenset({"name", "url", "deployment"})
CONCURRENCY_KEYS = frozenset({"group", "cancel-in-progress", "queue"})
DEFAULTS_KEYS = frozenset({"run"})
RUN_DEFAULTS_KEYS = frozenset({"shell", "working-directory"})

PERMISSION_SCOPES = frozenset(
    {
        "actions",
        "attestations",
        "checks",
        "contents",
        "deployments",
        "discussions",
        "id-token",
        "issues",
        "models",
        "packages",
        "pages",
        "pull-requests",
        "repository-projects",
        "security-events",
        "statuses",
    }
)
PERMISSION_LEVELS = frozenset({"read", "write", "none"})
PERMISSION_PRESETS = frozenset({"read-all", "write-all"})

# Event name -> the filter keys it accepts (an empty set: the event takes no options).
_TYPES = frozenset({"types"})
EVENTS: dict[str, frozenset[str]] = {
    "push": frozenset(
        {"branches", "branches-ignore", "tags", "tags-ignore", "paths", "paths-ignore"}
    ),
    "pull_request": frozenset({"branches", "branches-ignore", "paths", "paths-ignore", "types"}),
    "pull_request_target": frozenset(
        {"branches", "branches-ignore", "paths", "paths-ignore", "types"}
    ),
    "workflow_run": frozenset({"workflows", "types", "branches", "branches-ignore"}),
    "workflow_dispatch": frozenset({"inputs"}),
    "workflow_call": frozenset({"inputs", "outputs", "secrets"}),
    "schedule": frozenset(),
    "branch_protection_rule": _TYPES,
    "check_run": _TYPES,
    "check_suite": _TYPES,
    "create": frozenset(),
    "delete": frozenset(),
    "deployment": frozenset(),
    "deployment_status": frozenset(),
    "discussion": _TYPES,
    "discussion_comment": _TYPES,
    "fork": frozenset(),
    "gollum": frozenset(),
    "image_version": frozenset({"names", "versions", "types"}),
    "issue_comment": _TYPES,
    "issues": _TYPES,
    "label": _TYPES,
    "merge_group": frozenset({"branches", "branches-ignore", "types"}),
    "milestone": _TYPES,
    "page_build": frozenset(),
    "project": _TYPES,
    "project_card": _TYPES,
    "project_column": _TYPES,
    "public": frozenset(),
    "pull_request_comment": _TYPES,
    "pull_request_review": _TYPES,
    "pull_request_review_comment": _TYPES,
    "registry_package": _TYPES,
    "release": _TYPES,
    "repository_dispatch": _TYPES,
    "status": frozenset(),
    "watch": _TYPES,
}

# Filters that exclude each other on one event.
EXCLUSIVE_FILTERS = (
    ("branches", "branches-ignore"),
    ("tags", "tags-ignore"),
    ("paths", "paths-ignore"),
)

DISPATCH_INPUT_KEYS = frozenset({"description", "required", "default", "type", "options"})
DISPATCH_INPUT_TYPES = frozenset({"string", "boolean", "number", "choice", "environment"})
CALL_INPUT_KEYS = frozenset({"description", "required", "default", "type"})
CALL_INPUT_TYPES = frozenset({"string", "boolean", "number"})
CALL_OUTPUT_KEYS = frozenset({"description", "value"})
CALL_SECRET_KEYS = frozenset({"description", "required"})

# Job ids and step ids: a letter or `_`, then letters, digits, `-` and `_` (`__` is reserved).
IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_-]{0,99}")
RESERVED_PREFIX = "__"

# Events whose unknown options GitHub ignores instead of rejecting.
LENIENT_EVENTS = frozenset({"workflow_dispatch"})

# `uses:` of a step: an action in a repository, a local action, or a Docker image.
STEP_USES = re.compile(r"(?:\./.*|docker://.+|[^/@]+/[^/@]+(?:/[^@]*)?@.+)", re.DOTALL)

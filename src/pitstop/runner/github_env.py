"""The environment a step's process sees: the host's, GitHub's default variables, then the
workflow, job, GITHUB_ENV and step `env:` (later wins), and PATH with GITHUB_PATH in front.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from pitstop.runner import envfiles
from pitstop.workflow.model import Step

if TYPE_CHECKING:
    from pitstop.runner.job_execution import JobExecution

# github context key -> variable (GITHUB_<KEY> unless listed otherwise).
_GITHUB_KEYS = (
    "action_path", "actor", "actor_id", "api_url", "base_ref", "event_name", "event_path",
    "graphql_url", "head_ref", "job", "ref", "ref_name", "ref_protected", "ref_type",
    "repository", "repository_id", "repository_owner", "repository_owner_id", "retention_days",
    "run_attempt", "run_id", "run_number", "server_url", "sha", "triggering_actor", "workflow",
    "workflow_ref", "workflow_sha", "workspace",
)  # fmt: skip
_RUNNER_KEYS = ("arch", "name", "os", "temp", "tool_cache", "environment")


def default_variables(github: Mapping[str, object], runner: Mapping[str, object]) -> dict[str, str]:
    """CI, GITHUB_ACTIONS, GITHUB_* and RUNNER_* as GitHub sets them."""
    env = {"CI": "true", "GITHUB_ACTIONS": "true"}
    for key in _GITHUB_KEYS:
        value = github.get(key)
        if value is not None:
            env[f"GITHUB_{key.upper()}"] = _string(value)
    for key in _RUNNER_KEYS:
        value = runner.get(key)
        if value is not None:
            env[f"RUNNER_{key.upper()}"] = _string(value)
    return env


def _string(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def step_environment(
    execution: JobExecution,
    step: Step,
    step_env: Mapping[str, str],
    files: envfiles.StepFiles,
) -> dict[str, str]:
    x = execution
    github = x.contexts["github"]
    runner = x.contexts["runner"]
    assert isinstance(github, dict) and isinstance(runner, dict)
    env = dict(x.settings.base_env)
    env.update(default_variables(github, runner))
    env["GITHUB_ACTION"] = step.id or f"__run_{step.index}"
    env.update(x.env)
    env.update(step_env)
    env.update(files.env())
    env["PATH"] = envfiles.path_value(x.path, env.get("PATH", ""))
    return env

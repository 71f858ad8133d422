"""The environment a step's process sees: the host's (`host_env`), the job's own home
(`job_home`), GitHub's default variables, then the workflow, job, GITHUB_ENV and step `env:`
(later wins), and PATH with GITHUB_PATH in front.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from pitstop.github import envfiles
from pitstop.runner.contexts import default_env
from pitstop.workflow.model import Step

if TYPE_CHECKING:
    from pitstop.runner.job_execution import JobExecution


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
    env.update(x.home_env)
    env.update(default_env(github, {k: str(v) for k, v in runner.items()}))
    env["GITHUB_ACTION"] = step.id or f"__run_{step.index}"
    env.update(x.env)
    env.update(step_env)
    env.update(files.env())
    env["PATH"] = envfiles.path_value(x.path, env.get("PATH", ""))
    return env

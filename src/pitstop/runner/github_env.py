"""The environment a step's process sees: the host's (`host_env`), the job's own home
(`job_home`), GitHub's default variables, then the workflow, job, GITHUB_ENV and step `env:`
(later wins), and PATH with GITHUB_PATH in front.
"""

from __future__ import annotations

from collections.abc import Mapping

from pitstop.github import envfiles
from pitstop.runner.contexts import default_env
from pitstop.runner.step_io import StepScope
from pitstop.workflow.model import Step


def step_environment(
    scope: StepScope,
    base_env: Mapping[str, str],
    step: Step,
    step_env: Mapping[str, str],
    files: envfiles.StepFiles,
) -> dict[str, str]:
    """`base_env`: the host's variables a step keeps (`RunSettings.base_env`)."""
    job = scope.job_contexts
    env = dict(base_env)
    env.update(scope.home_env)
    env.update(default_env(job.github, {k: str(v) for k, v in job.runner.items()}))
    env["GITHUB_ACTION"] = step.id or f"__run_{step.index}"
    env.update(scope.env)
    env.update(step_env)
    env.update(files.env())
    env["PATH"] = envfiles.path_value(scope.path, env.get("PATH", ""))
    return env

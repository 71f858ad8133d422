"""pre-commit/action, natively: `pre-commit run --show-diff-on-failure --color=always <extra_args>`.

Honoured input: `extra_args` (default `--all-files`), split like a shell would.

The real action pip-installs pre-commit and caches `~/.cache/pre-commit`; locally the
pre-commit on the step's PATH is used (a pyenv shim is resolved), or else `python -m
pre_commit` with the step's python (e.g. the venv of setup-python), and hook environments
live in your usual `~/.cache/pre-commit`. Hooks that must be fetched need the network the
first time; a hook that cannot be installed fails the step, it is never skipped. The step
fails when pre-commit exits non-zero.
"""

from __future__ import annotations

import shlex

from pitstop.actions import inputs, probe, tools
from pitstop.actions.base import ActionCall, ActionResult, Annotation

INPUTS = ("extra_args",)


def run(call: ActionCall) -> ActionResult:
    inputs.check_inputs(call, INPUTS)
    extra = shlex.split(call.inputs.get("extra_args", "--all-files"))
    argv = [*command(call), "run", "--show-diff-on-failure", "--color=always", *extra]
    code = call.run_command(argv, env=dict(call.env), cwd=call.workspace)
    result = ActionResult()
    if code != 0:
        result.conclusion = "failure"
        result.annotations.append(Annotation("error", f"pre-commit failed (exit code {code})"))
    return result


def command(call: ActionCall) -> list[str]:
    found = tools.find("pre-commit", call.env)
    if found is not None:
        return [str(found)]
    python = tools.find("python", call.env) or tools.find("python3", call.env)
    if python and probe.output([python, "-c", "import pre_commit"], env=dict(call.env)) is not None:
        return [str(python), "-m", "pre_commit"]
    raise inputs.error(
        call,
        "pre-commit is not installed",
        hint="`pipx install pre-commit`, or `pip install pre-commit` in a step before this one",
    )

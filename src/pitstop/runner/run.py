"""Run a plan: its scheduler nodes (`execute`) over a bounded pool of `JobRunner`s, into a
`RunResult`. The top of the runner."""

from __future__ import annotations

from pitstop.runner.execute import make_nodes
from pitstop.runner.job import JobRunner
from pitstop.runner.plan import Plan
from pitstop.runner.run_state import RunResult, flatten
from pitstop.runner.scheduler import Scheduler
from pitstop.runner.settings import RunSettings


def run_plan(plan: Plan, settings: RunSettings, max_workers: int, stop_early: bool) -> RunResult:
    """Run every cell of `plan`; after Ctrl-C the result is `cancelled`."""
    nodes = make_nodes(plan, settings)
    scheduler = Scheduler(nodes, JobRunner(settings), max_workers, stop_early, settings.groups)
    result = RunResult(settings.run_dir)
    result.jobs = flatten(scheduler.run())
    result.cancelled = scheduler.cancelled
    return result

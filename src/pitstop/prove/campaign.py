"""The whole proof: a clean baseline, then each defect in its own copy, in parallel."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

import platformdirs

from pitstop.actions import cache_store
from pitstop.detect.project import Project
from pitstop.errors import PitstopError
from pitstop.generate import config
from pitstop.prove import copies, gates, hang
from pitstop.prove.defects import DEFECTS, Defect
from pitstop.prove.invoke import Children, RunOutcome, run_workflow
from pitstop.prove.source import NotApplicable
from pitstop.prove.verdict import (
    Verdict,
    first_error,
    judge,
    red_before,
    unverified_before,
)
from pitstop.runner import venv_store
from pitstop.workflow.loader import load_workflow
from pitstop.workflow.model import Workflow

CI_WORKFLOW = ".github/workflows/ci.yml"
# The baseline's Python environments, which the defects' jobs start from (see
# pitstop.actions.venv_seeds): a defect run installs only what its copy changed. Only with
# PITSTOP_VENV_STORE=off: otherwise every run reuses the exact environments of the store of
# built venvs (pitstop.runner.venv_store), shared with `pitstop run`.
VENV_SEEDS = "venv-seeds"
# The actions/cache store of the clean run and every copy (see Runs).
ACTIONS_CACHE = "actions-cache"


@dataclass(frozen=True)
class DefectReport:
    defect: Defect
    verdict: Verdict
    where: str = ""
    gate: str = ""  # "job / step"
    duration_s: float = 0.0


@dataclass(frozen=True)
class BaselineReport:
    green: bool
    red_jobs: tuple[str, ...]  # "job: first error" for each red job
    notes: tuple[str, ...]
    duration_s: float
    completed: bool = True  # False when the run itself did not finish (no result to read)


@dataclass
class Proof:
    """The result of `prove`, filled as it goes."""

    project: str
    baseline: BaselineReport | None = None
    defects: list[DefectReport] = field(default_factory=list)


def select(only: Sequence[str]) -> tuple[Defect, ...]:
    names = {defect.name for defect in DEFECTS}
    unknown = [name for name in only if name not in names]
    if unknown:
        raise PitstopError(
            f"unknown defect: {', '.join(unknown)}",
            hint=f"choose from: {', '.join(sorted(names))}",
        )
    return tuple(d for d in DEFECTS if not only or d.name in only)


@dataclass(frozen=True)
class Runs:
    """What every `pitstop run` of one proof shares."""

    children: Children
    actions_cache: Path  # one actions/cache store: a defect's run restores what the clean run saved
    venv_seeds: Path | None = None  # only with PITSTOP_VENV_STORE=off (see VENV_SEEDS)
    keep: bool = True  # keep each copy's job folders (workspaces, venvs) after its verdict


def prove(
    root: Path,
    work: Path,
    *,
    only: Sequence[str] = (),
    parallel: int = 2,
    children: Children,
    keep: bool = True,
    progress: Callable[[str], None] = lambda _line: None,
) -> Proof:
    project = config.load(root)  # what `init` used: detection, then [tool.pitstop]
    wanted = select(only)
    workflow_file = project.root / CI_WORKFLOW
    if not workflow_file.is_file():
        raise PitstopError(f"no {CI_WORKFLOW} in {project.root}", hint="run `pitstop init` first")
    workflow = load_workflow(workflow_file, project.root)
    proof = Proof(project.name)
    runs = Runs(children, work / ACTIONS_CACHE, _seeds(work), keep)
    # The copies commit on the default branch, so their runs restore what the project's own runs
    # saved there, as a push would on GitHub; what they save stays in the work folder.
    cache_root = Path(platformdirs.user_cache_dir("pitstop"))
    own = cache_store.for_repository(cache_root, project.root, os.environ)
    if own.is_dir() and not cache_store.seed(runs.actions_cache, own):
        progress(
            "the project's actions/cache entries could not be linked into the work folder "
            "(another file system?): the clean run starts without them"
        )
    base = copies.snapshot(project.root, work / "baseline" / "repo", project.default_branch)
    # With --only, the baseline needs only the jobs that hold the selected gates.
    gate_jobs = sorted({g.job for d in wanted if (g := gates.find(workflow, d.gate))})
    baseline_jobs = tuple(gate_jobs) if only else ()
    scope = ", ".join(baseline_jobs) if baseline_jobs else "every job"
    progress(f"baseline: running {scope} of the CI workflow on the clean project")
    outcome = run_workflow(
        base,
        CI_WORKFLOW,
        jobs=baseline_jobs,
        matrix=(),
        parallel=parallel,
        out_dir=work / "baseline",
        children=children,
        venv_seeds=runs.venv_seeds,
        actions_cache=runs.actions_cache,
    )
    proof.baseline = baseline_report(outcome)
    if not proof.baseline.completed:
        return proof
    # A red clean run still proves every gate it reached green; the others are reported as
    # red before the defect (the project's own findings), never as missed.

    def one(defect: Defect) -> DefectReport:
        # A neutral folder name: a path such as ".../failing-test/..." must not read as an error.
        folder = work / f"defect-{DEFECTS.index(defect):02d}"
        try:
            report = prove_defect(defect, project, workflow, base, folder, runs, outcome)
        except PitstopError as exc:  # e.g. git could not commit the copy: this defect only
            report = DefectReport(defect, Verdict("error", reason=exc.message))
        progress(f"{defect.name}: {report.verdict.result}")
        return report

    # A hanging defect's run spends nearly all its time asleep until its timeout, so it does
    # not take one of the `parallel` places: the others run alongside it, not after it.
    hanging = [defect for defect in wanted if defect.hangs]
    others = [defect for defect in wanted if not defect.hangs]
    pools = [ThreadPoolExecutor(max_workers=max(parallel, 1))]
    if hanging:
        pools.append(ThreadPoolExecutor(max_workers=len(hanging)))
    try:
        futures = [pools[-1].submit(one, defect) for defect in hanging]
        futures += [pools[0].submit(one, defect) for defect in others]
        reports = {report.defect.name: report for report in (f.result() for f in futures)}
        proof.defects.extend(reports[defect.name] for defect in wanted)
    except BaseException:  # Ctrl-C: the workers wait on children; stop those first
        children.stop_all()
        for pool in pools:
            pool.shutdown(wait=True, cancel_futures=True)
        raise
    for pool in pools:
        pool.shutdown()
    return proof


def baseline_report(outcome: RunOutcome) -> BaselineReport:
    if outcome.result is None:
        lines = outcome.log.read_text(encoding="utf-8", errors="replace").strip().splitlines()
        why = lines[-1] if lines else f"pitstop run exited {outcome.code}"
        return BaselineReport(
            False, (f"the run did not complete: {why}",), (), outcome.duration_s, completed=False
        )
    log_text = outcome.log.read_text(encoding="utf-8", errors="replace")
    red: list[str] = []
    notes: list[str] = []
    for job in outcome.result.jobs:
        notes.extend(f"{job.name}: {note}" for note in job.notes)
        if job.result not in {"success", "skipped"}:
            red.append(f"{job.name}: {job.result}: {first_error(job, log_text)}")
    return BaselineReport(not red, tuple(red), tuple(notes), outcome.duration_s)


def prove_defect(
    defect: Defect,
    project: Project,
    workflow: Workflow,
    base: Path,
    work: Path,
    runs: Runs,
    baseline: RunOutcome | None = None,
) -> DefectReport:
    gate = gates.find(workflow, defect.gate)
    if gate is None:
        reason = f"no step of {CI_WORKFLOW} runs {defect.gate.label}"
        return DefectReport(defect, Verdict("skipped", reason=reason))
    gate_name = f"{gate.job} / {gate.step_name}"
    already = red_before(baseline, gate) or unverified_before(baseline, gate)
    if already is not None:
        return DefectReport(defect, already, gate=gate_name)
    runner = gates.test_runner(gate.step)  # the workflow's runner collects the test defects
    if runner is not None and runner != project.tests.runner:
        project = replace(project, tests=replace(project.tests, runner=runner))
    started = time.monotonic()
    repository = work / "repo"
    shutil.copytree(base, repository, symlinks=True)
    try:
        where = inject(defect, repository, project)
    except NotApplicable as exc:
        return DefectReport(defect, Verdict("skipped", reason=str(exc)), gate=gate_name)
    if defect.hangs:
        minutes = hang.timeout_minutes(baseline, gate)
        missing = hang.shrink_timeout(repository / CI_WORKFLOW, gate.job, minutes)
        if missing:
            verdict = Verdict("missed", reason=missing)
            return DefectReport(defect, verdict, where, gate_name)
    copies.commit(repository, f"pitstop prove: {defect.summary}")
    outcome = run_workflow(
        repository,
        CI_WORKFLOW,
        jobs=(gate.job,),
        matrix=gate.matrix,
        parallel=1,
        out_dir=work,
        children=runs.children,
        venv_seeds=runs.venv_seeds,
        actions_cache=runs.actions_cache,
    )
    verdict = judge(outcome, gate, hangs=defect.hangs)
    if not runs.keep:  # the job's workspaces and venv are tens of thousands of files: free them now
        shutil.rmtree(work / "run" / "jobs", ignore_errors=True)
    return DefectReport(defect, verdict, where, gate_name, time.monotonic() - started)


def inject(defect: Defect, repository: Path, project: Project) -> str:
    """The defect injected into the copy; a file it cannot edit makes it NotApplicable."""
    try:
        return defect.inject(repository, project)
    except (OSError, ValueError, SyntaxError) as exc:  # ValueError: e.g. undecodable text
        reason = f"could not edit the copy: {type(exc).__name__}: {exc}"
        raise NotApplicable(reason.replace(str(repository) + "/", "")) from None


def _seeds(work: Path) -> Path | None:
    return None if venv_store.enabled(os.environ) else work / VENV_SEEDS

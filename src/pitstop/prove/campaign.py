"""The whole proof: a clean baseline, then each defect in its own copy, in parallel."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

import platformdirs

from pitstop.actions import cache_store
from pitstop.detect.project import Project
from pitstop.errors import PitstopError
from pitstop.generate import config
from pitstop.github import git
from pitstop.prove import copies, gates, hang
from pitstop.prove.defects import DEFECTS, Defect
from pitstop.prove.invoke import Children, RunOutcome, run_workflow
from pitstop.prove.janitor import Janitor
from pitstop.prove.source import NotApplicable
from pitstop.prove.verdict import (
    Verdict,
    first_error,
    judge,
    red_before,
    red_on_clean,
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
    # Without one, each copy's job folders (workspaces, venvs) are kept after its verdict.
    janitor: Janitor | None = None


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
    root = Path(root).resolve()
    wanted = select(only)
    if root.is_dir() and not (root / CI_WORKFLOW).is_file():
        raise PitstopError(f"no {CI_WORKFLOW} in {root}", hint="run `pitstop init` first")
    runs = Runs(children, work / ACTIONS_CACHE, _seeds(work))
    # The project is what `init` used: detection, then [tool.pitstop]. Detection runs the
    # settings (seconds) and the clean run does not need it, so the two run side by side; a
    # detection error stops the clean run at once and is the proof's error.
    with ThreadPoolExecutor(max_workers=1) as detection:
        detecting = detection.submit(config.load, root)
        detecting.add_done_callback(lambda done: _stop_if_failed(done, children))
        if not root.is_dir():
            detecting.result()  # detection's error: not a directory
        workflow = load_workflow(root / CI_WORKFLOW, root)
        found = [gate for defect in wanted if (gate := gates.find(workflow, defect.gate))]
        scope = Scope(tuple(sorted({gate.job for gate in found})), shared_cell(found))
        base, outcome = clean_run(root, work, scope, parallel, runs, progress)
        project = detecting.result()
    baseline = baseline_report(outcome)
    proof = Proof(project.name, baseline)
    if baseline.completed:
        # A red clean run still proves every gate it reached green; the others are reported
        # as red before the defect (the project's own findings), never as missed.
        janitor = None if keep else Janitor()
        campaign = Campaign(project, workflow, base, work, replace(runs, janitor=janitor), outcome)
        if janitor is not None:  # the clean run's job folders: deleted beside the defects
            janitor.free(work / "baseline" / "run" / "jobs")
        try:
            proof.defects.extend(campaign.run(wanted, parallel, progress))
        finally:
            if janitor is not None:
                janitor.finish()
    return proof


def _stop_if_failed(detecting: Future[Project], children: Children) -> None:
    if detecting.exception() is not None:
        children.stop_all()


@dataclass(frozen=True)
class Scope:
    """What the clean run runs: each gate green where its defect will run, and no more (a
    cell the defects never use proves nothing about a gate; `pitstop run` runs them all)."""

    jobs: tuple[str, ...]  # the jobs that hold the gates (every job when empty)
    matrix: tuple[tuple[str, str], ...]  # the defects' cell (every cell when empty)

    def describe(self) -> str:
        jobs = ", ".join(self.jobs) if self.jobs else "every job"
        cell = ", ".join(f"{key}={value}" for key, value in self.matrix)
        return f"{jobs} ({cell})" if cell else jobs


def shared_cell(found: Sequence[gates.GateStep]) -> tuple[tuple[str, str], ...]:
    """The matrix values of the gates' cells as one `--matrix` filter; none (every cell)
    when two gates' cells disagree on a value (a filter applies to every job)."""
    values: dict[str, str] = {}
    for gate in found:
        for key, value in gate.matrix:
            if values.setdefault(key, value) != value:
                return ()
    return tuple(sorted(values.items()))


def clean_run(
    root: Path,
    work: Path,
    scope: Scope,
    parallel: int,
    runs: Runs,
    progress: Callable[[str], None],
) -> tuple[Path, RunOutcome]:
    """The baseline: the `scope` of the CI workflow on a snapshot of the committed project."""
    # The copies commit on the default branch, so their runs restore what the project's own runs
    # saved there, as a push would on GitHub; what they save stays in the work folder.
    cache_root = Path(platformdirs.user_cache_dir("pitstop"))
    own = cache_store.for_repository(cache_root, root, os.environ)
    if own.is_dir() and not cache_store.seed(runs.actions_cache, own):
        progress(
            "the project's actions/cache entries could not be linked into the work folder "
            "(another file system?): the clean run starts without them"
        )
    base = copies.snapshot(root, work / "baseline" / "repo", git.default_branch(root))
    progress(f"baseline: running {scope.describe()} of the CI workflow on the clean project")
    outcome = run_workflow(
        base,
        CI_WORKFLOW,
        jobs=scope.jobs,
        matrix=scope.matrix,
        parallel=parallel,
        out_dir=work / "baseline",
        children=runs.children,
        venv_seeds=runs.venv_seeds,
        actions_cache=runs.actions_cache,
    )
    return base, outcome


@dataclass(frozen=True)
class Campaign:
    """Every defect, each in its own copy of the clean snapshot `base`."""

    project: Project
    workflow: Workflow
    base: Path
    work: Path
    runs: Runs
    baseline: RunOutcome

    def run(
        self, wanted: Sequence[Defect], parallel: int, progress: Callable[[str], None]
    ) -> list[DefectReport]:
        def one(defect: Defect) -> DefectReport:
            # A neutral folder name: a path such as ".../failing-test/..." must not read as an
            # error.
            folder = self.work / f"defect-{DEFECTS.index(defect):02d}"
            try:
                report = prove_defect(
                    defect, self.project, self.workflow, self.base, folder, self.runs, self.baseline
                )
            except PitstopError as exc:  # e.g. git could not commit the copy: this defect only
                report = DefectReport(defect, Verdict("error", reason=exc.message))
            progress(f"{defect.name}: {report.verdict.result}")
            return report

        # A hanging defect's run spends nearly all its time asleep until its timeout, so it
        # does not take one of the `parallel` places: the others run alongside it, not after it.
        hanging = [defect for defect in wanted if defect.hangs]
        others = longest_first([d for d in wanted if not d.hangs], self.workflow, self.baseline)
        pools = [ThreadPoolExecutor(max_workers=max(parallel, 1))]
        if hanging:
            pools.append(ThreadPoolExecutor(max_workers=len(hanging)))
        try:
            futures = [pools[-1].submit(one, defect) for defect in hanging]
            futures += [pools[0].submit(one, defect) for defect in others]
            reports = {report.defect.name: report for report in (f.result() for f in futures)}
        except BaseException:  # Ctrl-C: the workers wait on children; stop those first
            self.runs.children.stop_all()
            for pool in pools:
                pool.shutdown(wait=True, cancel_futures=True)
            raise
        for pool in pools:
            pool.shutdown()
        return [reports[defect.name] for defect in wanted]


def longest_first(defects: list[Defect], workflow: Workflow, baseline: RunOutcome) -> list[Defect]:
    """The defects whose gate job took the baseline longest first (ties in their own order):
    with `parallel` places, a long run started last would end the proof alone."""

    def took(defect: Defect) -> float:
        gate = gates.find(workflow, defect.gate)
        jobs = baseline.jobs(gate.job) if gate is not None else []
        return max((job.duration_s for job in jobs), default=0.0)

    return sorted(defects, key=took, reverse=True)


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
    verdict = judge(outcome, gate, hangs=defect.hangs, already_red=red_on_clean(baseline, gate))
    if runs.janitor is not None:  # the job's workspaces: thousands of files, freed beside
        runs.janitor.free(work / "run" / "jobs")
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

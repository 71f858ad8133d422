"""One running job: workspace, log, environment, services, steps, post hooks, outputs.

The order follows GitHub's runner: set up the job, start the services, run each step whose
`if:` holds, run the post hooks (newest first), stop the services, clean up orphan
processes, then compute the job's outputs and result.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from pitstop.actions import artifact_store
from pitstop.actions.base import ActionResult, Annotation
from pitstop.actions.base import JobStatus as ActionJobStatus
from pitstop.errors import PitstopError
from pitstop.github import envfiles
from pitstop.runner import evaluation, job_home, pre_commit_seed, remotes, scrub
from pitstop.runner.cancel import Cancel
from pitstop.runner.deadlines import DEADLINES
from pitstop.runner.home_pool import Lease
from pitstop.runner.install_reuse import Reuse
from pitstop.runner.job_services import services_context, start_services, stop_services
from pitstop.runner.process import ProcessGroups
from pitstop.runner.run_state import JobResult
from pitstop.runner.settings import RunSettings
from pitstop.runner.status import StepStatus
from pitstop.runner.step import StepRunner
from pitstop.runner.step_io import Contexts, Post, StepChanges, StepScope, error_annotation
from pitstop.services.base import NotAvailableHere, RunningService
from pitstop.workflow.model import Job, Workflow

RUNNER_NAME = "pitstop"


def open_job_log(path: Path) -> IO[str]:
    """The job's log file; the seam where tests put a disk that fills up."""
    return path.open("w", encoding="utf-8")


class JobExecution:
    def __init__(
        self,
        settings: RunSettings,
        workflow: Workflow,
        job: Job,
        result: JobResult,
        contexts: dict[str, object],
        cancel: Cancel,
    ) -> None:
        self.settings = settings
        self.workflow = workflow
        self.job = job
        self.result = result
        self.contexts = contexts
        self.cancel = cancel
        self.status = StepStatus(cancel)
        self.processes = ProcessGroups()
        cancel.on_cancel(self._kill_in_background)
        self.services: dict[str, RunningService] = {}
        self.posts: list[Post] = []
        self.env: dict[str, str] = {}  # workflow env, job env, then GITHUB_ENV writes
        self.path: list[str] = []  # GITHUB_PATH writes
        self.home_env: dict[str, str] = {}  # HOME, XDG dirs, package caches (job_home)
        self.home: Lease | None = None  # the home lent by the run's pool (home_pool)
        self.restored_venvs: list[Reuse] = []  # handed back to the store at the end (venv_spares)
        self.timed_out = False
        # Set by a step that leaves the job unable to verify anything after it here (e.g. "no
        # local Python 3.14"): the later steps do not run and are not verified.
        self.halted: str | None = None
        self.halted_steps: list[str] = []
        self.workspace = Path()
        self.temp = Path()
        self.files_dir = Path()
        self.log: IO[str]

    # -- the job ----------------------------------------------------------------------------

    def run(self, job_dir: Path) -> None:
        assert self.result.log_path is not None
        self.started_wall = time.time()
        try:
            with open_job_log(self.result.log_path) as self.log:
                self._run_logged(job_dir)
        finally:  # on every exit path, an internal error included
            with self._phase("scrub"):
                scrub.scrub_file(self.settings.masker, self.result.log_path)
                scrubbed = scrub.scrub_tree(self.settings.masker, job_dir, self.started_wall)
            self.result.notes.extend(scrubbed.notes(job_dir))

    def _run_logged(self, job_dir: Path) -> None:
        disarm = None
        try:
            disarm = self._start_timeout()
            self._set_up_or_halt(job_dir)
            self._steps()
        except PitstopError as exc:
            self.fail(exc.message, exc)
        except Exception as exc:  # a fault of pitstop's own fails this job, not the run
            self.fail(f"internal error: {type(exc).__name__}: {exc}")
        finally:
            if disarm is not None:
                disarm()
            self._clean_up()
            self._conclude()

    @contextmanager
    def _phase(self, name: str) -> Iterator[None]:
        """Time one of pitstop's own phases of the job (reported as `phases_s`)."""
        started = time.monotonic()
        try:
            yield
        finally:
            phases = self.result.phases
            phases[name] = phases.get(name, 0.0) + time.monotonic() - started

    started_wall = 0.0

    def _set_up_or_halt(self, job_dir: Path) -> None:
        """Set up; a service this machine cannot provide (GitHub's runner would) halts the job:
        its steps do not run and are not verified, as after a missing Python."""
        try:
            self._set_up(job_dir)
        except NotAvailableHere as exc:
            self.halted = f"no local {exc.what}"
            hint = f" ({exc.hint})" if exc.hint else ""
            self.result.notes.append(f"not verified ({self.halted}): {exc.message}{hint}")
            self.say(f"not verified ({self.halted}): {exc.message}")

    def _kill_in_background(self) -> None:
        """On cancel: stop the running step's process group (without blocking the caller)."""
        threading.Thread(target=self.processes.kill_all, daemon=True).start()

    def _start_timeout(self) -> Callable[[], None] | None:
        """Arm the job's `timeout-minutes`; returns the function that disarms it."""
        minutes = evaluation.minutes(
            self.job.timeout_minutes, self.contexts, self.job.position, "timeout-minutes"
        )
        if minutes is None:
            return None

        def expire() -> None:
            self.timed_out = True
            self.cancel.set(f"timed out after {minutes:g} minutes")

        return DEADLINES.call_at(minutes * 60, expire)

    def _set_up(self, job_dir: Path) -> None:
        self.workspace = job_dir / "workspace"
        self.temp = job_dir / "temp"
        self.files_dir = job_dir / "files"
        self.temp.mkdir(parents=True, exist_ok=True)
        self.say(f"Set up job {self.result.name} (workspace {self.workspace})")
        with self._phase("workspace"):
            dangling = self.settings.materialise(self.workspace)
        if dangling:
            listed = ", ".join(dangling[:5]) + (", ..." if len(dangling) > 5 else "")
            self.say(f"links that lead outside the repository dangle here: {listed}")
        self._prepare_home(job_dir / "home")
        github = self.contexts["github"]
        runner = self.contexts["runner"]
        assert isinstance(github, dict) and isinstance(runner, dict)
        github["workspace"] = str(self.workspace)
        runner["temp"] = str(self.temp)
        runner.setdefault("name", RUNNER_NAME)
        self.env = evaluation.strings(self.workflow.env, self.contexts, None, "env")
        self.contexts["env"] = dict(self.env)
        self.env.update(evaluation.strings(self.job.env, self.contexts, self.job.position, "env"))
        self.contexts["env"] = dict(self.env)
        if self.job.services:
            with self._phase("services"):
                self._start_services(job_dir / "services")

    def _prepare_home(self, home: Path) -> None:
        settings = self.settings
        caches = settings.package_caches
        mirrors = remotes.git_config(settings.run_dir / "remotes")
        if settings.homes is not None:
            self.home, self.home_env = settings.homes.take(home, mirrors)
        else:
            self.home_env = job_home.prepare(home, caches, mirrors)
        config = self.workspace / ".pre-commit-config.yaml"
        if caches is not None and settings.user_pre_commit is not None and config.is_file():
            pre_commit_seed.seed(settings.user_pre_commit, caches / "pre-commit")

    def _start_services(self, data_root: Path) -> None:
        for service_id in self.job.services:
            self.say(f"Start service {service_id} ({self.job.services[service_id].image})")
        start_services(
            self.job.services,
            self.contexts,
            data_root,
            self.services,
            self.settings.service_version_mismatch,
        )
        job_context = self.contexts["job"]
        assert isinstance(job_context, dict)
        job_context["services"] = services_context(self.services)
        for service_id, running in self.services.items():
            self.say(f"Service {service_id}: {running.description}")
            for warning in running.warnings:
                self.say(f"warning: {warning}")
            self.result.notes.extend(running.warnings)

    def _steps(self) -> None:
        runner = StepRunner(self)
        for step in self.job.steps:
            self._apply(runner.run(step, self._scope(), self.result.steps))

    def _scope(self) -> StepScope:
        """What the next step may read: the job's contexts and env as they are now."""
        contexts = Contexts.of(self.contexts)
        return StepScope(
            contexts=contexts,
            job_contexts=contexts,
            env=dict(self.env),
            path=tuple(self.path),
            home_env=dict(self.home_env),
            failed=self.status.failed,
            halted=self.halted,
            workspace=self.workspace,
            temp=self.temp,
            files_dir=self.files_dir,
            workflow=self.workflow,
            job=self.job,
        )

    def _apply(self, changes: StepChanges) -> None:
        """What a step changed, applied to the job."""
        self.result.annotations.extend(changes.annotations)
        self.result.notes.extend(changes.notes)
        self.env.update(changes.env)
        self.path = envfiles.prepend_path(self.path, changes.path)
        self.append_summary(changes.summary)
        self.posts.extend(changes.posts)
        if changes.halted is not None:
            self.halted = changes.halted
        self.halted_steps.extend(changes.halted_steps)
        if changes.failed:
            self.status.failed = True
        if changes.step_id is not None:
            steps = self.contexts["steps"]
            assert isinstance(steps, dict)
            steps[changes.step_id] = changes.steps_entry()
        job = self.contexts["job"]
        assert isinstance(job, dict)
        job["status"] = self.status.job_status

    def _clean_up(self) -> None:
        status: ActionJobStatus = "success"
        if self.status.failed:
            status = "failure"
        if self.cancel.is_set() or self.halted is not None:
            status = "cancelled"  # halted: nothing after the halt ran, so no cache is saved
        with self._phase("clean-up"):
            for name, post in reversed(self.posts):
                self.say(f"Post {name}")
                try:
                    self._post_result(name, post(status))
                except PitstopError as exc:
                    self.fail(f"post {name}: {exc.message}", exc)
                except Exception as exc:  # a post hook's crash is reported, never raised
                    self.fail(f"post {name} failed: {type(exc).__name__}: {exc}")
            left_running = self.processes.end_job()
            problems = stop_services(self.services)
            self.result.notes.extend(problems)
            if not (left_running or problems or self.cancel.is_set()):
                self._hand_on_home()
                self._hand_back_venvs()
        self.say("Complete job")

    def _hand_on_home(self) -> None:
        """Pass the home to a later job if this one left it as it found it (home_pool)."""
        if self.home is not None and self.settings.homes is not None:
            with self._phase("home"):
                self.settings.homes.give_back(self.home)

    def _hand_back_venvs(self) -> None:
        """Nothing of the job runs any more: the venvs it restored and left exactly as they
        were go back to the store as spares (venv_spares); the others stay in its folder."""
        if not self.restored_venvs:
            return
        with self._phase("venvs"):
            for reuse in self.restored_venvs:
                if reuse.hand_back():
                    self.say(f"pitstop: {reuse.venv.name} unchanged: handed back to the store")

    def _post_result(self, name: str, result: ActionResult | None) -> None:
        if result is None:
            return
        masker = self.settings.masker
        for annotation in result.annotations:
            self.annotate(annotation)
        self.result.notes.extend(masker.mask(note) for note in result.notes)
        if result.conclusion == "failure":
            self.status.failed = True
            if not any(a.level == "error" for a in result.annotations):
                self.fail(f"post {name} failed")

    def _conclude(self) -> None:
        result = self.result
        self._outputs()
        if self.halted_steps:
            names = ", ".join(self.halted_steps)
            result.notes.append(f"not verified ({self.halted}): not run: {names}")
        if self.halted is not None:
            artifact_store.record_halted(
                self.settings.stores.artifact_dir, self.job.id, self.result.name, self.halted
            )
        if self.timed_out:
            minutes = evaluation.minutes(self.job.timeout_minutes, self.contexts, None, "t")
            message = (
                f"The job running on runner {RUNNER_NAME} has exceeded the maximum execution "
                f"time of {minutes:g} minutes."
            )
            self.annotate(Annotation("error", message, self.workflow.path, self.job.position.line))
            result.result = "failure"
        elif self.cancel.is_set():
            result.result = "cancelled"
            result.notes.append(self.cancel.reason or "cancelled")
        elif self.status.failed:
            result.result = "failure"
        else:
            result.result = "success"
        result.needs_result = result.result
        if result.result == "failure" and self._continue_on_error():
            result.needs_result = "success"
            result.notes.append("failed, but continue-on-error: true lets dependents run")

    def _continue_on_error(self) -> bool:
        try:
            return evaluation.boolean(
                self.job.continue_on_error, self.contexts, self.job.position, "continue-on-error"
            )
        except PitstopError as exc:
            self.annotate(Annotation("error", exc.message, self.workflow.path))
            return False

    def _outputs(self) -> None:
        for name, template in self.job.outputs.items():
            try:
                value = evaluation.text(template, self.contexts, self.job.position, "outputs")
            except PitstopError as exc:
                self.fail(exc.message, exc)
                continue
            if self.settings.masker.mask(value) != value:
                self.annotate(
                    Annotation("warning", f"Skip output '{name}' since it may contain secret.")
                )
                continue
            self.result.outputs[name] = value

    # -- lent to the steps (`step_io.StepHost`) ----------------------------------------------

    def say(self, text: str) -> None:
        """A line of pitstop's own to the job log and the observer (masked)."""
        masked = self.settings.masker.mask(text)
        try:
            self.log.write(masked + "\n")
            self.log.flush()
        except OSError as exc:  # a full disk: the line still reaches the terminal and JSON
            self._log_failed(exc)
        self.settings.observer.line(self.result, masked)

    def show(self, text: str) -> None:
        self.settings.observer.line(self.result, text)

    def at_step(self, name: str) -> None:
        self.result.current_step = name

    def step_started(self, name: str) -> None:
        self.settings.observer.step_started(self.result, name)

    def restored_venv(self, reuse: Reuse) -> None:
        self.restored_venvs.append(reuse)

    def _log_failed(self, exc: OSError) -> None:
        note = f"the job log could not be written: {exc.strerror or exc}"
        if note not in self.result.notes:
            self.result.notes.append(note)

    def annotate(self, annotation: Annotation) -> None:
        self.result.annotations.append(annotation)

    def fail(self, message: str, exc: PitstopError | None = None) -> None:
        """Fail the job with an error annotation (pointing at the file when known)."""
        self.status.failed = True
        self.error(message, exc)

    def error(self, message: str, exc: PitstopError | None = None) -> None:
        """An error annotation and log line; whether it fails the job is the caller's call."""
        masker = self.settings.masker
        annotation, lines = error_annotation(masker, self.workflow.path, message, exc)
        self.annotate(annotation)
        for line in lines:
            self.say(line)

    def append_summary(self, text: str) -> None:
        if not text:
            return
        summaries = self.settings.run_dir / "summaries"
        summaries.mkdir(parents=True, exist_ok=True)
        assert self.result.log_path is not None
        path = summaries / f"{self.result.log_path.stem}.md"
        with path.open("a", encoding="utf-8") as handle:
            handle.write(self.settings.masker.mask(text))

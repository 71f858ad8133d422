"""The report of one `pitstop run`: what GitHub's run page shows, from the run's result and
its run directory (logs, workspaces, artifacts)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from pitstop.report.html import evidence, graph, job_log, log_view, timeline
from pitstop.report.html.page import Text, document, duration, size
from pitstop.runner.run_state import JobResult, RunResult, StepResult

SYMBOLS = {"success": "✓", "failure": "✗", "cancelled": "⊘", "skipped": "-"}


@dataclass(frozen=True)
class JobView:
    """A job with what the page shows of it: its log sections and what it left behind."""

    index: int
    job: JobResult
    sections: tuple[job_log.Section, ...]
    evidence: evidence.Evidence

    @property
    def anchor(self) -> str:
        return f"job-{self.index}"


def job_views(run: RunResult) -> list[JobView]:
    views = []
    for index, job in enumerate(run.jobs):
        sections = job_log.read(job.log_path)
        log_text = "\n".join(line for s in sections for line in s.lines)
        workspace = _workspace(run.run_dir, job)
        found = (
            evidence.collect(workspace, log_text, workspace) if workspace else evidence.Evidence()
        )
        views.append(JobView(index, job, tuple(sections), found))
    return views


def _workspace(run_dir: Path, job: JobResult) -> Path | None:
    if job.log_path is None:
        return None
    return run_dir / "jobs" / job.log_path.stem / "workspace"


def render(run: RunResult, needs: graph.Needs, mask: Callable[[str], str]) -> str:
    text = Text(mask)
    views = job_views(run)
    body = "".join(
        (
            _header(run, text),
            _unverified(views, text),
            _graph(views, needs, text),
            _timeline(run, text),
            _tests(views, text),
            _coverage(views, text),
            _findings(views, text),
            _artifacts(run.run_dir, text),
            _jobs(views, text),
        )
    )
    return document(f"pitstop run: {run.conclusion}", body, text)


def _header(run: RunResult, text: Text) -> str:
    counts: dict[str, int] = {}
    for job in run.jobs:
        counts[job.result] = counts.get(job.result, 0) + 1
    parts = ", ".join(f"{n} {result}" for result, n in sorted(counts.items())) or "no jobs"
    return (
        f'<h1>pitstop run: <span class="{text(run.conclusion)}" id="conclusion">'
        f"{text(run.conclusion)}</span></h1>"
        f'<p class="muted">{text(parts)} · run directory {text(run.run_dir)}</p>'
    )


def _unverified(views: list[JobView], text: Text) -> str:
    """Every step that proves nothing: the job's `not verified (...)` notes, else the steps."""
    items = []
    for view in views:
        notes = [note for note in view.job.notes if note.startswith("not verified")]
        shown = notes or [f"step {name} not verified" for name in view.job.unverified]
        items += [
            f'<li><a href="#{view.anchor}">{text(view.job.name)}</a>: {text(line)}</li>'
            for line in shown
        ]
    if not items:
        return ""
    return (
        '<section class="banner" id="not-verified"><strong>⚠ Not verified here: these steps '
        "prove nothing either way (run them on GitHub)</strong>"
        f"<ul>{''.join(items)}</ul></section>"
    )


def _graph(views: list[JobView], needs: graph.Needs, text: Text) -> str:
    by_job = {id(v.job): v for v in views}
    columns = []
    for column in graph.columns([v.job for v in views], needs):
        cards = "".join(_card(by_job[id(job)], needs, text) for job in column)
        columns.append(f'<div class="column">{cards}</div>')
    return f'<h2>Jobs</h2><div class="graph" id="graph">{"".join(columns)}</div>'


def _card(view: JobView, needs: graph.Needs, text: Text) -> str:
    job = view.job
    wanted = needs.get((job.workflow, job.id), ())
    after = f'<div class="muted">needs {text(", ".join(wanted))}</div>' if wanted else ""
    if job.unverified:
        after += f'<div class="unverified">⚠ {len(job.unverified)} not verified</div>'
    return (
        f'<div class="card {text(job.result)}" data-result="{text(job.result)}">'
        f'<a href="#{view.anchor}">{text(job.name)}</a>'
        f'<div class="{text(job.result)}">{SYMBOLS.get(job.result, "?")} {text(job.result)} · '
        f"{duration(job.duration_s)}</div>"
        f'<div class="muted">{text(job.workflow)}</div>{after}</div>'
    )


def _timeline(run: RunResult, text: Text) -> str:
    found = timeline.bars(run.jobs)
    if not found:
        return ""
    total = timeline.span(found)
    rows = []
    for bar in found:
        left, width = 100 * bar.start_s / total, 100 * bar.duration_s / total
        kind = "job" if bar.job else "step"
        rows.append(
            f'<div class="row {kind}"><div class="label" title="{text(bar.label)}">'
            f'{text(bar.label)}</div><div class="track">'
            f'<div class="bar {text(bar.result)}" style="left:{left:.2f}%;width:{width:.2f}%" '
            f'title="{text(bar.label)}: {duration(bar.duration_s)}"></div></div></div>'
        )
    return (
        f'<h2>Timeline <span class="muted">({duration(total)})</span></h2>'
        f'<div class="timeline" id="timeline">{"".join(rows)}</div>'
    )


def _tests(views: list[JobView], text: Text) -> str:
    rows, failed = [], []
    for view in views:
        for report in view.evidence.tests:
            bad = report.failures + report.errors
            rows.append(
                f"<tr><td>{text(view.job.name)}</td><td>{text(report.path)}</td>"
                f'<td>{report.tests}</td><td class="{"bad" if bad else ""}">{bad}</td>'
                f"<td>{report.skipped}</td></tr>"
            )
            failed += [
                f'<li><span class="bad">{text(test.name)}</span> ({text(view.job.name)}): '
                f'<span class="message">{text(test.message)}</span>'
                f'<details><summary>details</summary><pre class="detail">{text(test.detail)}'
                "</pre></details></li>"
                for test in report.failed
            ]
    if not rows:
        return ""
    failing = (
        f'<h3>Failing tests</h3><ul id="failing-tests">{"".join(failed)}</ul>' if failed else ""
    )
    return (
        '<h2>Tests</h2><table id="tests"><tr><th>job</th><th>file</th><th>tests</th>'
        f"<th>failed</th><th>skipped</th></tr>{''.join(rows)}</table>{failing}"
    )


def _coverage(views: list[JobView], text: Text) -> str:
    parts = []
    for view in views:
        for report in view.evidence.coverage:
            below = report.floor is not None and report.percent < report.floor
            floor = "no floor set" if report.floor is None else f"floor {report.floor:g}%"
            files = "".join(
                f"<tr><td>{text(f.path)}</td><td>{f.percent:g}%</td></tr>" for f in report.files
            )
            parts.append(
                f"<p>{text(view.job.name)} ({text(report.path)}): "
                f'<strong class="{"bad" if below else "success"}">{report.percent:g}%</strong> '
                f"({floor}{', BELOW THE FLOOR' if below else ''})</p>"
                f"<details><summary>{len(report.files)} files</summary><table>{files}</table>"
                "</details>"
            )
    return f'<h2>Coverage</h2><div id="coverage">{"".join(parts)}</div>' if parts else ""


def _findings(views: list[JobView], text: Text) -> str:
    rows = [
        f"<tr><td>{text(view.job.name)}</td><td>{text(f.tool)}</td><td>{text(f.rule)}</td>"
        f"<td>{text(f.level)}</td><td>{text(f.location)}</td><td>{text(f.message)}</td></tr>"
        for view in views
        for f in view.evidence.findings
    ]
    if not rows:
        return ""
    return (
        '<h2>Findings (SARIF)</h2><table id="findings"><tr><th>job</th><th>tool</th>'
        f"<th>rule</th><th>level</th><th>where</th><th>message</th></tr>{''.join(rows)}</table>"
    )


def _artifacts(run_dir: Path, text: Text) -> str:
    rows = [
        f"<tr><td>{text(a.name)}</td><td>{a.files}</td><td>{size(a.size)}</td></tr>"
        for a in evidence.artifacts(run_dir)
    ]
    if not rows:
        return ""
    return (
        '<h2>Artifacts</h2><table id="artifacts"><tr><th>name</th><th>files</th><th>size</th>'
        f"</tr>{''.join(rows)}</table>"
    )


def _jobs(views: list[JobView], text: Text) -> str:
    return "<h2>Logs</h2>" + "".join(_job(view, text) for view in views)


def _job(view: JobView, text: Text) -> str:
    job = view.job
    matched = job_log.by_step(list(view.sections), [step.name for step in job.steps])
    extra = {f"j{view.index}-x{i}": s for i, s in enumerate(view.sections)}
    extra = {key: s for key, s in extra.items() if s not in matched.values()}
    logs: dict[str, Sequence[str]] = {f"j{view.index}-s{i}": s.lines for i, s in matched.items()}
    logs |= {key: s.lines for key, s in extra.items()}
    anchored = log_view.anchor_annotations(job.annotations, logs)
    levels: dict[str, str] = {a.anchor: a.annotation.level for a in anchored if a.anchor}
    steps = [
        _step(f"j{view.index}-s{i}", step, matched.get(i), levels, text)
        for i, step in enumerate(job.steps)
    ]
    before = [
        _section(key, s, levels, text) for key, s in extra.items() if s.title == job_log.SET_UP
    ]
    after = [
        _section(key, s, levels, text) for key, s in extra.items() if s.title != job_log.SET_UP
    ]
    opened = " open" if job.result == "failure" else ""
    return (
        f'<details class="job" id="{view.anchor}" data-result="{text(job.result)}"{opened}>'
        f'<summary><span class="{text(job.result)}">{SYMBOLS.get(job.result, "?")}</span> '
        f"{text(job.workflow)}: {text(job.name)} "
        f'<span class="muted">{text(job.result)} · {duration(job.duration_s)}</span></summary>'
        f"{_annotations(anchored, text)}{_notes(job, text)}"
        f"{''.join(before + steps + after)}</details>"
    )


def _section(key: str, section: job_log.Section, levels: Mapping[str, str], text: Text) -> str:
    """Set-up and clean-up: what the job logged outside its steps."""
    return (
        f'<details class="step"><summary>{text(section.title)}</summary>'
        f"{log_view.render(section.lines, key, levels, text.mask)}</details>"
    )


def _step(
    prefix: str,
    step: StepResult,
    section: job_log.Section | None,
    levels: Mapping[str, str],
    text: Text,
) -> str:
    body = (
        log_view.render(section.lines, prefix, levels, text.mask)
        if section
        else '<p class="muted">no log (the step did not run)</p>'
    )
    annotated = any(anchor.rsplit("-", 1)[0] == prefix for anchor in levels)
    opened = " open" if step.conclusion == "failure" or annotated else ""
    return (
        f'<details class="step" id="{prefix}"{opened}><summary>'
        f'<span class="{text(step.conclusion)}">{SYMBOLS.get(step.conclusion, "?")}</span> '
        f'{text(step.name)} <span class="muted">{duration(step.duration_s)}</span></summary>'
        f"{body}</details>"
    )


def _annotations(anchored: list[log_view.Anchored], text: Text) -> str:
    if not anchored:
        return ""
    items = []
    for item in anchored:
        a = item.annotation
        where = f"{a.file}:{a.line}" if a.file and a.line else a.file or ""
        label = f"{a.level}: {where + ' ' if where else ''}{a.message}"
        link = f'<a href="#{item.anchor}">{text(label)}</a>' if item.anchor else text(label)
        items.append(f'<li class="{text(a.level)}">{link}</li>')
    return f'<ul class="annotations">{"".join(items)}</ul>'


def _notes(job: JobResult, text: Text) -> str:
    if not job.notes:
        return ""
    return f'<ul class="notes muted">{"".join(f"<li>note: {text(n)}</li>" for n in job.notes)}</ul>'


def write(run: RunResult, needs: graph.Needs, mask: Callable[[str], str]) -> Path:
    """Write `<run dir>/report.html` and return its path."""
    path = run.run_dir / "report.html"
    path.write_text(render(run, needs, mask), encoding="utf-8")
    return path

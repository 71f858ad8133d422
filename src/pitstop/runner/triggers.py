"""Which workflows an event triggers: GitHub's `on:` filters.

The branch, tag and path patterns are GitHub's filter patterns (`pitstop.github.glob`:
`filter_matches`), applied in order, so a later pattern overrides an earlier one.

A filter that cannot be evaluated because the event does not say (no ref, no list of changed
files) is not applied; callers that know the ref and the changed files pass them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pitstop.github.glob import filter_matches
from pitstop.workflow.model import EventFilter, Workflow

# GitHub's default activity types where `types:` is not given.
DEFAULT_TYPES = {
    "pull_request": ("opened", "synchronize", "reopened"),
    "pull_request_target": ("opened", "synchronize", "reopened"),
}


@dataclass(frozen=True)
class Event:
    """What happened: `push` of `ref`, a `pull_request` into `base_ref`, a dispatch, ..."""

    name: str
    ref: str | None = None  # e.g. refs/heads/main or refs/tags/v1.0 (push)
    base_ref: str | None = None  # the branch a pull request merges into
    changed_files: tuple[str, ...] | None = None
    action: str | None = None  # the activity type, e.g. "opened"


def _names(ref: str, prefix: str) -> tuple[str, str]:
    short = ref[len(prefix) :] if ref.startswith(prefix) else ref
    return short, ref


def _ref_allowed(
    value: str, full: str, include: Sequence[str] | None, ignore: Sequence[str] | None
) -> bool:
    def hit(patterns: Sequence[str]) -> bool:
        return filter_matches(patterns, value) or filter_matches(patterns, full)

    if include is not None:
        return hit(include)
    if ignore is not None:
        return not hit(ignore)
    return True


def _paths_allowed(f: EventFilter, files: Iterable[str] | None) -> bool:
    if files is None or (f.paths is None and f.paths_ignore is None):
        return True
    changed = list(files)
    if f.paths is not None:
        return any(filter_matches(f.paths, path) for path in changed)
    assert f.paths_ignore is not None
    return not changed or not all(filter_matches(f.paths_ignore, path) for path in changed)


def _push(f: EventFilter, event: Event) -> bool:
    if event.ref is None:
        return _paths_allowed(f, event.changed_files)
    has_branches = f.branches is not None or f.branches_ignore is not None
    has_tags = f.tags is not None or f.tags_ignore is not None
    if event.ref.startswith("refs/tags/"):
        if not has_tags:
            return not has_branches
        tag, full = _names(event.ref, "refs/tags/")
        return _ref_allowed(tag, full, f.tags, f.tags_ignore)  # paths do not apply to tags
    if not has_branches and has_tags:
        return False
    branch, full = _names(event.ref, "refs/heads/")
    if not _ref_allowed(branch, full, f.branches, f.branches_ignore):
        return False
    return _paths_allowed(f, event.changed_files)


def _pull_request(f: EventFilter, event: Event) -> bool:
    types = f.types if f.types is not None else DEFAULT_TYPES.get(event.name)
    if event.action is not None and types is not None and event.action not in types:
        return False
    if event.base_ref is not None:
        branch, full = _names(event.base_ref, "refs/heads/")
        if not _ref_allowed(branch, full, f.branches, f.branches_ignore):
            return False
    return _paths_allowed(f, event.changed_files)


def _other(f: EventFilter, event: Event) -> bool:
    if event.action is not None and f.types is not None:
        return event.action in f.types
    return True


def triggered_by(workflow: Workflow, event: Event) -> bool:
    """Whether `event` starts `workflow`."""
    f = workflow.on.events.get(event.name)
    if f is None:
        return False
    if event.name == "push":
        return _push(f, event)
    if event.name in DEFAULT_TYPES:
        return _pull_request(f, event)
    return _other(f, event)


def not_triggered_note(workflow: Workflow, event: Event) -> str | None:
    """For a workflow named on the command line (it runs anyway): why GitHub would not."""
    if triggered_by(workflow, event):
        return None
    if event.name not in workflow.on.events:
        events = ", ".join(workflow.on.names()) or "no event"
        why = f"its `on:` lacks {event.name!r} (it has: {events})"
    else:
        why = f"its `on.{event.name}` filters do not match this {event.name}"
    return (
        f"{workflow.file_name}: GitHub would not run this workflow on --event {event.name}: "
        f"{why}; running it because it was named"
    )


def select_workflows(workflows: Iterable[Workflow], event: Event) -> list[Workflow]:
    return [workflow for workflow in workflows if triggered_by(workflow, event)]

"""Which workflows an event triggers: GitHub's `on:` filters and filter pattern syntax.

Patterns (GitHub's "filter pattern cheat sheet"): `*` matches any characters except `/`,
`**` any characters including `/`, `?` makes the preceding character optional, `+` repeats
it, `[...]` is a character class, `\\` escapes the next character, and a leading `!` negates.
Patterns are applied in order, so a later pattern overrides an earlier one.

A filter that cannot be evaluated because the event does not say (no ref, no list of changed
files) is not applied; callers that know the ref and the changed files pass them.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pitstop.errors import PitstopError
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


@functools.lru_cache(maxsize=1024)
def compile_pattern(pattern: str) -> re.Pattern[str]:
    """A filter pattern (without its leading `!`) as an anchored regular expression."""
    out: list[str] = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if pattern.startswith("**/", index):
            out.append("(?:.*/)?")
            index += 3
        elif pattern.startswith("**", index):
            out.append(".*")
            index += 2
        elif char == "*":
            out.append("[^/]*")
            index += 1
        elif char in "?+" and out:
            out.append(char)
            index += 1
        elif char == "[":
            index = _char_class(pattern, index, out)
        elif char == "\\" and index + 1 < len(pattern):
            out.append(re.escape(pattern[index + 1]))
            index += 2
        else:
            out.append(re.escape(char))
            index += 1
    try:
        return re.compile("".join(out) + r"\Z")
    except re.error as exc:
        raise PitstopError(
            f"invalid filter pattern {pattern!r}: {exc}",
            hint="see GitHub's filter pattern cheat sheet",
        ) from None


def _char_class(pattern: str, index: int, out: list[str]) -> int:
    end = pattern.find("]", index + 1)
    if end < 0:
        out.append(re.escape("["))
        return index + 1
    body = pattern[index + 1 : end].replace("\\", "\\\\")
    out.append(f"[{body}]")
    return end + 1


def matches(patterns: Sequence[str], value: str) -> bool:
    """Apply the patterns in order: a match includes, a matching `!pattern` excludes."""
    result = False
    for pattern in patterns:
        negated = pattern.startswith("!")
        if compile_pattern(pattern[1:] if negated else pattern).match(value):
            result = not negated
    return result


def _names(ref: str, prefix: str) -> tuple[str, str]:
    short = ref[len(prefix) :] if ref.startswith(prefix) else ref
    return short, ref


def _ref_allowed(
    value: str, full: str, include: Sequence[str] | None, ignore: Sequence[str] | None
) -> bool:
    def hit(patterns: Sequence[str]) -> bool:
        return matches(patterns, value) or matches(patterns, full)

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
        return any(matches(f.paths, path) for path in changed)
    assert f.paths_ignore is not None
    return not changed or not all(matches(f.paths_ignore, path) for path in changed)


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

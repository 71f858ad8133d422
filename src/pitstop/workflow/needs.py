"""The `needs` graph of a workflow: unknown jobs and cycles are errors that name the culprit."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from pitstop.workflow.shape import suggest


def unknown_need(needs: Mapping[str, Sequence[str]]) -> tuple[str, int, str] | None:
    """The first (job, index in its needs, missing job) whose need is not a job, or None."""
    for job, wanted in needs.items():
        for index, name in enumerate(wanted):
            if name not in needs:
                return job, index, name
    return None


def unknown_hint(name: str, jobs: Sequence[str]) -> str:
    return suggest(name, jobs) if jobs else "the workflow has no jobs"


def find_cycle(needs: Mapping[str, Sequence[str]]) -> list[str] | None:
    """A cycle as a path that returns to its start (`[a, b, a]`), or None if there is none."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    for start in needs:
        if state.get(start) is None:
            cycle = _visit(start, needs, state, [])
            if cycle is not None:
                return cycle
    return None


def _visit(
    job: str, needs: Mapping[str, Sequence[str]], state: dict[str, int], path: list[str]
) -> list[str] | None:
    stack: list[tuple[str, int]] = [(job, 0)]
    state[job] = 1
    path.append(job)
    while stack:
        current, index = stack[-1]
        wanted = needs.get(current, ())
        if index == len(wanted):
            stack.pop()
            path.pop()
            state[current] = 2
            continue
        stack[-1] = (current, index + 1)
        following = wanted[index]
        if state.get(following) == 1:
            return [*path[path.index(following) :], following]
        if state.get(following) is None and following in needs:
            state[following] = 1
            path.append(following)
            stack.append((following, 0))
    return None

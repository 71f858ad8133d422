"""Limits a workflow sets for itself: `timeout-minutes` must be a finite positive number.

GitHub documents `timeout-minutes` as "the maximum number of minutes" and caps every job at
its runner's execution time limit (5 days, 7200 minutes, on a self-hosted runner). A value
that is not a finite number above 0 has no meaning there: `.inf`, `.nan`, `1e308`, `-1` and
`0` are refused with a located error rather than being turned into a timer that never fires
(or fires at once). Literal values are checked when the file is loaded, values computed by an
expression when the job or step evaluates them.
"""

from __future__ import annotations

import math

MAX_MINUTES = 7200.0  # GitHub's longest job execution time (self-hosted runners: 5 days)
HINT = (
    "write a number of minutes above 0 and at most 7200 (GitHub's 5-day limit); "
    "leave the key out for the default (360 for a job)"
)


def minutes_problem(value: float) -> str | None:
    """Why `value` is not a usable `timeout-minutes` (None when it is)."""
    if math.isnan(value):
        return "is not a number (NaN)"
    if math.isinf(value):
        return "is infinite"
    if value <= 0:
        return f"must be greater than 0 (got {value:g})"
    if value > MAX_MINUTES:
        return f"exceeds GitHub's limit of {MAX_MINUTES:g} minutes (got {value:g})"
    return None

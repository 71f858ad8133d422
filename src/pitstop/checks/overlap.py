"""One finding per problem: the same problem at the same line, found by several checks, merged.

The table below says which findings of different checks describe the same problem. A rule
lists its sources best first (the most precise message); each source is a check (`pinning`)
or a check and its own rule name (`zizmor:unpinned-uses`) with a pattern its message must
match. When a rule's patterns capture a `subject` (the key, the event), findings merge only
when their subjects agree. The merged finding keeps the best source's message and position
and names every source.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from pitstop.checks.base import Finding


@dataclass(frozen=True)
class Source:
    source: str  # "pinning", or "zizmor:unpinned-uses": a check and its own rule name
    pattern: re.Pattern[str]

    def subject(self, finding: Finding) -> str | None:
        """None when this finding is not this source; else its subject ("" when none)."""
        check, _, rule = self.source.partition(":")
        if finding.check != check or (rule and finding.rule != rule):
            return None
        found = self.pattern.search(finding.message)
        if found is None:
            return None
        return found.groupdict().get("subject") or ""


@dataclass(frozen=True)
class Problem:
    name: str
    sources: tuple[Source, ...]  # best first


def _source(source: str, pattern: str = "") -> Source:
    return Source(source, re.compile(pattern))


PROBLEMS: tuple[Problem, ...] = (
    Problem(
        "unpinned action",
        (
            _source("pinning"),
            _source("zizmor:unpinned-uses"),
        ),
    ),
    Problem(
        "untrusted input in a script",
        (
            _source("actionlint:expression", r"is potentially untrusted"),
            _source("zizmor:template-injection"),
        ),
    ),
    Problem(
        "invalid expression",
        (
            _source("model", r"^invalid expression"),
            _source(
                "actionlint:expression",
                r"parser did not reach end|unexpected end of input|unexpected EOF"
                r"|while lexing|while parsing|unexpected character",
            ),
        ),
    ),
    Problem(
        "unknown key",
        (
            _source(
                "actionlint:syntax-check", r'^syntax-check: unexpected key "(?P<subject>[^"]+)"'
            ),
            _source("model", r"^unknown key '(?P<subject>[^']+)'"),
            _source("schema", r"Additional properties are not allowed \('(?P<subject>[^']+)' was"),
        ),
    ),
    Problem(
        "missing key",
        (
            _source("actionlint:syntax-check", r'^syntax-check: "(?P<subject>[^"]+)" section is'),
            _source("schema", r"'(?P<subject>[^']+)' is a required property"),
        ),
    ),
    Problem(
        "unknown event",
        (
            _source("actionlint:events", r'unknown Webhook event "(?P<subject>[^"]+)"'),
            _source("model", r"^unknown event '(?P<subject>[^']+)'"),
            _source("schema", r"^\$\.on(?:\[\d+\])?: '(?P<subject>[^']+)' is not one of"),
        ),
    ),
)


def classify(finding: Finding) -> tuple[Problem, int, str] | None:
    """The problem a finding describes, its source's rank there, and its subject."""
    for problem in PROBLEMS:
        for rank, source in enumerate(problem.sources):
            subject = source.subject(finding)
            if subject is not None:
                return problem, rank, subject
    return None


def merge(findings: Iterable[Finding]) -> list[Finding]:
    """The findings, one per problem and place, ordered by file, line and column."""
    groups: dict[object, list[list[tuple[int, Finding]]]] = {}
    order: list[object] = []
    for finding in findings:
        kind = classify(finding)
        if kind is None:
            key: object = object()
            rank = 0
        else:
            problem, rank, subject = kind
            key = (finding.file, finding.line, problem.name, subject)
        buckets = groups.setdefault(key, [])
        if not buckets:
            order.append(key)
        # Two findings of one check are two problems: each check at most once per bucket.
        bucket = next((b for b in buckets if all(f.check != finding.check for _, f in b)), None)
        if bucket is None:
            buckets.append(bucket := [])
        bucket.append((rank, finding))
    merged = [_one(bucket) for key in order for bucket in groups[key]]
    return sorted(merged, key=lambda f: (f.file, f.line, f.column))


def _one(bucket: list[tuple[int, Finding]]) -> Finding:
    ranked = [f for _, f in sorted(bucket, key=lambda item: item[0])]
    best = ranked[0]
    if len(ranked) == 1:
        return best
    return replace(best, also=tuple(f.source for f in ranked[1:]))

"""JUnit XML (pytest `--junitxml`, `manage.py test` runners): counts and the failing tests."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass


@dataclass(frozen=True)
class FailedTest:
    name: str  # classname.name, as pytest writes them
    kind: str  # "failure" or "error"
    message: str
    detail: str


@dataclass(frozen=True)
class TestReport:
    path: str
    tests: int
    failures: int
    errors: int
    skipped: int
    failed: tuple[FailedTest, ...]


def is_junit(root: ET.Element) -> bool:
    return root.tag in ("testsuites", "testsuite")


def parse(root: ET.Element, path: str) -> TestReport:
    cases = list(root.iter("testcase"))
    failed = tuple(f for case in cases if (f := _failed(case)) is not None)
    skipped = sum(case.find("skipped") is not None for case in cases)
    return TestReport(
        path=path,
        tests=len(cases),
        failures=sum(f.kind == "failure" for f in failed),
        errors=sum(f.kind == "error" for f in failed),
        skipped=skipped,
        failed=failed,
    )


def _failed(case: ET.Element) -> FailedTest | None:
    for kind in ("failure", "error"):
        element = case.find(kind)
        if element is not None:
            classname = case.get("classname", "")
            name = case.get("name", "")
            return FailedTest(
                name=f"{classname}.{name}" if classname else name,
                kind=kind,
                message=element.get("message", "") or (element.text or "").strip()[:200],
                detail=(element.text or "").strip(),
            )
    return None

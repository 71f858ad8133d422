from __future__ import annotations

import xml.etree.ElementTree as ET

from pitstop.report.html import junit

PYTEST = """<?xml version="1.0" encoding="utf-8"?>
<testsuites><testsuite name="pytest" tests="4" failures="1" errors="1" skipped="1">
<testcase classname="tests.test_a" name="test_ok" time="0.001"/>
<testcase classname="tests.test_a" name="test_bad"><failure message="assert 1 == 2">long
trace</failure></testcase>
<testcase classname="tests.test_a" name="test_err"><error message="fixture broke"/></testcase>
<testcase classname="tests.test_a" name="test_skip"><skipped message="no db"/></testcase>
</testsuite></testsuites>"""


def test_counts_and_failures() -> None:
    root = ET.fromstring(PYTEST)
    assert junit.is_junit(root)
    report = junit.parse(root, "junit.xml")
    assert (report.tests, report.failures, report.errors, report.skipped) == (4, 1, 1, 1)
    assert report.failed[0] == junit.FailedTest(
        "tests.test_a.test_bad", "failure", "assert 1 == 2", "long\ntrace"
    )
    assert report.failed[1].kind == "error"


def test_a_failure_without_message_uses_its_text() -> None:
    root = ET.fromstring(
        '<testsuite><testcase name="t"><failure>boom</failure></testcase></testsuite>'
    )
    assert junit.parse(root, "x").failed[0].message == "boom"


def test_other_xml_is_not_junit() -> None:
    assert not junit.is_junit(ET.fromstring("<coverage/>"))

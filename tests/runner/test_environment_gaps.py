"""A failed step's output tells whether the cause is this machine: offline, or a missing library."""

from __future__ import annotations

import pytest

from pitstop.runner.environment_gaps import Watch

OFFLINE_LINES = [
    ("fatal: unable to access 'https://github.com/a/b.git/': Could not resolve host: github.com",
     "offline: github.com unreachable"),
    ("npm error Download failed: Error: getaddrinfo ENOTFOUND api.github.com",
     "offline: api.github.com unreachable"),
    ("curl: (7) Failed to connect to objects.example.org port 443 after 3 ms",
     "offline: objects.example.org unreachable"),
    ("HTTPSConnectionPool(host='mirror.example.cn', port=443): Max retries exceeded with url: "
     "/simple/sqlparse/ (Caused by NewConnectionError(...: Name or service not known'))",
     "offline: mirror.example.cn unreachable"),
    ("WARNING: Retrying (Retry(total=0, connect=None, read=None, redirect=None, status=None)) "
     "after connection broken by 'NewConnectionError('<pip._vendor.urllib3.connection."
     "HTTPSConnection object at 0x7f>: Failed to establish a new connection: [Errno -2] Name "
     "or service not known')': /simple/annotated-types/",
     "offline: a package index's host could not be resolved"),
    ("WARNING: Retrying (Retry(total=4, connect=None, read=None, redirect=None, status=None)) "
     "after connection broken by 'NameResolutionError(\"HTTPSConnection(host='pypi.python.org', "
     "port=443): Failed to resolve 'pypi.python.org' ([Errno -2] Name or service not known)\")"
     "': /simple/annotated-types/",
     "offline: pypi.python.org unreachable"),
]  # fmt: skip


def watched(*lines: str) -> Watch:
    watch = Watch()
    for line in lines:
        watch.see(line)
    return watch


@pytest.mark.parametrize(("line", "cause"), OFFLINE_LINES)
def test_a_host_failure_is_this_machines_only_while_offline(line: str, cause: str) -> None:
    assert watched(line).cause(online=lambda: False) == cause
    assert watched(line).cause(online=lambda: True) is None


def test_a_library_githubs_image_has_is_missing_here_online_or_not() -> None:
    watch = watched(
        "      Trying pkg-config --exists mysqlclient",
        "      Command 'pkg-config --exists mysqlclient' returned non-zero exit status 1.",
    )
    assert watch.cause(online=lambda: True) == (
        "no local libmysqlclient-dev, which GitHub's Ubuntu image has"
    )
    assert "libpq-dev" in str(
        watched("Error: pg_config executable not found.").cause(online=lambda: True)
    )


def test_an_ordinary_failure_is_the_projects() -> None:
    watch = watched("FAILED tests/test_views.py::test_home - AssertionError", "exit code 1")
    assert watch.cause(online=lambda: False) is None


def test_the_first_cause_is_kept() -> None:
    watch = watched("Could not resolve host: github.com", "getaddrinfo ENOTFOUND api.github.com")
    assert watch.cause(online=lambda: False) == "offline: github.com unreachable"

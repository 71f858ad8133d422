"""Step failures whose cause is this machine, not the project: they prove nothing.

GitHub's runner is online and its Ubuntu image ships development libraries. A step that
fails here because it could not reach a host (a `git+https` dependency, an npm postinstall that
downloads a binary from GitHub) while this machine is offline, or because an sdist could not
find a library that image installs (mysqlclient), would take another path on GitHub. The step
is "not verified", and the job halts there, as after a missing Python: its later steps would
run in an environment GitHub never has.

A cause is recognised only from the failing step's own output, by the table below. A host
failure counts only while the internet is unreachable (`network.internet_reachable`): online,
a host that cannot be resolved is the project's problem.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Gap:
    pattern: re.Pattern[str]
    describe: Callable[[re.Match[str]], str]  # what is missing, for "not verified (...)"
    offline_only: bool


def _host(match: re.Match[str]) -> str:
    return f"offline: {match.group(1)} unreachable"


# GitHub's ubuntu-24.04 image installs these (actions/runner-images, install-mysql.sh and
# install-postgresql.sh): an sdist that builds against them there cannot here without them.
GAPS = (
    Gap(re.compile(r"Could not resolve host: ([A-Za-z0-9.-]+)"), _host, offline_only=True),
    Gap(re.compile(r"getaddrinfo (?:ENOTFOUND|EAI_AGAIN) ([A-Za-z0-9.-]+)"), _host, True),
    Gap(re.compile(r"Failed to connect to ([A-Za-z0-9.-]+) port"), _host, offline_only=True),
    # urllib3 under pip or poetry: a package index of the project's own (a mirror)
    Gap(re.compile(r"HTTPS?ConnectionPool\(host='([A-Za-z0-9.-]+)'"), _host, offline_only=True),
    # pip's retries (urllib3 2): a requirements file's `-i https://pypi.python.org/simple`
    Gap(re.compile(r"Failed to resolve '([A-Za-z0-9.-]+)'"), _host, offline_only=True),
    # older pip's retries name no host, only the failed name lookup
    Gap(
        re.compile(
            r"Failed to establish a new connection: \[Errno -[235]\] "
            r"(?:Name or service not known|Temporary failure in name resolution|"
            r"No address associated with hostname)"
        ),
        lambda _match: "offline: a package index's host could not be resolved",
        offline_only=True,
    ),
    Gap(
        re.compile(r"pkg-config --exists mysqlclient' returned non-zero|mysql_config not found"),
        lambda _match: "no local libmysqlclient-dev, which GitHub's Ubuntu image has",
        offline_only=False,
    ),
    Gap(
        re.compile(r"pg_config executable not found"),
        lambda _match: "no local libpq-dev, which GitHub's Ubuntu image has",
        offline_only=False,
    ),
)


class Watch:
    """Reads a step's output lines and keeps the first environment gap each kind shows."""

    def __init__(self) -> None:
        self._offline: str | None = None
        self._local: str | None = None

    def see(self, line: str) -> None:
        if self._offline is not None and self._local is not None:
            return
        for gap in GAPS:
            match = gap.pattern.search(line)
            if match is None:
                continue
            if gap.offline_only and self._offline is None:
                self._offline = gap.describe(match)
            elif not gap.offline_only and self._local is None:
                self._local = gap.describe(match)

    def cause(self, online: Callable[[], bool]) -> str | None:
        """Why the failed step proves nothing here, or None when it is a real failure."""
        if self._local is not None:
            return self._local
        if self._offline is not None and not online():
            return self._offline
        return None

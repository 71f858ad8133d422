"""Headless Chromium (Debian's `chromium` package) loading a report: the DOM after the page's
script ran, what the page logged to its console, and screenshots.

Without chromium the browser tests skip, saying why, except in CI (`CI=true`), where a
missing browser is a failure: CI installs it (scripts/bootstrap.sh).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest

NAMES = ("chromium", "chromium-browser", "google-chrome")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0")


def chromium() -> str:
    for name in NAMES:
        found = shutil.which(name)
        if found:
            return found
    if os.environ.get("CI") == "true":
        pytest.fail("chromium is not installed (CI installs it: scripts/bootstrap.sh)")
    pytest.skip("chromium is not installed (apt-get install chromium); CI=true makes this fail")


@dataclass(frozen=True)
class Page:
    dom: str
    console: tuple[str, ...]  # what the page logged (errors included), one entry a message

    @property
    def body(self) -> str:
        """The `<body ...>` tag: the page's script records readiness and errors on it."""
        found = re.search(r"<body[^>]*>", self.dom)
        return found.group(0) if found else ""

    @property
    def text(self) -> str:
        """The text a person reads (no markup, no script or style)."""
        reader = _Text()
        reader.feed(self.dom)
        return " ".join(" ".join(reader.parts).split())


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._hidden += tag in ("script", "style")

    def handle_endtag(self, tag: str) -> None:
        self._hidden -= tag in ("script", "style")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def _run(profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [chromium(), *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        stdin=subprocess.DEVNULL,
    )


def load(report: Path, profile: Path, fragment: str = "") -> Page:
    done = _run(profile, "--dump-dom", report.as_uri() + fragment)
    assert done.returncode == 0, done.stderr
    console = tuple(line for line in done.stderr.splitlines() if ":CONSOLE" in line)
    return Page(done.stdout, console)


def screenshot(report: Path, profile: Path, target: Path, size: str = "1200,1500") -> Path:
    done = _run(profile, f"--screenshot={target}", f"--window-size={size}", report.as_uri())
    assert done.returncode == 0 and target.is_file(), done.stderr
    return target

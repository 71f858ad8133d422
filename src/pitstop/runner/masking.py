"""Secret masking: every registered value is replaced by `***` in any text pitstop shows or
writes.

As in actions/runner's SecretMasker:
- a value is masked wherever it occurs; overlapping or adjacent matches merge into one `***`
  (so the longest match always wins and no fragment of a secret survives);
- a multi-line value is registered whole and line by line (each line trimmed, empty lines
  skipped), because step output arrives one line at a time;
- a few encodings of each value are masked too: JSON string escaping, URL escaping and
  base64 (of the value, unpadded), since tools print secrets in those forms;
- empty and whitespace-only values are ignored (they would mask everything).

The run has one masker (the secrets); each job masks with its own (`for_job`): the run's
values and the job's own `::add-mask::` values. On GitHub every job's runner has its own
masker, so a value one job masks is masked in that job's log only, and pitstop's job logs,
live lines and end-of-job scrub follow that. A job's values also reach the run's masker,
which masks pitstop's own reports at the end (the summary, the JSON, the HTML report, a
crash log): they hide every value any job masked.
"""

from __future__ import annotations

import base64
import json
import os
import re
import threading
import urllib.parse
from collections.abc import Iterable
from pathlib import Path

MASK = "***"


def _encodings(value: str) -> set[str]:
    encoded = {
        json.dumps(value)[1:-1],
        urllib.parse.quote(value, safe=""),
        base64.b64encode(value.encode()).decode().rstrip("="),
    }
    return {item for item in encoded if len(item) > 0 and item != value}


def _variants(value: str) -> set[str]:
    """What registering `value` hides: it whole, each of its lines, and their encodings."""
    variants: set[str] = set()
    for candidate in {value, *(line.strip() for line in re.split(r"[\r\n]", value))}:
        if candidate.strip():
            variants.add(candidate)
            variants.update(_encodings(candidate))
    return variants


class Masker:
    """The set of values to hide; `mask` applies to a line, a log or a whole file's text."""

    def __init__(self, values: Iterable[str] = ()) -> None:
        self._values: set[str] = set()
        self._own: set[str] = set()  # registered here, not by a job: what a job starts from
        self._pattern: re.Pattern[str] | None = None
        self._lock = threading.Lock()  # jobs run in threads: one adds while another masks
        for value in values:
            self.add(value)

    def add(self, value: str) -> None:
        """Register a secret (whole, line by line, and encoded)."""
        variants = _variants(value)
        with self._lock:
            self._own |= variants
            self._values |= variants
            self._pattern = None

    def add_mask(self, value: str) -> None:
        """The `::add-mask::` command: registers `value` as `add` does."""
        self.add(value)

    def for_job(self) -> Masker:
        """A job's masker: this one's own values, then the job's `::add-mask::` values."""
        return _JobMasker(self)

    def _report(self, variants: set[str]) -> None:
        """A job masked these: hide them in the run's reports too."""
        with self._lock:
            self._values |= variants
            self._pattern = None

    @property
    def values(self) -> frozenset[str]:
        with self._lock:
            return frozenset(self._values)

    def mask(self, text: str) -> str:
        """`text` with every registered value replaced by `***`."""
        if not self._values or not text:
            return text
        return self._compiled().sub(MASK, text)

    def _compiled(self) -> re.Pattern[str]:
        with self._lock:
            if self._pattern is None:
                # Longest first, and runs of matches collapse: "s1s2" -> "***".
                ordered = sorted(self._values, key=len, reverse=True)
                alternation = "|".join(re.escape(value) for value in ordered)
                self._pattern = re.compile(f"(?:{alternation})+")
            return self._pattern

    def mask_file(self, path: Path) -> bool:
        """Mask one file in place (text or binary, as bytes); True when it changed."""
        data = path.read_bytes()
        masked = self.mask(data.decode("utf-8", errors="surrogateescape"))
        new = masked.encode("utf-8", errors="surrogateescape")
        if new == data:
            return False
        path.write_bytes(new)
        return True

    def scrub_tree(self, root: Path) -> list[Path]:
        """Mask every regular file under `root` in place (symlinks not followed); the changed."""
        changed: list[Path] = []
        if not self._values:
            return changed
        for directory, _, files in os.walk(root):
            for name in files:
                path = Path(directory, name)
                if not path.is_symlink() and path.is_file() and self.mask_file(path):
                    changed.append(path)
        return changed


class _JobMasker(Masker):
    """One job's masker: starts from the run's own values; what the job adds reaches the run."""

    def __init__(self, run: Masker) -> None:
        super().__init__()
        self._run = run
        with run._lock:
            self._own = set(run._own)
            self._values = set(run._own)

    def add(self, value: str) -> None:
        super().add(value)
        self._run._report(_variants(value))

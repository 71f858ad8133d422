"""pitstop: a production-grade GitHub Actions CI/CD pipeline for Django, proven locally."""

from __future__ import annotations

__version__ = "0.1.0"

"""A job's `services:`: find the native provider for each image, start, expose, stop.

A service nobody provides is caught before the job starts (`unsupported.check_job`).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from pitstop.runner import evaluation
from pitstop.runner.unsupported import provider_for
from pitstop.services.base import RunningService, ServiceRequest
from pitstop.workflow.model import Service


def start_services(
    services: Mapping[str, Service],
    contexts: Mapping[str, object],
    data_root: Path,
    started: dict[str, RunningService],
    version_mismatch: str = "error",
) -> None:
    """Start every service; each one started is added to `started` at once (for clean-up)."""
    for service_id, service in services.items():
        provider = provider_for(service)
        env = evaluation.strings(
            service.env, contexts, service.position, f"services.{service_id}.env"
        )
        data_dir = data_root / service_id
        data_dir.mkdir(parents=True, exist_ok=True)
        started[service_id] = provider.start(
            ServiceRequest(service, env, data_dir, version_mismatch)
        )


def services_context(started: Mapping[str, RunningService]) -> dict[str, object]:
    """`job.services`: `<id>.ports` maps each container port to its host port."""
    return {sid: {"ports": dict(running.ports), "id": sid} for sid, running in started.items()}


def stop_services(started: dict[str, RunningService]) -> list[str]:
    """Stop them all (newest first); errors become lines for the summary, never raise."""
    problems: list[str] = []
    for service_id, running in reversed(list(started.items())):
        try:
            running.stop()
        except Exception as exc:  # a failed stop must not hide the job's result
            problems.append(f"service {service_id!r} did not stop cleanly: {exc}")
    started.clear()
    return problems

"""What every job of a run shares: the run directory, the base contexts, the masker, ..."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pitstop.actions.base import Stores
from pitstop.runner.concurrency import ConcurrencyGroups
from pitstop.runner.home_pool import HomePool
from pitstop.runner.host_ports import HostPorts, default_ports_dir
from pitstop.runner.masking import Masker
from pitstop.runner.observer import Observer

# materialise(dest) -> links: copy the user's repository (working tree, or HEAD) into dest;
# the links that led outside it and dangle in the copy (runner/links.py).
Materialise = Callable[[Path], Sequence[str]]


@dataclass(frozen=True)
class RunSettings:
    run_dir: Path
    repo: Path  # the user's checkout: read, never written
    materialise: Materialise
    github: Mapping[str, object]  # the github context (without `job` and `workspace`)
    runner: Mapping[str, object]  # the runner context (without `temp`)
    secrets: Mapping[str, str]
    vars: Mapping[str, str]
    inputs: Mapping[str, object]
    masker: Masker
    stores: Stores
    observer: Observer
    groups: ConcurrencyGroups
    base_env: Mapping[str, str]  # the host environment the steps inherit
    # pitstop's package caches (pip, uv, npm, pre-commit, ...); None: each job's home holds
    # its own (see runner/job_home.py).
    package_caches: Path | None = None
    # Your pre-commit store: copied into pitstop's package caches, once, by the first job
    # whose workspace has a pre-commit config (runner/pre_commit_seed.py).
    user_pre_commit: Path | None = None
    # Homes that jobs left as they found them, handed to later jobs (runner/home_pool.py);
    # None: every job gets a fresh home.
    homes: HomePool | None = None
    verbose: bool = False
    skip_unsupported: bool = False
    service_version_mismatch: str = "error"  # or "warn": use the nearest major version
    run_numbers: Mapping[str, str] = field(default_factory=dict)  # workflow path -> number
    called: bool = False  # the jobs of a reusable workflow: `inputs` are its call's inputs
    # Fixed host ports of services, held by one job at a time on this machine.
    host_ports: HostPorts = field(default_factory=lambda: HostPorts(default_ports_dir()))

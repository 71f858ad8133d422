"""Time pitstop's native `postgres:16` service against starting the same server by hand.

Usage: python bench/bench_services.py [--rounds N]
Side by side in one run, with the same binaries (found as pitstop finds them), as the same
user (`pitstop-pg` when run as root):
  baseline: initdb, `pg_ctl -w start`, `pg_ctl -m fast stop` (the floor for any tool);
  pitstop:  postgres.start() (initdb with the image's env, start under the watchdog,
            wait until ready, create POSTGRES_DB) then stop().
Prints the median of each and the ratio pitstop / baseline (below 1.0 is faster).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from pitstop.services import pgbinaries, postgres
from pitstop.services.base import ServiceRequest
from pitstop.services.ports import free_port
from pitstop.services.unprivileged import Account, private_home, service_account
from pitstop.workflow.model import Service


def as_user(argv: list[str], account: Account | None, cwd: Path) -> None:
    subprocess.run(
        argv,
        cwd=cwd,
        env={"PATH": os.defpath, "HOME": str(cwd), "LC_ALL": "C"},
        user=account.uid if account else None,
        group=account.gid if account else None,
        extra_groups=[] if account else None,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=True,
    )


def baseline(install: pgbinaries.PgInstall, account: Account | None, scratch: Path) -> float:
    home = private_home(account, "bench-") if account else Path(tempfile.mkdtemp(dir=scratch))
    data = home / "data"
    start = time.perf_counter()
    as_user([str(install.tool("initdb")), "-D", str(data), "-U", "postgres"], account, home)
    options = f"-p {free_port()} -k {home} -c listen_addresses=localhost"
    pg_ctl = str(install.tool("pg_ctl"))
    as_user(
        [pg_ctl, "-D", str(data), "-o", options, "-l", str(home / "log"), "-w", "start"],
        account,
        home,
    )
    as_user([pg_ctl, "-D", str(data), "-m", "fast", "-w", "stop"], account, home)
    elapsed = time.perf_counter() - start
    shutil.rmtree(home)
    return elapsed


def with_pitstop(scratch: Path, index: int) -> float:
    service = Service("db", "postgres:16", ports=("5432",))
    env = {"POSTGRES_PASSWORD": "bench", "POSTGRES_DB": "app"}
    start = time.perf_counter()
    running = postgres.start(ServiceRequest(service, env, scratch / f"run{index}"))
    running.stop()
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    account = service_account()
    install = pgbinaries.usable_by(pgbinaries.choose(16, pgbinaries.installs()).install, account)
    print(f"binaries: {install.describe()}; user: {account.name if account else 'current'}")
    times: dict[str, list[float]] = {"baseline": [], "pitstop": []}
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        for index in range(args.rounds):  # interleaved, so load affects both alike
            times["baseline"].append(baseline(install, account, scratch))
            times["pitstop"].append(with_pitstop(scratch, index))
    medians = {name: statistics.median(values) for name, values in times.items()}
    for name, value in medians.items():
        print(f"{name:>9}: {value:6.2f} s (median of {args.rounds})")
    print(f"    ratio: {medians['pitstop'] / medians['baseline']:.2f} (pitstop / baseline)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Running a server as an unprivileged user when pitstop runs as root.

PostgreSQL refuses to run as root, and a throwaway test server has no business running as
root anyway. As root, services run as the system user `pitstop-pg` (created with useradd on
first use; `nobody` when that is impossible). Its files live in a private folder under
`/var/tmp/pitstop-services` (root-owned, mode 0711, so no one can list it), because the run
dir may sit under /root, which the unprivileged user cannot traverse.
"""

from __future__ import annotations

import functools
import os
import pwd
import shutil
import stat
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pitstop.errors import PitstopError

SERVICE_USER = "pitstop-pg"
SHARED_BASE = Path("/var/tmp/pitstop-services")


@dataclass(frozen=True)
class Account:
    name: str
    uid: int
    gid: int

    @property
    def groups(self) -> frozenset[int]:
        return frozenset(os.getgrouplist(self.name, self.gid))


def running_as_root() -> bool:
    return os.geteuid() == 0


@functools.cache
def service_account() -> Account | None:
    """The user to run services as: None when pitstop is not root (run as ourselves)."""
    if not running_as_root():
        return None
    for name in (SERVICE_USER, "nobody"):
        if name == SERVICE_USER and not _exists(name):
            _create_system_user(name)
        if _exists(name):
            entry = pwd.getpwnam(name)
            return Account(name, entry.pw_uid, entry.pw_gid)
    raise PitstopError(
        f"pitstop runs as root and found no unprivileged user to run services as "
        f"(neither {SERVICE_USER} nor nobody exists)",
        hint=f"create one: useradd --system --user-group {SERVICE_USER}",
    )


def _exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def _create_system_user(name: str) -> None:
    useradd = shutil.which("useradd")
    if useradd is None:
        return
    options = ["--system", "--user-group", "--no-create-home", "--home-dir", "/nonexistent"]
    subprocess.run(
        [useradd, *options, "--shell", "/usr/sbin/nologin", name],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        check=False,
    )


def can_traverse(account: Account, path: Path) -> bool:
    """Whether `account` can reach `path`: search permission on every folder above it."""
    groups = account.groups
    for folder in [*reversed(path.absolute().parents)]:
        try:
            info = folder.stat()
        except OSError:
            return False
        if not _allowed(info, account.uid, groups, stat.S_IXUSR, stat.S_IXGRP, stat.S_IXOTH):
            return False
    return True


def _allowed(info: os.stat_result, uid: int, groups: frozenset[int], *bits: int) -> bool:
    owner, group, other = bits
    if info.st_uid == uid:
        return bool(info.st_mode & owner)
    if info.st_gid in groups:
        return bool(info.st_mode & group)
    return bool(info.st_mode & other)


def shared_base(base: Path = SHARED_BASE) -> Path:
    """Create (or check) the root-owned 0711 folder that holds services' private folders."""
    base.mkdir(mode=0o711, parents=True, exist_ok=True)
    info = base.lstat()
    unsafe = stat.S_ISLNK(info.st_mode) or not stat.S_ISDIR(info.st_mode)
    if unsafe or info.st_uid != 0 or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        raise PitstopError(
            f"{base} is not a root-owned folder writable only by root",
            hint=f"remove it (rm -rf {base}); pitstop creates it again",
        )
    base.chmod(0o711)
    return base


def private_home(account: Account, prefix: str, base: Path = SHARED_BASE) -> Path:
    """A fresh folder owned by `account`, mode 0700, under the shared base."""
    home = Path(tempfile.mkdtemp(prefix=prefix, dir=shared_base(base)))
    os.chown(home, account.uid, account.gid)
    home.chmod(0o700)
    return home

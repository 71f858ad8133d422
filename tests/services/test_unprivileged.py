from __future__ import annotations

import os
import pwd
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from pitstop.errors import PitstopError
from pitstop.services.unprivileged import (
    SERVICE_USER,
    Account,
    can_traverse,
    private_home,
    running_as_root,
    service_account,
    shared_base,
)

root_only = pytest.mark.skipif(os.geteuid() != 0, reason="needs root")
STRANGER = Account("nobody", 54321, 54321)


@pytest.fixture
def open_dir() -> Iterator[Path]:
    """A world-traversable folder (unlike pytest's tmp_path under a 0700 parent)."""
    folder = Path(tempfile.mkdtemp(prefix="pitstop-test-", dir="/var/tmp"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder)


@pytest.mark.parametrize(("mode", "reachable"), [(0o700, False), (0o711, True), (0o755, True)])
def test_can_traverse_depends_on_every_parent(open_dir: Path, mode: int, reachable: bool) -> None:
    middle = open_dir / "middle"
    (middle / "bin").mkdir(parents=True)
    middle.chmod(mode)
    assert can_traverse(STRANGER, middle / "bin" / "postgres") is reachable


def test_can_traverse_owner_and_group_bits(open_dir: Path) -> None:
    info = open_dir.stat()
    owner = Account("x", info.st_uid, 54321)
    group = Account("x", 54321, info.st_gid)
    open_dir.chmod(0o100)
    assert can_traverse(owner, open_dir / "f")
    assert not can_traverse(group, open_dir / "f")
    open_dir.chmod(0o010)
    assert can_traverse(group, open_dir / "f")
    open_dir.chmod(0o755)


def test_can_traverse_a_missing_folder(open_dir: Path) -> None:
    assert not can_traverse(STRANGER, open_dir / "missing" / "deeper" / "f")


@root_only
def test_shared_base_is_root_owned_and_private(open_dir: Path) -> None:
    base = shared_base(open_dir / "base")
    assert base.stat().st_mode & 0o777 == 0o711
    assert base.stat().st_uid == 0


@root_only
@pytest.mark.parametrize("unsafe", ["group-writable", "symlink"])
def test_shared_base_refuses_an_unsafe_folder(open_dir: Path, unsafe: str) -> None:
    base = open_dir / "base"
    if unsafe == "symlink":
        (open_dir / "elsewhere").mkdir()
        base.symlink_to(open_dir / "elsewhere")
    else:
        base.mkdir()
        base.chmod(0o777)
    with pytest.raises(PitstopError, match="not a root-owned folder"):
        shared_base(base)


@root_only
def test_service_account_is_an_unprivileged_system_user() -> None:
    assert running_as_root()
    account = service_account()
    assert account is not None
    assert account.name in (SERVICE_USER, "nobody")
    assert account.uid != 0 and pwd.getpwnam(account.name).pw_uid == account.uid


@root_only
def test_private_home_belongs_to_the_account(open_dir: Path) -> None:
    account = service_account()
    assert account is not None
    home = private_home(account, "db-", open_dir / "base")
    info = home.stat()
    assert (info.st_uid, info.st_mode & 0o777) == (account.uid, 0o700)
    assert can_traverse(account, home / "pgdata")

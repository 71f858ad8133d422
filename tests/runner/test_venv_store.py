"""The store of built venvs: keyed by everything the install depends on, saved read-only,
restored as a working clone, and dropped when a file in it changed."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from pitstop.runner import venv_store
from pitstop.runner.installs import Install


def make_venv(path: Path) -> Path:
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(path)], check=True)
    site = next(path.glob("lib/python3*/")) / "site-packages"
    (site / "alpha").mkdir()
    (site / "alpha/__init__.py").write_text("NAME = 'alpha'\n")
    return path


def install(venv: Path, lock: Path, script: str = "pip install -r app.lock") -> Install:
    return Install(venv, script, ".", (("app.lock", lock),), ())


def test_the_key_follows_the_lock_the_command_and_the_venv_it_starts_from(tmp_path: Path) -> None:
    venv = make_venv(tmp_path / "venv")
    lock = tmp_path / "app.lock"
    lock.write_text("alpha==1\n")
    first = venv_store.key(install(venv, lock))
    assert venv_store.key(install(venv, lock)) == first
    assert venv_store.key(install(venv, lock, "pip install -q -r app.lock")) != first
    lock.write_text("alpha==2\n")
    assert venv_store.key(install(venv, lock)) != first
    lock.write_text("alpha==1\n")
    (next(venv.glob("lib/python3*/site-packages")) / "extra.pth").write_text("")
    assert venv_store.key(install(venv, lock)) != first  # not the same starting point


def test_the_key_is_the_same_for_the_same_install_in_another_folder(tmp_path: Path) -> None:
    lock = tmp_path / "app.lock"
    lock.write_text("alpha==1\n")
    one = venv_store.key(install(make_venv(tmp_path / "run1/venv"), lock))
    two = venv_store.key(install(make_venv(tmp_path / "run-two/venv"), lock))
    assert one == two


def test_a_saved_venv_is_read_only_and_restores_as_a_working_clone(tmp_path: Path) -> None:
    store = tmp_path / "store"
    built = make_venv(tmp_path / "run1/venv")
    venv_store.save(store, "k", built)
    saved = next((store / "k/venv").glob("lib/python3*/site-packages/alpha/__init__.py"))
    assert not os.access(saved, os.W_OK) or os.geteuid() == 0
    assert saved.stat().st_mode & 0o222 == 0

    fresh = make_venv(tmp_path / "run2/venv")
    (next(fresh.glob("lib/python3*/site-packages")) / "alpha/__init__.py").unlink()
    assert venv_store.restore(store, "k", fresh)
    done = subprocess.run(
        [str(fresh / "bin/python"), "-c", "import alpha, sys; print(alpha.NAME, sys.prefix)"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.split() == ["alpha", str(fresh)]
    assert venv_store.restore(store, "missing", fresh) is False


def test_an_entry_written_through_a_hard_link_is_dropped(tmp_path: Path) -> None:
    store = tmp_path / "store"
    venv_store.save(store, "k", make_venv(tmp_path / "run1/venv"))
    clone = make_venv(tmp_path / "run2/venv")
    assert venv_store.restore(store, "k", clone)
    library = next(clone.glob("lib/python3*/site-packages/alpha/__init__.py"))
    library.chmod(0o644)
    library.write_text("NAME = 'changed by a job'\n")  # through the link, into the store

    later = make_venv(tmp_path / "run3/venv")
    assert venv_store.restore(store, "k", later) is False
    assert not (store / "k").exists()  # dropped: the next install builds it afresh


def test_the_first_save_wins(tmp_path: Path) -> None:
    store = tmp_path / "store"
    venv = make_venv(tmp_path / "venv")
    venv_store.save(store, "k", venv)
    (venv / "marker").write_text("later")
    venv_store.save(store, "k", venv)
    assert not (store / "k/venv/marker").exists()


def test_environments_unused_for_long_are_evicted_and_used_ones_kept(tmp_path: Path) -> None:
    store = tmp_path / "store"
    venv_store.save(store, "old", make_venv(tmp_path / "a/venv"))
    venv_store.save(store, "used", make_venv(tmp_path / "b/venv"))
    month_ago = time.time() - 30 * 24 * 3600
    for name in ("old", "used"):
        os.utime(store / name / venv_store.MANIFEST, (month_ago, month_ago))
    assert venv_store.restore(store, "used", make_venv(tmp_path / "c/venv"))
    venv_store.evict(store, time.time())
    assert sorted(p.name for p in store.iterdir()) == ["used"]

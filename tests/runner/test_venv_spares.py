"""Spares: a restored venv goes back to the store only while it is exactly a clone of the saved
one, and the next restore takes it only if it still is; otherwise it is cloned as before."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from pitstop.runner import venv_spares, venv_store
from tests.runner.test_venv_store import make_venv


@pytest.fixture
def store(tmp_path: Path) -> Path:
    store = tmp_path / "store"
    venv_store.save(store, "k", make_venv(tmp_path / "built/venv"))
    return store


def restored(store: Path, venv: Path) -> Path:
    make_venv(venv)
    assert venv_store.restore(store, "k", venv)
    return venv


def spares(store: Path) -> list[Path]:
    folder = store / "k" / venv_spares.SPARES
    return sorted(folder.iterdir()) if folder.is_dir() else []


def site(venv: Path) -> Path:
    return next(venv.glob("lib/python3*/site-packages"))


def prefix(venv: Path) -> str:
    done = subprocess.run(
        [str(venv / "bin/python"), "-c", "import alpha, sys; print(sys.prefix)"],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def test_an_unchanged_venv_is_parked_and_taken_as_a_working_venv_at_its_new_path(
    store: Path, tmp_path: Path
) -> None:
    first = restored(store, tmp_path / "job1/venv")
    assert venv_spares.park(store, "k", first)
    assert not first.exists() and len(spares(store)) == 1

    second = make_venv(tmp_path / "job-two/venv")
    assert venv_spares.take(store, "k", second)
    assert spares(store) == []
    assert prefix(second) == str(second)
    assert (
        str(first)
        not in (second / "pyvenv.cfg").read_text() + (second / "bin/activate").read_text()
    )
    # taken exactly: parked again as it is, and a clone at its path is the same tree
    assert venv_spares.park(store, "k", second)


def change_a_library(venv: Path) -> None:
    (site(venv) / "alpha/__init__.py").unlink()
    (site(venv) / "alpha/__init__.py").write_text("NAME = 'alpha'\n")  # same text, own inode


def add_a_file(venv: Path) -> None:
    (site(venv) / "alpha/extra.py").write_text("")


def remove_a_file(venv: Path) -> None:
    (site(venv) / "alpha/__init__.py").unlink()


def add_a_byte_code_cache(venv: Path) -> None:
    subprocess.run([str(venv / "bin/python"), "-c", "import alpha"], check=True)
    subprocess.run(
        [str(venv / "bin/python"), "-m", "compileall", "-q", str(site(venv))], check=True
    )


def edit_a_script(venv: Path) -> None:
    with (venv / "bin/activate").open("a") as script:
        script.write("echo changed\n")


def chmod_a_folder(venv: Path) -> None:
    (site(venv) / "alpha").chmod(0o700)


def retarget_a_symlink(venv: Path) -> None:
    python = venv / "bin/python"
    target = str(python.readlink())
    python.unlink()
    python.symlink_to(target + "3" if not target.endswith("3") else target[:-1])


@pytest.mark.parametrize(
    "change",
    [
        change_a_library,
        add_a_file,
        remove_a_file,
        add_a_byte_code_cache,
        edit_a_script,
        chmod_a_folder,
        retarget_a_symlink,
    ],
)
def test_a_venv_the_job_changed_stays_where_it_is(
    store: Path, tmp_path: Path, change: Callable[[Path], None]
) -> None:
    venv = restored(store, tmp_path / "job/venv")
    change(venv)
    assert venv_spares.park(store, "k", venv) is False
    assert venv.is_dir() and spares(store) == []


def test_a_spare_changed_while_parked_is_deleted_and_the_venv_cloned(
    store: Path, tmp_path: Path
) -> None:
    assert venv_spares.park(store, "k", restored(store, tmp_path / "job1/venv"))
    add_a_file(next(spare / "venv" for spare in spares(store)))

    venv = make_venv(tmp_path / "job2/venv")
    assert venv_spares.take(store, "k", venv) is False
    assert spares(store) == []
    assert not (site(venv) / "alpha/extra.py").exists()  # untouched: the starting venv
    assert venv_store.restore(store, "k", venv) and prefix(venv) == str(venv)


def test_a_spare_is_not_taken_once_the_saved_environment_changed(
    store: Path, tmp_path: Path
) -> None:
    venv = restored(store, tmp_path / "job1/venv")
    library = site(venv) / "alpha/__init__.py"
    library.chmod(0o644)
    library.write_text("NAME = 'written through the link'\n")  # into the store as well
    assert venv_spares.park(store, "k", venv) is False  # the manifest no longer matches
    assert venv_spares.take(store, "k", make_venv(tmp_path / "job2/venv")) is False


def test_at_most_keep_spares_are_parked_and_each_is_taken_once(store: Path, tmp_path: Path) -> None:
    venvs = [restored(store, tmp_path / f"job{n}/venv") for n in range(venv_spares.KEEP + 1)]
    parked = [venv_spares.park(store, "k", venv) for venv in venvs]
    assert parked == [True] * venv_spares.KEEP + [False]
    assert venvs[-1].is_dir()

    takers = [make_venv(tmp_path / f"taker{n}/venv") for n in range(venv_spares.KEEP + 1)]
    taken = [venv_spares.take(store, "k", venv) for venv in takers]
    assert taken == [True] * venv_spares.KEEP + [False]
    assert {prefix(venv) for venv in takers[:-1]} == {str(venv) for venv in takers[:-1]}


def test_no_spare_without_a_saved_environment(store: Path, tmp_path: Path) -> None:
    venv = make_venv(tmp_path / "job/venv")
    assert venv_spares.park(store, "other", venv) is False
    assert venv_spares.take(store, "other", venv) is False
    assert venv.is_dir()

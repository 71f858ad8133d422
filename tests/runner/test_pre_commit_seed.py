from __future__ import annotations

import sqlite3
from pathlib import Path

from pitstop.runner.pre_commit_seed import seed, user_store
from tests.runner.hostile import fingerprint


def make_store(store: Path, name: str = "repo1234", url: str = "https://x/black") -> Path:
    """A pre-commit store as pre-commit writes it: db.db naming a cloned repository, and a
    hook environment whose scripts start with the store's absolute path."""
    repo = store / name
    script = repo / "py_env-python3.12" / "bin" / "black"
    script.parent.mkdir(parents=True)
    script.write_text(f"#!{script.parent}/python\nimport black\n")
    script.chmod(0o755)
    (repo / ".pre-commit-hooks.yaml").write_text("- id: black\n")
    connection = sqlite3.connect(store / "db.db")
    with connection:
        connection.execute("CREATE TABLE IF NOT EXISTS repos (repo TEXT, ref TEXT, path TEXT)")
        connection.execute("INSERT INTO repos VALUES (?, ?, ?)", (url, "25.1.0", str(repo)))
    connection.close()
    return script


def test_a_repositorys_store_is_seeded_from_the_users_by_copy(tmp_path: Path) -> None:
    user = tmp_path / "user-store"
    make_store(user)
    before = fingerprint(user)
    dest = tmp_path / "pitstop" / "pre-commit"

    assert seed(user, dest)

    assert fingerprint(user) == before  # only read
    connection = sqlite3.connect(dest / "db.db")
    assert list(connection.execute("SELECT path FROM repos")) == [(str(dest / "repo1234"),)]
    connection.close()
    script = dest / "repo1234" / "py_env-python3.12" / "bin" / "black"
    assert script.read_text().splitlines()[0] == f"#!{script.parent}/python"
    assert script.stat().st_mode & 0o111
    assert script.stat().st_ino != (user / "repo1234/py_env-python3.12/bin/black").stat().st_ino
    assert not seed(user, dest)  # nothing new in yours: nothing copied
    make_store(user, "repo5678", "https://x/ruff")  # a hook you installed since
    (dest / "repo1234/.pre-commit-hooks.yaml").write_text("pitstop's own copy\n")
    assert seed(user, dest)
    connection = sqlite3.connect(dest / "db.db")
    assert sorted(connection.execute("SELECT repo, path FROM repos")) == [
        ("https://x/black", str(dest / "repo1234")),
        ("https://x/ruff", str(dest / "repo5678")),
    ]
    connection.close()
    assert (dest / "repo1234/.pre-commit-hooks.yaml").read_text() == "pitstop's own copy\n"
    ruff = dest / "repo5678" / "py_env-python3.12" / "bin" / "black"
    assert ruff.read_text().startswith(f"#!{ruff.parent}/python")
    assert not seed(tmp_path / "none", tmp_path / "other")
    assert not (tmp_path / "other").exists()


def test_the_users_store_is_found_as_pre_commit_finds_it() -> None:
    assert user_store({"PRE_COMMIT_HOME": "/p"}) == Path("/p")
    assert user_store({"XDG_CACHE_HOME": "/c", "HOME": "/h"}) == Path("/c/pre-commit")
    assert user_store({"HOME": "/h"}) == Path("/h/.cache/pre-commit")

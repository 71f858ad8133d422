"""actions/cache as scoped on GitHub: per repository, per ref with fallback to the default
branch, and never restoring outside the job's folder."""

from __future__ import annotations

import io
import os
import stat
import tarfile
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

from pitstop.actions import cache, cache_store
from pitstop.actions.base import ActionCall

MakeCall = Callable[..., ActionCall]


def github(ref: str, base_ref: str = "", default: str = "main") -> dict[str, object]:
    event = {"repository": {"default_branch": default}}
    return {"github": {"ref": ref, "base_ref": base_ref, "event": event}}


def save(make_call: MakeCall, ref: str, key: str, text: str, workspace: Path) -> None:
    (workspace / "deps").mkdir(exist_ok=True)
    (workspace / "deps" / "lib.txt").write_text(text)
    call = make_call("actions/cache/save@v4", {"path": "deps", "key": key}, contexts=github(ref))
    assert cache.save.run(call).annotations == []


def restore(make_call: MakeCall, contexts: dict[str, object], keys: str = "") -> str:
    inputs = {"path": "deps", "key": "deps-new", "restore-keys": keys}
    call = make_call("actions/cache/restore@v4", inputs, contexts=contexts)
    return cache.restore.run(call).outputs["cache-matched-key"]


def test_scopes_in_githubs_order() -> None:
    def scopes(contexts: dict[str, object]) -> list[str]:
        return cache.scopes(_call(contexts))

    assert scopes(github("refs/heads/feature")) == ["refs/heads/feature", "refs/heads/main"]
    assert scopes(github("refs/heads/main")) == ["refs/heads/main"]
    assert scopes(github("refs/pull/7/merge", base_ref="develop")) == [
        "refs/pull/7/merge",
        "refs/heads/develop",
        "refs/heads/main",
    ]
    assert scopes({}) == [""]


def test_a_branch_restores_its_own_then_the_default_branchs_never_a_siblings(
    make_call: MakeCall, workspace: Path
) -> None:
    save(make_call, "refs/heads/main", "deps-main", "main", workspace)
    save(make_call, "refs/heads/other", "deps-other", "other", workspace)
    assert restore(make_call, github("refs/heads/feature"), "deps-") == "deps-main"
    save(make_call, "refs/heads/feature", "deps-feature", "feature", workspace)
    assert restore(make_call, github("refs/heads/feature"), "deps-") == "deps-feature"
    assert restore(make_call, github("refs/heads/main"), "deps-other") == ""


def test_a_restore_never_writes_outside_the_job_folder(tmp_path: Path) -> None:
    job = tmp_path / "job"
    (job / "workspace").mkdir(parents=True)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "data.txt").write_text("evil")
    (job / "workspace/escape").symlink_to(outside)
    store = tmp_path / "store"
    unconfined = cache_store.Roots(job / "workspace", job / "home")
    entry = cache_store.save(store, "k", "v", [outside / "data.txt"], unconfined)
    assert entry is not None
    (outside / "data.txt").write_text("the user's")
    roots = cache_store.Roots(job / "workspace", job / "home", confine=job)
    restored = cache_store.restore(store, entry, roots)
    assert restored.refused == [str(outside / "data.txt")]
    assert (outside / "data.txt").read_text() == "the user's"
    assert not roots.allows(job / "workspace/escape/data.txt")  # through a link: refused too
    assert roots.allows(job / "home/.cache/pip/x")
    with pytest.raises(ValueError, match="not a pitstop"):
        roots.path_for("workspace/../../etc/passwd")


def _call(contexts: dict[str, object]) -> ActionCall:
    from pitstop.actions.base import Stores
    from pitstop.workflow.model import Position

    return ActionCall(
        uses="actions/cache@v4",
        inputs={},
        workspace=Path("/nonexistent"),
        env={},
        contexts=contexts,
        stores=Stores(Path("/c"), Path("/a"), Path("/t")),
        position=Position("ci.yml", 1, 1),
        log=lambda line: None,
        run_command=lambda *args, **kwargs: 0,
    )


def test_lines_naming_a_shared_package_cache_are_set_aside(tmp_path: Path) -> None:
    shared = tmp_path / "pitstop" / "uv"
    shared.mkdir(parents=True)
    home = tmp_path / "home"
    (home / ".cache").mkdir(parents=True)
    (home / ".cache/uv").symlink_to(shared)
    lines = ["~/.cache/uv", "~/.cache/uv/wheels", ".venv", "~/.cache/*", "!~/.cache/uv"]
    kept, skipped = cache.shared_lines(lines, tmp_path / "ws", home, (shared,))
    assert skipped == ["~/.cache/uv", "~/.cache/uv/wheels"]
    assert kept == [".venv", "~/.cache/*", "!~/.cache/uv"]


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_a_seeded_store_restores_the_sources_entries_and_saves_only_into_itself(
    tmp_path: Path,
) -> None:
    """prove's store starts with the project's entries; what its runs save stays in it."""
    roots = cache_store.Roots(tmp_path / "workspace", tmp_path / "home")
    (tmp_path / "workspace").mkdir()
    (tmp_path / "workspace" / "data.txt").write_text("saved by the project's run")
    source = tmp_path / "project-store"
    paths = [tmp_path / "workspace" / "data.txt"]
    saved = cache_store.save(source, "mypy-1", "v", paths, roots, scope="refs/heads/main")
    assert saved is not None
    (source / "blobs" / "half-written.tmp").write_text("a save under way")
    before = _tree(source)
    seeded = tmp_path / "prove-store"
    cache_store.seed(seeded, source)
    found = cache_store.find(seeded, ["mypy-"], "v", ["refs/heads/main"])
    assert found is not None and found.key == "mypy-1"
    assert not (seeded / "blobs" / "half-written.tmp").exists()
    (tmp_path / "workspace" / "data.txt").write_text("saved by a defect's run")
    assert cache_store.save(seeded, "mypy-2", "v", paths, roots, scope="refs/heads/main")
    assert _tree(source) == before  # the project's store is only read
    assert cache_store.find(source, ["mypy-2"], "v", ["refs/heads/main"]) is None


def test_a_store_on_another_file_system_is_not_seeded_by_copying(tmp_path: Path) -> None:
    """A link across file systems fails: the store stays empty rather than copy gigabytes."""
    shm = Path("/dev/shm")
    if not shm.is_dir() or shm.stat().st_dev == tmp_path.stat().st_dev:
        pytest.skip("needs /dev/shm on another file system than the test's temporary folder")
    source = tmp_path / "project-store"
    (source / "blobs").mkdir(parents=True)
    (source / "blobs" / "a.tar.gz").write_bytes(b"blob")
    with tempfile.TemporaryDirectory(dir=shm) as other:
        store = Path(other) / "prove-store"
        assert cache_store.seed(store, source) is False
        assert not store.exists()
    assert cache_store.seed(tmp_path / "same-device", source) is True


def test_the_store_is_the_repositorys_unless_the_variable_names_one(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    own = cache_store.for_repository(tmp_path / "pitstop", repo, {})
    assert own.parent == tmp_path / "pitstop" / "cache" and own.name.startswith("repo-")
    named = {cache_store.STORE_VARIABLE: str(tmp_path / "elsewhere")}
    assert cache_store.for_repository(tmp_path / "pitstop", repo, named) == tmp_path / "elsewhere"


def _member(archive: tarfile.TarFile, name: str, text: str = "", link: str = "") -> None:
    info = tarfile.TarInfo(name)
    if link:
        info.type, info.linkname = tarfile.SYMTYPE, link
        archive.addfile(info)
    else:
        info.size = len(text.encode())
        archive.addfile(info, io.BytesIO(text.encode()))


def test_a_link_the_archive_replaces_is_followed_anew(tmp_path: Path) -> None:
    """The restore remembers where folders lead; a link it extracts makes it forget, so a
    member after it cannot write through the new link to outside the job's folder."""
    job, outside = tmp_path / "job", tmp_path / "outside"
    (job / "workspace/real").mkdir(parents=True)
    outside.mkdir()
    (job / "workspace/data").symlink_to(job / "workspace/real")  # committed, inside: fine
    blobs = tmp_path / "store/blobs"
    blobs.mkdir(parents=True)
    with tarfile.open(blobs / "crafted.tar.gz", "w:gz") as archive:
        _member(archive, "workspace/data/a.txt", "through the link, inside")
        _member(archive, "workspace/data", link=str(outside))
        _member(archive, "workspace/data/b.txt", "through the new link, outside")
    entry = cache_store.Entry("k", "v", 0, "crafted", 1)
    roots = cache_store.Roots(job / "workspace", job / "home", confine=job)

    restored = cache_store.restore(tmp_path / "store", entry, roots)

    assert (job / "workspace/real/a.txt").read_text() == "through the link, inside"
    assert restored.refused == [str(job / "workspace/data/b.txt")]
    assert list(outside.iterdir()) == []


def test_a_restored_file_keeps_its_mode_and_time_never_set_id(tmp_path: Path) -> None:
    job = tmp_path / "job"
    (job / "workspace").mkdir(parents=True)
    tool, marked = job / "workspace/tool.sh", job / "workspace/marked"
    tool.write_text("#!/bin/sh\n")
    tool.chmod(0o750)
    marked.write_text("x")
    marked.chmod(0o4777)  # setuid and world-writable: neither survives, as with tar's filter
    os.utime(tool, (1_600_000_000, 1_600_000_000))
    roots = cache_store.Roots(job / "workspace", job / "home", confine=job)
    entry = cache_store.save(tmp_path / "store", "k", "v", [tool, marked], roots)
    assert entry is not None
    tool.unlink()
    marked.unlink()

    cache_store.restore(tmp_path / "store", entry, roots)

    assert stat.S_IMODE(tool.stat().st_mode) == 0o750
    assert tool.stat().st_mtime == 1_600_000_000
    assert stat.S_IMODE(marked.stat().st_mode) == 0o755

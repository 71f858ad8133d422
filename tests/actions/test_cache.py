from __future__ import annotations

import os
import tarfile
from collections.abc import Callable
from pathlib import Path

import pytest

from pitstop.actions import cache, cache_store
from pitstop.actions.base import ActionCall
from pitstop.errors import PitstopError

MakeCall = Callable[..., ActionCall]


def save(make_call: MakeCall, key: str, path: str = "deps") -> None:
    result = cache.save.run(make_call("actions/cache/save@v4", {"path": path, "key": key}))
    assert result.annotations == []


def restore(
    make_call: MakeCall, key: str, restore_keys: str = "", path: str = "deps"
) -> dict[str, str]:
    inputs = {"path": path, "key": key, "restore-keys": restore_keys}
    return cache.restore.run(make_call("actions/cache/restore@v4", inputs)).outputs


def write(workspace: Path, text: str) -> None:
    (workspace / "deps").mkdir(exist_ok=True)
    (workspace / "deps" / "lib.txt").write_text(text)


def test_exact_hit_restores_files(make_call: MakeCall, workspace: Path) -> None:
    write(workspace, "v1")
    save(make_call, "deps-linux-abc")
    (workspace / "deps" / "lib.txt").unlink()
    outputs = restore(make_call, "deps-linux-abc")
    assert outputs == {
        "cache-hit": "true",
        "cache-primary-key": "deps-linux-abc",
        "cache-matched-key": "deps-linux-abc",
    }
    assert (workspace / "deps" / "lib.txt").read_text() == "v1"


def test_restore_keys_prefix_and_newest_win(make_call: MakeCall, workspace: Path) -> None:
    write(workspace, "old")
    save(make_call, "deps-linux-111")
    write(workspace, "new")
    save(make_call, "deps-linux-222")
    write(workspace, "other os")
    save(make_call, "deps-macos-333")
    (workspace / "deps" / "lib.txt").unlink()
    outputs = restore(make_call, "deps-linux-999", "deps-linux-\ndeps-")
    assert outputs["cache-hit"] == "false"
    assert outputs["cache-matched-key"] == "deps-linux-222"
    assert (workspace / "deps" / "lib.txt").read_text() == "new"
    # The first restore key that matches wins, even over a newer entry for a later key.
    assert (
        restore(make_call, "nope", "deps-linux-1\ndeps-")["cache-matched-key"] == "deps-linux-111"
    )
    # The primary key is prefix-matched too, before the restore keys.
    assert restore(make_call, "deps-mac", "deps-linux-")["cache-matched-key"] == "deps-macos-333"


def test_exact_restore_key_beats_newer_prefix_match(make_call: MakeCall, workspace: Path) -> None:
    write(workspace, "a")
    save(make_call, "k")
    save(make_call, "k-later")
    assert restore(make_call, "x", "k")["cache-matched-key"] == "k"


def test_a_different_path_set_does_not_match(make_call: MakeCall, workspace: Path) -> None:
    write(workspace, "x")
    save(make_call, "same-key")
    outputs = restore(make_call, "same-key", path="deps\nother")
    assert outputs == {"cache-primary-key": "same-key", "cache-matched-key": ""}


def test_caches_are_immutable(make_call: MakeCall, workspace: Path) -> None:
    write(workspace, "first")
    save(make_call, "k")
    write(workspace, "second")
    result = cache.save.run(make_call("actions/cache/save@v4", {"path": "deps", "key": "k"}))
    assert "exists already" in result.annotations[0].message
    restore(make_call, "k")
    assert (workspace / "deps" / "lib.txt").read_text() == "first"


def test_home_paths_and_globs_restore_into_a_new_workspace(
    make_call: MakeCall, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    (home / ".cache/pip").mkdir(parents=True)
    (home / ".cache/pip/wheel.whl").write_text("wheel")
    first = tmp_path / "run1"
    (first / "a/node_modules").mkdir(parents=True)
    (first / "a/node_modules/m.js").write_text("m")
    (first / "a/node_modules/skip.log").write_text("x")
    inputs = {"path": "~/.cache/pip\n**/node_modules/*.js", "key": "k"}
    env = {"HOME": str(home)}
    call = make_call("actions/cache/save@v4", inputs, env=env, cwd=first)
    assert cache.save.run(call).annotations == []
    (home / ".cache/pip/wheel.whl").unlink()
    (home / ".cache/pip/mine.txt").write_text("yours")
    call = make_call("actions/cache/save@v4", {**inputs, "key": "k2"}, env=env, cwd=first)
    assert cache.save.run(call).annotations == []
    (home / ".cache/pip/mine.txt").write_text("changed by you")
    restored = cache.restore.run(
        make_call("actions/cache/restore@v4", {**inputs, "key": "k2"}, env=env, cwd=first)
    )
    assert (home / ".cache/pip/mine.txt").read_text() == "changed by you"
    assert "1 existing file(s) in the home folder kept" in restored.notes[0]
    (home / ".cache/pip/mine.txt").unlink()
    second = tmp_path / "run2"
    second.mkdir()
    result = cache.restore.run(make_call("actions/cache/restore@v4", inputs, env=env, cwd=second))
    assert result.outputs["cache-hit"] == "true"
    assert (home / ".cache/pip/wheel.whl").read_text() == "wheel"
    assert (second / "a/node_modules/m.js").read_text() == "m"
    assert not (second / "a/node_modules/skip.log").exists()


def test_post_saves_only_when_the_job_succeeded(
    make_call: MakeCall, workspace: Path, step_log: list[str]
) -> None:
    write(workspace, "x")
    call = make_call("actions/cache@v4", {"path": "deps", "key": "k"})
    result = cache.both.run(call)
    assert result.outputs == {}  # a miss leaves cache-hit unset
    assert result.post is not None
    result.post("failure")
    assert "did not succeed" in step_log[-1]
    assert not cache_store.exists(call.stores.cache_dir, "k", cache_store.version(["deps"]))
    result.post("success")
    assert "Cache saved" in step_log[-1]
    again = cache.both.run(call)
    assert again.outputs == {"cache-hit": "true"}
    assert again.post is not None
    again.post("success")
    assert "not saving cache" in step_log[-1]


def test_save_always_and_missing_paths(make_call: MakeCall, step_log: list[str]) -> None:
    call = make_call("actions/cache@v4", {"path": "absent", "key": "k", "save-always": "true"})
    result = cache.both.run(call)
    assert result.post is not None
    post = result.post("failure")
    assert "Path Validation Error" in step_log[-1]
    assert post is not None
    assert "Path Validation Error" in post.annotations[0].message


def test_fail_on_cache_miss_and_lookup_only(make_call: MakeCall, workspace: Path) -> None:
    inputs = {"path": "deps", "key": "k", "fail-on-cache-miss": "true"}
    result = cache.restore.run(make_call("actions/cache/restore@v4", inputs))
    assert result.conclusion == "failure"
    assert "fail-on-cache-miss" in result.annotations[0].message
    write(workspace, "cached")
    save(make_call, "k")
    (workspace / "deps" / "lib.txt").unlink()
    inputs = {"path": "deps", "key": "k", "lookup-only": "true"}
    result = cache.both.run(make_call("actions/cache@v4", inputs))
    assert result.outputs["cache-hit"] == "true"
    assert not (workspace / "deps" / "lib.txt").exists()


@pytest.mark.parametrize(
    ("inputs", "text"),
    [
        ({"path": "deps", "key": "a,b"}, "cannot contain commas"),
        ({"path": "deps", "key": "k" * 513}, "512"),
        ({"path": "deps"}, "input required and not supplied: key"),
        ({"key": "k"}, "input required and not supplied: path"),
        ({"path": "deps", "key": "k", "restore-keys": "a,b"}, "cannot contain commas"),
        ({"path": "deps", "key": "k", "paths": "x"}, "unsupported input 'paths'"),
    ],
)
def test_bad_inputs(make_call: MakeCall, inputs: dict[str, str], text: str) -> None:
    with pytest.raises(PitstopError, match=text):
        cache.both.run(make_call("actions/cache@v4", inputs))


def test_hard_links_and_archive_names(tmp_path: Path) -> None:
    roots = cache_store.Roots(tmp_path / "ws", tmp_path / "home")
    (tmp_path / "ws").mkdir()
    (tmp_path / "ws/a").write_text("a")
    (tmp_path / "ws/b").hardlink_to(tmp_path / "ws/a")
    store = tmp_path / "store"
    entry = cache_store.save(store, "k", "v", [tmp_path / "ws"], roots)
    assert entry is not None
    (tmp_path / "ws/a").unlink()
    (tmp_path / "ws/b").unlink()
    cache_store.restore(store, entry, roots)
    assert (tmp_path / "ws/b").read_text() == "a"
    assert roots.name_for(Path("/opt/x")) == "absolute/opt/x"
    assert roots.path_for("absolute/opt/x") == Path("/opt/x")
    with pytest.raises(ValueError, match="not a pitstop"):
        roots.path_for("../etc/passwd")


def test_a_home_cache_holds_only_what_the_job_added(
    make_call: MakeCall, tmp_path: Path, step_log: list[str]
) -> None:
    """~/.cache/uv on your machine is gigabytes of other projects: a runner's would be empty."""
    home = tmp_path / "home"
    (home / ".cache/uv").mkdir(parents=True)
    yours = home / ".cache/uv/other-project.whl"
    yours.write_text("another project's wheel")
    os.utime(yours, (1_000_000_000, 1_000_000_000))  # there long before this job
    env = {"HOME": str(home)}
    inputs = {"path": "~/.cache/uv", "key": "uv-k"}
    call = make_call("actions/cache@v4", inputs, env=env, cwd=tmp_path / "ws")
    result = cache.both.run(call)
    (home / ".cache/uv/this-job.whl").write_text("downloaded by the job")
    assert result.post is not None
    result.post("success")
    assert "Cache saved with key: uv-k" in step_log[-1]
    blob = next((call.stores.cache_dir / "blobs").glob("*.tar.gz"))
    with tarfile.open(blob) as archive:
        names = archive.getnames()
    assert "home/.cache/uv/this-job.whl" in names
    assert "home/.cache/uv/other-project.whl" not in names
    assert not list((call.stores.cache_dir / "blobs").glob("*.tmp"))

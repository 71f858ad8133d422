from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from pitstop.actions import artifact_store, download_artifact, upload_artifact
from pitstop.actions.base import ActionCall, ActionResult
from pitstop.errors import PitstopError

MakeCall = Callable[..., ActionCall]


def tree(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)


def upload(make_call: MakeCall, **inputs: str) -> ActionResult:
    return upload_artifact.run(make_call("actions/upload-artifact@v4", inputs))


def stored(call_stores: Path, name: str) -> set[str]:
    folder = call_stores / name
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def project(workspace: Path) -> Path:
    tree(
        workspace,
        {
            "reports/coverage.xml": "<coverage/>",
            "reports/junit/a.xml": "<a/>",
            "reports/junit/b.log": "log",
            "reports/.hidden/secret": "s",
            "dist/pkg.whl": "wheel",
        },
    )
    return workspace


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("reports/coverage.xml", {"coverage.xml"}),
        ("reports/", {"coverage.xml", "junit/a.xml", "junit/b.log"}),
        ("reports/**/*.xml", {"coverage.xml", "junit/a.xml"}),
        ("reports/\n!reports/junit", {"coverage.xml"}),
        ("reports/**\n!**/*.log", {"coverage.xml", "junit/a.xml"}),
        ("reports/junit/a.xml\ndist/pkg.whl", {"reports/junit/a.xml", "dist/pkg.whl"}),
        ("reports/junit/*.xml\nreports/coverage.xml", {"junit/a.xml", "coverage.xml"}),
    ],
)
def test_uploaded_structure_follows_the_common_ancestor(
    make_call: MakeCall, project: Path, path: str, expected: set[str]
) -> None:
    result = upload(make_call, name="r", path=path)
    artifact_dir = make_call("x").stores.artifact_dir
    assert stored(artifact_dir, "r") == expected
    assert result.outputs["artifact-id"] == "1"
    assert result.outputs["artifact-url"] == (artifact_dir / "r").resolve().as_uri()
    assert result.outputs["artifact-digest"] == artifact_store.digest(artifact_dir / "r")
    assert result.notes[0].startswith(f"artifact r: {len(expected)} file(s)")


def test_hidden_files_only_on_request(make_call: MakeCall, project: Path) -> None:
    upload(make_call, name="h", path="reports", **{"include-hidden-files": "true"})
    assert ".hidden/secret" in stored(make_call("x").stores.artifact_dir, "h")


def test_names_are_unique_within_a_run(make_call: MakeCall, project: Path) -> None:
    upload(make_call, path="dist")
    with pytest.raises(PitstopError, match="already uploaded in this run"):
        upload(make_call, path="reports")
    result = upload(make_call, path="reports/coverage.xml", overwrite="true")
    assert stored(make_call("x").stores.artifact_dir, "artifact") == {"coverage.xml"}
    assert result.outputs["artifact-id"] == "2"


@pytest.mark.parametrize(
    ("mode", "conclusion", "levels"),
    [("warn", "success", ["warning"]), ("error", "failure", ["error"]), ("ignore", "success", [])],
)
def test_if_no_files_found(
    make_call: MakeCall, mode: str, conclusion: str, levels: list[str]
) -> None:
    result = upload(make_call, path="nothing/*.xml", **{"if-no-files-found": mode})
    assert result.conclusion == conclusion
    assert [a.level for a in result.annotations] == levels
    assert result.outputs == {}


@pytest.mark.parametrize(
    ("inputs", "text"),
    [
        ({"path": "dist", "name": "a/b"}, "not valid"),
        ({"path": "dist", "name": ".pitstop"}, "reserved"),
        ({"path": "dist", "retention-days": "91"}, "retention-days"),
        ({"path": "dist", "compression-level": "x"}, "compression-level"),
        ({"path": "dist", "if-no-files-found": "fail"}, "if-no-files-found"),
        ({"path": "reports", "archive": "false"}, "only a single file"),
        ({"name": "x"}, "path"),
        ({"path": "dist", "retention": "1"}, "unsupported input 'retention'"),
    ],
)
def test_bad_upload_inputs(
    make_call: MakeCall, project: Path, inputs: dict[str, str], text: str
) -> None:
    with pytest.raises(PitstopError, match=text):
        upload(make_call, **inputs)


def test_retention_and_compression_are_noted(make_call: MakeCall, project: Path) -> None:
    result = upload(make_call, path="dist", **{"retention-days": "5", "compression-level": "0"})
    assert any("retention-days: 5" in n for n in result.notes)
    assert any("compression-level: 0" in n for n in result.notes)


def download(make_call: MakeCall, **inputs: str) -> ActionResult:
    return download_artifact.run(make_call("actions/download-artifact@v4", inputs))


def test_download_by_name_pattern_and_merge(
    make_call: MakeCall, project: Path, workspace: Path
) -> None:
    upload(make_call, name="cov-3.11", path="reports/coverage.xml")
    tree(workspace, {"reports/coverage.xml": "<coverage v='2'/>"})
    upload(make_call, name="cov-3.12", path="reports/coverage.xml")
    upload(make_call, name="dist", path="dist")
    result = download(make_call, name="dist", path="out/one")
    assert result.outputs["download-path"] == str((workspace / "out/one").resolve())
    assert (workspace / "out/one/pkg.whl").read_text() == "wheel"
    download(make_call, pattern="cov-*", path="out/each")
    assert (workspace / "out/each/cov-3.11/coverage.xml").read_text() == "<coverage/>"
    assert (workspace / "out/each/cov-3.12/coverage.xml").read_text() == "<coverage v='2'/>"
    download(make_call, pattern="cov-*", path="out/merged", **{"merge-multiple": "true"})
    assert (workspace / "out/merged/coverage.xml").exists()
    download(make_call, path="out/all")
    assert {p.name for p in (workspace / "out/all").iterdir()} == {"cov-3.11", "cov-3.12", "dist"}
    download(make_call, pattern="d*", path="out/single-match")
    assert (workspace / "out/single-match/pkg.whl").exists()
    download(make_call, **{"artifact-ids": "1, 3", "path": "out/ids"})
    assert {p.name for p in (workspace / "out/ids").iterdir()} == {"cov-3.11", "dist"}


def test_missing_artifact_fails_clearly(make_call: MakeCall, project: Path) -> None:
    upload(make_call, name="dist", path="dist")
    with pytest.raises(PitstopError, match=r"artifact 'coverage' not found .*uploaded: dist"):
        download(make_call, name="coverage")


def test_digest_mismatch(make_call: MakeCall, project: Path) -> None:
    upload(make_call, name="dist", path="dist")
    (make_call("x").stores.artifact_dir / "dist/pkg.whl").write_text("tampered")
    with pytest.raises(PitstopError, match="digest validation failed"):
        download(make_call, name="dist")
    result = download(make_call, name="dist", **{"digest-mismatch": "warn"})
    assert result.annotations[0].level == "warning"


@pytest.mark.parametrize(
    ("inputs", "text"),
    [
        ({"name": "a", "artifact-ids": "1"}, "cannot be used together"),
        ({"artifact-ids": "x"}, "must be numbers"),
        ({"artifact-ids": "9"}, "none of the provided"),
        ({"repository": "other/repo"}, "only this run's artifacts"),
        ({"skip-decompress": "true"}, "skip-decompress"),
        ({"digest-mismatch": "loud"}, "digest-mismatch"),
    ],
)
def test_bad_download_inputs(make_call: MakeCall, inputs: dict[str, str], text: str) -> None:
    with pytest.raises(PitstopError, match=text):
        download(make_call, **inputs)


def test_records_are_read_whole_while_another_job_writes_them(tmp_path: Path) -> None:
    """A job halting (or uploading) while another lists the records: never a half-written
    record (CI saw `JSONDecodeError` from a record read while it was being written)."""
    import threading

    store = tmp_path / "artifacts"
    done = threading.Event()
    errors: list[BaseException] = []

    def writer() -> None:
        try:
            for n in range(60):
                artifact_store.record_halted(store, "deploy", "deploy", "x" * 5000 + str(n))
                files = tmp_path / f"files{n}"
                files.mkdir()
                (files / "f.txt").write_text("x" * 5000)
                artifact_store.upload(store, f"a{n}", files, [files / "f.txt"], False)
        except BaseException as exc:  # reported by the assertion below
            errors.append(exc)
        finally:
            done.set()

    thread = threading.Thread(target=writer)
    thread.start()
    reads = 0
    while not done.is_set() or reads == 0:
        assert len(artifact_store.halted_jobs(store, {"deploy"})) <= 1
        artifact_store.listing(store)
        reads += 1
    thread.join()
    assert errors == []

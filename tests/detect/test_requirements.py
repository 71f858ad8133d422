"""pip requirements files: entries, -r/-c chains relative to the including file, roles, errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from pitstop.detect import requirements
from pitstop.errors import PitstopError
from tests.detect.test_aspects import write


@pytest.mark.parametrize(
    ("path", "role"),
    [
        ("requirements.txt", "base"),
        ("requirements-dev.txt", "dev"),
        ("requirements_test.txt", "test"),
        ("requirements/base.txt", "base"),
        ("requirements/common.txt", "base"),
        ("requirements/local.txt", "dev"),
        ("requirements/development.txt", "dev"),
        ("requirements/tests.txt", "test"),
        ("requirements/ci.txt", "test"),
        ("requirements/production.txt", "production"),
        ("requirements/prod.lock", "production"),
        ("requirements/docs.txt", "other"),
    ],
)
def test_role_comes_from_the_file_name(path: str, role: str) -> None:
    assert requirements.role(path) == role


def test_chain_is_resolved_relative_to_the_including_file(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "requirements/base.txt": "Django==5.2.1  # the web framework\ndj-database-url>=2\n",
            "requirements/local.txt": "-r base.txt\n--constraint ../constraints.txt\n"
            "pytest-django==4.11.1 \\\n    ; python_version >= '3.10'\n"
            "-e .\ngit+https://example.invalid/x.git#egg=x\n",
            "constraints.txt": "psycopg==3.2.9\n",
        },
    )
    local = requirements.load(tmp_path, "requirements/local.txt")
    assert local.includes == ("requirements/base.txt",)
    assert local.names == {"django", "dj-database-url", "pytest-django"}
    assert dict(local.pins) == {
        "django": "5.2.1",
        "pytest-django": "4.11.1",
        "psycopg": "3.2.9",
    }
    assert not local.hashed


def test_hashed_only_when_every_entry_of_the_chain_has_hashes(tmp_path: Path) -> None:
    hashed = "django==5.2.1 \\\n    --hash=sha256:aa\n"
    write(
        tmp_path,
        {"a.txt": hashed, "b.txt": "-r a.txt\n" + hashed, "c.txt": "-r a.txt\nblack==25.1\n"},
    )
    assert requirements.load(tmp_path, "b.txt").hashed
    assert not requirements.load(tmp_path, "c.txt").hashed


def test_missing_include_names_file_and_line(tmp_path: Path) -> None:
    write(tmp_path, {"requirements/local.txt": "pytest==8.3.5\n-r base.txt\n"})
    with pytest.raises(PitstopError) as caught:
        requirements.load(tmp_path, "requirements/local.txt")
    error = caught.value
    assert "requirements/local.txt includes base.txt, which does not exist" in error.message
    assert error.location is not None
    assert (error.location.line, error.location.column) == (2, 4)
    assert error.location.file.endswith("requirements/local.txt")


def test_cycle_is_reported_with_its_path(tmp_path: Path) -> None:
    write(tmp_path, {"a.txt": "-r b.txt\n", "b.txt": "django\n--requirement=a.txt\n"})
    with pytest.raises(PitstopError) as caught:
        requirements.load(tmp_path, "a.txt")
    assert "cycle: a.txt -> b.txt -> a.txt" in caught.value.message
    assert caught.value.location is not None
    assert caught.value.location.line == 2


def test_a_file_included_twice_is_read_once(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "base.txt": "django\n",
            "test.txt": "-r base.txt\n",
            "all.txt": "-r base.txt\n-r test.txt\n",
        },
    )
    assert requirements.load(tmp_path, "all.txt").includes == ("base.txt", "test.txt")


def test_a_root_file_that_includes_production_is_production(tmp_path: Path) -> None:
    write(
        tmp_path,
        {"requirements.txt": "-r requirements/production.txt\n", "requirements/production.txt": ""},
    )
    assert requirements.load(tmp_path, "requirements.txt").role == "production"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig"])
def test_a_file_with_a_bom_is_read_in_its_encoding(tmp_path: Path, encoding: str) -> None:
    (tmp_path / "requirements.txt").write_bytes(
        "Django==3.2.9\r\npsycopg2==2.9.2\r\n".encode(encoding)
    )
    found = requirements.load(tmp_path, "requirements.txt")
    assert dict(found.pins) == {"django": "3.2.9", "psycopg2": "2.9.2"}

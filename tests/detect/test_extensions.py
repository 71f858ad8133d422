"""Extensions read from migrations with `ast`, in each form Django allows."""

from __future__ import annotations

from pathlib import Path

import pytest

from pitstop.detect import extensions
from tests.detect.test_aspects import write

HEADER = "from django.contrib.postgres.operations import *\nfrom django.db import migrations\n"


@pytest.mark.parametrize(
    ("operation", "name"),
    [
        ("TrigramExtension()", "pg_trgm"),
        ("HStoreExtension()", "hstore"),
        ("CITextExtension()", "citext"),
        ("UnaccentExtension()", "unaccent"),
        ("BtreeGinExtension()", "btree_gin"),
        ("BtreeGistExtension()", "btree_gist"),
        ("CryptoExtension()", "pgcrypto"),
        ("BloomExtension()", "bloom"),
        ('CreateExtension("vector")', "vector"),
        ("CreateExtension(name='postgis')", "postgis"),
        ("operations.TrigramExtension()", "pg_trgm"),
        ('migrations.RunSQL("CREATE EXTENSION IF NOT EXISTS pg_trgm;")', "pg_trgm"),
        ("migrations.RunSQL(sql='create extension \"uuid-ossp\"', reverse_sql='')", "uuid-ossp"),
        ('migrations.RunSQL(["SELECT 1", ("CREATE EXTENSION citext", None)])', "citext"),
    ],
)
def test_each_form(tmp_path: Path, operation: str, name: str) -> None:
    migration = f"{HEADER}\nclass Migration(migrations.Migration):\n    operations = [\n"
    migration += f"        {operation},\n    ]\n"
    write(tmp_path, {"search/migrations/0002_ext.py": migration})
    found = extensions.detect(tmp_path)
    assert [(e.name, e.path, e.line) for e in found] == [(name, "search/migrations/0002_ext.py", 6)]
    assert str(found[0]) == f"{name} (search/migrations/0002_ext.py:6)"


def test_each_extension_once_sorted_and_not_from_a_virtualenv(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "a/migrations/0001_initial.py": "ops = [HStoreExtension(), TrigramExtension()]\n",
            "b/migrations/0003_more.py": "ops = [TrigramExtension()]\n",
            ".venv/lib/x/migrations/0001_initial.py": "ops = [BloomExtension()]\n",
            "a/migrations/0004_broken.py": "ops = [CITextExtension(\n",
            "a/migrations/0005_other.py": 'RunSQL("SELECT 1")\nCreateExtension(some_name)\n',
        },
    )
    found = extensions.detect(tmp_path)
    assert extensions.names(found) == ("hstore", "pg_trgm")
    assert found[1].path == "a/migrations/0001_initial.py"


def test_no_migrations_no_extensions(tmp_path: Path) -> None:
    assert extensions.detect(tmp_path) == ()


def test_extensions_outside_the_official_image(tmp_path: Path) -> None:
    migration = (
        'ops = [CreateExtension("postgis"), TrigramExtension(), CreateExtension("vector")]\n'
    )
    write(tmp_path, {"geo/migrations/0001_initial.py": migration})
    found = extensions.detect(tmp_path)
    assert extensions.names(extensions.outside_image(found)) == ("postgis", "vector")

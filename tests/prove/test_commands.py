"""A `run:` script split into commands as the shell would, each unwrapped to its tool."""

from __future__ import annotations

import pytest

from pitstop.prove.commands import Command, commands


@pytest.mark.parametrize(
    ("script", "expected"),
    [
        ("python -m pip install pytest pytest-cov", [("pip", "install", "pytest", "pytest-cov")]),
        ("mkdir -p reports && python -m pytest -q", [("mkdir", "-p", "reports"), ("pytest", "-q")]),
        ("uv run --frozen --group dev pytest -x", [("pytest", "-x")]),
        ("poetry run python manage.py test", [("manage.py", "test")]),
        (
            "python -m coverage run --branch --source=apps manage.py test --noinput",
            [("manage.py", "test", "--noinput")],
        ),
        ("coverage run -m pytest; coverage report", [("pytest",), ("coverage", "report")]),
        ("DJANGO_DEBUG=0 ./manage.py check --deploy", [("manage.py", "check", "--deploy")]),
        ("pytest > out.txt 2>&1 || true", [("pytest", "2"), ("true",)]),
        (
            'found=$(find "$OUTPUT" -size +0 -print -quit)',
            [("find", "$OUTPUT", "-size", "+0", "-print", "-quit")],
        ),
        (
            "ruff check \\\n  --output-format=full .",
            [("ruff", "check", "--output-format=full", ".")],
        ),
        ("timeout 60 .venv/bin/mypy .", [("mypy", ".")]),
        ("if [ -s out.css ]; then echo ok; fi", [("[", "-s", "out.css", "]"), ("echo", "ok")]),
        ("python -c 'import pytest'", []),
        ("bash -c 'cd src && pytest -q'", [("cd", "src"), ("pytest", "-q")]),
    ],
)
def test_a_script_splits_into_unwrapped_commands(
    script: str, expected: list[tuple[str, ...]]
) -> None:
    assert list(commands(script)) == expected


def test_a_heredoc_body_is_not_shell() -> None:
    script = "python3 - <<'PY'\nimport pytest\npytest.main()\nPY\nblack --check .\n"
    assert list(commands(script)) == [("-",), ("black", "--check", ".")]


def test_a_quotation_across_lines_is_read_to_its_end() -> None:
    script = 'echo "one\ntwo"\npre-commit run --all-files\n'
    assert list(commands(script))[-1] == ("pre-commit", "run", "--all-files")


@pytest.mark.parametrize(
    ("pattern", "argv", "matches"),
    [
        (Command("pytest"), ("pytest", "-q"), True),
        (Command("pytest"), ("pip", "install", "pytest-cov"), False),
        (Command("manage.py", ("test",)), ("manage.py", "test", "--noinput"), True),
        (Command("manage.py", ("test",)), ("manage.py", "check"), False),
        (Command("black", flags=("--check",)), ("black", "."), False),
        (Command("black", flags=("--check",)), ("black", "--check", "--diff", "."), True),
        (Command("pytest", flags=("--cov-fail-under",)), ("pytest", "--cov-fail-under=90"), True),
        (Command("ruff", ("check",)), ("ruff", "format", "--check", "."), False),
    ],
)
def test_a_gate_command_is_the_command_word_and_its_words(
    pattern: Command, argv: tuple[str, ...], matches: bool
) -> None:
    assert pattern.matches(argv) is matches

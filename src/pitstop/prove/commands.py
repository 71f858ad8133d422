"""The commands of a `run:` script, as the shell would split them, to find a gate by structure.

A gate is the COMMAND a step runs (`pytest`, `python -m pytest`, `manage.py test`), never a
word that only appears in it: `pip install pytest-cov` installs a plug-in, it runs no tests.
Each line is split with shlex; `&&`, `||`, `;`, `|`, `&` and `$(...)` start a new command;
heredoc bodies (a Python script fed to `python3 -`) are not shell and are skipped. Runners
that only start another command (`python -m X`, `uv run`, `poetry run`, `coverage run`,
`env VAR=1`, `timeout 60`) are unwrapped, so the command word is the tool itself.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator
from dataclasses import dataclass

Argv = tuple[str, ...]

SEPARATORS = {"&&", "||", ";", ";;", "|", "|&", "&", "(", ")"}
KEYWORDS = {
    "if",
    "then",
    "else",
    "elif",
    "fi",
    "do",
    "done",
    "while",
    "until",
    "!",
    "{",
    "}",
    "time",
    "exec",
}
HEREDOC = re.compile(r"<<-?\s*(['\"]?)(\w+)\1")
ASSIGNMENT = re.compile(r"^[A-Za-z_]\w*=")
PYTHON = re.compile(r"^python(\d+(\.\d+)?)?$|^py$")
# `uv run`, `poetry run`...: the project runners that start the command after their options.
PROJECT_RUNNERS = {"uv", "poetry", "pipenv", "pdm", "hatch", "rye"}
# Options of those runners and of `coverage run` that take a separate value.
VALUE_OPTIONS = {
    "--with",
    "--group",
    "--extra",
    "--python",
    "-p",
    "--env-file",
    "--package",
    "--directory",
    "--source",
    "--rcfile",
    "--data-file",
    "--include",
    "--omit",
    "--concurrency",
    "--context",
}
PREFIXES = {"env", "sudo", "nice", "command", "xvfb-run", "npx", "bunx"}


@dataclass(frozen=True)
class Command:
    """A gate's command: its command word, the words after it, and one of its options."""

    program: str  # "pytest", "manage.py", "ruff"
    words: Argv = ()  # the first arguments that are not options: ("test",), ("check",)
    flags: Argv = ()  # at least one of these options must be given (empty: none needed)

    def matches(self, argv: Argv) -> bool:
        if not argv or argv[0] != self.program:
            return False
        positional = [arg for arg in argv[1:] if not arg.startswith("-")]
        if tuple(positional[: len(self.words)]) != self.words:
            return False
        return not self.flags or any(_has_flag(argv[1:], flag) for flag in self.flags)


def _has_flag(args: Argv, flag: str) -> bool:
    return any(arg == flag or arg.startswith(f"{flag}=") for arg in args)


def commands(script: str) -> Iterator[Argv]:
    """Each command of the script, unwrapped to start with its command word (a file's name)."""
    for line in _logical_lines(script):
        for argv in _split(line):
            command = _unwrap(argv)
            if command[:1] in {("bash",), ("sh",)} and "-c" in command[1:-1]:
                yield from commands(command[command.index("-c") + 1])  # `bash -c "a && b"`
            elif command:
                yield command


def _logical_lines(script: str) -> Iterator[list[str]]:
    """The script's lines as tokens: continuations joined, heredoc bodies left out."""
    lines = script.splitlines()
    pending = ""
    index = 0
    while index < len(lines):
        line = pending + lines[index]
        index += 1
        if line.endswith("\\"):
            pending = line[:-1] + " "
            continue
        try:
            tokens = _tokens(line)
        except ValueError:  # a quotation that spans lines: read on
            pending = line + "\n"
            continue
        pending = ""
        heredoc = HEREDOC.search(line)
        if heredoc is not None:
            while index < len(lines) and lines[index].strip() != heredoc[2]:
                index += 1
            index += 1
        yield tokens


def _tokens(line: str) -> list[str]:
    lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    return list(lexer)


def _split(tokens: list[str]) -> Iterator[Argv]:
    """Commands separated by the shell's control operators; redirections left out."""
    current: list[str] = []
    skip = False
    for token in tokens:
        if skip:
            skip = False
        elif token in SEPARATORS:
            yield tuple(current)
            current = []
        elif token and set(token) <= set("<>&"):
            skip = True  # the redirection's target
        else:
            current.append(token)
    yield tuple(current)


def _unwrap(argv: Argv) -> Argv:
    """Drop what only starts the real command: assignments, `python -m`, `uv run`, ..."""
    args = list(argv)
    while args:
        word = args[0]
        if ASSIGNMENT.match(word) or word in KEYWORDS or word in PREFIXES:
            args = args[1:]
        elif word == "timeout":
            args = _after_options(args[1:])[1:]  # `timeout 60 CMD`: drop the duration
        elif word.rsplit("/", 1)[-1] in PROJECT_RUNNERS and args[1:2] == ["run"]:
            args = _after_options(args[2:])
        elif PYTHON.match(word.rsplit("/", 1)[-1]) or _is_coverage_run(args):
            args = _python_target(args[2:] if _is_coverage_run(args) else args[1:])
        else:
            return (word.rsplit("/", 1)[-1], *args[1:])
    return ()


def _is_coverage_run(args: list[str]) -> bool:
    return args[0].rsplit("/", 1)[-1] == "coverage" and args[1:2] == ["run"]


def _python_target(args: list[str]) -> list[str]:
    """What `python [options] -m MODULE ...` or `python [options] SCRIPT ...` runs."""
    index = 0
    while index < len(args) and args[index].startswith("-") and args[index] != "-":
        if args[index] == "-m":
            return args[index + 1 :]
        if args[index] == "-c":
            return []  # inline code: no command word to find
        index += 2 if args[index] in {"-W", "-X"} | VALUE_OPTIONS else 1
    return args[index:]


def _after_options(args: list[str]) -> list[str]:
    index = 0
    while index < len(args) and args[index].startswith("-"):
        if args[index] == "--":
            return args[index + 1 :]
        index += 2 if args[index] in VALUE_OPTIONS else 1
    return args[index:]

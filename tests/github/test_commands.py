from __future__ import annotations

from pathlib import Path

import pytest

from pitstop.actions.base import Annotation
from pitstop.github import commands as c


def feed(*lines: str, **kwargs: object) -> list[c.ParsedLine]:
    parser = c.CommandParser(**kwargs)  # type: ignore[arg-type]
    return [parser.feed(line) for line in lines]


def test_plain_lines_pass_through() -> None:
    assert feed("hello", "::unknown::x", "a ::error::b") == [
        c.ParsedLine("hello"),
        c.ParsedLine("::unknown::x"),
        c.ParsedLine("a ::error::b"),
    ]


def test_error_with_all_properties() -> None:
    [parsed] = feed("::error file=app.py,line=3,col=5,endColumn=9,title=Bad%2C bad::boom%0Anext")
    assert parsed.display == "Error: boom\nnext"
    assert parsed.events == (
        c.AnnotationEvent(Annotation("error", "boom\nnext", "app.py", 3, "Bad, bad"), 5, None, 9),
    )


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("::warning::careful", Annotation("warning", "careful")),
        ("  ::notice title=a%3Ab::note", Annotation("notice", "note", title="a:b")),
        ("::ERROR::upper", Annotation("error", "upper")),
        ("::error file=x,line=nope::m", Annotation("error", "m", "x")),
        ("::error ::m", Annotation("error", "m")),
        ("::error file=/ws/src/a.py::m", Annotation("error", "m", "src/a.py")),
        ("::error file=/other/a.py::m", Annotation("error", "m", "/other/a.py")),
        ("::error File=f,LINE=2::m", Annotation("error", "m", "f", 2)),
        ("::error::100%25 %250A", Annotation("error", "100% %0A")),
        ("##[warning file=a%3Bb]legacy", Annotation("warning", "legacy", "a;b")),
    ],
)
def test_annotations(line: str, expected: Annotation) -> None:
    [parsed] = feed(line, workspace=Path("/ws"))
    [event] = parsed.events
    assert isinstance(event, c.AnnotationEvent)
    assert event.annotation == expected


@pytest.mark.parametrize(
    ("props", "positions"),
    [
        ("line=3,endLine=5", (3, 5, None, None)),
        ("endLine=5", (5, 5, None, None)),
        ("col=2", (None, None, None, None)),
        ("line=1,endLine=2,col=3", (1, 2, None, None)),
        ("line=5,endLine=2", (None, None, None, None)),
        ("line=1,col=5,endColumn=2", (1, None, None, None)),
        ("line=1,endColumn=4", (1, None, 4, 4)),
    ],
)
def test_line_and_column_rules(props: str, positions: tuple[int | None, ...]) -> None:
    [parsed] = feed(f"::error {props}::m")
    [event] = parsed.events
    assert isinstance(event, c.AnnotationEvent)
    got = (event.annotation.line, event.end_line, event.column, event.end_column)
    assert got == positions


def test_debug_group_mask() -> None:
    assert feed("::debug::details", "::group::Build", "::endgroup::", "::add-mask::s3cret") == [
        c.ParsedLine(None, (c.Debug("details"),)),
        c.ParsedLine("##[group]Build", (c.GroupStart("Build"),)),
        c.ParsedLine("##[endgroup]", (c.GroupEnd(),)),
        c.ParsedLine(None, (c.AddMask("s3cret"),)),
    ]


def test_add_mask_empty_warns() -> None:
    [parsed] = feed("::add-mask::   ")
    [event] = parsed.events
    assert isinstance(event, c.AnnotationEvent)
    assert event.annotation.level == "warning"


def test_stop_commands_suspends_until_token() -> None:
    lines = ["::stop-commands::pause-abc", "::error::not one", "::pause-abc::", "::error::real"]
    parsed = feed(*lines)
    assert parsed[0] == c.ParsedLine(lines[0], (c.AddMask("pause-abc"),))
    assert parsed[1] == c.ParsedLine("::error::not one")
    assert parsed[2] == c.ParsedLine("::pause-abc::")
    assert parsed[3].events[0] == c.AnnotationEvent(Annotation("error", "real"))


def test_short_stop_token_is_not_masked() -> None:
    [parsed] = feed("::stop-commands::tok")
    assert parsed.events == ()


@pytest.mark.parametrize("token", ["", "pause-logging", "error", "Group"])
def test_bad_stop_tokens_fail_the_step(token: str) -> None:
    [parsed, after] = feed(f"::stop-commands::{token}", "::debug::x")
    [event] = parsed.events
    assert isinstance(event, c.CommandFailure)
    assert after.events == (c.Debug("x"),)


def test_bad_stop_token_allowed_by_env() -> None:
    env = {"ACTIONS_ALLOW_UNSECURE_STOPCOMMAND_TOKENS": "true"}
    [parsed, hidden] = feed("::stop-commands::error", "::debug::x", env=env)
    assert parsed.events == ()
    assert hidden == c.ParsedLine("::debug::x")


def test_set_output_and_save_state_work_with_deprecation_warning() -> None:
    [out, state] = feed("::set-output name=x::1%0A2", "::save-state name=pid::42")
    assert out.display is None
    warning, event = out.events
    assert isinstance(warning, c.AnnotationEvent)
    assert "deprecated" in warning.annotation.message
    assert event == c.SetOutput("x", "1\n2")
    assert state.events[1] == c.SaveState("pid", "42")


def test_set_output_without_name_fails() -> None:
    [parsed] = feed("::set-output::1")
    assert isinstance(parsed.events[0], c.CommandFailure)


@pytest.mark.parametrize("line", ["::set-env name=A::1", "::add-path::/x"])
def test_unsecure_commands_disabled_by_default(line: str) -> None:
    [parsed] = feed(line)
    [event] = parsed.events
    assert isinstance(event, c.CommandFailure)
    assert "ACTIONS_ALLOW_UNSECURE_COMMANDS" in event.message


def test_unsecure_commands_when_allowed() -> None:
    env = {"ACTIONS_ALLOW_UNSECURE_COMMANDS": "true"}
    parsed = feed("::set-env name=A::1", "::add-path::/x", "::set-env::1", "::add-path::", env=env)
    assert parsed[0].events == (c.SetEnv("A", "1"),)
    assert parsed[1].events == (c.AddPath("/x"),)
    assert isinstance(parsed[2].events[0], c.CommandFailure)
    assert isinstance(parsed[3].events[0], c.CommandFailure)


def test_echo_on_shows_echoable_commands() -> None:
    parsed = feed(
        "::echo::on", "::add-matcher::m.json", "::add-mask::pw", "::debug::d", "::echo::off",
        "::add-matcher::m.json", "::echo::maybe",
    )  # fmt: skip
    assert parsed[0] == c.ParsedLine(None)
    assert parsed[1].display == "::add-matcher::m.json"
    assert isinstance(parsed[1].events[0], c.Ignored)
    assert parsed[2].display == "::add-mask::***"
    assert parsed[3].display is None
    assert parsed[5].display is None
    assert isinstance(parsed[6].events[0], c.CommandFailure)


def test_echo_keeps_group_display() -> None:
    [_, group] = feed("::echo::on", "::group::G")
    assert group.display == "##[group]G"


def test_parse_command_and_properties() -> None:
    command = c.parse_command("::error file=a,=x,y=,line=1::d")
    assert command == c.Command("error", {"file": "a", "line": "1"}, "d")
    assert command.get("FILE") == "a"
    assert command.get("title") is None
    assert c.parse_command("::error") is None
    assert c.parse_command("##[nope]x") is None
    assert c.parse_command("##[error") is None

"""Every ``resgraph`` command has ``--help`` and is documented in README.md, and the
command lines the README shows are ones the parser accepts."""

from __future__ import annotations

import argparse
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from resgraph.cli import build_parser

README = Path(__file__).resolve().parent.parent / "README.md"


def commands() -> list[str]:
    """The names of the commands ``resgraph`` registers."""
    parser = build_parser()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return sorted(action.choices)
    return []


def readme() -> str:
    return README.read_text(encoding="utf-8")


def code(text: str) -> str:
    """The README's code: fenced blocks and inline code spans."""
    blocks = re.findall(r"```[^\n]*\n(.*?)```", text, re.S)
    spans = re.findall(r"`([^`\n]+)`", re.sub(r"```.*?```", "", text, flags=re.S))
    return "\n".join(blocks + spans)


def command_lines(text: str) -> list[str]:
    """The ``resgraph ...`` command lines of the README's shell blocks."""
    lines: list[str] = []
    for lang, block in re.findall(r"```(\w*)\n(.*?)```", text, re.S):
        if lang not in ("sh", "shell", "bash", "console", ""):
            continue
        joined = re.sub(r"\\\n\s*", " ", block)
        for raw in joined.splitlines():
            line = raw.strip().removeprefix("$ ")
            line = line.split(" #", 1)[0].split(" |", 1)[0].split(" >", 1)[0].strip()
            if line.startswith("resgraph "):
                lines.append(line)
    return lines


COMMANDS = commands()


def test_there_are_commands() -> None:
    assert {"cited-by", "cites", "chain", "top", "timeline", "query", "serve"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        build_parser().parse_args([command, "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: resgraph {command}")
    assert len(out.splitlines()) > 3


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_is_documented_in_the_readme(command: str) -> None:
    assert re.search(rf"\bresgraph {re.escape(command)}\b", code(readme())), (
        f"README.md does not show `resgraph {command}`")


def test_the_readme_shows_no_command_that_does_not_exist() -> None:
    shown = set(re.findall(r"\bresgraph ([a-z][a-z-]*)\b", code(readme())))
    unknown = {w for w in shown - set(COMMANDS) if not w.startswith("-")}
    assert not unknown, f"README.md shows commands resgraph does not have: {sorted(unknown)}"


def test_the_readme_command_lines_parse() -> None:
    parser = build_parser()
    for line in command_lines(readme()):
        argv = shlex.split(line)[1:]
        if argv and argv[0] not in COMMANDS:
            continue
        try:
            parser.parse_args(argv)
        except SystemExit as exc:  # argparse exits on a bad command line
            if exc.code != 0:
                pytest.fail(f"README.md command line does not parse: {line}")


def test_top_level_help_lists_every_command() -> None:
    out = subprocess.run([sys.executable, "-m", "resgraph", "--help"], capture_output=True,
                         text=True, check=True).stdout
    for command in COMMANDS:
        assert re.search(rf"^\s+{re.escape(command)}\b", out, re.M), command

"""The command line's parser is built for the one command named (``cli._parser``): it must accept
and explain exactly what the whole parser does, and fall back to the whole one whenever the
command is not plain to see."""

from __future__ import annotations

import sys

import pytest

from mentor_tui import cli

from .conftest import run_cli


def _sub(parser, name: str):
    """The subparser of *name* in *parser*."""
    action = next(a for a in parser._actions if a.dest == "command")
    return action.choices[name]


@pytest.mark.parametrize("name", list(cli.COMMANDS))
def test_each_command_gets_the_same_parser_alone_as_in_the_whole(name):
    alone = cli._parser([name])
    whole = cli._parser(None)
    assert list(_sub(alone, name).format_help().splitlines()) == list(_sub(whole, name).format_help().splitlines())
    action = next(a for a in alone._actions if a.dest == "command")
    assert list(action.choices) == [name]  # only the command named was built


@pytest.mark.parametrize("argv, expected", [
    (["ask", "hi"], "ask"),
    (["--data-dir", "/x", "questions"], "questions"),
    (["--data-dir=/x", "practice", "--json"], "practice"),
    (["--data-dir", "ask", "questions"], "questions"),  # "ask" is the folder's name here
    (["--data", "/x", "ask", "hi"], None),  # an abbreviated option: the whole parser decides
    (["--help"], None),
    (["-h", "ask"], None),
    (["--version"], None),
    ([], None),
    (["asks", "hi"], None),  # a typo: the whole parser names every command in its error
])
def test_the_command_named_is_found_only_when_plain(argv, expected):
    assert cli._named_command(argv) == expected


def test_a_typo_lists_every_command_and_exits_64(data_dir):
    out = run_cli("asks", "hi")
    assert out.returncode == 64
    for name in cli.COMMANDS:
        assert repr(name) in out.stderr


def test_an_abbreviated_data_dir_before_the_command_still_works(data_dir, tmp_path):
    folder = tmp_path / "elsewhere"
    assert run_cli("--data", str(folder), "ask", "where did it go?").returncode == 0
    listed = run_cli("--data-dir", str(folder), "questions")
    assert "where did it go?" in listed.stdout


def test_help_lists_every_command_and_the_exit_codes(data_dir):
    out = run_cli("--help")
    assert out.returncode == 0
    for name in cli.COMMANDS:
        assert f"    {name} " in out.stdout
    assert "exit status:" in out.stdout and "check: 0 ready" in out.stdout


def test_help_is_wrapped_to_the_terminal_width(monkeypatch, capsys):
    monkeypatch.setenv("COLUMNS", "50")
    with pytest.raises(SystemExit):
        cli.main(["agenda", "--help"])
    lines = capsys.readouterr().out.splitlines()
    assert max(len(line) for line in lines) <= 50
    assert any("atomically" in line for line in lines)  # the description is there, wrapped


def test_ask_does_not_import_shutil_or_sync():
    """What the narrow parser is for: a capture from the shell loads neither."""
    import subprocess

    code = ("import sys; from mentor_tui import cli; cli._parser(['ask', 'x']).parse_args(['ask', 'x']); "
            "print(sorted(m for m in ('shutil', 'mentor_tui.sync') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"

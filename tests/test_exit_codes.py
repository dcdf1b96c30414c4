"""Exit statuses a script can rely on: usage errors are 64 (EX_USAGE) for every command, so they
never collide with ``check``'s 0 ready / 1 warnings / 2 not ready / 3 failed."""

from __future__ import annotations

import json

import pytest

from mentor_tui.cli import EXIT_USAGE, main

from .conftest import run_cli

USAGE_ERRORS = [
    ["--bogus"],
    ["bogus-command"],
    ["ask"],  # no text
    ["ask", "why?", "--priority", "urgent"],
    ["questions", "--bogus"],
    ["practice", "--bogus"],
    ["paths", "extra"],
    ["export"],  # neither --session nor --all
    ["export", "--all", "--format", "pdf"],
    ["import"],
    ["import", "a.json", "b.json"],
    ["check", "--timeout", "abc"],
    ["check", "--bogus"],
]


@pytest.mark.parametrize("argv", USAGE_ERRORS, ids=" ".join)
def test_every_usage_error_exits_64_with_one_error_line(argv, capsys):
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == EXIT_USAGE == 64
    err = capsys.readouterr().err
    errors = [line for line in err.splitlines() if "error:" in line]
    assert len(errors) == 1 and "Traceback" not in err


@pytest.mark.parametrize("timeout", ["0", "-1", "301", "nan"])
def test_check_timeout_out_of_range_is_usage_and_the_message_agrees(timeout):
    done = run_cli("check", "--no-bandwidth", "--timeout", timeout)
    assert done.returncode == 64
    assert done.stderr.count("\n") == 1
    assert "more than 0 and at most 300" in done.stderr  # 0 itself is refused, and says so


def test_usage_error_in_a_child_process_is_64():
    done = run_cli("questions", "--bogus")
    assert done.returncode == 64 and "unrecognized arguments: --bogus" in done.stderr


def test_check_keeps_its_own_codes(data_dir):
    """A real local check still exits with its verdict (0, 1 or 2), and --json agrees with it."""
    done = run_cli("check", "--no-bandwidth", "--json")
    verdict = json.loads(done.stdout)["verdict"]
    assert done.returncode == {"ready": 0, "warn": 1, "fail": 2}[verdict]


def test_check_with_a_bad_settings_file_is_3_not_warnings(tmp_path, monkeypatch):
    config = tmp_path / "config.toml"
    config.write_text("probe_timeout = 'soon'\n")
    done = run_cli("check", "--no-bandwidth")
    assert done.returncode == 3 and done.stderr.count("\n") == 1 and "probe_timeout" in done.stderr


def test_help_says_the_exit_codes():
    for argv in (["--help"], ["check", "--help"]):
        done = run_cli(*argv)
        assert done.returncode == 0
        assert "64" in done.stdout and "2 not ready" in done.stdout

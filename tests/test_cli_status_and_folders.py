"""The CLI as a learner meets it: the statuses the app shows, `--data-dir` on either side of the
command, read-only commands that leave no folder behind, and counted nouns that read right."""

from __future__ import annotations

import json

import pytest

from mentor_tui.plural import counted

from .conftest import run_cli

#: Usage errors exit 2 with argparse's default and 64 (EX_USAGE) once the CLI's own parser class
#: says so; either way they are not 0 (success) nor 1 (a runtime failure).
USAGE = (2, 64)


@pytest.fixture
def mixed(data_dir):
    ids = {}
    for text in ("open one", "for the mentor", "solved alone"):
        out = run_cli("ask", text)
        assert out.returncode == 0, out.stderr
        ids[text] = out.stdout.strip()
    from mentor_tui.models import Question
    from mentor_tui.store import Store

    store = Store(data_dir).open()
    store.update(Question, ids["for the mentor"], lambda q: q.model_copy(update={"status": "for_mentor"}))
    store.update(Question, ids["solved alone"], lambda q: q.model_copy(update={"status": "solved"}))
    return ids


@pytest.mark.parametrize("word", ["for_mentor", "mentor", "for mentor", "For-Mentor"])
def test_status_accepts_the_words_the_app_shows(mixed, word):
    out = run_cli("questions", "--status", word, "--json")
    assert out.returncode == 0, out.stderr
    assert [q["id"] for q in json.loads(out.stdout)] == [mixed["for the mentor"]]


def test_solved_alone_is_solved(mixed):
    listed = json.loads(run_cli("questions", "--status", "solved alone", "--json").stdout)
    assert [q["id"] for q in listed] == [mixed["solved alone"]]


def test_unknown_status_is_a_usage_error_not_an_empty_list(mixed):
    out = run_cli("questions", "--status", "bogus")
    assert out.returncode in USAGE
    assert out.stdout == ""
    assert "unknown status 'bogus'" in out.stderr and "for_mentor" not in out.stderr.split("choose")[0]
    assert "open" in out.stderr and "mentor" in out.stderr
    assert "Traceback" not in out.stderr


def test_help_lists_the_statuses():
    out = run_cli("questions", "--help")
    text = " ".join(out.stdout.split())
    assert "open, checking, solved, for_mentor (or mentor), answered, dropped" in text


def test_data_dir_after_the_command(tmp_path):
    other = tmp_path / "elsewhere"
    assert run_cli("ask", "where am I?", "--data-dir", str(other)).returncode == 0
    assert json.loads(run_cli("questions", "--json").stdout) == []  # not in the default folder
    listed = json.loads(run_cli("questions", "--json", "--data-dir", str(other)).stdout)
    assert [q["text"] for q in listed] == ["where am I?"]
    # Before the command still works, and after it wins when both are given.
    assert len(json.loads(run_cli("--data-dir", str(other), "questions", "--json").stdout)) == 1
    both = run_cli("--data-dir", str(tmp_path / "nowhere"), "questions", "--json", "--data-dir", str(other))
    assert len(json.loads(both.stdout)) == 1


@pytest.mark.parametrize("command", [["questions"], ["questions", "--json"], ["practice"],
                                     ["practice", "--json"], ["paths"], ["agenda"]])
def test_read_only_commands_create_no_folder(tmp_path, command):
    fresh = tmp_path / "fresh" / "data"
    out = run_cli(*command, "--data-dir", str(fresh))
    assert out.returncode in (0, 1), out.stderr  # agenda: nothing planned is exit 1
    assert "Traceback" not in out.stderr
    assert not (tmp_path / "fresh").exists()


def test_a_data_dir_that_is_a_file_is_one_line(tmp_path):
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    out = run_cli("questions", "--data-dir", str(not_a_folder))
    assert out.returncode == 1 and "is not a folder" in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1


def test_counted_nouns():
    assert counted(1, "question") == "1 question"
    assert counted(0, "question") == "0 questions"
    assert counted(2, "entry") == "2 entries"
    assert counted(1, "entry") == "1 entry"
    assert counted(1200, "session") == "1,200 sessions"


def test_practice_counts_read_right(data_dir):
    from datetime import timedelta

    from mentor_tui.models import PracticeTask, utcnow
    from mentor_tui.store import Store

    store = Store(data_dir).open()
    store.add(PracticeTask(title="one kata", due_at=utcnow() - timedelta(hours=1)))
    assert run_cli("practice").stdout.startswith("1 practice task due")
    store.add(PracticeTask(title="two kata", due_at=utcnow() - timedelta(hours=1)))
    assert run_cli("practice").stdout.startswith("2 practice tasks due")

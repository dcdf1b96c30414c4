"""The command-line contract of PRODUCT.md, run as a learner runs it: in a separate process."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentor_tui import __version__

from .conftest import cli_env, run_cli


def test_ask_then_questions_json(data_dir):
    out = run_cli("ask", "How", "do", "closures", "work?", "--tag", "js", "-t", "Scope")
    assert out.returncode == 0, out.stderr
    qid = out.stdout.strip()
    listed = json.loads(run_cli("questions", "--json").stdout)
    assert listed == [listed[0]] and listed[0]["id"] == qid
    q = listed[0]
    assert q["text"] == "How do closures work?"
    assert q["tags"] == ["js", "scope"] and q["status"] == "open" and q["created_at"].endswith("Z")
    assert "How do closures work?" in run_cli("questions").stdout


def test_a_question_asked_on_several_lines_is_listed_whole_on_one_line():
    """``questions`` printed the first line alone: the rest of ``ask "$(cat error.txt)"`` was
    out of sight. Each question stays on one line of the listing."""
    assert run_cli("ask", "TypeError in kata.py\n  line 3:\tx + '1'\n[b]why?[/b]").returncode == 0
    (line,) = run_cli("questions").stdout.splitlines()
    assert line.endswith("TypeError in kata.py line 3: x + '1' [b]why?[/b]")
    (q,) = json.loads(run_cli("questions", "--json").stdout)
    assert q["text"] == "TypeError in kata.py\n  line 3:\tx + '1'\n[b]why?[/b]"  # stored as asked


def test_ask_records_the_git_repo_and_branch(tmp_path):
    repo = tmp_path / "my-project"
    (repo / ".git").mkdir(parents=True)
    (repo / ".git" / "HEAD").write_text("ref: refs/heads/feature/login\n")
    (repo / "src").mkdir()
    proc = subprocess.run([sys.executable, "-m", "mentor_tui", "ask", "why?"], cwd=repo / "src",
                          capture_output=True, text=True, env=cli_env())
    assert proc.returncode == 0, proc.stderr
    ctx = json.loads(run_cli("questions", "--json").stdout)[0]["context"]
    assert ctx["git_repo"] == "my-project" and ctx["git_branch"] == "feature/login"
    assert ctx["cwd"] == str(repo / "src")


def test_data_dir_flag_beats_environment(tmp_path):
    other = tmp_path / "elsewhere"
    assert run_cli("--data-dir", str(other), "ask", "where am I?").returncode == 0
    assert json.loads(run_cli("questions", "--json").stdout) == []
    assert len(json.loads(run_cli("--data-dir", str(other), "questions", "--json").stdout)) == 1


def test_bad_questions_get_one_clear_line():
    for args, needle in [
        (["ask", "   "], "text: must not be empty"),
        (["ask", "x" * 2001], "too long"),
        (["ask", "ok", "--tag", "two words"], "tags"),
    ]:
        out = run_cli(*args)
        assert out.returncode == 1
        assert needle in out.stderr and "Traceback" not in out.stderr
        assert len(out.stderr.strip().splitlines()) == 1
    assert json.loads(run_cli("questions", "--json").stdout) == []


def test_garbage_data_file_fails_every_command_and_is_left_as_it_was(data_dir):
    run_cli("ask", "soon to be damaged")
    (path,) = (data_dir / "questions").glob("*.json")
    garbage = b"\x00\x01 this is not json \xff"
    path.write_bytes(garbage)
    for args in (["ask", "another"], ["questions"], ["questions", "--json"], []):
        out = run_cli(*args)
        assert out.returncode != 0, args
        lines = out.stderr.strip().splitlines()
        assert len(lines) == 1 and str(path) in lines[0] and "Traceback" not in out.stderr
    assert path.read_bytes() == garbage


def test_unusable_data_dir(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    out = run_cli("--data-dir", str(blocker / "sub"), "ask", "hello")
    assert out.returncode == 1 and "cannot use data folder" in out.stderr


def test_version_and_paths(data_dir):
    assert run_cli("--version").stdout.strip() == f"mentor-tui {__version__}"
    out = run_cli("paths").stdout
    assert f"data:     {data_dir}" in out and "settings:" in out and "backups:" in out
    assert f"cache:    {os.environ['MENTOR_TUI_CACHE_DIR']}" in out


def test_ask_and_questions_do_not_import_textual():
    code = (
        "import sys; from mentor_tui.cli import main; "
        "main(['ask', 'no textual please']); main(['questions', '--json']); "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')]; "
        "assert not bad, bad"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=cli_env())
    assert proc.returncode == 0, proc.stderr


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=120)
       .filter(lambda s: s.strip()))
def test_any_unicode_round_trips_through_ask_and_questions_json(tmp_path_factory, text):
    data = tmp_path_factory.mktemp("d")
    out = run_cli("ask", "--", text, data=data)
    assert out.returncode == 0, out.stderr
    (q,) = json.loads(run_cli("questions", "--json", data=data).stdout)
    assert q["id"] == out.stdout.strip() and q["text"] == text


def test_200_asks_8_at_a_time_with_random_kills(data_dir):
    rng = random.Random(7)
    acked: list[str] = []

    def one(i: int) -> None:
        proc = subprocess.Popen([sys.executable, "-m", "mentor_tui", "ask", f"question {i}"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                env=cli_env())
        if rng.random() < 0.3:
            time.sleep(rng.random() * 0.3)
            proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate()
        if proc.returncode == 0:
            acked.append(out.strip())

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(one, range(200)))
    listed = run_cli("questions", "--json")
    assert listed.returncode == 0, listed.stderr
    ids = {q["id"] for q in json.loads(listed.stdout)}
    assert len(acked) > 100 and set(acked) <= ids

"""The installed ``mentor-tui`` started for real in a pseudo-terminal, on every supported Python.

Pilot's ``run_test()`` does not install the eager task factory that ``App.run()`` does on Python
3.12+, so only a real launch catches start-up bugs like Textualize/textual#6444 (see
``MentorApp.clear_selection``). CI runs this file on 3.11, 3.12 and 3.13.
"""

from __future__ import annotations

import pytest

from .realterm import RealTerminal

MODES = [("f3", "During"), ("f4", "After"), ("f5", "Equipment"), ("f6", "History")]


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
def test_real_launch_visits_every_mode_and_quits_cleanly(tmp_path, size):
    columns, lines = size
    term = RealTerminal(["--data-dir", str(tmp_path / "data")], columns=columns, lines=lines)
    try:
        term.wait_for("No questions yet")
        assert "mentor-tui — Before" in term.text()
        for key, title in MODES:
            term.press(key)
            term.wait_for(f"mentor-tui — {title}")
        term.press("escape")  # leave History
        term.press("f2")
        term.wait_for("mentor-tui — Before")
        term.press("ctrl+f")
        term.wait_for("mentor-tui — Search")
        term.press("escape")
        term.wait_for("mentor-tui — Before")
        term.press("ctrl+q")
        assert term.wait_exit() == 0
        assert "Traceback" not in term.raw.decode("utf-8", "replace")
    finally:
        term.close()


def test_real_launch_shows_a_question_captured_from_the_shell(tmp_path):
    import subprocess

    from .realterm import mentor_tui_command

    data = tmp_path / "data"
    subprocess.run(
        mentor_tui_command() + ["--data-dir", str(data), "ask", "why does range(3) stop at 2?"],
        check=True,
        capture_output=True,
        timeout=60,
    )
    term = RealTerminal(["--data-dir", str(data)])
    try:
        term.wait_for("why does range(3) stop at 2?")
        term.press("ctrl+q")
        assert term.wait_exit() == 0
    finally:
        term.close()


def test_real_launch_paints_the_configured_theme_from_the_first_frame(tmp_path):
    """The first screen is styled once, with the learner's theme (the start no longer re-parses
    all CSS after composing it, so the theme must already be in the first styling)."""
    import os
    from collections import Counter

    config = tmp_path / "config.toml"
    config.write_text('theme = "textual-light"\n', encoding="utf-8")
    term = RealTerminal(["--data-dir", str(tmp_path / "data")],
                        env=dict(os.environ, MENTOR_TUI_CONFIG=str(config)))
    try:
        term.wait_for("No questions yet")
        cells = Counter(term.screen.buffer[y][x].bg for y in range(term.lines) for x in range(term.columns))
        background, _count = cells.most_common(1)[0]
        assert background in {"brightwhite", "white"} or background.lower() >= "c0c0c0", cells
        term.press("ctrl+q")
        assert term.wait_exit() == 0
    finally:
        term.close()

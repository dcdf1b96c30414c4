"""After's tabs in a real terminal: a tab key pressed with F4, before the screen has settled,
is the tab the learner gets. Pilot does not show this race (its turns are ordered differently):
the practice list's first focus landed late and switched back from Review to Practice."""

from __future__ import annotations

import time

import pytest

from mentor_tui.store import Store

from .realterm import RealTerminal
from .test_after_first_view import practice_data


@pytest.mark.parametrize("key, shown", [("r", "Show answer"), ("o", "Practice minutes per day")],
                         ids=["review", "progress"])
def test_a_tab_key_pressed_with_f4_is_the_tab_shown(tmp_path, key, shown):
    data = tmp_path / "data"
    practice_data(Store(data).open())
    term = RealTerminal(["--data-dir", str(data)])
    try:
        term.wait_for("mentor-tui — Before")
        term.press("f4", key)
        term.wait_for(shown)
        time.sleep(1.0)  # a late focus would have switched tabs by now
        screen = term.text()
        assert shown in screen
        assert "to practise today" not in screen  # the practice list is not shown
        assert "Log time" not in screen  # nor has it the keys (the footer follows the focus)
    finally:
        term.close()

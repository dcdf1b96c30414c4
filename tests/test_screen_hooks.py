"""Each screen offers the hooks the app relies on under their one name (see screens/hooks.py):
a renamed method would otherwise turn a flush on quit or a plan after a call into a silent no-op."""

from __future__ import annotations

from mentor_tui.screens import screen_class
from mentor_tui.screens.history import HistoryScreen
from mentor_tui.screens.hooks import HoldsTyping, OffersCommands, PlansFromSession, ShowsQuestion, TakesQuestions


def test_mode_screens_offer_their_hooks():
    before, during, after, equipment = (screen_class(m) for m in ("before", "during", "after", "equipment"))
    assert all(issubclass(s, OffersCommands) for s in (before, during, after, equipment, HistoryScreen))
    assert issubclass(during, HoldsTyping) and issubclass(during, TakesQuestions)
    assert issubclass(equipment, HoldsTyping)  # a running probe is stopped on quit
    assert issubclass(after, PlansFromSession)
    assert issubclass(before, ShowsQuestion)
    assert not issubclass(before, TakesQuestions)  # Before lets the app's capture dialog open

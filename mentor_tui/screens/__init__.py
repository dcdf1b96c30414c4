"""Screens: one per mode, plus History, Search and the stuck check. Screens arrange widgets and
talk to the store through ``MentorApp.run_store`` (never on the UI thread); dialogs live in
:mod:`mentor_tui.dialogs`."""

from __future__ import annotations

from textual.screen import Screen

# Mode screens other than the first are built on their first visit, so their modules (and what
# they import) load then, not before the first screen shows. Measured with `python -X importtime`
# (cumulative, this machine, idle): after.py ~45 ms (fsrs comes later still, with the first
# review), during.py ~25 ms, equipment.py ~40 ms of which psutil ~15 ms, search.py ~20 ms.


def screen_class(mode: str) -> type[Screen]:
    """The screen class of a mode, imported on demand (the palette lists every mode's keys)."""
    if mode == "during":
        from .during import DuringScreen

        return DuringScreen
    if mode == "after":
        from .after import AfterScreen

        return AfterScreen
    if mode == "equipment":
        from .equipment import EquipmentScreen  # psutil and the probes load with it

        return EquipmentScreen
    from .before import BeforeScreen

    return BeforeScreen

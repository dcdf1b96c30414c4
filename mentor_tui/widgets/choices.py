"""Checkboxes, radio buttons and tick lists whose state reads without colour.

Textual draws a ticked and an unticked box with the same glyph (an ``X`` in a checkbox and in a
``SelectionList`` row, a ``●`` in a radio button) and tells them apart only by its colour, so on a
monochrome terminal, through a screen reader or for a colour-blind learner every box looked ticked.
These subclasses change only the glyph inside the box: ``X`` or a blank for a tick, ``●`` or ``○``
for a radio choice. Everything else (keys, messages, CSS, type selectors) is Textual's own.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import Checkbox, RadioButton, SelectionList
from textual.widgets.option_list import OptionDoesNotExist
from textual.widgets.selection_list import SelectionType

__all__ = ["TICKED", "UNTICKED", "CHOSEN", "UNCHOSEN", "TickBox", "RadioChoice", "TickList"]

TICKED, UNTICKED = "X", " "
CHOSEN, UNCHOSEN = "●", "○"


class TickBox(Checkbox):
    """A checkbox showing ``X`` when ticked and a blank when not."""

    @property
    def BUTTON_INNER(self) -> str:  # noqa: N802 - Textual reads this name when it draws the box
        return TICKED if self.value else UNTICKED


class RadioChoice(RadioButton):
    """A radio button showing ``●`` when chosen and ``○`` when not."""

    @property
    def BUTTON_INNER(self) -> str:  # noqa: N802 - Textual reads this name when it draws the button
        return CHOSEN if self.value else UNCHOSEN


class TickList(SelectionList[SelectionType]):
    """A selection list whose rows show ``X`` when ticked and a blank when not.

    Textual's ``SelectionList.render_line`` puts a button of three segments (left side, glyph,
    right side) before each row's prompt; only the glyph is swapped here."""

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        try:
            selection = self.get_option_at_index(self.scroll_offset.y + y)
        except OptionDoesNotExist:
            return strip
        segments = list(strip)
        if len(segments) < 2:
            return strip
        glyph = TICKED if selection.value in self.selected else UNTICKED
        segments[1] = Segment(glyph, segments[1].style, segments[1].control)
        return Strip(segments, strip.cell_length)

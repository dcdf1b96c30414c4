"""The title bar at the top of every screen: the palette icon, the title and the screen's subtitle.

It draws what Textual's Header draws (the icon that opens the command palette, the title centred
between the icon and the clock's space, a click elsewhere making it three lines tall) as one
widget. Textual's Header is four widgets (itself, the icon, the title and the clock's space), and
a widget costs ~27 KB once mounted and styled: every mode screen stays mounted after its first
visit, so their headers held a dozen widgets more than they need for the rest of the run.
"""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.dom import NoScreen
from textual.widget import Widget

#: Cells of the icon's part (Textual's HeaderIcon: 8 wide, padded 1) and of the clock's space.
ICON_WIDTH = 8
CLOCK_WIDTH = 10
ICON = "⭘"


class TitleBar(Widget):
    """One line with the palette icon at the left and the screen's title in the middle."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"title-bar--icon-hover"}
    DEFAULT_CSS = """
    TitleBar {
        dock: top;
        width: 100%;
        background: $panel;
        color: $foreground;
        height: 1;
        &.-tall { height: 3; }
        & > .title-bar--icon-hover { background: $foreground 10%; }
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self._icon_hover = False

    def on_mount(self) -> None:
        for node in (self.app, self.screen):
            self.watch(node, "title", self._title_changed, init=False)
            self.watch(node, "sub_title", self._title_changed, init=False)

    def _title_changed(self) -> None:
        self.refresh()

    def title_content(self) -> Content:
        """The title and the screen's subtitle, as Textual's Header shows them."""
        screen = self.screen
        title = screen.title if screen.title is not None else self.app.title
        sub_title = screen.sub_title if screen.sub_title is not None else self.app.sub_title
        return self.app.format_title(title, sub_title)

    def render(self) -> Content:
        width = self.size.width
        try:
            title = self.title_content()
        except NoScreen:
            title = Content("")
        middle = max(0, width - ICON_WIDTH - CLOCK_WIDTH)
        if title.cell_length > middle:
            title = title.truncate(middle, ellipsis=True)
        left = (middle - title.cell_length) // 2
        icon = Content.assemble(" ", ICON, " " * (ICON_WIDTH - 2))
        if self._icon_hover:
            icon = icon.stylize(self.get_visual_style("title-bar--icon-hover"))
        line = Content.assemble(icon, " " * left, title,
                                " " * (width - ICON_WIDTH - left - title.cell_length))
        if self.has_class("-tall"):  # the line in the middle, as Textual's content-align does
            return Content("\n").join([Content(""), line, Content("")])
        return line

    def _on_icon(self, x: int) -> bool:
        return 0 <= x < ICON_WIDTH

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._hover(self._on_icon(event.x))

    def on_leave(self, _event: events.Leave) -> None:
        self._hover(False)

    def _hover(self, on_icon: bool) -> None:
        if on_icon != self._icon_hover:
            self._icon_hover = on_icon
            self.tooltip = "Open the command palette" if on_icon else None
            self.refresh()

    async def on_click(self, event: events.Click) -> None:
        event.stop()
        if self._on_icon(event.x):
            await self.run_action("app.command_palette")
        else:
            self.toggle_class("-tall")

"""After mode (first screen; the full feature lands with its own issue)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Header, Static


class AfterScreen(Screen):
    """First screen of the After mode."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("After", classes="empty-state")
        yield Footer()

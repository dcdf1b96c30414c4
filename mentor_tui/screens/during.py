"""During mode (first screen; the full feature lands with its own issue)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Header, Static


class DuringScreen(Screen):
    """First screen of the During mode."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("During", classes="empty-state")
        yield Footer()

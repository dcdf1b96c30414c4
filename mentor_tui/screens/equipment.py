"""Equipment mode (first screen; the full feature lands with its own issue)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Header, Static


class EquipmentScreen(Screen):
    """First screen of the Equipment mode."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Equipment", classes="empty-state")
        yield Footer()

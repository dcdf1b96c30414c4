"""When the app syncs on its own, and the badge it shows (plain rules, no Textual).

At start, after a call ends, and every 15 minutes while no call is live; never during a call (the
round would skip the live session anyway, but a call is no time for network traffic or notices).
Automatic rounds never prompt and never pop up failures: the badge says what happened.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime

from typing import TYPE_CHECKING

from ..clock import ago, utcnow
from ..store import StoreError
from .merge import parse_time

if TYPE_CHECKING:
    from ..store import Store

# The app makes its AutoSync before its first frame; the round (and with it the models) is
# imported by the first ``run``, in a worker.

INTERVAL = 15 * 60.0


def badge_text(status: dict | None, now: datetime) -> str:
    """"⟳ 4 min ago", "⟳ offline, 3 waiting", "⚠ sync needs you", "⚠ notes conflict" ("" when
    sync is not set up)."""
    if not status:
        return ""
    waiting = status.get("waiting") or 0
    message = status.get("last_message") or ""
    if status.get("last_at") and not status.get("last_ok"):
        if message.startswith("Can't reach"):
            return f"⟳ offline, {waiting} waiting"
        return "⚠ sync needs you"
    if status.get("conflict"):
        return "⚠ notes conflict"
    if not status.get("last_ok_at"):
        return f"⟳ not synced yet, {waiting} waiting"
    text = f"⟳ {ago(parse_time(status['last_ok_at']), now)}"
    return f"{text}, {waiting} waiting" if waiting else text


@dataclass
class AutoSync:
    """Decides when an automatic round is due; one per app."""

    interval: float = INTERVAL
    was_live: bool = False
    last_run: float | None = None

    def due(self, live: bool, now: float) -> bool:
        if live:
            self.was_live = True
            return False
        if self.was_live:  # a call just ended
            self.was_live = False
            return True
        return self.last_run is None or now - self.last_run >= self.interval

    def run(self, store: Store, *, force: bool = False) -> tuple[str, list[str]]:
        """Sync if due (or *force*d from the palette); returns the badge and lines to show."""
        from ..live_session import live_session
        from .round import SyncError, SyncFolder

        folder = SyncFolder(store)
        if not folder.is_set_up:
            if force:
                return "", ["Sync is not set up: run `mentor-tui sync setup URL` in a terminal."]
            return "", []
        messages: list[str] = []
        try:
            live = live_session(store) is not None
        except StoreError:
            live = False
        now = time.monotonic()
        if force or self.due(live, now):
            self.last_run = now
            try:
                outcome = folder.sync()
                messages = [outcome.message, *outcome.warnings] if force else outcome.warnings
            except SyncError as exc:
                if force:
                    messages = [str(exc)]
            except OSError as exc:
                messages = [f"sync failed: {exc}"] if force else []
        try:
            return badge_text(folder.status(), utcnow()), messages
        except (SyncError, OSError):
            return "⚠ sync needs you", messages

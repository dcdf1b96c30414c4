"""The live session's bar: topic, mentor, time elapsed and left, and a quiet heads-up near the end."""

from __future__ import annotations

from textual.reactive import reactive
from textual.widgets import Static

from ..literal import literal
from ..models import Session

HEADS_UP_MINUTES = 5


def clock_text(elapsed: float, planned_minutes: int) -> str:
    """"12:03 elapsed · 32:57 left" (or "… · 3:10 over") for the session bar."""

    def mmss(seconds: float) -> str:
        seconds = int(abs(seconds))
        hours, rest = divmod(seconds, 3600)
        return (f"{hours}:" if hours else "") + f"{rest // 60:02d}:{rest % 60:02d}"

    elapsed = int(elapsed)
    left = planned_minutes * 60 - elapsed
    tail = f"{mmss(left)} left" if left >= 0 else f"{mmss(left)} over"
    return f"{mmss(max(elapsed, 0))} elapsed · {tail}"


class SessionClock(Static):
    """Redraws itself every second from the app's clock while a session is live; warns once when
    five minutes are left and once when the planned time is up (a toast, never a modal)."""

    #: The live session (None: no session, nothing to show).
    session: reactive[Session | None] = reactive(None, always_update=True, init=False)

    def __init__(self, **kwargs) -> None:
        super().__init__("", **kwargs)
        self._warned: set[str] = set()

    def on_mount(self) -> None:
        self.set_interval(1.0, self.tick)

    def watch_session(self, old: Session | None, new: Session | None) -> None:
        if new is None or old is None or old.id != new.id:
            self._warned = set()  # a new session gets its own heads-up
        self.tick()

    def tick(self) -> None:
        """Show the time now (every second, and when the session changes)."""
        session = self.session
        if session is None or session.started_at is None:
            return
        elapsed = (self.app.clock() - session.started_at).total_seconds()
        who = f" · with {session.mentor}" if session.mentor else ""
        self.update(literal(f"{session.topic or 'Session'}{who}   "
                            f"{clock_text(elapsed, session.planned_minutes)}   · f9 end · f8 panes"))
        left = session.planned_minutes * 60 - elapsed
        self.set_class(left < HEADS_UP_MINUTES * 60, "ending")
        if left <= 0 and "up" not in self._warned:
            self._warned |= {"up", "soon"}
            self.notify("Planned time is up. Wrap up or agree on more time.", title="Time")
        elif left <= HEADS_UP_MINUTES * 60 and "soon" not in self._warned:
            self._warned.add("soon")
            self.notify(f"{HEADS_UP_MINUTES} minutes left.", title="Time")

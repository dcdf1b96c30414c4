"""Plan the next session: mentor, topic, date and time, planned length."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label

from ..models import Session
from .forms import FormScreen

FIELDS = ("mentor", "topic", "date", "time", "minutes")


def parse_local(date_text: str, time_text: str) -> datetime | None:
    """A local date (YYYY-MM-DD) and time (HH:MM) as an aware datetime; None when both are blank."""
    date_text, time_text = date_text.strip(), time_text.strip()
    if not date_text and not time_text:
        return None
    if not date_text:
        date_text = datetime.now().strftime("%Y-%m-%d")
    value = datetime.strptime(f"{date_text} {time_text or '00:00'}", "%Y-%m-%d %H:%M")
    return value.astimezone()


@dataclass(frozen=True)
class SessionPlan:
    """Who and when for the next session, as typed and checked (``agenda.plan`` stores it)."""

    mentor: str
    topic: str
    scheduled_at: datetime | None
    planned_minutes: int


class SessionForm(FormScreen[SessionPlan | None]):
    """Returns the plan as a :class:`SessionPlan`, or None. Esc on a changed form
    asks first; on ctrl+q a valid plan goes to ``on_quit``."""

    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "save", "Save", priority=True)]

    def __init__(self, session: Session | None, default_minutes: int, *,
                 on_quit: Callable[[SessionPlan], object] | None = None) -> None:
        super().__init__(on_quit=on_quit)
        self.session = session
        self.default_minutes = default_minutes

    def compose(self) -> ComposeResult:
        s = self.session
        when = s.scheduled_at.astimezone() if s and s.scheduled_at else None
        with Vertical(classes="dialog"):
            yield Label("Next session", classes="dialog-title")
            yield Input(s.mentor if s else "", placeholder="Mentor's name", id="s-mentor")
            yield Input(s.topic if s else "", placeholder="Topic", id="s-topic")
            with Horizontal(classes="dialog-row"):
                yield Input(f"{when:%Y-%m-%d}" if when else "", placeholder="date YYYY-MM-DD", id="s-date")
                yield Input(f"{when:%H:%M}" if when else "", placeholder="time HH:MM", id="s-time")
                yield Input(str(s.planned_minutes if s else self.default_minutes),
                            placeholder="minutes", id="s-minutes", type="integer")
            yield Label("Enter or ctrl+s saves · Esc cancels", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#s-mentor", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def form_state(self) -> dict[str, str]:
        return {i: self.query_one(f"#s-{i}", Input).value for i in FIELDS}

    def parsed(self) -> tuple[SessionPlan | None, str]:
        """The plan as typed, or None and a one-line reason."""
        value = self.form_state()
        try:
            scheduled = parse_local(value["date"], value["time"])
        except ValueError:
            return None, "Date is YYYY-MM-DD and time is HH:MM, for example 2026-12-01 and 18:30."
        try:
            minutes = int(value["minutes"] or self.default_minutes)
        except ValueError:
            minutes = 0
        if not 1 <= minutes <= 600:
            return None, "Planned length is a number of minutes from 1 to 600."
        return SessionPlan(mentor=value["mentor"].strip(), topic=value["topic"].strip(),
                           scheduled_at=scheduled, planned_minutes=minutes), ""

    def quit_value(self) -> SessionPlan | None:
        return self.parsed()[0]

    def action_save(self) -> None:
        values, problem = self.parsed()
        if values is None:
            self.notify(problem, severity="error")
            return
        self.dismiss(values)

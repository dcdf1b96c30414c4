"""The During screen's start view: the planned sessions, and one line for an ad hoc session."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..literal import literal, markup
from ..models import Session
from ..plural import counted

#: The option id of "Ad hoc session (no agenda)".
ADHOC = "adhoc"


class SessionPicker(OptionList):
    """Enter on a line posts ``OptionSelected`` with the session's id (or :data:`ADHOC`)."""

    def show(self, planned: list[Session]) -> None:
        """List *planned* (soonest first, as given), then the ad hoc line; highlight the first."""
        options = []
        for s in planned:
            when = f"{s.scheduled_at.astimezone():%a %d %b %H:%M}" if s.scheduled_at else "unscheduled"
            who = f" · with {s.mentor}" if s.mentor else ""
            options.append(Option(literal(
                f"{when} · {s.topic or 'session'}{who} · "
                f"{counted(len(s.agenda), 'question')}, {s.planned_minutes} min"), id=s.id))
        options.append(Option(literal("Ad hoc session (no agenda)  [a]"), id=ADHOC))
        self.clear_options()
        self.add_options(options)
        self.highlighted = 0

    @property
    def highlighted_id(self) -> str | None:
        """The id of the highlighted line, if any."""
        if self.highlighted is None:
            return None
        return self.get_option_at_index(self.highlighted).id


START_HELP = markup(
    "No session is running. Pick the planned session and press [b]Enter[/b] to start it, "
    "or start one without an agenda. [b]x[/b] marks a planned session cancelled, [b]m[/b] missed."
)


class StartView(Vertical):
    """What During shows while no session is live: a word of help, then the picker. Enter on a
    line posts :class:`StartView.StartAsked`; the screen asks for the details and starts it."""

    class StartAsked(Message):
        """Start *planned* (None: an ad hoc session without an agenda)."""

        def __init__(self, planned: Session | None) -> None:
            super().__init__()
            self.planned = planned

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.planned: list[Session] = []

    def compose(self) -> ComposeResult:
        yield Static(START_HELP, id="start-help", classes="empty-state")
        yield SessionPicker(id="start-list")

    def show(self, planned: list[Session]) -> None:
        """List *planned* and give the picker the keyboard."""
        self.planned = planned
        picker = self.query_one(SessionPicker)
        picker.show(planned)
        picker.focus()

    @property
    def highlighted_session(self) -> Session | None:
        """The planned session under the cursor (None on the ad hoc line)."""
        sid = self.query_one(SessionPicker).highlighted_id
        return next((s for s in self.planned if s.id == sid), None)

    @on(OptionList.OptionSelected, "#start-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id == ADHOC:
            self.post_message(self.StartAsked(None))
        elif (planned := self.highlighted_session) is not None:
            self.post_message(self.StartAsked(planned))

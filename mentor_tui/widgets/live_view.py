"""What During shows while a session is live: the clock bar, the notes as the main pane, and the
agenda and timeline stacked beside them. The view draws the session it is given; the screen owns
the session and the store calls."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Label

from .. import live_session as ls
from ..models import Question, Session
from .agenda_live import AgendaList
from .session_clock import SessionClock
from .session_notes import SessionNotes
from .timeline_pane import Timeline


class LiveView(Vertical):
    """Clock, notes, agenda, timeline (ids: session-bar, notes, side, agenda, timeline).

    It keeps the agenda's questions (:attr:`questions`) and reloads them when another process
    changes questions (an edit in Before in another window, ``mentor-tui ask``)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        #: The live session's agenda questions, by id.
        self.questions: dict[str, Question] = {}
        self.session: Session | None = None

    def on_mount(self) -> None:
        self.watch(self.app, "data_revision", self._data_changed, init=False)

    def _data_changed(self) -> None:
        if self.session is not None and "questions" in self.app.data_revision.kinds:
            store, session = self.app.store, self.session
            self.app.run_store(lambda: ls.agenda_questions(store, session), self._reloaded,
                               refresh=False)

    def _reloaded(self, questions: dict[str, Question]) -> None:
        self.questions = questions
        self.show(self.session)

    def compose(self) -> ComposeResult:
        yield SessionClock(id="session-bar")
        with Horizontal(id="live-panes"):
            # Tab indents; Esc does nothing here (it used to move the keyboard on).
            yield SessionNotes.code_editor(
                "", language="markdown", soft_wrap=True, show_line_numbers=False, id="notes",
            )
            with Vertical(id="side"):
                yield AgendaList(id="agenda")  # titled on its own frame
                yield Label("Timeline", classes="pane-title")
                yield Timeline(id="timeline")

    def show(self, session: Session | None) -> None:
        """Draw *session* (None: nothing live) in the clock, agenda and timeline."""
        self.session = session
        self.query_one(SessionClock).session = session
        self.query_one(AgendaList).show(session, self.questions)
        self.query_one(Timeline).show(session.entries if session else [])

    def toggle_agenda(self) -> None:
        """ctrl+g: the keyboard to the agenda, or back to the notes."""
        agenda = self.query_one(AgendaList)
        if agenda.has_focus:
            self.query_one(SessionNotes).focus()
        else:
            agenda.take_keyboard()

"""The agenda during a call: the session's questions with their state; Enter asks to answer one,
c/s/p mark it current, skipped or pending. The pane posts what the learner asked for; the screen
opens the answer dialog and writes through the store lane."""

from __future__ import annotations

from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ..literal import literal
from ..models import Question, Session
from ..planning import next_open

AGENDA_MARK = {"pending": "·", "current": "▶", "answered": "✓", "skipped": "»", "carried": "»"}


class AgendaList(OptionList):
    """The session's questions; Enter answers the highlighted one.

    Here letters are commands (c, s, p), so the list takes the keyboard only when the learner asks
    for it with ctrl+g: it is out of the Tab order, and while it has the focus a framed title says
    so. Esc (or ctrl+g) gives the keyboard back to the notes.
    """

    HELP_TITLE = "Agenda of the call"
    TITLE = "Agenda · ctrl+g"

    BINDINGS = [
        Binding("c", "mark('current')", "Current"),
        Binding("s", "mark('skipped')", "Skip"),
        Binding("p", "mark('pending')", "Pending"),
        Binding("escape", "screen.focus_notes", "Notes"),
    ]

    class Marked(Message):
        """The learner set a question's state on the agenda (c, s or p)."""

        def __init__(self, question_id: str, state: str) -> None:
            super().__init__()
            self.question_id, self.state = question_id, state

    class AnswerAsked(Message):
        """Enter on a question: the learner wants to write down the mentor's answer."""

        def __init__(self, question_id: str) -> None:
            super().__init__()
            self.question_id = question_id

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.can_focus = False

    def take_keyboard(self) -> None:
        """ctrl+g: the one way in."""
        self.can_focus = True
        self.focus()

    def on_mount(self) -> None:
        self.border_title = self.TITLE

    def on_focus(self) -> None:
        self.border_title = "Agenda has the keyboard"
        self.border_subtitle = "Esc back to notes"

    def on_blur(self) -> None:
        self.can_focus = False
        self.border_title, self.border_subtitle = self.TITLE, None

    def show(self, session: Session | None, questions: dict[str, Question]) -> None:
        """Redraw the agenda, keeping the highlighted line where it was."""
        keep = self.highlighted
        self.clear_options()
        if session is None:
            return
        for item in session.agenda:
            q = questions.get(item.question_id)
            text = q.text if q else "(question deleted)"
            self.add_option(Option(literal(f"{AGENDA_MARK[item.state]} {text} ({item.minutes}m)"),
                                   id=item.question_id))
        if self.option_count:
            self.highlighted = min(keep or 0, self.option_count - 1)

    def highlight_next_open(self, session: Session, question_id: str) -> None:
        """After an answer the cursor moves on to the next open question."""
        ids = [i.question_id for i in session.agenda]
        if question_id in ids and (i := next_open(session.agenda, ids.index(question_id))) is not None:
            self.highlighted = i

    def action_mark(self, state: str) -> None:
        if self.highlighted is not None:
            self.post_message(self.Marked(self.get_option_at_index(self.highlighted).id, state))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.AnswerAsked(event.option.id))

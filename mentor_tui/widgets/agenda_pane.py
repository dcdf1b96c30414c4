"""The agenda for the next session: the questions for the mentor, in order, each with an estimate,
the total against the planned length, and who/when."""

from __future__ import annotations

from datetime import datetime
from functools import partial

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from .. import agenda
from ..inbox_rows import QuestionRow
from ..literal import markup, one_line, styled
from ..models import AgendaItem, Session
from ..planning import agenda_minutes, countdown

EMPTY_AGENDA = markup(
    "No questions for your mentor yet. In the inbox, press [b]m[/b] on a question to bring it, "
    "or [b]c[/b] to first check whether you can solve it alone. Press [b]p[/b] to set the mentor, "
    "topic and time of the next session."
)


class AgendaPane(Vertical):
    """Keys act on the highlighted agenda item; changes are saved at once."""

    HELP_TITLE = "Agenda (tab 2)"

    BINDINGS = [
        Binding("p", "plan", "Plan"),
        # shift+up/down is what the footer and README show; K/J stay as aliases (listed by F1).
        Binding("shift+up,K", "move(-1)", "Move up"),
        Binding("shift+down,J", "move(1)", "Move down"),
        Binding("plus,equals_sign", "minutes(5)", "+5 min"),
        Binding("minus", "minutes(-5)", "-5 min"),
        Binding("x", "remove", "Take off"),
        Binding("c", "copy_agenda", "Copy"),
        Binding("i", "calendar", "Calendar", show=False),
    ]

    class PlanRequested(Message):
        """The learner asked to plan the next session (the screen opens the form)."""

        def __init__(self, session: Session | None) -> None:
            super().__init__()
            self.session = session

    class CalendarRequested(Message):
        """A calendar event (*text*) is ready: the screen asks where to write it (suggesting
        *file_name* in the export folder) and calls :meth:`AgendaPane.write_calendar`."""

        def __init__(self, text: str, file_name: str) -> None:
            super().__init__()
            self.text = text
            self.file_name = file_name

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.session: Session | None = None
        #: The agenda's questions, by id.
        self.questions: dict[str, QuestionRow] = {}
        self._auto_plan: Session | None = None

    def compose(self) -> ComposeResult:
        yield Static("", id="agenda-header")
        yield OptionList(id="agenda-list")
        yield Static(EMPTY_AGENDA, id="agenda-empty", classes="empty-state")
        yield Static("", id="agenda-total")

    def show(self, sessions: list[Session], questions: list[QuestionRow]) -> None:
        """Refresh from freshly loaded data; questions newly marked for the mentor join the agenda."""
        if self._auto_plan is None:
            self._auto_plan = Session(planned_minutes=self.app.settings.session_minutes)
        planned, changed = agenda.prepare(sessions, questions, self._auto_plan)
        if changed:
            self._save_agenda(planned)
        # The agenda's questions only: a map of every question was ~0.1 MB at five years.
        by_id = {q.id: q for q in questions}
        self.questions = {i.question_id: by_id[i.question_id] for i in (planned.agenda if planned else ())
                          if i.question_id in by_id}
        self.session = planned
        self._redraw()

    def _redraw(self, keep_index: int | None = None) -> None:
        s = self.session
        header = self.query_one("#agenda-header", Static)
        if s is None or not (s.mentor or s.topic or s.scheduled_at or s.agenda):
            header.update(markup("[b]Next session:[/b] not planned yet (p plans it)"))
        else:
            when = ""
            if s.scheduled_at:
                local = s.scheduled_at.astimezone()
                when = f" · {local:%a %d %b %H:%M} ({countdown(s.scheduled_at, self.app.clock())})"
            who = f" with {s.mentor}" if s.mentor else ""
            header.update(styled((f"Next session{who}", "bold"), f" · {s.topic or 'no topic yet'}{when}"))
        option_list = self.query_one("#agenda-list", OptionList)
        previous = option_list.highlighted
        option_list.clear_options()
        items = s.agenda if s else []
        for n, item in enumerate(items, 1):
            q = self.questions.get(item.question_id)
            text = one_line(q.text, 150) if q else "(question deleted)"
            option_list.add_option(Option(styled(f"{n:>2}. {item.minutes:>3} min  ", text),
                                          id=item.question_id))
        option_list.display = bool(items)
        self.query_one("#agenda-empty").display = not items
        if items:
            index = keep_index if keep_index is not None else previous
            option_list.highlighted = min(index or 0, len(items) - 1)
        total = agenda_minutes(items)
        planned = s.planned_minutes if s else self.app.settings.session_minutes
        over = "  [b red]over by %d min — trim or reorder[/]" % (total - planned) if total > planned else ""
        self.query_one("#agenda-total", Static).update(f"Total {total} of {planned} min planned{over}")

    # -- editing -----------------------------------------------------------------------------

    def _ensure_session(self) -> Session:
        if self.session is None:
            self.session = Session(planned_minutes=self.app.settings.session_minutes)
        return self.session

    def _save_agenda(self, session: Session) -> None:
        self.app.run_store(partial(agenda.save_agenda, self.app.store, session))

    def _change(self, items: list[AgendaItem], index: int | None = None) -> None:
        session = self._ensure_session().model_copy(update={"agenda": items})
        self.session = session
        self._save_agenda(session)
        self._redraw(keep_index=index)

    def _highlighted(self) -> int | None:
        option_list = self.query_one("#agenda-list", OptionList)
        if not self.session or option_list.highlighted is None or not self.session.agenda:
            return None
        return option_list.highlighted

    def action_move(self, step: int) -> None:
        i = self._highlighted()
        if i is None:
            return
        moved = agenda.move(self.session.agenda, i, step)
        if moved is not None:
            self._change(moved, i + step)

    def action_minutes(self, delta: int) -> None:
        i = self._highlighted()
        if i is None:
            return
        self._change(agenda.adjust_minutes(self.session.agenda, i, delta), i)

    def action_remove(self) -> None:
        """Take a question off the agenda; it goes back to the inbox as open."""
        i = self._highlighted()
        if i is None:
            return
        question_id = self.session.agenda[i].question_id
        self.session = agenda.without(self.session, question_id)
        self.app.run_store(partial(agenda.take_off, self.app.store, self.session, question_id))
        self._redraw(keep_index=i)

    # -- sharing -----------------------------------------------------------------------------

    def _agenda(self):
        from ..agenda_export import from_session

        return from_session(self.session, self.questions) if self.session else None

    def action_copy_agenda(self) -> None:
        """Copy the agenda as Markdown, to paste into a chat or mail to the mentor (OSC 52, so it
        works over SSH too, in terminals that allow it)."""
        from ..agenda_export import markdown

        shared = self._agenda()
        if shared is None or not shared.items:
            self.app.notify("Nothing on the agenda to copy yet.", severity="warning")
            return
        self.app.copy_to_clipboard(markdown(shared, mark=False))
        self.app.notify("Agenda copied as Markdown: paste it to your mentor.", title="Copied",
                        timeout=4)

    def action_calendar(self) -> None:
        """Write the next session as an iCalendar event (agenda in its description) to a file the
        learner names (default: the export folder)."""
        from ..agenda_export import AgendaError, file_name, ics

        shared = self._agenda()
        if shared is None or shared.session.scheduled_at is None:
            self.app.notify("Set the session's time first (p).", severity="warning")
            return
        try:
            text = ics(shared, self.app.clock())
        except AgendaError as exc:
            self.app.notify(str(exc), severity="error", markup=False)
            return
        self.post_message(self.CalendarRequested(text, file_name(shared, "ics")))

    def write_calendar(self, path: str, text: str) -> None:
        """Write the event the learner asked for to *path* (off the UI thread)."""
        from pathlib import Path

        from ..agenda_export import write_agenda

        self.app.run_store(
            lambda: write_agenda(Path(path.strip()), text, "ics"),
            lambda written: self.app.notify(str(written), title="Calendar event written",
                                            markup=False, timeout=8),
            refresh=False,
        )

    def action_plan(self) -> None:
        self.post_message(self.PlanRequested(self.session))

    def plan(self, *, mentor: str, topic: str, scheduled_at: datetime | None,
             planned_minutes: int) -> None:
        """Keep and show the plan the learner saved, and store it."""
        fields = {"mentor": mentor, "topic": topic, "scheduled_at": scheduled_at,
                  "planned_minutes": planned_minutes}
        session = self._ensure_session().model_copy(update=fields)
        self.session = session
        self.app.run_store(partial(agenda.plan, self.app.store, session, **fields),
                           lambda _s: self.app.notify("Next session planned."))
        self._redraw()

    def plan_now(self, **fields) -> None:
        """Store a plan at once (the app is quitting with the form open)."""
        agenda.plan(self.app.store, self._ensure_session(), **fields)

"""The "am I really stuck?" check: a timebox on one question, a checklist of things to try first,
a log of attempts, past notes that share the question's words, and an honest ending: solved it
myself, or bring it to the mentor."""

from __future__ import annotations

from datetime import timedelta
from functools import partial

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Label, ProgressBar, SelectionList, Static

from .. import inbox
from ..inbox_rows import question_row
from ..literal import literal, markup, styled
from ..models import Attempt, Question, Session
from ..planning import search_notes
from ..widgets.choices import TickList
from ..widgets.footer import KeysFooter
from ..widgets.header import TitleBar
from ..dialogs.modals import TextPrompt

#: Things worth trying before asking, in our own words. Ticking one logs it as an attempt.
CHECKLIST = (
    "Read every line of the error, including the file and line it points at",
    "Cut the code down to the smallest piece that still goes wrong",
    "Search the official docs for the function or tool involved",
    "Explain the problem out loud, step by step, as if to a friend",
    "Look through my own notes and past answers (press f)",
)


class StuckCheck(Screen):
    """Timebox screen for one question; its clock runs from the stored start time, so leaving
    and coming back (or restarting the app) does not reset it."""

    BINDINGS = [
        Binding("a", "attempt", "Log attempt"),
        Binding("f", "find_notes", "Search my notes"),
        Binding("s", "solved", "Solved it myself"),
        Binding("m", "to_mentor", "Bring to mentor"),
        Binding("escape", "leave", "Back"),
    ]

    def __init__(self, question: Question) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Vertical(id="stuck"):
            yield Static(styled(("Am I really stuck?", "bold"), f"  {self.question.text}"), id="stuck-question")
            with Horizontal(id="stuck-clock-row"):
                yield Label("", id="stuck-clock")
                yield ProgressBar(show_eta=False, show_percentage=False, id="stuck-progress")
            yield Label("Try these first (space ticks one; it is logged):", classes="section-title")
            yield TickList[int](*[(text, i) for i, text in enumerate(CHECKLIST)], id="stuck-checklist")
            yield Label("Tried so far", classes="section-title")
            yield Static("", id="stuck-attempts")
            yield Label("From my past notes", classes="section-title")
            with VerticalScroll(id="stuck-notes-scroll"):
                yield Static("Press f to search past sessions and answers for this question's words.",
                             id="stuck-notes")
        yield KeysFooter()

    def on_mount(self) -> None:
        q = self.question
        minutes, start = self.app.settings.stuck_check_minutes, self.app.clock()
        self.question = inbox.checking(q, start, minutes)
        if self.question is not q:
            self.app.run_store(partial(inbox.start_check, self.app.store, q.id, start, minutes))
        checklist = self.query_one(SelectionList)
        done = {a.text for a in self.question.attempts}
        for i, text in enumerate(CHECKLIST):
            if text in done:
                checklist.select(i)
        self._render_attempts()
        self._tick()
        self.set_interval(1, self._tick)
        checklist.focus()

    @property
    def deadline(self):
        q = self.question
        return q.check_started_at + timedelta(minutes=q.check_minutes or inbox.DEFAULT_CHECK_MINUTES)

    def _tick(self) -> None:
        q = self.question
        total = (q.check_minutes or inbox.DEFAULT_CHECK_MINUTES) * 60
        left = (self.deadline - self.app.clock()).total_seconds()
        bar = self.query_one("#stuck-progress", ProgressBar)
        bar.update(total=total, progress=min(total, max(0, total - left)))
        label = self.query_one("#stuck-clock", Label)
        if left > 0:
            label.update(f"{int(left) // 60:02d}:{int(left) % 60:02d} left of {q.check_minutes} min ")
        else:
            label.update(markup("[b]Time is up.[/b] Solved it (s), or bring it to your mentor (m). "))

    def _render_attempts(self) -> None:
        lines = [f"{a.at.astimezone():%H:%M}  {a.text}" for a in self.question.attempts]
        self.query_one("#stuck-attempts", Static).update(
            literal("\n".join(lines) or "Nothing logged yet (a adds one)."))

    def _log(self, text: str) -> None:
        attempt = Attempt(at=self.app.clock(), text=text)
        self.question = self.question.model_copy(update={"attempts": [*self.question.attempts, attempt]})
        self._render_attempts()
        self.app.run_store(partial(inbox.log_attempt, self.app.store, self.question.id, attempt))

    def on_selection_list_selection_toggled(self, event: SelectionList.SelectionToggled) -> None:
        text = CHECKLIST[event.selection.value]
        if event.selection.value in event.selection_list.selected:
            if text not in {a.text for a in self.question.attempts}:
                self._log(text)

    def action_attempt(self) -> None:
        self.app.push_screen(TextPrompt("What did you try, and what happened?"),
                             lambda text: text and self._log(text))

    def action_find_notes(self) -> None:
        self.query_one("#stuck-notes", Static).update("Searching…")
        self._search()

    @work(thread=True, exclusive=True, group="stuck-search", exit_on_error=False)
    def _search(self) -> None:
        store = self.app.store
        try:
            hits = search_notes(self.question, store.all(Session), store.all(Question, view=question_row))
        except Exception as exc:  # noqa: BLE001 - a bad file must not end the app: say so instead
            self.app.call_from_thread(self._search_failed, exc)
            return
        text = literal("\n").join(styled((h.where, "bold"), f": {h.line}") for h in hits) if hits else \
            literal("Nothing in past notes shares this question's words.")
        self.app.call_from_thread(self.query_one("#stuck-notes", Static).update, text)

    def _search_failed(self, exc: Exception) -> None:
        self.query_one("#stuck-notes", Static).update(literal("Past notes could not be read."))
        self.app.notify(str(exc) or type(exc).__name__, title="Search failed", severity="error",
                        markup=False)

    def action_solved(self) -> None:
        def save(answer: str | None) -> None:
            if not answer:
                return
            self.app.run_store(
                partial(inbox.solved_alone, self.app.store, self.question.id, answer, self.app.clock()),
                lambda _q: self.app.notify("Solved on your own. Nice work.", title="Kept for review"))
            self.dismiss()

        self.app.push_screen(
            TextPrompt("What was the answer? (kept for review)", multiline=True), save)

    def action_to_mentor(self) -> None:
        self.app.run_store(
            partial(inbox.escalate, self.app.store, self.question.id),
            lambda _q: self.app.notify("On the agenda for your next session."))
        self.dismiss()

    def action_leave(self) -> None:
        self.dismiss()

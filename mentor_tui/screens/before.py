"""Before mode: where a learner lives between calls. Three tabs: the question inbox, the agenda for
the next session, and a review of past work."""

from __future__ import annotations

import asyncio
from dataclasses import asdict
from functools import partial
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widget import MountError
from textual.widgets import TabbedContent, TabPane

from ..inbox_rows import InboxCounts, QuestionRow, first_view, question_row, validated
from ..widgets.footer import KeysFooter
from ..widgets.header import TitleBar
from ..widgets.inbox_pane import InboxPane, question_markdown
from .hooks import KeepsStylesOnResume, PaintsAfterBatch

if TYPE_CHECKING:
    from ..widgets.agenda_pane import AgendaPane
    from ..widgets.review_pane import ReviewPane

# The first frame (the inbox, from the summary) is drawn before the models are imported:
# pydantic and the models cost ~60 ms of the start. So the Agenda and Review panes, the inbox's
# rules (``inbox.py``) and the models are imported where they are first used, after that frame.

__all__ = ["BeforeScreen", "InboxPane", "question_markdown"]  # the last two: older imports

#: Pause per data file for the background read after the first paint (see ``Store.all``).
BACKGROUND_PAUSE = 0.004
#: Seconds from the summary's first view until the full read starts and the Agenda and Review
#: panes mount, so the first paint goes out first (a tab key mounts them at once if sooner).
AFTER_FIRST_PAINT = 0.1


def _import_panes() -> None:
    """Import the Agenda and Review panes' modules (a thread's job: they bring the models)."""
    from ..widgets import agenda_pane, review_pane  # noqa: F401


class BeforeScreen(PaintsAfterBatch, KeepsStylesOnResume, Screen):
    """The Before mode."""

    AUTO_FOCUS = "#question-list"

    class _Panes:
        """``PANES``: the panes whose keys the palette offers (with this screen's) without the
        screen being open; two of them imported when first asked for (see above)."""

        def __get__(self, _obj, _owner) -> tuple[type, ...]:
            from ..widgets.agenda_pane import AgendaPane
            from ..widgets.review_pane import ReviewPane

            return (InboxPane, AgendaPane, ReviewPane)

    PANES = _Panes()

    BINDINGS = [
        Binding("1", "tab('tab-inbox')", "Inbox"),
        Binding("2", "tab('tab-agenda')", "Agenda"),
        Binding("3", "tab('tab-review')", "Review"),
    ]

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with TabbedContent(id="before-tabs"):
            with TabPane("Inbox (1)", id="tab-inbox"):
                yield InboxPane(id="inbox-pane")
            # Mounted once the inbox is painted (``ensure_panes``): composed with it, they cost
            # about 100 ms of the first paint (measured in a 120x40 pty, empty store).
            yield TabPane("Agenda (2)", id="tab-agenda")
            yield TabPane("Review (3)", id="tab-review")
        yield KeysFooter()

    def on_resize(self) -> None:
        """Beside an editor (under 100 columns) the details go below the list, not beside it."""
        self.set_class(self.size.width < 100, "-narrow")

    def __init__(self) -> None:
        super().__init__()
        self.loaded = False  # everything read (not only the summary's open questions)
        self._stale = False
        #: The last full read, kept for the Agenda and Review panes if they mount after it.
        self._data: tuple | None = None
        self._panes_started = False
        self._waiting_first = True
        self._panes_ready = asyncio.Event()
        #: The first frame's rows and counts, until their models replace them.
        self._first_rows: tuple[list[QuestionRow], InboxCounts] | None = None

    def on_mount(self) -> None:
        self.watch(self.app, "data_revision", self._on_revision, init=False)
        store = self.app.store
        # Paint from the summary first, then read the rest once that paint is out.
        early, self.app.first_view = self.app.first_view, None
        if early is not None:  # read by the CLI before start-up: in the first frame
            self._show_first(early)
        else:
            self.app.run_store(lambda: first_view(store), self._show_first, refresh=False,
                               on_error=lambda _exc: self._show_first(None))
        self.app.first_frame_ready()
        self.set_interval(30, self._refresh_countdown)

    def _on_revision(self, _revision: int) -> None:
        # Hidden (say during a call, when the notes file changes every second): reload on resume
        # instead, so five years of questions are not re-read while the learner types.
        if self.app.changed_kinds & {"questions", "sessions", "tasks", "materials"}:
            if self.is_current:
                self._reload()
            else:
                self._stale = True

    def on_screen_resume(self) -> None:
        if self._waiting_first:
            # The first view is on its way (on_mount) and the full read follows it: reading
            # five years here too competed with the first paint for the GIL.
            return
        # Nothing the screen shows changed while it was hidden: what it shows is current. If
        # something did, read it once the screen is back on the terminal, pausing per file: read
        # at once and flat out, five years held the GIL while the switch was being painted.
        if self._stale or not self.loaded:
            self._stale = False
            self.set_timer(AFTER_FIRST_PAINT, partial(self._reload, background=True))
        else:
            self._refresh_countdown()
        if not self._panes_started:  # left before they were mounted (``_panes_when_shown``)
            self.set_timer(AFTER_FIRST_PAINT, self._panes_if_shown)

    def _panes_if_shown(self) -> None:
        if self.is_current and not self._panes_started:
            self.run_worker(self.ensure_panes(), group="before-panes")

    def _show_first(self, data: tuple[list[QuestionRow], InboxCounts] | None) -> None:
        """The summary's view (None if it failed: the full read then says why)."""
        if data is not None and not self.loaded:
            self.query_one(InboxPane).show(*data)
            self._first_rows = data
        # Not call_after_refresh: it may run before the inbox reaches the terminal (when the
        # screen is idle before the inbox's widgets mark it dirty), and the panes' mount then
        # held the first paint back by ~90 ms at five years.
        self.set_timer(AFTER_FIRST_PAINT, self._after_first_paint)

    def _after_first_paint(self) -> None:
        self._waiting_first = False
        if self._first_rows is not None:  # the rows' models, so the detail and the keys work
            self.run_worker(self._validate_first_rows(*self._first_rows), group="first-rows")
        self._reload(background=True)
        self.app.first_screen_painted()
        # A worker, not awaited here: awaited, this screen handled no message until the panes
        # were imported and mounted, and a key bubbling up through it to the app (F3 pressed
        # as the first screen appeared) waited ~150 ms for them at five years.
        self.run_worker(self._panes_when_shown(), group="before-panes")

    async def _panes_when_shown(self) -> None:
        """The Agenda and Review panes after the first paint: imported in a thread, mounted only
        while this screen is shown. If the learner has switched mode meanwhile (F3 as the first
        screen appeared), mounting them then took UI time from the new mode's first paint: they
        are mounted once Before is back (``on_screen_resume``), unless a tab key or the palette
        asks for them first."""
        await asyncio.to_thread(_import_panes)
        if self.is_current:
            await self.ensure_panes()

    async def _validate_first_rows(self, rows: list[QuestionRow], counts: InboxCounts) -> None:
        """The first frame's rows replaced by full ones, from their models (validated in a
        thread, not in the store lane: a key's write never waits for it), unless the full read
        came first."""
        try:
            questions = await asyncio.to_thread(lambda: [question_row(q) for q in validated(rows)])
        except ValueError:  # pydantic's ValidationError is one: the full read reports the record
            return
        pane = self.query_one(InboxPane)
        if not self.loaded and pane.partial:
            pane.show(questions, counts)

    async def ensure_panes(self) -> None:
        """Mount the Agenda and Review panes (once), showing the data read so far. The first
        paint shows only the inbox; a tab key or the palette may ask for them before this runs."""
        if self._panes_started:
            await self._panes_ready.wait()
            return
        self._panes_started = True
        # Imported in a thread (with the models, ~80 ms): a key pressed meanwhile is answered.
        await asyncio.to_thread(_import_panes)
        from ..widgets.agenda_pane import AgendaPane
        from ..widgets.review_pane import ReviewPane

        try:
            await self.query_one("#tab-agenda", TabPane).mount(AgendaPane(id="agenda-pane"))
            await self.query_one("#tab-review", TabPane).mount(ReviewPane(id="review-pane"))
        except (NoMatches, MountError):  # the app is closing (ctrl+q while the import ran)
            return
        self._panes_ready.set()
        if self._data is not None:
            self._show_panes(*self._data)

    async def prepare_pane(self, _pane: type) -> None:
        """Before the palette runs a pane's key (``MentorApp.run_bound_action``)."""
        await self.ensure_panes()

    def _reload(self, background: bool = False) -> None:
        app = self.app
        store = app.store
        pause = partial(app.background_pause, BACKGROUND_PAUSE) if background else 0.0
        self._stale = False

        def read() -> tuple:
            from ..models import Material, PracticeTask, Question, Session  # in the thread

            return (store.all(Question, pause=pause, view=question_row), store.all(Session, pause=pause),
                    store.all(PracticeTask), store.all(Material))

        app.read_in_background(read, self._show, group="before-read")

    def _show(self, data) -> None:
        questions, sessions, tasks, materials = data
        self.loaded = True
        self._data = data
        self.query_one(InboxPane).show(questions)
        if self._panes_ready.is_set():
            self._show_panes(*data)
        self.app.models_kept()

    def _show_panes(self, questions, sessions, tasks, materials) -> None:
        from ..widgets.agenda_pane import AgendaPane
        from ..widgets.review_pane import ReviewPane

        try:
            agenda, review = self.query_one(AgendaPane), self.query_one(ReviewPane)
            agenda.show(sessions, questions)
            review.show(sessions, questions, tasks, materials)
        except NoMatches:
            if self._closing_down():
                return  # ctrl+q came while the panes were being mounted: their insides are gone
            raise
        self._refresh_countdown()

    def _closing_down(self) -> bool:
        """The app or this screen is being torn down (Textual prunes the widgets then). Seen on
        Python 3.13 in CI: the app quit right after start, as the Review pane's insides went."""
        app = self.app
        return bool(app._exit or app._closing or self._closing or self._pruning
                    or not self.is_attached)

    def _refresh_countdown(self) -> None:
        """Show the countdown to a session scheduled today in the header."""
        from ..planning import countdown

        panes = self.query("#agenda-pane")
        session = panes.first().session if panes else None
        now = self.app.clock()
        if session and session.scheduled_at and session.scheduled_at.astimezone().date() == now.astimezone().date():
            self.sub_title = f"Before · session {countdown(session.scheduled_at, now)}"
        else:
            self.sub_title = "Before"

    # -- dialogs the panes ask for -------------------------------------------------------------

    def on_inbox_pane_edit_requested(self, event: InboxPane.EditRequested) -> None:
        from .. import inbox
        from ..dialogs.question_form import QuestionEdit, QuestionForm

        store, qid = self.app.store, event.question.id

        def saved(edit: QuestionEdit | None) -> None:
            if edit:
                self.app.run_store(partial(inbox.edit, store, qid, **asdict(edit)),
                                   lambda _q: self.app.notify("Saved"))

        def on_quit(edit: QuestionEdit) -> None:  # ctrl+q with the form open: stored as Save would
            inbox.edit(store, qid, **asdict(edit))

        self.app.push_screen(QuestionForm(event.question, on_quit=on_quit), saved)

    def on_inbox_pane_delete_requested(self, event: InboxPane.DeleteRequested) -> None:
        from .. import inbox
        from ..dialogs.modals import Confirm

        q = event.question

        def answer(yes: bool | None) -> None:
            if yes:
                self.app.run_store(partial(inbox.delete, self.app.store, q.id),
                                   lambda _ok: self.app.notify("Question deleted"))

        self.app.push_screen(Confirm(f"Delete “{q.text[:60]}”? This cannot be undone."), answer)

    def on_inbox_pane_stuck_check_requested(self, event: InboxPane.StuckCheckRequested) -> None:
        """The check changes the question as it goes: it opens on the model, read by id (the
        inbox holds rows)."""
        from ..models import Question
        from .stuck import StuckCheck

        def check(question: Question | None) -> None:
            if question is None:  # deleted meanwhile (from the shell, or by sync)
                self.app.notify("That question is no longer in the inbox.", severity="warning")
            else:
                self.app.push_screen(StuckCheck(question))

        if isinstance(event.question, QuestionRow):
            self.app.run_store(partial(self.app.store.get, Question, event.question.id), check,
                               refresh=False)
        else:
            check(event.question)

    def on_agenda_pane_plan_requested(self, event: AgendaPane.PlanRequested) -> None:
        from ..dialogs.session_form import SessionForm
        from ..widgets.agenda_pane import AgendaPane

        pane = self.query_one(AgendaPane)
        form = SessionForm(event.session, self.app.settings.session_minutes,
                           on_quit=lambda plan: pane.plan_now(**asdict(plan)))
        self.app.push_screen(form, lambda plan: plan is not None and pane.plan(**asdict(plan)))

    def on_agenda_pane_calendar_requested(self, event: AgendaPane.CalendarRequested) -> None:
        from ..dialogs.modals import TextPrompt
        from ..history_export import DEFAULT_EXPORT
        from ..widgets.agenda_pane import AgendaPane

        pane, text = self.query_one(AgendaPane), event.text
        self.app.push_screen(TextPrompt("Write the calendar event (.ics) to",
                                        f"{DEFAULT_EXPORT}/{event.file_name}"),
                             lambda path: path and pane.write_calendar(path, text))

    def on_review_pane_add_requested(self, _event: ReviewPane.AddRequested) -> None:
        from ..dialogs.modals import TextPrompt
        from ..widgets.review_pane import ReviewPane

        pane = self.query_one(ReviewPane)

        def got_title(title: str | None) -> None:
            if title:
                self.app.push_screen(
                    TextPrompt("Where is it? A folder path or a link (optional)", allow_empty=True),
                    lambda location: pane.add_material(title, location or ""))

        self.app.push_screen(TextPrompt("Exercise or project to review", placeholder="e.g. todo-app"),
                             got_title)

    def on_review_pane_remove_requested(self, event: ReviewPane.RemoveRequested) -> None:
        from ..dialogs.modals import Confirm
        from ..widgets.review_pane import ReviewPane

        m, pane = event.material, self.query_one(ReviewPane)
        self.app.push_screen(Confirm(f"Remove “{m.title}” from the list?"),
                             lambda yes: yes and pane.remove_material(m))

    async def action_tab(self, tab: str) -> None:
        await self.ensure_panes()
        self._activate(tab)

    def _activate(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        pane = self.query_one({"tab-inbox": "#question-list", "tab-agenda": "#agenda-list",
                               "tab-review": "#materials-list"}[tab])
        pane.focus()
        # Focus is applied later and only to a shown widget; under load the tab can still be hidden
        # then, and focus stayed behind. Once the new tab is painted, focus it again.
        self.call_after_refresh(lambda: pane.focus() if pane.display and not pane.has_focus else None)

    async def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        # A click on a tab's title. Not the inbox's own activation when the screen mounts: the
        # panes (and the models they import) would then be mounted before the first frame.
        if event.pane is None or event.pane.id != "tab-inbox":
            await self.ensure_panes()

    def select_question(self, question_id: str) -> None:
        """Open the inbox on one question (search uses this)."""
        self._activate("tab-inbox")
        self.query_one(InboxPane).select(question_id)

    async def _pane_action(self, pane: type, action: str) -> None:
        await self.ensure_panes()
        await self.query_one(pane).run_action(action)

    def palette_commands(self):
        from ..widgets.agenda_pane import AgendaPane
        from ..widgets.review_pane import ReviewPane

        inbox_pane = self.query_one(InboxPane)
        return [
            ("Inbox", "Questions waiting for an answer (1)", lambda: self.action_tab("tab-inbox")),
            ("Agenda for the next session", "Order questions, estimate minutes (2)",
             lambda: self.action_tab("tab-agenda")),
            ("Review past work", "Past sessions, open practice, my projects (3)",
             lambda: self.action_tab("tab-review")),
            ("Stuck check on the selected question", "Timebox and checklist before asking",
             inbox_pane.action_stuck_check),
            ("Edit the selected question", "Text, tags, priority, details, error", inbox_pane.action_edit),
            ("Bring the selected question to my mentor", "Puts it on the agenda", inbox_pane.action_to_mentor),
            ("Plan the next session", "Mentor, topic, date, time, length",
             partial(self._pane_action, AgendaPane, "plan")),
            ("Add an exercise or project to review", "A folder or a link",
             partial(self._pane_action, ReviewPane, "add_material")),
        ]

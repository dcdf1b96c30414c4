"""After mode: today's practice, spaced review of takeaways, and progress at a glance.

The screen arranges three tabs and forwards: the panes (``widgets/practice_pane.py``,
``widgets/cards_pane.py``, ``widgets/progress_view.py``) show the data and post what the learner
asked; the screen opens the dialogs and runs the plain functions of ``practice_ops`` and
``review_cards`` in the store lane (``app.run_store``). A running timer is only a stored start
time, so it keeps counting across mode switches and restarts.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import Future
from datetime import datetime
from functools import partial

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.css.query import NoMatches
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import TabbedContent, TabPane

from .. import practice as P
from .. import practice_ops as ops
from .. import review_cards as cards
from ..after_data import PracticeRecords, Snapshot, first_snapshot, load_snapshot, practice_records, with_records
from ..dialogs.modals import Confirm, TextPrompt
from ..dialogs.practice import CardEditor, CardFaces, PickedSession, PlanDialog, PracticePlan, SessionPicker
from ..models import PracticeLog, ReviewCard, Session
from ..plural import counted
from ..widgets.cards_pane import CardsPane
from ..widgets.footer import KeysFooter
from ..widgets.header import TitleBar
from ..widgets.practice_pane import PracticePane
from ..widgets.progress_view import ProgressView
from .hooks import KeepsStylesOnResume

__all__ = ["AfterScreen", "Snapshot", "first_snapshot", "load_snapshot"]  # the benchmarks read these
#: What Progress says until everything is read (five years of practice and questions).
READING_PROGRESS = "Reading your practice history…"
#: Seconds After's full read sleeps after each slice of work (``store/pacing.py``).
BACKGROUND_PAUSE = 0.004
RELOAD_KINDS = {"tasks", "logs", "cards", "sessions", "questions"}


class AfterTab(TabPane):
    """One of After's tabs. Focus lands late (Textual applies it on a later turn), and a focus
    landing in a tab makes TabbedContent show that tab: so the practice list's first focus,
    landing after a quick F4 r, took the learner back from Review to Practice (seen in a real
    terminal; the two tabs then took turns). A focus landing here while this tab is hidden is
    such a late one: it does not switch tabs, and the shown tab's pane takes the focus back."""

    def _on_descendant_focus(self, event: events.DescendantFocus) -> None:
        # Not ``self.display``: just after a tab key the old tab is still displayed for a turn.
        tabs = next((a for a in self.ancestors if isinstance(a, TabbedContent)), None)
        if tabs is not None and tabs.active != self.id:
            event.prevent_default()  # not TabPane's handler: it would show this tab
            screen = self.screen
            if isinstance(screen, AfterScreen):
                screen.focus_tab()


class AfterTabs(TabbedContent):
    """After's tabs. A focus landing in a pane makes TabbedContent show that pane's tab, through
    a message handled a moment later; by then a tab key may have chosen another tab (F4 then
    r at once: the practice list's first focus brought Practice back over Review, about 1 real
    launch in 5 even with :class:`AfterTab`). A pane can only take the focus while it is shown,
    so such a message about a pane that is no longer the chosen one is stale: ignored, and the
    chosen tab's pane takes the focus."""

    def _on_tab_pane_focused(self, event: TabPane.Focused) -> None:
        if event.tab_pane.id != self.active:
            event.stop()
            event.prevent_default()  # not TabbedContent's own handler: it would show that tab
            screen = self.screen
            if isinstance(screen, AfterScreen):
                screen.focus_tab()


class AfterScreen(KeepsStylesOnResume, Screen):
    """Practice (due today first, warm-ups first), Review (FSRS cards), Progress.

    No full restyle on resume (``KeepsStylesOnResume``): it was most of the UI thread's time on
    F4's first visit at five years (two restyles of every widget of the three tabs)."""

    CSS_PATH = "after.tcss"

    BINDINGS = [
        Binding("t", "tab('practice')", "Practice"),
        Binding("r", "tab('review')", "Review"),
        Binding("o", "tab('progress')", "Progress"),
    ]

    PANES = (PracticePane, CardsPane)  # whose keys the palette offers too

    #: What the store held at the last read; the panes redraw from it when it is set.
    data: var[Snapshot] = var(Snapshot, always_update=True, init=False)

    def __init__(self) -> None:
        super().__init__()
        self.loaded = False  # everything read (not only the open tasks)
        self._stale = False
        self._reading_all = False  # the full read is asked for
        #: After is the screen shown; read by the reading threads too (``_pause``). Data read
        #: while it is hidden is drawn when it is shown again (``_undrawn``), not on the UI
        #: thread during the next mode's first visit (a list of up to 1,000 tasks, Progress).
        self._shown = True
        self._undrawn = False

    # -- layout ----------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with AfterTabs(initial="practice", id="after-tabs"):
            with AfterTab("Practice", id="practice"):
                yield PracticePane(id="practice-pane")
            with AfterTab("Review", id="review"):
                yield CardsPane(id="cards-pane")
            with AfterTab("Progress", id="progress"):
                with VerticalScroll(id="progress-scroll"):
                    yield ProgressView(READING_PROGRESS, id="progress-view")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.watch(self.app, "data_revision", self._on_revision, init=False)
        self.query_one(PracticePane).take_focus()
        # The open tasks, read beside the store lane (read in compose, the title came later;
        # after the first paint, the list came 50-200 ms after it). On the first visit the read
        # started as F4 was pressed, while this screen was built (``MentorApp.read_ahead``):
        # shown once it is done; otherwise read here. Done already, it is drawn right after the
        # screen's first layout, not in on_mount: drawn here, the list and its focus changes
        # went through the first layout again (After's first visit took ~70 ms more of the UI
        # thread at five years; the list came 2-5 ms after the title either way).
        early = self.app.read_ahead("after")
        if early is None:
            self._read_first()
        elif early.done():
            self.call_after_refresh(self._show_first, early.result())
        else:
            self.run_worker(self._show_read_ahead(early), group="after-first")

    def _read_first(self) -> None:
        self.app.read_now(partial(first_snapshot, self.app.store), self._show_first, group="after-first")

    async def _show_read_ahead(self, future: Future) -> None:
        """The read ahead, once it is done (it was still running as the screen mounted)."""
        try:
            data = await asyncio.wrap_future(future)
        except Exception:  # noqa: BLE001 - it failed: the screen's own read says why
            self._read_first()
            return
        self._show_first(data)

    def on_screen_suspend(self) -> None:
        self._shown = False

    def on_screen_resume(self) -> None:
        self._shown = True
        # Hidden, the screen only noted that its data changed: read again only then.
        if self._stale:
            self.reload()
        elif self._undrawn:
            self.watch_data(self.data)
        elif self.loaded:
            self.query_one(PracticePane).redraw()

    def _show_first(self, data: Snapshot) -> None:
        """The open tasks (from the summary), then the logs and cards once that is painted, then
        everything (finished tasks, progress) in the background."""
        if not self.loaded:
            self.data = data
        self.call_after_refresh(self._read_records)

    def _pause(self, shown: float) -> float:
        """How long After's reads sleep after each slice of work (asked by the reading thread):
        *shown* while After is shown (the learner waits for them); once the learner has left
        After, as long as any read nobody waits for, so the next mode's first visit is not slowed
        (the bench presses F5 as soon as After's list is up)."""
        return shown if self._shown else self.app.background_pause(BACKGROUND_PAUSE)

    def _read_records(self) -> None:
        read = partial(practice_records, self.app.store, partial(self._pause, 0.0))
        self.app.read_now(read, self._show_records,
                          group="after-records", on_error=lambda _exc: self._read_all())

    def _show_records(self, records: PracticeRecords) -> None:
        if not self.loaded:
            self.data = with_records(self.data, records)
        self._read_all()

    def _read_all(self) -> None:
        if not self._reading_all:  # a change may have asked for it already
            self.reload(background=True)

    # -- data ------------------------------------------------------------------------------------

    def now(self) -> datetime:
        return self.app.clock()

    def _on_revision(self, _revision: int) -> None:
        # Hidden screens catch up in on_screen_resume; a call's autosave must not make us re-read.
        if self.app.changed_kinds & RELOAD_KINDS:
            if self.is_current:
                self.reload()
            else:
                self._stale = True

    def reload(self, background: bool = False) -> None:
        """Read the store in a worker and redraw when it answers."""
        self._stale = False
        self._reading_all = True
        pause = partial(self._pause, BACKGROUND_PAUSE) if background else 0.0
        read = partial(load_snapshot, self.app.store, self.now(), pause)
        self.app.read_in_background(read, self._show, group="after-read")

    def watch_data(self, data: Snapshot) -> None:
        if not self._shown:  # drawn when the learner comes back (``on_screen_resume``)
            self._undrawn = True
            return
        self._undrawn = False
        self.query_one(PracticePane).data = self.query_one(CardsPane).data = data
        if data.progress is not None:
            self.query_one(ProgressView).show(data.progress)

    def _show(self, data: Snapshot) -> None:
        self.loaded = True
        self.data = data

    def _write(self, call, message: str | None = None, on_done=None) -> None:
        """Run a store write, then reload (and say what happened)."""

        def done(result) -> None:
            if message:
                self.notify(message)
            if on_done:
                on_done(result)
            self.reload()

        self.app.run_store(call, done)

    # -- practice: plan ---------------------------------------------------------------------------

    def on_practice_pane_plan(self, _event: PracticePane.Plan | None = None) -> None:
        """Pick an ended session (the latest without a plan is highlighted first)."""
        sessions = P.ended_sessions(self.data.sessions)
        if not sessions:
            self.notify("No ended session yet: end one in During (F3) first.", severity="warning")
            return
        planned = {t.session_id for t in self.data.tasks if t.session_id}
        sessions.sort(key=lambda s: s.id in planned)  # unplanned first, each group latest first

        def picked(choice: PickedSession | None) -> None:
            if choice is not None:
                self.plan_from_session(choice.session_id)

        if len(sessions) == 1:
            self.plan_from_session(sessions[0].id)
        else:
            self.app.push_screen(SessionPicker(sessions, planned), picked)

    def plan_from_session(self, session_id: str) -> None:
        """Open the practice-plan dialog for an ended session (During calls this after a session,
        possibly before this screen is mounted; the dialog needs only the store)."""
        try:
            self.query_one(TabbedContent).active = "practice"
        except NoMatches:  # not composed yet: it opens on the practice tab anyway
            pass
        self.app.run_store(partial(self.app.store.get, Session, session_id), self._open_plan, refresh=False)

    def _open_plan(self, session: Session | None) -> None:
        if session is None:
            self.notify("That session is not in the data folder any more.", severity="error")
            return
        lines = P.source_lines(session) or [P.SourceLine("topic", session.topic or "what the session covered")]
        planned = sum(1 for t in self.data.tasks if t.session_id == session.id)
        if planned:
            self.notify(f"This session already has {counted(planned, 'practice task')}; "
                        "new ones are added beside them.", timeout=6)

        def created(plan: PracticePlan | None) -> None:
            if plan is not None and plan.drafts:
                now, hours = self.now(), self.app.settings.practice_due_hours
                self._write(partial(ops.plan_tasks, self.app.store, session, list(plan.drafts), now, hours),
                            on_done=lambda tasks: self.notify(ops.planned_message(tasks, now, hours)))

        self.app.push_screen(PlanDialog(session, lines), created)

    # -- practice: timer, log, close ----------------------------------------------------------------

    def on_practice_pane_start_timer(self, event: PracticePane.StartTimer) -> None:
        task = event.task
        self._write(partial(ops.start_timer, self.app.store, task.id, self.now()),
                    f"Timer started: {task.title[:60]}")

    def on_practice_pane_stop_timer(self, event: PracticePane.StopTimer) -> None:
        store = self.app.store

        def ask_note(log: PracticeLog | None) -> None:
            def noted(note: str | None) -> None:
                if log is not None and note and note.strip():
                    self._write(partial(ops.note_log, store, log.id, note), "Note kept with the log")

            if log is not None:
                self.app.push_screen(TextPrompt(f"Logged {log.minutes:g} min. What did you practise? (optional)",
                                                placeholder="a note for this log; Enter alone skips",
                                                allow_empty=True), noted)

        self._write(partial(ops.stop_timer, store, event.task.id, self.now()), on_done=ask_note)

    def on_practice_pane_log_time(self, event: PracticePane.LogTime) -> None:
        """Log minutes by hand on the highlighted task: "25 read the docs"."""
        task = event.task
        now = self.now()

        def entered(text: str | None) -> None:
            if not text:
                return
            try:
                P.parse_minutes(text)  # a typo is told at once, before the store lane
            except ValueError as exc:
                self.notify(str(exc), title="Not logged", severity="error")
                return
            self._write(partial(ops.log_minutes, self.app.store, task, text, now),
                        on_done=lambda log: self.notify(f"Logged {log.minutes:g} min"))

        target = f" on \u201c{task.title[:50]}\u201d" if task else ""
        self.app.push_screen(TextPrompt(f"Log practice{target}: minutes, then an optional note",
                                        placeholder="25 rewrote the loop with enumerate"), entered)

    def on_practice_pane_finish(self, event: PracticePane.Finish) -> None:
        self._write(partial(ops.finish_task, self.app.store, event.task.id, self.now()),
                    f"Done: {event.task.title[:60]}")

    def on_practice_pane_drop(self, event: PracticePane.Drop) -> None:
        task = event.task
        now = self.now()

        def reason(text: str | None) -> None:
            if text is not None:
                self._write(partial(ops.drop_task, self.app.store, task.id, text, now),
                            "Dropped; the reason is kept")

        self.app.push_screen(TextPrompt("Why drop it? (so you and your mentor know)",
                                        placeholder="too easy now / not relevant any more"), reason)

    def on_practice_pane_reopen(self, event: PracticePane.Reopen) -> None:
        self._write(partial(ops.reopen_task, self.app.store, event.task.id), "Back on the list")

    # -- review cards -------------------------------------------------------------------------------

    def on_cards_pane_rate(self, event: CardsPane.Rate) -> None:
        def done(updated: ReviewCard) -> None:
            self.notify(f"Next review {updated.due_at.astimezone():%a %d %b %H:%M}")

        self._write(partial(cards.rate_card, self.app.store, event.card.id, event.rating, self.now()),
                    on_done=done)

    def on_cards_pane_edit(self, event: CardsPane.Edit) -> None:
        from ..review import edit
        from ..takeaways import card_faces

        card = event.card

        def edited(faces: CardFaces | None) -> None:
            if faces is None:
                return
            try:
                edit(card, faces.front, faces.back)  # a blank front is told at once
            except ValueError as exc:
                self.notify(str(exc), title="Not saved", severity="error")
                return
            self._write(partial(cards.edit_card, self.app.store, card.id, faces.front, faces.back), "Card saved")

        self.app.push_screen(CardEditor(*card_faces(card)), edited)

    def on_cards_pane_suspend(self, event: CardsPane.Suspend) -> None:
        self._write(partial(cards.suspend_card, self.app.store, event.card.id),
                    "Card suspended: it keeps its history and is not shown for review")

    def on_cards_pane_delete(self, event: CardsPane.Delete) -> None:
        def confirmed(yes: bool | None) -> None:
            if yes:
                self.query_one(CardsPane).revealed = False
                self._write(partial(cards.delete_card, self.app.store, event.card.id), "Card deleted")

        self.app.push_screen(Confirm("Delete this card and its review history?"), confirmed)

    # -- tabs -----------------------------------------------------------------------------------------

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        """Focus the shown tab's pane, so its keys work and the footer shows them. A stale
        activation (another tab was chosen since) is ignored, see :class:`AfterTab`."""


        if event.pane.id == event.tabbed_content.active:
            self.focus_tab(event.pane.id)

    def focus_tab(self, tab: str | None = None) -> None:
        """Focus the pane of *tab* (default: the shown one)."""
        tab = tab or self.query_one(TabbedContent).active
        if tab == "practice":
            self.query_one(PracticePane).take_focus()
        elif tab in ("review", "progress"):
            self.query_one("#cards-pane" if tab == "review" else "#progress-scroll").focus()

    def palette_commands(self):
        return [
            ("Plan practice from a session", "Warm-up, core and stretch tasks from takeaways (p)",
             self.on_practice_pane_plan),
            ("Review takeaways", "Spaced review of due cards (r)", lambda: self.action_tab("review")),
            ("Progress", "Practice minutes, streak, questions solved alone (o)",
             lambda: self.action_tab("progress")),
        ]

"""After mode: today's practice, spaced review of takeaways, and progress at a glance.

The screen arranges; the decisions live in plain modules (``practice``, ``review``, ``progress``)
so the CLI and tests get the same answers. Every store call runs in a worker via
``app.run_store``; a running timer is only a stored start time, so it keeps counting across mode
switches and restarts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.containers import Vertical, VerticalScroll
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static, TabbedContent, TabPane
from textual.widgets.option_list import Option

from .. import practice as P
from .. import takeaways as T
from ..literal import literal, markup, styled
from functools import partial

from .. import practice_ops as ops
from .. import review_cards as cards
from ..models import PracticeLog, PracticeTask, Question, ReviewCard, Session
from ..progress import Progress, compute
from ..widgets.progress_view import ProgressView
from ..widgets.footer import KeysFooter
from ..dialogs.modals import Confirm, TextPrompt
from ..dialogs.practice import CardEditor, CardFaces, PickedSession, PlanDialog, PracticePlan, SessionPicker

RELOAD_KINDS = {"tasks", "logs", "cards", "sessions", "questions"}
STATUS_MARK = {"todo": " ", "doing": "▸", "done": "✓", "dropped": "✗"}
TABS = ("practice", "review", "progress")

EMPTY_PRACTICE = markup(
    "No practice yet.\n\n"
    "After a session, press [b]p[/b] to turn its takeaways into a warm-up, a core task and a "
    "stretch task. Practise within a day, while it is fresh."
)


@dataclass
class Snapshot:
    """What the After screen shows, read in one worker call."""

    sessions: list[Session] = field(default_factory=list)
    tasks: list[PracticeTask] = field(default_factory=list)
    logs: list[PracticeLog] = field(default_factory=list)
    cards: list[ReviewCard] = field(default_factory=list)
    progress: Progress | None = None


def first_snapshot(store) -> Snapshot:
    """What the screen shows first, read in kilobytes (runs in a thread): the open tasks from the
    summary, the cards, the logs, and only the sessions those tasks came from plus the last ended
    one. Five years of finished practice, questions and notes follow in :func:`load_snapshot`."""
    summary = store.summary([PracticeTask, Session])
    tasks = sorted((PracticeTask.model_validate(d) for d in summary.open_tasks()), key=lambda t: t.id)
    ended = [h for h in summary.session_heads() if h.get("status") == "ended"]
    wanted = {t.session_id for t in tasks if t.session_id}
    if ended:
        wanted.add(max(ended, key=lambda h: h.get("ended_at") or "")["id"])
    sessions = [s for s in (store.get(Session, sid) for sid in sorted(wanted)) if s is not None]
    return Snapshot(sessions=sessions, tasks=tasks, logs=store.all(PracticeLog),
                    cards=store.all(ReviewCard))


def load_snapshot(store, now: datetime, pause: float = 0.0) -> Snapshot:
    """Read everything the screen needs and compute progress (runs in a thread). Reading only:
    cards are made when a session ends (``live_session.end_session``), never here.
    *pause*: per file, when reading in the background (see ``Store.all``)."""
    tasks = store.all(PracticeTask)
    logs = store.all(PracticeLog)
    cards = store.all(ReviewCard)
    questions = store.all(Question, pause=pause)
    sessions = store.all(Session, pause=pause)
    return Snapshot(
        sessions=sessions,
        tasks=tasks,
        logs=logs,
        cards=cards,
        progress=compute(tasks, logs, questions, cards, now),
    )


class AfterScreen(Screen):
    """Practice (due today first, warm-ups first), Review (FSRS cards), Progress."""

    CSS_PATH = "after.tcss"

    BINDINGS = [
        Binding("t", "tab('practice')", "Practice"),
        Binding("r", "tab('review')", "Review"),
        Binding("o", "tab('progress')", "Progress"),
        Binding("p", "plan", "Plan"),
        Binding("space", "timer", "Timer"),
        Binding("l", "log", "Log time"),
        Binding("d", "done", "Done"),
        Binding("x", "drop", "Drop"),
        Binding("u", "reopen", "Reopen", show=False),
        Binding("v", "reveal", "Show answer"),
        Binding("1", "rate('again')", "Again: forgot"),
        Binding("2", "rate('hard')", "Hard: with effort"),
        Binding("3", "rate('good')", "Good: remembered"),
        Binding("4", "rate('easy')", "Easy: at once"),
        Binding("e", "edit_card", "Edit card"),
        Binding("s", "suspend_card", "Suspend"),
        Binding("x", "delete_card", "Delete card"),
    ]

    TAB_ACTIONS = {
        "practice": {"plan", "timer", "log", "done", "drop", "reopen"},
        "review": {"reveal", "rate", "edit_card", "suspend_card", "delete_card"},
        "progress": set(),
    }

    def __init__(self) -> None:
        super().__init__()
        self.data = Snapshot()
        self.loaded = False  # everything read (not only the open tasks)
        self._stale = False
        self.revealed = False
        self._was_open: dict[str, bool] = {}

    # -- layout ----------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with TabbedContent(initial="practice", id="after-tabs"):
            with TabPane("Practice", id="practice"):
                yield Static("", id="practice-summary")
                yield Static("", id="timer-line")
                yield OptionList(id="task-list")
                yield Static(EMPTY_PRACTICE, id="practice-empty", classes="empty-state")
                yield Static("", id="task-detail")
            with TabPane("Review", id="review"):
                with Vertical(id="review-pane"):
                    yield Static("", id="review-status")
                    yield Static("", id="review-card")
                    yield Static("", id="review-help")
            with TabPane("Progress", id="progress"):
                with VerticalScroll(id="progress-scroll"):
                    yield ProgressView("", id="progress-view")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.watch(self.app, "data_revision", self._on_revision, init=False)
        self.set_interval(1.0, self._tick)
        self.query_one("#task-list").focus()
        # The open tasks first (from the summary), then everything once that is painted.
        store = self.app.store
        self.app.run_store(lambda: first_snapshot(store), self._show_first, refresh=False)

    def on_screen_resume(self) -> None:
        # Hidden, the screen only noted that its data changed: read again only then.
        if self._stale:
            self.reload()
        elif self.loaded:
            self._render_practice()

    def _show_first(self, data: Snapshot) -> None:
        if not self.loaded:
            self.data = data
            self._render_practice()
            self._render_review()
        self.call_after_refresh(self.reload, background=True)

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
        now = self.now()
        store = self.app.store
        pause = 0.004 if background else 0.0
        self._stale = False
        self.app.read_in_background(lambda: load_snapshot(store, now, pause), self._show,
                                    group="after-read")

    def _show(self, data: Snapshot) -> None:
        self.data = data
        self.loaded = True
        self._render_practice()
        self._render_review()
        if data.progress is not None:
            self.query_one(ProgressView).show(data.progress)
        self.refresh_bindings()

    def _write(self, call, message: str | None = None, on_done=None) -> None:
        """Run a store write, then reload (and say what happened)."""

        def done(result) -> None:
            if message:
                self.notify(message)
            if on_done:
                on_done(result)
            self.reload()

        self.app.run_store(call, done)

    # -- practice tab ----------------------------------------------------------------------------

    def session_of(self, task: PracticeTask) -> Session | None:
        return next((s for s in self.data.sessions if s.id == task.session_id), None)

    def listed_tasks(self) -> list[PracticeTask]:
        return P.ordered(self.data.tasks, self.now())

    def current_task(self) -> PracticeTask | None:
        option_list = self.query_one("#task-list", OptionList)
        option = option_list.highlighted_option
        if option is None:
            return None
        return next((t for t in self.data.tasks if t.id == option.id), None)

    def running_task(self) -> PracticeTask | None:
        return next((t for t in self.data.tasks if t.timer_started_at is not None), None)

    def _task_prompt(self, task: PracticeTask, now: datetime) -> Content:
        kind = P.KIND_LABEL[task.kind]
        label = P.due_label(task, now)
        if task.timer_started_at is not None:
            label = f"timer running · {label}"
        style = "bold" if P.is_overdue(task, now) else "dim"
        return styled(f"{STATUS_MARK[task.status]} ", (f"{kind:<8}", "bold"), f" {task.title}  ",
                      (label, style))

    def _render_practice(self) -> None:
        now = self.now()
        tasks = self.listed_tasks()
        option_list = self.query_one("#task-list", OptionList)
        keep = option_list.highlighted_option.id if option_list.highlighted_option else None
        option_list.clear_options()
        option_list.add_options(Option(self._task_prompt(t, now), id=t.id) for t in tasks)
        empty = not tasks
        option_list.display = not empty
        self.query_one("#practice-empty").display = empty
        if tasks:
            # stay on the highlighted task unless it just closed: then the next open one is first
            kept = next((i for i, t in enumerate(tasks) if t.id == keep), None)
            if kept is not None and P.is_open(tasks[kept]) != self._was_open.get(keep, True):
                kept = None
            option_list.highlighted = kept or 0
        self._was_open = {t.id: P.is_open(t) for t in tasks}
        self._render_summary()
        self._render_detail()
        self._tick()

    def _render_summary(self) -> None:
        now = self.now()
        last = P.last_session(self.data.sessions)
        parts = []
        if last is not None:
            topic = last.topic or "your last session"
            parts.append(styled("Last session: ", (topic, "bold"), f", {P.since(last.ended_at, now)} ago"))
        else:
            parts.append("No ended session yet")
        due = [t for t in self.data.tasks if P.is_due_today(t, now)]
        overdue = [t for t in due if P.is_overdue(t, now)]
        later = [t for t in self.data.tasks if P.is_open(t) and not P.is_due_today(t, now)]
        line = f"{len(due)} to practise today"
        if overdue:
            line += f" ({len(overdue)} overdue: {', '.join(P.KIND_LABEL[t.kind] for t in overdue)})"
        fresh = P.fresh_summary(self.data.tasks, now)
        if fresh:
            line += f" · {fresh}"
        if later:
            line += f" · {len(later)} later"
        parts.append(line)
        cards_due = sum(1 for c in self.data.cards if c.due_at <= now and not c.suspended)
        if cards_due:
            parts.append(f"{cards_due} card{'s' * (cards_due != 1)} to review (r)")
        self.query_one("#practice-summary", Static).update(literal(" · ").join(parts))

    def _tick(self) -> None:
        """Redraw the running timer (once a second)."""
        running = self.running_task()
        line = self.query_one("#timer-line", Static)
        if running is None:
            line.update("")
            line.display = False
            return
        seconds = int(P.elapsed_minutes(running, self.now()) * 60)
        h, rest = divmod(seconds, 3600)
        m, s = divmod(rest, 60)
        clock = f"{h}:{m:02d}:{s:02d}" if h else f"{m:02d}:{s:02d}"
        line.display = True
        line.update(styled("⏱ ", (clock, "bold"), f" on {running.title}  (space stops)"))

    def _render_detail(self) -> None:
        task = self.current_task()
        detail = self.query_one("#task-detail", Static)
        if task is None:
            detail.update("")
            return
        now = self.now()
        session = self.session_of(task)
        minutes = sum(lg.minutes for lg in self.data.logs if lg.task_id == task.id)
        lines = [styled((P.KIND_LABEL[task.kind], "bold"), f" · {task.status} · {P.due_label(task, now)}"
                        f" · {minutes:.0f} min logged")]
        if session is not None:
            when = session.ended_at or session.updated_at
            lines.append(literal(f"From: {session.topic or 'session'} ({when.astimezone():%d %b})"))
        if task.source:
            lines.append(literal(f"Line: \u201c{P.one_line(task.source, 200)}\u201d"))
        if task.drop_reason:
            lines.append(literal(f"Dropped because: {task.drop_reason}"))
        detail.update(literal("\n").join(lines))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list.id == "task-list":
            self._render_detail()

    # -- practice actions ------------------------------------------------------------------------

    def action_plan(self) -> None:
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
        store = self.app.store
        self.app.run_store(lambda: store.get(Session, session_id), self._open_plan, refresh=False)

    def _open_plan(self, session: Session | None) -> None:
        if session is None:
            self.notify("That session is not in the data folder any more.", severity="error")
            return
        lines = P.source_lines(session)
        if not lines:
            lines = [P.SourceLine("topic", session.topic or "what the session covered")]

        def created(plan: PracticePlan | None) -> None:
            if plan is not None and plan.drafts:
                self._create_plan(session, list(plan.drafts))

        planned = sum(1 for t in self.data.tasks if t.session_id == session.id)
        if planned:
            self.notify(f"This session already has {planned} practice task{'s' * (planned != 1)}; "
                        "new ones are added beside them.", timeout=6)

        self.app.push_screen(PlanDialog(session, lines), created)

    def _create_plan(self, session: Session, drafts: list[P.Draft]) -> None:
        now = self.now()
        hours = self.app.settings.practice_due_hours

        def planned(tasks: list[PracticeTask]) -> None:
            warmup = next((t for t in tasks if t.kind == "warmup"), None)
            when = (f"the warm-up is due within {P.hours_text(warmup.due_at - now)}" if warmup and warmup.due_at
                    else f"due within {hours} h")
            self.notify(f"{len(tasks)} practice task{'s' * (len(tasks) != 1)} added; {when}")

        self._write(partial(ops.plan_tasks, self.app.store, session, drafts, now, hours), on_done=planned)

    def action_timer(self) -> None:
        """Start the timer on the highlighted task, or stop the one running (and log it)."""
        now = self.now()
        running = self.running_task()
        if running is not None:
            self._stop(running, now)
            return
        task = self.current_task()
        if task is None or not P.is_open(task):
            self.notify("Pick an open task to time.", severity="warning")
            return
        self._write(partial(ops.start_timer, self.app.store, task.id, now), f"Timer started: {task.title[:60]}")

    def _stop(self, task: PracticeTask, now: datetime) -> None:
        store = self.app.store

        def ask_note(log: PracticeLog | None) -> None:
            if log is None:
                return

            def noted(note: str | None) -> None:
                if note and note.strip():
                    self._write(partial(ops.note_log, store, log.id, note), "Note kept with the log")

            self.app.push_screen(
                TextPrompt(f"Logged {log.minutes:g} min. What did you practise? (optional)",
                           placeholder="a note for this log; Enter alone skips", allow_empty=True),
                noted,
            )

        self._write(partial(ops.stop_timer, store, task.id, now), on_done=ask_note)

    def action_log(self) -> None:
        """Log minutes by hand on the highlighted task: "25 read the docs"."""
        task = self.current_task()
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
        self.app.push_screen(
            TextPrompt(f"Log practice{target}: minutes, then an optional note",
                       placeholder="25 rewrote the loop with enumerate"),
            entered,
        )

    def action_done(self) -> None:
        task = self.current_task()
        if task is None or not P.is_open(task):
            return
        now = self.now()
        self._write(partial(ops.finish_task, self.app.store, task.id, now), f"Done: {task.title[:60]}")

    def action_drop(self) -> None:
        task = self.current_task()
        if task is None or not P.is_open(task):
            return
        now = self.now()

        def reason(text: str | None) -> None:
            if text is not None:
                self._write(partial(ops.drop_task, self.app.store, task.id, text, now),
                            "Dropped; the reason is kept")

        self.app.push_screen(TextPrompt("Why drop it? (so you and your mentor know)",
                                        placeholder="too easy now / not relevant any more"), reason)

    def action_reopen(self) -> None:
        task = self.current_task()
        if task is not None and not P.is_open(task):
            self._write(partial(ops.reopen_task, self.app.store, task.id), "Back on the list")

    # -- review tab ------------------------------------------------------------------------------

    def due_cards(self) -> list[ReviewCard]:
        now = self.now()
        out = [c for c in self.data.cards if c.due_at <= now and not c.suspended]
        out.sort(key=lambda c: (c.due_at, c.id))
        return out

    def current_card(self) -> ReviewCard | None:
        due = self.due_cards()
        return due[0] if due else None

    def _render_review(self) -> None:
        from ..review import RATINGS

        due = self.due_cards()
        status = self.query_one("#review-status", Static)
        card_view = self.query_one("#review-card", Static)
        help_view = self.query_one("#review-help", Static)
        if not due:
            waiting = [c for c in self.data.cards if not c.suspended]
            upcoming = sorted(c.due_at for c in waiting)
            nxt = f" The next one is due {upcoming[0].astimezone():%a %d %b %H:%M}." if upcoming else ""
            suspended = len(self.data.cards) - len(waiting)
            if suspended:
                nxt += f" {suspended} suspended."
            status.update(f"Nothing to review now.{nxt}" if self.data.cards else
                          "No review cards yet: the takeaways of each ended session become cards here.")
            card_view.update("")
            help_view.update("")
            return
        card = due[0]
        session = next((s for s in self.data.sessions if s.id == card.session_id), None)
        status.update(f"{len(due)} card{'s' * (len(due) != 1)} to review")
        front, back = T.card_faces(card)
        parts: list = [(front, "bold")]
        if self.revealed:
            parts += ["\n\n", back or "(no answer written yet: e edits the card)",
                      "\n\n", (T.source_line(session), "dim")]
        else:
            parts.append(("\n\n(recall it, then press v to see the answer)", "dim"))
        card_view.update(styled(*parts))
        if self.revealed:
            keys = "   ".join(f"[b]{key}[/b] {label}" for _n, _r, key, label in RATINGS)
            help_view.update(markup(f"How well did you remember it?\n{keys}\n"
                                    "[dim]Forgot it, even partly? Choose Again: FSRS then shows it sooner.[/dim]\n"
                                    "[dim]e edits the card · s suspends it · x deletes it[/dim]"))
        else:
            help_view.update(markup("[b]v[/b] shows the answer; rate it after (1 to 4)\n"
                                    "[dim]e edits the card · s suspends it · x deletes it[/dim]"))

    def action_reveal(self) -> None:
        self.revealed = True
        self._render_review()

    def action_rate(self, rating: str) -> None:
        card = self.current_card()
        if card is None:
            return
        if not self.revealed:
            self.notify("Reveal the answer first (v), then rate how well you remembered it.",
                        severity="warning")
            return
        now = self.now()
        self.revealed = False
        def done(updated: ReviewCard) -> None:
            self.notify(f"Next review {updated.due_at.astimezone():%a %d %b %H:%M}")

        self._write(partial(cards.rate_card, self.app.store, card.id, rating, now), on_done=done)

    def action_edit_card(self) -> None:
        from ..review import edit

        card = self.current_card()
        if card is None:
            return
        front, back = T.card_faces(card)

        def edited(faces: CardFaces | None) -> None:
            if faces is None:
                return
            try:
                edit(card, faces.front, faces.back)  # a blank front is told at once, before the store lane
            except ValueError as exc:
                self.notify(str(exc), title="Not saved", severity="error")
                return
            self._write(partial(cards.edit_card, self.app.store, card.id, faces.front, faces.back), "Card saved")

        self.app.push_screen(CardEditor(front, back), edited)

    def action_suspend_card(self) -> None:
        card = self.current_card()
        if card is None:
            return
        self.revealed = False
        self._write(partial(cards.suspend_card, self.app.store, card.id),
                    "Card suspended: it keeps its history and is not shown for review")

    def action_delete_card(self) -> None:
        card = self.current_card()
        if card is None:
            return
        def confirmed(yes: bool | None) -> None:
            if yes:
                self.revealed = False
                self._write(partial(cards.delete_card, self.app.store, card.id), "Card deleted")

        self.app.push_screen(Confirm("Delete this card and its review history?"), confirmed)

    # -- tabs and keys ---------------------------------------------------------------------------

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        if tab == "practice":
            self.query_one("#task-list").focus()

    def on_tabbed_content_tab_activated(self, _event: TabbedContent.TabActivated) -> None:
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        try:
            active = self.query_one(TabbedContent).active
        except Exception:
            return True
        for tab, actions in self.TAB_ACTIONS.items():
            if action in actions:
                return tab == active
        return True

    def palette_commands(self):
        return [
            ("Plan practice from a session", "Warm-up, core and stretch tasks from takeaways (p)",
             self.action_plan),
            ("Review takeaways", "Spaced review of due cards (r)", lambda: self.action_tab("review")),
            ("Progress", "Practice minutes, streak, questions solved alone (o)",
             lambda: self.action_tab("progress")),
        ]

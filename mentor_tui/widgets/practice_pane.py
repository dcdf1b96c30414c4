"""After's Practice tab: today's tasks (warm-ups and overdue first), the running timer, details.

The pane shows and picks; it asks the screen to change anything by posting a message (the screen
opens the dialogs and runs ``practice_ops`` in the store lane).
"""

from __future__ import annotations

from datetime import datetime

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from .. import after_data
from .. import practice as P
from ..literal import literal, markup, styled
from ..models import PracticeTask, Session
from ..plural import counted
from .after_pane import AfterPane

STATUS_MARK = {"todo": " ", "doing": "▸", "done": "✓", "dropped": "✗"}

EMPTY_PRACTICE = markup(
    "No practice yet.\n\n"
    "After a session, press [b]p[/b] to turn its takeaways into a warm-up, a core task and a "
    "stretch task. Practise within a day, while it is fresh."
)

#: The task detail's minutes while the practice log is still being read (never "0 min").
READING_LOG = "reading the practice log…"


class PracticePane(AfterPane, can_focus=True):
    """The practice list; keys plan, time, log, finish, drop and reopen the highlighted task.
    The pane itself takes focus while the list is empty, so its keys (p) still work."""

    HELP_TITLE = "Practice (t)"

    BINDINGS = [
        Binding("p", "plan", "Plan"),
        Binding("space", "timer", "Timer"),
        Binding("l", "log", "Log time"),
        Binding("d", "done", "Done"),
        Binding("x", "drop", "Drop"),
        Binding("u", "reopen", "Reopen", show=False),
    ]

    class TaskMessage(Message):
        """Something asked about one task (None: no task highlighted)."""

        def __init__(self, task: PracticeTask | None) -> None:
            super().__init__()
            self.task = task

    class Plan(Message):
        """Plan practice from an ended session (the screen picks one)."""

    class StartTimer(TaskMessage):
        """Start the timer on this open task."""

    class StopTimer(TaskMessage):
        """Stop the running timer and log it."""

    class LogTime(TaskMessage):
        """Log minutes by hand on this task (or on none)."""

    class Finish(TaskMessage):
        """Mark this open task done."""

    class Drop(TaskMessage):
        """Drop this open task (the screen asks why)."""

    class Reopen(TaskMessage):
        """Put this closed task back on the list."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._was_open: dict[str, bool] = {}

    def compose(self) -> ComposeResult:
        yield Static("", id="practice-summary")
        yield Static("", id="timer-line")
        yield OptionList(id="task-list")
        yield Static(EMPTY_PRACTICE, id="practice-empty", classes="empty-state")
        yield Static("", id="task-detail")

    def on_mount(self) -> None:
        self.set_interval(1.0, self.tick)

    # -- what is shown -----------------------------------------------------------------------------

    def session_of(self, task: PracticeTask) -> Session | None:
        return next((s for s in self.data.sessions if s.id == task.session_id), None)

    def current_task(self) -> PracticeTask | None:
        option = self.query_one("#task-list", OptionList).highlighted_option
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

    def redraw(self) -> None:
        now = self.now()
        tasks, older = P.listed(self.data.tasks, now)
        option_list = self.query_one("#task-list", OptionList)
        keep = option_list.highlighted_option.id if option_list.highlighted_option else None
        option_list.clear_options()
        option_list.add_options(Option(self._task_prompt(t, now), id=t.id) for t in tasks)
        # On the list's bottom edge, always in view (a last row was scrolled out of sight).
        option_list.border_subtitle = (literal(f"{counted(older, 'older finished task')} not listed: "
                                               "ctrl+f finds them") if older else "")
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
        if self.screen.focused in (None, self, option_list):
            self.take_focus()
        self._show_summary(now)
        self._show_detail()
        self.tick()

    def take_focus(self) -> None:
        """Focus the list, or the pane itself while the list is empty (hidden)."""
        option_list = self.query_one("#task-list", OptionList)
        (option_list if option_list.display else self).focus()

    def _show_summary(self, now: datetime) -> None:
        tasks = self.data.tasks
        last = P.last_session(self.data.sessions)
        parts = []
        if last is not None:
            topic = last.topic or "your last session"
            parts.append(styled("Last session: ", (topic, "bold"), f", {P.since(last.ended_at, now)} ago"))
        else:
            parts.append("No ended session yet")
        due = [t for t in tasks if P.is_due_today(t, now)]
        overdue = [t for t in due if P.is_overdue(t, now)]
        later = [t for t in tasks if P.is_open(t) and not P.is_due_today(t, now)]
        line = f"{len(due)} to practise today"
        if overdue:
            line += f" ({len(overdue)} overdue: {', '.join(P.KIND_LABEL[t.kind] for t in overdue)})"
        fresh = P.fresh_summary(tasks, now)
        if fresh:
            line += f" · {fresh}"
        if later:
            line += f" · {len(later)} later"
        parts.append(line)
        cards_due = after_data.cards_due(self.data, now)
        if cards_due:
            parts.append(f"{counted(cards_due, 'card')} to review (r)")
        self.query_one("#practice-summary", Static).update(literal(" · ").join(parts))

    def tick(self) -> None:
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

    def _show_detail(self) -> None:
        task = self.current_task()
        detail = self.query_one("#task-detail", Static)
        if task is None:
            detail.update("")
            return
        session = self.session_of(task)
        minutes = after_data.minutes_logged(self.data, task.id)
        logged = READING_LOG if minutes is None else f"{minutes:.0f} min logged"
        lines = [styled((P.KIND_LABEL[task.kind], "bold"), f" · {task.status} · {P.due_label(task, self.now())}"
                        f" · {logged}")]
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
            self._show_detail()

    # -- keys: each asks the screen ----------------------------------------------------------------

    def action_plan(self) -> None:
        self.post_message(self.Plan())

    def action_timer(self) -> None:
        """Stop the running timer (and log it), or start one on the highlighted open task."""
        running = self.running_task()
        if running is not None:
            self.post_message(self.StopTimer(running))
            return
        task = self.current_task()
        if task is None or not P.is_open(task):
            self.notify("Pick an open task to time.", severity="warning")
            return
        self.post_message(self.StartTimer(task))

    def action_log(self) -> None:
        self.post_message(self.LogTime(self.current_task()))

    def action_done(self) -> None:
        task = self.current_task()
        if task is not None and P.is_open(task):
            self.post_message(self.Finish(task))

    def action_drop(self) -> None:
        task = self.current_task()
        if task is not None and P.is_open(task):
            self.post_message(self.Drop(task))

    def action_reopen(self) -> None:
        task = self.current_task()
        if task is not None and not P.is_open(task):
            self.post_message(self.Reopen(task))

"""Practice after a session, as plain functions over models (no Textual, no files).

Why a module of its own: the After screen, the ``mentor-tui practice`` command and the tests all
need the same answers to "what is due today?", "how should the list be ordered?" and "what does
stopping a timer store?", and these must not depend on a UI being up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from . import takeaways as T
from .models import (
    KIND_ORDER,
    PracticeLog,
    PracticeTask,
    ReviewCard,
    Session,
    local_day,
)
from .plural import counted

KIND_LABEL = {"warmup": "warm-up", "core": "core", "stretch": "stretch"}
OPEN_STATUSES = ("todo", "doing")
_BULLET_RE = re.compile(r"^\s*(?:[-*+]|\d+[.)]|#+|>)\s*(?:\[[ xX]\]\s*)?")


@dataclass(frozen=True)
class SourceLine:
    """A line of a session a practice task can come from: a takeaway or a note line."""

    kind: str  # "takeaway", "insight", "mistake", "note", ...
    text: str

    @property
    def label(self) -> str:
        return f"{self.kind}: {self.text}"


@dataclass(frozen=True)
class Draft:
    """A proposed task, before the learner accepts it."""

    kind: str
    title: str
    source: str


def one_line(text: str, limit: int) -> str:
    """The first non-empty line of *text*, cut to *limit* characters with an ellipsis."""
    line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def takeaways(session: Session) -> list[str]:
    """The session's takeaways, each once, a mistake with its lesson ("mistake → lesson")."""
    return [t.full for t in T.chosen(session)]


def source_lines(session: Session) -> list[SourceLine]:
    """Every line a task may come from: the chosen takeaways first (a mistake with its lesson),
    then the other entries, then note lines."""
    seen: set[str] = set()
    out: list[SourceLine] = []

    def add(kind: str, text: str) -> None:
        text = one_line(text, 300)
        if text and text not in seen:
            seen.add(text)
            out.append(SourceLine(kind, text))

    chosen = T.chosen(session)
    for t in chosen:
        add("takeaway", t.full)
    kept = {t.key for t in chosen}
    for entry in session.entries:
        if f"entry:{entry.id}" not in kept and entry.kind in ("note", "insight", "snippet", "mistake"):
            add(entry.kind, T.entry_text(entry))
    for raw in session.notes.splitlines():
        line = _BULLET_RE.sub("", raw).strip()
        if len(line) >= 3:
            add("note", line)
    return out


def draft_title(kind: str, source: str) -> str:
    """A first wording of a task of *kind* from a source line; the learner may rewrite it."""
    short = one_line(source, 140) or "what you learned"
    if kind == "warmup":
        return f"Warm-up: try \u201c{short}\u201d on a tiny example (10 min)"
    if kind == "stretch":
        return f"Stretch: take \u201c{short}\u201d beyond what the session covered"
    return f"Use \u201c{short}\u201d in your own project"


def default_sources(lines: list[SourceLine]) -> dict[str, int]:
    """Which source line each kind starts from: the first takeaway warms up, the second is the
    core task, and the stretch builds on the last one."""
    if not lines:
        return {}
    n_take = sum(1 for ln in lines if ln.kind == "takeaway") or len(lines)
    last = n_take - 1
    return {"warmup": 0, "core": min(1, last), "stretch": last}


def draft_plan(session: Session) -> list[Draft]:
    """Three drafts (warm-up, core, stretch) from a session's lines, or none if it has none."""
    lines = source_lines(session)
    picks = default_sources(lines)
    return [Draft(kind, draft_title(kind, lines[i].text), lines[i].text) for kind, i in picks.items()]


#: A task made after a call has a first day: the 24 hours from when it was made. A task due within
#: them (the warm-up) is "today" for all of them, whatever the clock says at midnight.
FIRST_DAY = timedelta(hours=24)
#: The warm-up is due this soon after the call (or sooner if the settings say so): practise while
#: it is fresh.
WARMUP_HOURS = 12


def due_at_for(kind: str, now: datetime, due_hours: int) -> datetime:
    """When a new task of *kind* is due: the warm-up within hours, the others after *due_hours*."""
    hours = min(WARMUP_HOURS, due_hours) if kind == "warmup" else due_hours
    return now + timedelta(hours=hours)


def make_tasks(session_id: str | None, drafts: list[Draft], now: datetime, due_hours: int) -> list[PracticeTask]:
    """Tasks from accepted drafts: the warm-up due within hours of *now*, the others *due_hours*
    from it (practise while it is fresh)."""
    return [
        PracticeTask(
            title=one_line(d.title, 200),
            kind=d.kind,  # type: ignore[arg-type]
            session_id=session_id,
            source=d.source,
            due_at=due_at_for(d.kind, now, due_hours),
            created_at=now,
            updated_at=now,
        )
        for d in drafts
        if d.title.strip()
    ]


def cards_for(session: Session, existing: list[ReviewCard], now: datetime) -> list[ReviewCard]:
    """Review cards for the session's takeaways that do not have one yet (one per takeaway)."""
    return T.cards_for(session, existing, now)


# -- the list --------------------------------------------------------------------------------------


def is_open(task: PracticeTask) -> bool:
    return task.status in OPEN_STATUSES


def is_first_day_task(task: PracticeTask, now: datetime) -> bool:
    """Due within the first day after it was made (a warm-up): its "today" is those hours.

    Only from when it was made: a record stamped in the future (another machine's clock, an
    import) falls back to calendar days.
    """
    return (task.due_at is not None and task.created_at <= now
            and timedelta(0) <= task.due_at - task.created_at < FIRST_DAY)


def first_day_left(task: PracticeTask, now: datetime) -> timedelta | None:
    """Time left to do a first-day task while it is fresh (None for other or closed tasks, or
    once it is past due)."""
    if not is_open(task) or not is_first_day_task(task, now) or task.due_at is None:
        return None
    left = task.due_at - now
    return left if left > timedelta(0) else None


def is_due_today(task: PracticeTask, now: datetime) -> bool:
    """Open and due on or before the learner's today (no due date counts as due); a first-day
    task is due today from the moment it is made."""
    if not is_open(task):
        return False
    if task.due_at is None or is_first_day_task(task, now):
        return True
    return local_day(task.due_at) <= local_day(now)


def is_overdue(task: PracticeTask, now: datetime) -> bool:
    """Open and past due: a first-day task once its hours are over, any other once its due day
    has passed (a task due later today is not overdue)."""
    if not is_open(task) or task.due_at is None:
        return False
    if is_first_day_task(task, now):
        return now >= task.due_at
    return local_day(task.due_at) < local_day(now)


def hours_text(left: timedelta) -> str:
    """ "5 h", "40 min": time left, rounded down, in words read at a glance."""
    minutes = int(left.total_seconds() // 60)
    return f"{minutes // 60} h" if minutes >= 60 else f"{max(1, minutes)} min"


def fresh_summary(tasks: list[PracticeTask], now: datetime) -> str:
    """ "warm-up: 11 h left today" for the open first-day task due soonest; "" when there is none."""
    lefts = [(left, t) for t in tasks if (left := first_day_left(t, now)) is not None]
    if not lefts:
        return ""
    left, task = min(lefts, key=lambda x: x[0])
    return f"{KIND_LABEL[task.kind]}: {hours_text(left)} left today"


def ordered(tasks: list[PracticeTask], now: datetime) -> list[PracticeTask]:
    """Open tasks: warm-ups first until they are done (start small), then what is due today,
    then core before stretch, then by due time. Finished tasks follow, newest first."""
    open_ = [t for t in tasks if is_open(t)]
    open_.sort(key=lambda t: (t.kind != "warmup", not is_due_today(t, now), KIND_ORDER[t.kind],
                              t.due_at or now, t.id))
    finished = [t for t in tasks if not is_open(t)]
    finished.sort(key=lambda t: t.done_at or t.updated_at, reverse=True)
    return open_ + finished


#: Finished tasks the practice list shows, newest first; older ones are counted on one line
#: (the search finds them). Five years leave ~950 finished tasks: listed whole they were ~1 MB
#: of rows held by the After screen, for a list the learner reads from the top.
FINISHED_LISTED = 50


def listed(tasks: list[PracticeTask], now: datetime,
           finished: int = FINISHED_LISTED) -> tuple[list[PracticeTask], int]:
    """The practice list (:func:`ordered`): every open task and the newest *finished* finished
    ones; and how many older finished tasks are left out."""
    every = ordered(tasks, now)
    open_count = sum(1 for t in every if is_open(t))
    shown = every[:open_count + finished]
    return shown, len(every) - len(shown)


def due_now(tasks: list[PracticeTask], now: datetime) -> list[PracticeTask]:
    """What ``mentor-tui practice`` lists: open tasks due today or earlier, in list order."""
    return [t for t in ordered(tasks, now) if is_due_today(t, now)]


def due_label(task: PracticeTask, now: datetime) -> str:
    """Plain words for when a task is due ("due today", "2 days overdue"); no nagging."""
    if task.status == "done":
        return "done"
    if task.status == "dropped":
        return "dropped"
    if task.due_at is None:
        return "no due date"
    left = first_day_left(task, now)
    if left is not None:
        return f"due today, {hours_text(left)} left"
    if is_first_day_task(task, now) and now >= task.due_at:
        late = now - task.due_at
        if late < timedelta(days=1):
            return f"overdue by {hours_text(late)}"
        return f"{late.days} day{'s' * (late.days != 1)} overdue"
    days = (local_day(task.due_at) - local_day(now)).days
    if days == 0:
        return "due today"
    if days == 1:
        return "due tomorrow"
    if days > 1:
        return f"due in {counted(days, 'day')}"
    return f"{counted(-days, 'day')} overdue"


def last_session(sessions: list[Session]) -> Session | None:
    """The most recently ended session."""
    ended = [s for s in sessions if s.status == "ended"]
    return max(ended, key=lambda s: s.ended_at or s.updated_at, default=None)


def ended_sessions(sessions: list[Session]) -> list[Session]:
    """Ended sessions, latest first."""
    ended = [s for s in sessions if s.status == "ended"]
    ended.sort(key=lambda s: s.ended_at or s.updated_at, reverse=True)
    return ended


def since(at: datetime | None, now: datetime) -> str:
    """How long ago, in words a learner reads at a glance ("5 hours", "3 days")."""
    if at is None:
        return "a while"
    seconds = max(0, int((now - at).total_seconds()))
    if seconds < 3600:
        n = seconds // 60
        return counted(n, "minute")
    if seconds < 2 * 86400:
        n = seconds // 3600
        return counted(n, "hour")
    return counted(seconds // 86400, "day")


# -- timer and log ---------------------------------------------------------------------------------


def start_timer(task: PracticeTask, now: datetime) -> PracticeTask:
    """The task with its timer running from *now* (stored, so it survives a restart)."""
    if task.timer_started_at is not None:
        return task
    return task.model_copy(update={"timer_started_at": now, "status": "doing"})


def elapsed_minutes(task: PracticeTask, now: datetime) -> float:
    if task.timer_started_at is None:
        return 0.0
    return max(0.0, (now - task.timer_started_at).total_seconds() / 60)


def stop_timer(task: PracticeTask, now: datetime) -> tuple[PracticeTask, PracticeLog | None]:
    """The task with its timer stopped, and the log of the time spent (None if it was not running).

    Minutes are rounded to a tenth, at least 0.1, so a short burst is still counted.
    """
    if task.timer_started_at is None:
        return task, None
    minutes = min(24 * 60, max(0.1, round(elapsed_minutes(task, now), 1)))
    log = PracticeLog(task_id=task.id, day=local_day(task.timer_started_at), minutes=minutes,
                      created_at=now, updated_at=now)
    return task.model_copy(update={"timer_started_at": None}), log


def manual_log(task: PracticeTask | None, minutes: float, note: str, now: datetime) -> PracticeLog:
    """A log typed in by hand, for today."""
    return PracticeLog(task_id=task.id if task else None, day=local_day(now), minutes=minutes,
                       note=note.strip(), created_at=now, updated_at=now)


def parse_minutes(text: str) -> tuple[float, str]:
    """``"25 read the docs"`` -> (25.0, "read the docs"); ``"1h30"``/``"1:30"`` are understood.

    Raises ValueError with a readable message.
    """
    text = text.strip()
    m = re.match(r"^(?:(\d+)\s*(?:h|:)\s*(\d{1,2})?|(\d+(?:[.,]\d+)?))\s*(?:m|min|mins|minutes)?\b\s*(.*)$",
                 text, re.IGNORECASE | re.DOTALL)
    if not m:
        raise ValueError("start with the minutes, for example: 25 read the asyncio docs")
    if m.group(1) is not None:
        minutes = int(m.group(1)) * 60 + int(m.group(2) or 0)
    else:
        minutes = float(m.group(3).replace(",", "."))
    if not 0 < minutes <= 24 * 60:
        raise ValueError("minutes must be more than 0 and at most 1440 (a day)")
    return minutes, m.group(4).strip()


def finish(task: PracticeTask, now: datetime) -> PracticeTask:
    return task.model_copy(update={"status": "done", "done_at": now, "timer_started_at": None})


def drop(task: PracticeTask, reason: str, now: datetime) -> PracticeTask:
    return task.model_copy(update={"status": "dropped", "drop_reason": reason.strip(),
                                   "done_at": now, "timer_started_at": None})


def reopen(task: PracticeTask) -> PracticeTask:
    return task.model_copy(update={"status": "todo", "done_at": None, "drop_reason": ""})


def task_minutes(logs: list[PracticeLog]) -> dict[str, float]:
    """Logged minutes per task id."""
    out: dict[str, float] = {}
    for log in logs:
        if log.task_id:
            out[log.task_id] = out.get(log.task_id, 0.0) + log.minutes
    return out

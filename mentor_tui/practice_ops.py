"""Practice operations on the store: what the After screen (and any other caller) writes.

Why a module of its own: ``practice.py`` holds the rules over models (no files); these functions
apply them to the store in one locked read-modify-write each, so the rule "closing a task stops its
timer and logs the time" holds whoever calls it, and tests need no UI. No Textual here.
"""

from __future__ import annotations

from datetime import datetime

from . import practice as P
from .models import PracticeLog, PracticeTask, Session
from .plural import counted
from .review_cards import fill_in
from .store import Store


def plan_tasks(store: Store, session: Session, drafts: list[P.Draft], now: datetime,
               due_hours: int) -> list[PracticeTask]:
    """Store the tasks drafted from *session* (warm-up, core, stretch) and return them.

    The session's review cards are made too if it has none and none was deleted (a session ended
    by an older version; :func:`review_cards.fill_in`): planning is something the learner asked
    for, so writing here is expected; opening a screen never writes.
    """
    tasks = P.make_tasks(session.id, drafts, now, due_hours)
    store.put_many(tasks)
    fill_in(store, session, now)
    return tasks


def planned_message(tasks: list[PracticeTask], now: datetime, due_hours: int) -> str:
    """What the learner is told once a plan is stored: how many tasks, and when the first is due."""
    warmup = next((t for t in tasks if t.kind == "warmup"), None)
    when = (f"the warm-up is due within {P.hours_text(warmup.due_at - now)}" if warmup and warmup.due_at
            else f"due within {due_hours} h")
    return f"{counted(len(tasks), 'practice task')} added; {when}"


def start_timer(store: Store, task_id: str, now: datetime) -> PracticeTask:
    """Start the task's timer (a stored start time, so it keeps counting across restarts)."""
    return store.update(PracticeTask, task_id, lambda t: P.start_timer(t, now))


def _close(store: Store, task_id: str, change, now: datetime) -> PracticeLog | None:
    """Stop the task's timer, apply *change*, and store the log of the time it ran (if it did)."""
    logged: list[PracticeLog] = []

    def both(task: PracticeTask) -> PracticeTask:
        task, log = P.stop_timer(task, now)
        logged[:] = [log] if log is not None else []
        return change(task)

    store.update(PracticeTask, task_id, both)
    return store.add(logged[0]) if logged else None


def stop_timer(store: Store, task_id: str, now: datetime) -> PracticeLog | None:
    """Stop the task's timer and log the minutes it ran; None if it was not running."""
    return _close(store, task_id, lambda t: t, now)


def note_log(store: Store, log_id: str, note: str) -> PracticeLog:
    """Keep *note* (stripped) with a log, e.g. what was practised while the timer ran."""
    return store.update(PracticeLog, log_id, lambda lg: lg.model_copy(update={"note": note.strip()}))


def log_minutes(store: Store, task: PracticeTask | None, text: str, now: datetime) -> PracticeLog:
    """Log time typed by hand ("25 read the docs", "1h30") on *task* (or on no task), for today.

    Raises ValueError with a one-line message when *text* does not start with the minutes.
    """
    minutes, note = P.parse_minutes(text)
    return store.add(P.manual_log(task, minutes, note, now))


def finish_task(store: Store, task_id: str, now: datetime) -> PracticeLog | None:
    """Mark the task done; a running timer is stopped and its time logged first (returned)."""
    return _close(store, task_id, lambda t: P.finish(t, now), now)


def drop_task(store: Store, task_id: str, reason: str, now: datetime) -> PracticeLog | None:
    """Drop the task and keep the reason; a running timer is stopped and logged first."""
    return _close(store, task_id, lambda t: P.drop(t, reason, now), now)


def reopen_task(store: Store, task_id: str) -> PracticeTask:
    """Put a done or dropped task back on the list."""
    return store.update(PracticeTask, task_id, P.reopen)

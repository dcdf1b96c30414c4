"""What the After screen shows, read from the store in one call (runs in a worker; no Textual).

Reading only: cards are made when a session ends (``live_session.end_session``) or, for old data,
once at start (``review_cards.catch_up``), never when After loads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from .models import PracticeLog, PracticeTask, Question, ReviewCard, Session
from .progress import Progress, compute


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
    sessions = without_notes([s for s in (store.get(Session, sid) for sid in sorted(wanted)) if s is not None])
    return Snapshot(sessions=sessions, tasks=tasks, logs=store.all(PracticeLog),
                    cards=store.all(ReviewCard))


def load_snapshot(store, now: datetime, pause: float = 0.0) -> Snapshot:
    """Read everything the screen needs and compute progress (runs in a thread).
    *pause*: per file, when reading in the background (see ``Store.all``)."""
    tasks = store.all(PracticeTask)
    logs = store.all(PracticeLog)
    cards = store.all(ReviewCard)
    questions = store.all(Question, pause=pause)
    sessions = store.all(Session, pause=pause)
    return Snapshot(sessions=without_notes(sessions), tasks=tasks, logs=logs, cards=cards,
                    progress=compute(tasks, logs, questions, cards, now))


def without_notes(sessions: list[Session]) -> list[Session]:
    """The sessions as the screen keeps them: without their notes, which it never shows (a plan
    reads its session afresh), so five years of notes (2 MB) are not held while After lives."""
    return [s.model_copy(update={"notes": ""}) if s.notes else s for s in sessions]

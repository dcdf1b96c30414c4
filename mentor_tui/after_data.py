"""What the After screen shows, read from the store in worker calls (no Textual).

Reading only: cards are made when a session ends (``live_session.end_session``) or, for old data,
once at start (``review_cards.catch_up``), never when After loads.

Three reads, each shown as it arrives (measured at five years on this machine, alone):

1. :func:`first_snapshot`, kilobytes: the open tasks and the card due times from the summary,
   and the few sessions those tasks name (~10 ms). Enough for the practice list and its summary
   line, exact, as the learner switches to After.
2. :func:`practice_records`: every practice log and review card (~30 ms of validation), for the
   minutes logged on a task and the Review tab. The logs are summed up in the thread, not kept
   (by the screen or the store): nothing shows them one by one, and five years of them are
   ~1.2 MB of models.
3. :func:`load_snapshot`: everything, five years of questions and sessions included, for
   Progress and the finished tasks (in the background, pausing for the UI).

Until a part is read the snapshot says so (``None``), and the panes say "reading" rather than
show a number that would be wrong (0 minutes logged, no card to review).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from .inbox_rows import question_row
from .models import PracticeLog, PracticeTask, Question, ReviewCard, Session
from .practice import task_minutes
from .progress import Progress, compute
from .store.pacing import Pause


@dataclass
class Snapshot:
    """What the After screen shows, as far as it has been read."""

    sessions: list[Session] = field(default_factory=list)
    tasks: list[PracticeTask] = field(default_factory=list)
    #: Minutes logged per task id, summed from the practice logs. None: not read yet (the first
    #: read leaves them to :func:`practice_records`; an empty Snapshot is the screen's state
    #: before any read).
    minutes: dict[str, float] | None = None
    cards: list[ReviewCard] | None = None
    #: The due times (epoch seconds) of the cards not suspended, from the summary: what the
    #: summary line counts while :attr:`cards` is not read yet.
    card_due_times: list[float] = field(default_factory=list)
    progress: Progress | None = None


@dataclass
class PracticeRecords:
    """The second read: the minutes logged per task, and every review card."""

    minutes: dict[str, float]
    cards: list[ReviewCard]


def first_snapshot(store) -> Snapshot:
    """What the screen shows first, read in kilobytes (runs in a thread): the open tasks and the
    cards' due times from the summary, and only the sessions those tasks came from plus the last
    ended one. The logs and cards follow in :func:`practice_records`, five years of finished
    practice, questions and notes in :func:`load_snapshot`."""
    summary = store.summary([PracticeTask, Session, ReviewCard])
    tasks = sorted((PracticeTask.model_validate(d) for d in summary.open_tasks()), key=lambda t: t.id)
    ended = [h for h in summary.session_heads() if h.get("status") == "ended"]
    wanted = {t.session_id for t in tasks if t.session_id}
    if ended:
        wanted.add(max(ended, key=lambda h: h.get("ended_at") or "")["id"])
    sessions = [s for s in (store.get(Session, sid) for sid in sorted(wanted)) if s is not None]
    return Snapshot(sessions=sessions, tasks=tasks, card_due_times=summary.card_due_times())


def practice_records(store, pause: Pause = 0.0) -> PracticeRecords:
    """The minutes logged per task and every review card (runs in a thread, right after the
    first view). *pause*: see ``Store.all``."""
    minutes = task_minutes(store.all(PracticeLog, pause=pause, keep=False))
    return PracticeRecords(minutes=minutes, cards=store.all(ReviewCard, pause=pause))


def with_records(data: Snapshot, records: PracticeRecords) -> Snapshot:
    """*data* with the minutes and cards read since."""
    return replace(data, minutes=records.minutes, cards=records.cards)


def load_snapshot(store, now: datetime, pause: Pause = 0.0) -> Snapshot:
    """Read everything the screen needs and compute progress (runs in a thread).
    *pause*: when reading in the background (see ``Store.all``)."""
    tasks = store.all(PracticeTask, pause=pause)
    logs = store.all(PracticeLog, pause=pause, keep=False)  # summed up here, not kept
    cards = store.all(ReviewCard, pause=pause)
    questions = store.all(Question, pause=pause, view=question_row)  # Before's rows, shared
    sessions = store.all(Session, pause=pause)
    # The store's models as they are: a copy without the notes (2 MB at five years) saved
    # nothing while the store keeps the originals for Before and Search, and cost 0.5 MB.
    return Snapshot(sessions=sessions, tasks=tasks, minutes=task_minutes(logs), cards=cards,
                    progress=compute(tasks, logs, questions, cards, now))


def cards_due(data: Snapshot, now: datetime) -> int:
    """How many cards are due for review at *now* (not suspended), from the cards once read,
    else from the summary's due times: the same count either way."""
    if data.cards is not None:
        return sum(1 for c in data.cards if c.due_at <= now and not c.suspended)
    at = now.timestamp()
    return sum(1 for t in data.card_due_times if t <= at)


def minutes_logged(data: Snapshot, task_id: str) -> float | None:
    """The minutes logged on a task; None while the logs are not read yet."""
    if data.minutes is None:
        return None
    return data.minutes.get(task_id, 0.0)


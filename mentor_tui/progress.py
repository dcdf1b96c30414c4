"""Progress at a glance, computed from stored records (pure: no Textual, no files).

The numbers a learner would show their mentor: practice minutes per day, the current streak,
tasks done per kind, questions solved alone vs brought to the mentor per month, cards due.
Everything is one pass over each list, so a year of logs costs a few milliseconds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from .models import PracticeLog, PracticeTask, Question, ReviewCard, local_day


@dataclass
class MonthQuestions:
    """Questions settled in one month: by the learner alone, or with the mentor."""

    month: date  # first day of the month
    alone: int = 0
    mentor: int = 0


@dataclass
class Progress:
    today: date
    days: list[date]  # the heat-map's days, oldest first, whole weeks (Monday first)
    minutes: list[float]  # minutes practised on each of ``days``
    streak: int = 0  # consecutive days with practice, up to today (or yesterday)
    best_streak: int = 0
    minutes_7d: float = 0.0
    minutes_total: float = 0.0
    active_days: int = 0
    done_by_kind: dict[str, int] = field(default_factory=lambda: {"warmup": 0, "core": 0, "stretch": 0})
    open_tasks: int = 0
    dropped: int = 0
    questions: list[MonthQuestions] = field(default_factory=list)
    solved_alone: int = 0
    to_mentor: int = 0
    cards_due: int = 0
    cards_total: int = 0

    @property
    def alone_share(self) -> float | None:
        total = self.solved_alone + self.to_mentor
        return None if total == 0 else self.solved_alone / total


def weekly_minutes(p: Progress) -> list[tuple[date, float]]:
    """Minutes practised in each week of the heat-map, oldest first: (Monday, minutes)."""
    return [(p.days[i], sum(p.minutes[i:i + 7])) for i in range(0, len(p.days), 7)]


def bar_levels(values: list[float], rows: int) -> list[int]:
    """Each value as a bar height in eighths of a row, the largest filling *rows* rows (a value
    above zero shows at least one eighth, so a short week is never drawn as none)."""
    top = max(values, default=0.0)
    if top <= 0:
        return [0 for _ in values]
    return [max(1, round(v / top * rows * 8)) if v > 0 else 0 for v in values]


def _month(d: date) -> date:
    return d.replace(day=1)


def _shift_months(d: date, n: int) -> date:
    y, m = divmod(d.year * 12 + d.month - 1 + n, 12)
    return date(y, m + 1, 1)


def minutes_per_day(logs: list[PracticeLog]) -> dict[date, float]:
    out: dict[date, float] = {}
    for log in logs:
        out[log.day] = out.get(log.day, 0.0) + log.minutes
    return out


def streaks(per_day: dict[date, float], today: date) -> tuple[int, int]:
    """(current, best). Today without practice yet does not break the current streak."""
    days = sorted(d for d, m in per_day.items() if m > 0 and d <= today)
    best = run = 0
    prev: date | None = None
    for d in days:
        run = run + 1 if prev is not None and (d - prev).days == 1 else 1
        best = max(best, run)
        prev = d
    current = 0
    day = today if per_day.get(today, 0) > 0 else today - timedelta(days=1)
    while per_day.get(day, 0) > 0:
        current += 1
        day -= timedelta(days=1)
    return current, best


def question_settled(q: Question) -> str | None:
    """"alone" if the learner solved it, "mentor" if it went to (or was answered by) the mentor."""
    if q.solved_alone is True:
        return "alone"
    if q.status == "for_mentor" or (q.status == "answered" and q.solved_alone is False):
        return "mentor"
    return None


def compute(
    tasks: list[PracticeTask],
    logs: list[PracticeLog],
    questions: list[Question],
    cards: list[ReviewCard],
    now: datetime,
    *,
    weeks: int = 12,
    months: int = 6,
) -> Progress:
    """Everything the Progress view shows, for the learner's local *now*."""
    today = local_day(now)
    start = today - timedelta(days=today.weekday() + 7 * (weeks - 1))
    days = [start + timedelta(days=i) for i in range((today - start).days + 1)]
    per_day = minutes_per_day(logs)
    current, best = streaks(per_day, today)
    week_ago = today - timedelta(days=6)
    p = Progress(
        today=today,
        days=days,
        minutes=[per_day.get(d, 0.0) for d in days],
        streak=current,
        best_streak=best,
        minutes_7d=sum(m for d, m in per_day.items() if week_ago <= d <= today),
        minutes_total=sum(per_day.values()),
        active_days=sum(1 for m in per_day.values() if m > 0),
    )
    for t in tasks:
        if t.status == "done":
            p.done_by_kind[t.kind] = p.done_by_kind.get(t.kind, 0) + 1
        elif t.status == "dropped":
            p.dropped += 1
        else:
            p.open_tasks += 1
    first = _shift_months(_month(today), -(months - 1))
    by_month = {_shift_months(first, i): MonthQuestions(_shift_months(first, i)) for i in range(months)}
    for q in questions:
        how = question_settled(q)
        if how is None:
            continue
        if how == "alone":
            p.solved_alone += 1
        else:
            p.to_mentor += 1
        bucket = by_month.get(_month(local_day(q.answered_at or q.updated_at)))
        if bucket is not None:
            if how == "alone":
                bucket.alone += 1
            else:
                bucket.mentor += 1
    p.questions = list(by_month.values())
    p.cards_total = len(cards)
    p.cards_due = sum(1 for c in cards if c.due_at <= now)
    return p

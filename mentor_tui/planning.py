"""Before-the-session logic, free of Textual so it is fast and unit-testable: filtering the inbox,
the self-solved share, the next session's agenda, and searching past notes for a question's words."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the inbox's filter runs in the first frame, before the models are imported
    from .models import AgendaItem, Question, Session

#: How priorities sort: high first.
PRIORITY_ORDER = {"high": 0, "normal": 1, "low": 2}

STOP_WORDS = frozenset(
    "a an and are as at be but by can do does for from how i if in into is it its my of on or so "
    "that the this to was what when where which while who why will with you your".split()
)


# -- inbox ------------------------------------------------------------------------------------


#: Every word for a question status a learner may type: the stored names, and the words the app
#: shows ("mentor" in the inbox column, "solved alone" in the detail pane). Underscores, dashes and
#: spaces count as the same, so "for_mentor", "for-mentor" and "for mentor" all work.
STATUS_WORDS = {
    "open": "open",
    "checking": "checking",
    "solved": "solved",
    "solved alone": "solved",
    "for mentor": "for_mentor",
    "mentor": "for_mentor",
    "answered": "answered",
    "dropped": "dropped",
}


def status_from_word(word: str) -> str | None:
    """The stored status a typed word means, or None when it names none."""
    key = " ".join(word.lower().replace("_", " ").replace("-", " ").split())
    return STATUS_WORDS.get(key)


def haystack(q: Question) -> str:
    """The lower-cased text a filter is matched against."""
    return " ".join([q.text, q.details, " ".join("#" + t for t in q.tags), q.answer]).lower()


#: When fewer questions than this contain the typed words, close-enough spellings are added after
#: them ("clsr" finds "closure"). Above it the exact matches are enough, and skipping the slower
#: fuzzy pass keeps a keystroke in the inbox well under 50 ms at 5,000 questions.
FUZZY_BELOW = 50


def _fuzzy(term: str) -> re.Pattern[str]:
    return re.compile(".*?".join(map(re.escape, term)))


def index_questions(questions: Iterable[Question]) -> list[tuple[Question, str]]:
    """Pair each question with its lower-cased text once, so each keystroke only compares."""
    return [(q, haystack(q)) for q in questions]


def filter_questions(
    questions: Iterable[Question] | list[tuple[Question, str]],
    text: str = "",
    *,
    status: str = "",
    tag: str = "",
    by_priority: bool = False,
) -> list[Question]:
    """Questions matching every word of *text*, *status* and *tag*: those containing the words
    first, then (when they are few) those matching them as subsequences; newest first within
    each, or by priority. *questions* come oldest first (as the store gives them), plain or as
    made by :func:`index_questions` (which a caller filtering on every keystroke should keep).
    Without words to match no haystack is made (the list as first shown needs none)."""
    terms = text.lower().split()
    indexed = [item if isinstance(item, tuple) else (item, haystack(item) if terms else "")
               for item in questions]
    if status or tag:
        indexed = [(q, h) for q, h in indexed
                   if (not status or q.status == status) and (not tag or tag in q.tags)]
    if not terms:
        out = [q for q, _ in reversed(indexed)]
    else:
        exact = indexed
        for term in terms:  # one tight pass per word beats a generator per question
            exact = [(q, h) for q, h in exact if term in h]
        out = [q for q, _ in reversed(exact)]
        if len(out) < FUZZY_BELOW:
            found = {q.id for q in out}
            patterns = [_fuzzy(t) for t in terms]
            fuzzy = [q for q, h in indexed
                     if q.id not in found and all(p.search(h) for p in patterns)]
            out += reversed(fuzzy)
    if by_priority:
        out.sort(key=lambda q: PRIORITY_ORDER[q.priority])  # stable: newest first within a level
    return out


def solved_alone_share(questions: Iterable[Question]) -> tuple[int, int]:
    """(solved by the learner alone, resolved in all: alone or with the mentor)."""
    alone = resolved = 0
    for q in questions:
        if q.status == "solved" or (q.status == "answered" and q.solved_alone):
            alone += 1
            resolved += 1
        elif q.status in ("answered", "for_mentor"):
            resolved += 1
    return alone, resolved


# -- agenda -----------------------------------------------------------------------------------


def next_planned(sessions: Iterable[Session]) -> Session | None:
    """The planned session to prepare: the earliest scheduled one, else the newest unscheduled."""
    planned = [s for s in sessions if s.status == "planned"]
    if not planned:
        return None
    planned.sort(key=lambda s: (s.scheduled_at is None, s.scheduled_at or s.created_at, s.id))
    return planned[0]


def sync_agenda(session: Session, questions: Iterable[Question]) -> list[AgendaItem]:
    """The agenda with every question marked for the mentor on it.

    Items already placed keep their order and estimates; questions newly marked for the mentor
    (including the ones carried over from the last session) join at the end; questions answered
    or dropped meanwhile leave it.
    """
    by_id = {q.id: q for q in questions}
    keep = [
        item
        for item in session.agenda
        if item.question_id in by_id and by_id[item.question_id].status == "for_mentor"
    ]
    placed = {item.question_id for item in keep}
    new = sorted(
        (q for q in by_id.values() if q.status == "for_mentor" and q.id not in placed),
        key=lambda q: (PRIORITY_ORDER[q.priority], q.id),
    )
    from .models import AgendaItem

    return keep + [AgendaItem(question_id=q.id, minutes=5) for q in new]


def next_open(agenda: list[AgendaItem], after: int) -> int | None:
    """The index of the first still-open item (pending or current) after *after*, wrapping round
    to the start; None when every item is answered, skipped or carried."""
    n = len(agenda)
    for step in range(1, n + 1):
        i = (after + step) % n
        if agenda[i].state in ("pending", "current"):
            return i
    return None


def agenda_minutes(agenda: Iterable[AgendaItem]) -> int:
    return sum(item.minutes for item in agenda)


def session_to_remind(sessions: Iterable[Session], now: datetime, lead_minutes: int = 10,
                      already: Iterable[tuple[str, datetime]] = ()) -> Session | None:
    """The planned session that starts within *lead_minutes* of *now* and has not been reminded of
    yet (*already*: ``(id, scheduled_at)`` pairs, so moving a session's time reminds again)."""
    done = set(already)
    soon = [s for s in sessions
            if s.status == "planned" and s.scheduled_at is not None
            and (s.id, s.scheduled_at) not in done
            and 0 <= (s.scheduled_at - now).total_seconds() <= lead_minutes * 60]
    return min(soon, key=lambda s: s.scheduled_at, default=None)


def countdown(to: datetime, now: datetime) -> str:
    """"in 2 h 05 min" / "in 4 min" / "started 3 min ago"."""
    seconds = int((to - now).total_seconds())
    if seconds < 0:
        return f"started {(-seconds) // 60} min ago"
    hours, rest = divmod(seconds, 3600)
    minutes = rest // 60
    return f"in {hours} h {minutes:02d} min" if hours else f"in {minutes} min"


# -- searching past notes ---------------------------------------------------------------------


@dataclass(frozen=True)
class NoteHit:
    """A past line that shares words with a question."""

    where: str
    line: str
    score: int


def keywords(text: str) -> set[str]:
    words = {w for w in re.findall(r"[\w.+#-]{3,}", text.lower())}
    return {w for w in words if w not in STOP_WORDS}


def search_notes(
    question: Question,
    sessions: Iterable[Session],
    questions: Iterable[Question],
    limit: int = 20,
) -> list[NoteHit]:
    """Lines of past notes, entries and answers that share the most words with *question*."""
    words = keywords(question.text + " " + " ".join(question.tags))
    if not words:
        return []
    hits: list[NoteHit] = []

    def consider(where: str, text: str) -> None:
        for line in text.splitlines():
            lowered = line.lower()
            score = sum(1 for w in words if w in lowered)
            if score:
                hits.append(NoteHit(where, line.strip()[:200], score))

    for s in sessions:
        label = f"session {s.started_at or s.created_at:%Y-%m-%d} {s.topic}".strip()
        consider(label, s.notes)
        for e in s.entries:
            consider(f"{label} ({e.kind})", e.text + ("\n" + e.lesson if e.lesson else ""))
    for q in questions:
        if q.id != question.id and q.answer:
            consider(f"answer to: {q.text[:60]}", q.answer)
    hits.sort(key=lambda h: -h.score)
    return hits[:limit]

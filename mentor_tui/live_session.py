"""What happens to the data during a mentoring call: start, answer, quick entries, notes, end.

Plain functions over the Store (no Textual), so the During screen stays thin and the rules are
testable without a terminal. Every change is one ``store.update`` on the freshest copy, so a notes
autosave and an entry added at the same moment never overwrite each other.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from . import takeaways as T
from .plural import counted
from .models import (
    AgendaItem,
    Entry,
    Question,
    ReviewCard,
    Session,
    ValidationError,
    describe_error,
    utcnow,
)
from .store import Store, StoreError

#: How many of the newest session files to look through for planned or live sessions. Sessions are
#: one file each, named by a time-sortable id, so the ones that matter now are the newest; reading
#: only these keeps start-up cheap after years of sessions.
RECENT_SESSIONS = 60

#: Title of each quick-entry kind (the dialog's title, the palette's "Add …").
ENTRY_KINDS = {
    "question": "Follow-up question",
    "insight": "Insight",
    "mistake": "Mistake and what it taught",
    "snippet": "Code snippet",
    "link": "Link",
    "note": "Timestamped note",
}

#: How each kind is marked in the timeline.
ENTRY_MARK = {
    "question": "?",
    "insight": "!",
    "mistake": "~",
    "snippet": "<>",
    "link": "@",
    "note": "-",
}

#: Longest takeaway kept (the model's ShortText limit).
TAKEAWAY_LIMIT = 5_000


def recent_sessions(store: Store, limit: int = RECENT_SESSIONS) -> list[Session]:
    """The newest *limit* sessions, oldest first."""
    out = []
    for path in store.files(Session)[-limit:]:
        session = store.get(Session, path.stem)
        if session is not None:
            out.append(session)
    return out


def live_session(store: Store, recent: list[Session] | None = None) -> Session | None:
    """The session that is running now (after a crash or restart it is resumed), if any.
    *recent*: ``recent_sessions`` already read (each is a file to read and validate)."""
    live = [s for s in (recent_sessions(store) if recent is None else recent) if s.status == "live"]
    return max(live, key=lambda s: s.started_at or s.created_at) if live else None


def planned_sessions(store: Store, recent: list[Session] | None = None) -> list[Session]:
    """Planned sessions, the next one first (unscheduled ones last); *recent* as above."""
    planned = [s for s in (recent_sessions(store) if recent is None else recent) if s.status == "planned"]
    far = datetime.max.replace(tzinfo=utcnow().tzinfo)
    return sorted(planned, key=lambda s: (s.scheduled_at or far, s.id))


def agenda_questions(store: Store, session: Session) -> dict[str, Question]:
    """The questions on a session's agenda, by id (a deleted question is simply missing)."""
    out = {}
    for item in session.agenda:
        q = store.get(Question, item.question_id)
        if q is not None:
            out[q.id] = q
    return out


@dataclass(frozen=True)
class DuringView:
    """What the During screen shows when it opens: the live session and its questions, or (none
    live) the planned sessions, their questions and the last mentor's name for an ad hoc start."""

    live: Session | None
    questions: dict[str, Question] = field(default_factory=dict)
    planned: list[Session] = field(default_factory=list)
    last_mentor: str = ""


def during_view(store: Store) -> DuringView:
    """Read what the During screen needs (see :class:`DuringView`): the newest sessions are
    read once (at five years, reading them three times cost ~0.1 s on a first visit)."""
    recent = recent_sessions(store)
    live = live_session(store, recent)
    if live is not None:
        return DuringView(live, agenda_questions(store, live))
    mentor = next((s.mentor for s in reversed(recent) if s.mentor), "")
    planned = planned_sessions(store, recent)
    questions: dict[str, Question] = {}
    for s in planned:
        questions.update(agenda_questions(store, s))
    return DuringView(None, questions, planned, mentor)


def start_session(
    store: Store,
    now: datetime,
    *,
    session_id: str | None = None,
    mentor: str = "",
    topic: str = "",
    minutes: int = 45,
) -> Session:
    """Start a planned session (*session_id*) or, without one, an ad hoc session."""

    def start(s: Session) -> None:
        s.status = "live"
        s.started_at = now
        s.mentor, s.topic, s.planned_minutes = mentor, topic, minutes

    if session_id:
        return store.update(Session, session_id, start)
    session = Session(mentor=mentor, topic=topic, planned_minutes=minutes, status="live",
                      started_at=now)
    return store.add(session)


def save_notes(store: Store, session_id: str, text: str) -> Session:
    """Write the notes of one session (its own small file, so the cost never grows with history)."""

    def put(s: Session) -> None:
        s.notes = text

    return store.update(Session, session_id, put)


def set_agenda_state(store: Store, session_id: str, question_id: str, state: str) -> Session:
    """Mark one agenda item current, skipped or pending (only one item is current at a time)."""

    def change(s: Session) -> None:
        for item in s.agenda:
            if item.question_id == question_id:
                item.state = state  # type: ignore[assignment]
            elif state == "current" and item.state == "current":
                item.state = "pending"

    return store.update(Session, session_id, change)


def add_quick_entry(
    store: Store,
    session_id: str,
    now: datetime,
    *,
    kind: str,
    text: str,
    lesson: str = "",
    label: str = "",
    to_agenda: bool = False,
) -> tuple[Session, Question | None]:
    """One quick entry of *kind*: a follow-up question (with its new Question) or a timeline entry.

    Raises ValueError with a one-line reason (nothing stored) when the text is not valid.
    """
    try:
        if kind == "question":
            Question(text=text)
        else:
            entry = Entry(kind=kind, text=text, lesson=lesson, label=label, at=now)
    except ValidationError as exc:
        raise ValueError(describe_error(exc)) from None
    if kind == "question":
        return add_follow_up(store, session_id, text, now, to_agenda=to_agenda)
    return add_entry(store, session_id, entry), None


def answer_question(
    store: Store, session_id: str, question_id: str, answer: str, now: datetime
) -> tuple[Session, Question]:
    """Record the mentor's answer on the question and tick it off the agenda."""

    def on_question(q: Question) -> None:
        q.status = "answered"
        q.answer = answer
        q.answered_at = now
        q.session_id = session_id
        q.solved_alone = False

    question = store.update(Question, question_id, on_question)
    session = set_agenda_state(store, session_id, question_id, "answered")
    return session, question


def add_entry(store: Store, session_id: str, entry: Entry) -> Session:
    """Append a quick entry to the session's timeline."""

    def change(s: Session) -> None:
        s.entries = [*s.entries, entry]

    return store.update(Session, session_id, change)


def add_follow_up(
    store: Store, session_id: str, text: str, now: datetime, *, to_agenda: bool
) -> tuple[Session, Question]:
    """A question that came up during the call: stored for the mentor, on this agenda or the next.

    It is also a "question" entry in the timeline, so the learner sees when it came up.
    """
    question = store.add(Question(text=text, status="for_mentor", session_id=session_id,
                                  created_at=now, updated_at=now))
    entry = Entry(kind="question", text=text, at=now)

    def change(s: Session) -> None:
        s.entries = [*s.entries, entry]
        if to_agenda:
            s.agenda = [*s.agenda, AgendaItem(question_id=question.id, minutes=5)]

    return store.update(Session, session_id, change), question


def takeaway_candidates(session: Session, limit: int = 300) -> list[tuple[str, str]]:
    """What the learner may mark as a takeaway, as (key, text); see ``takeaways.candidates``."""
    return [(c.key, c.text) for c in T.candidates(session, limit)]


def entry_text(entry: Entry) -> str:
    """One line for an entry as a takeaway or in a list."""
    return T.entry_text(entry)


def end_session(
    store: Store,
    session_id: str,
    now: datetime,
    *,
    status: str = "ended",
    takeaway_keys: Iterable[str] = (),
    own_takeaways: Iterable[str] = (),
    summary: str = "",
    rating: int | None = None,
) -> Session:
    """Close the session: takeaways, summary and rating kept; unanswered questions carry over.

    A carried question keeps (or gets back) the "for_mentor" status, which is what puts it on the
    next session's agenda. An ended session's takeaways become review cards here, once each (not
    when a screen loads: reading never writes).
    """
    keys = list(dict.fromkeys(takeaway_keys))
    own = list(own_takeaways)
    carried: list[str] = []

    def change(s: Session) -> None:
        texts, chosen = T.merge_chosen(s, keys, own)
        s.takeaways = [t[:TAKEAWAY_LIMIT] for t in texts]
        s.entries = [e.model_copy(update={"takeaway": e.id in chosen}) for e in s.entries]
        for item in s.agenda:
            if item.state != "answered":
                item.state = "carried"
                carried.append(item.question_id)
        s.status = status  # type: ignore[assignment]
        s.ended_at = now
        s.summary = summary
        s.rating = rating

    session = store.update(Session, session_id, change)
    for qid in carried:
        if store.get(Question, qid) is None:
            continue

        def keep(q: Question) -> None:
            if q.status != "answered":
                q.status = "for_mentor"

        store.update(Question, qid, keep)
    if session.status == "ended":
        add_cards(store, session, now)
    return session


def ending_note(session: Session) -> str:
    """"3 takeaways kept; 1 question carried over." (the toast when a session ends)."""
    carried = sum(i.state == "carried" for i in session.agenda)
    return f"{counted(len(session.takeaways), 'takeaway')} kept; {counted(carried, 'question')} carried over."


def add_cards(store: Store, session: Session, now: datetime) -> list[ReviewCard]:
    """Make the review cards of an ended session's takeaways that have none (one per takeaway)."""
    made = []
    for card in T.cards_for(session, store.all(ReviewCard), now):
        try:
            made.append(store.add(card))
        except StoreError:  # another worker or process made the same card (ids are deterministic)
            if store.get(ReviewCard, card.id) is None:
                raise
    return made


def mark_session(store: Store, session_id: str, status: str, now: datetime) -> Session:
    """Mark a planned session cancelled or missed; its questions stay for the next one."""
    return end_session(store, session_id, now, status=status)

"""Questions as light rows: what every list of questions holds, and the inbox's first frame.

Five years of questions as models were ~6 MB, the largest thing the app held: a model carries
pydantic's instance dict (~300 bytes), a list per list field and a datetime per time. The
screens list them and read a few fields, so they hold ``QuestionRow``s instead, made from the
models as the store reads each file (``Store.all(Question, view=question_row)``, which keeps
the rows, not the models): the same strings, in ~150 bytes of slots. A row is never stored; an
action that changes a question goes through the store with its id (``inbox.py``), and one that
needs the model (the stuck check) reads it (``Store.get``).

The first frame is drawn before the models are imported (pydantic and the models cost ~60 ms, a
fifth of the start): its rows come from the summary's dumps of the open questions (``row``),
without the detail's fields (``context`` is None), and ``validated`` turns the same dumps into
models (the one set of rules, in ``models.py``) in a thread right after the first paint.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, NamedTuple

from .store import View

if TYPE_CHECKING:
    from .models import Attempt, Question, QuestionContext
    from .store import Store
    from .store.summary import Summary

#: The statuses and priorities a row may carry (the models' own values).
_STATUSES = frozenset({"open", "checking", "solved", "for_mentor", "answered", "dropped"})
_PRIORITIES = frozenset({"low", "normal", "high"})


class InboxCounts(NamedTuple):
    """The inbox's header line: questions in all, open ones, solved alone of resolved."""

    total: int
    open: int
    alone: int
    resolved: int


@dataclass(frozen=True, slots=True, eq=False)
class QuestionRow:
    """A question as the lists show it (see above). Not a tuple: the inbox's filter takes
    (question, haystack) tuples too."""

    id: str
    text: str
    priority: str
    status: str
    tags: tuple[str, ...]
    details: str
    answer: str
    solved_alone: bool | None = None
    session_id: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    answered_at: datetime | None = None
    #: None for a first-frame row (from the summary), which has no detail to show yet.
    context: QuestionContext | None = None
    attempts: tuple[Attempt, ...] = ()
    #: A first-frame row's dump, validated into its model a moment later (``validated``).
    doc: dict[str, Any] | None = None


#: One tuple per distinct set of tags (a learner uses a few dozen): a tuple per row was ~0.3 MB.
_TAGS: dict[tuple[str, ...], tuple[str, ...]] = {}
_TAGS_MAX = 5000


def _row_of_model(q: Question) -> QuestionRow:
    """*q*'s row: the model's own strings and times; the model itself is let go."""
    return QuestionRow(q.id, q.text, q.priority, q.status, _shared_tags(tuple(q.tags)), q.details,
                       q.answer, q.solved_alone, q.session_id, q.created_at, q.updated_at,
                       q.answered_at, q.context, tuple(q.attempts))


def _row_of_dump(doc: dict[str, Any]) -> QuestionRow:
    """The same row from the dump of a question in a canonical file (the store validated it as
    it wrote it, see ``Store.all``): validating five years of questions again took ~0.3 s of
    the search's first build, whose copies of their texts were ~2 MB besides the rows'. Times,
    contexts, attempts and short strings are made and shared as the models make them."""
    from .models import Attempt, QuestionContext, shared_context

    created = _utc(doc["created_at"])
    updated = created if doc["updated_at"] == doc["created_at"] else _utc(doc["updated_at"])
    answered = doc.get("answered_at")
    session = doc.get("session_id")
    return QuestionRow(
        doc["id"], doc["text"], sys.intern(doc["priority"]), sys.intern(doc["status"]),
        _shared_tags(tuple(sys.intern(t) for t in doc["tags"])), doc["details"], doc["answer"],
        doc.get("solved_alone"), sys.intern(session) if session else None, created, updated,
        _utc(answered) if answered else None,
        shared_context(QuestionContext.model_construct(**doc["context"])),
        tuple(Attempt.model_construct(at=_utc(a["at"]), text=a["text"]) for a in doc["attempts"]))


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(timezone.utc)


def _shared_tags(tags: tuple[str, ...]) -> tuple[str, ...]:
    if len(_TAGS) >= _TAGS_MAX:
        _TAGS.clear()
    return _TAGS.setdefault(tags, tags)


#: A question's row, from its model or (a canonical file's) dump: the one view of questions
#: every reader asks the store for, so all share the rows it keeps.
question_row = View(_row_of_model, _row_of_dump)


def row(doc: dict[str, Any]) -> QuestionRow:
    """*doc* as a row; ValueError when it does not have a question's shape (a damaged summary:
    the caller then waits for the full read, which validates every record)."""
    if not isinstance(doc, dict) or not isinstance(doc.get("tags", []), list):
        raise ValueError("not a question")
    try:
        out = QuestionRow(doc["id"], doc["text"], doc.get("priority", "normal"), doc.get("status", "open"),
                          tuple(doc.get("tags", ())), doc.get("details", ""), doc.get("answer", ""), doc=doc)
    except (KeyError, TypeError, AttributeError):
        raise ValueError("not a question") from None
    texts = (out.id, out.text, out.details, out.answer, *out.tags)
    if not all(isinstance(t, str) for t in texts) or out.status not in _STATUSES \
            or out.priority not in _PRIORITIES:
        raise ValueError("not a question")
    return out


def first_view(store: Store, summary: Summary | None = None) -> tuple[list[QuestionRow], InboxCounts]:
    """What the first screen shows, from the summary (kilobytes, not five years of records): the
    open questions, as rows, and the counts. Runs in a thread, or before the app starts
    (``cmd_app``, with the *summary* it just brought up to date). Raises ValueError when the
    summary holds something that is not a question."""
    summary = summary or store.summary()  # every collection: naming one would import its model
    rows = sorted((row(d) for d in summary.open_questions()), key=lambda r: r.id)
    by = summary.question_counts()
    alone, resolved = summary.solved_alone_share()
    return rows, InboxCounts(sum(by.values()), by.get("open", 0) + by.get("checking", 0), alone, resolved)


def validated(rows: list[QuestionRow]) -> list[Question]:
    """The rows' questions as models, validated by the models' rules (imports pydantic: call it
    from a thread). Raises the models' ValidationError for a damaged one."""
    from .models import Question

    return [Question.model_validate(r.doc) for r in rows]

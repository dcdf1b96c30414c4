"""The inbox's first frame, drawn from the summary before the models are loaded.

Importing pydantic and building the models costs about 60 ms, a fifth of the app's start. The
first frame only lists the open questions, so it takes them from the summary as plain rows
(``QuestionRow``: what the list, its filter and its counts need) and leaves validation for a
moment later: ``validated`` turns the same dumps into models (the one set of rules, in
``models.py``) in a thread, right after the first paint, and the inbox swaps them in. A row is
never stored or edited; an action on one waits for its model.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from .models import Question
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


@dataclass(frozen=True, slots=True)
class QuestionRow:
    """One open question as the summary keeps it (the dump its model made), for the first frame.
    Not a tuple: the inbox's filter takes (question, haystack) tuples too."""

    id: str
    text: str
    priority: str
    status: str
    tags: tuple[str, ...]
    details: str
    answer: str
    doc: dict[str, Any]


def row(doc: dict[str, Any]) -> QuestionRow:
    """*doc* as a row; ValueError when it does not have a question's shape (a damaged summary:
    the caller then waits for the full read, which validates every record)."""
    if not isinstance(doc, dict) or not isinstance(doc.get("tags", []), list):
        raise ValueError("not a question")
    try:
        out = QuestionRow(doc["id"], doc["text"], doc.get("priority", "normal"), doc.get("status", "open"),
                          tuple(doc.get("tags", ())), doc.get("details", ""), doc.get("answer", ""), doc)
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

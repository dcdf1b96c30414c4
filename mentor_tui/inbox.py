"""The question inbox's rules, as plain functions over the store (no Textual).

Everything the inbox and the stuck check change on a question lives here, so the app, the CLI
(``mentor-tui ask``) and the tests all go through the same rules. Each write is one
``Store.update`` (read-modify-write under the store's lock) on the freshest copy, so two quick
keys, or another process, never lose a change.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from .inbox_rows import InboxCounts, first_view  # noqa: F401  (re-exported: older imports)
from .models import Attempt, Question, QuestionContext

if TYPE_CHECKING:
    from .store import Store

#: The priority key cycles through these, in this order.
PRIORITIES = ("normal", "high", "low")
#: How long a stuck check runs when the settings say nothing.
DEFAULT_CHECK_MINUTES = 15


# -- capturing --------------------------------------------------------------------------------


def clean_tags(tags: Iterable[str]) -> list[str]:
    """Tags as stored: without a leading ``#``, lower case, each once, in the order given."""
    out = (t.strip().lstrip("#").lower() for t in tags)
    return list(dict.fromkeys(t for t in out if t))


def new_question(text: str, tags: Iterable[str] = (), priority: str = "normal",
                 error_text: str = "") -> Question:
    """A validated question, not stored yet. Raises ``ValidationError`` on a bad value, so the
    caller can say why before anything touches the disk."""
    return Question.model_validate({"text": text, "tags": list(dict.fromkeys(tags)),
                                    "priority": priority, "context": {"error_text": error_text}})


def add(store: Store, question: Question, *, where: str | None = None) -> Question:
    """Store a new question with where the learner is working (the folder and, inside a git
    repository, its name and branch). *where* defaults to the current folder; it is read here, in
    the caller's thread, because it touches the disk. Returns once the question is on disk."""
    from .gitinfo import find_repo
    from .models import cwd_or_empty

    cwd = cwd_or_empty() if where is None else where
    repo, branch = find_repo(Path(cwd)) if cwd else ("", "")
    context = QuestionContext(cwd=cwd, git_repo=repo, git_branch=branch,
                              error_text=question.context.error_text)
    return store.add(question.model_copy(update={"context": context}))


# -- changing one question --------------------------------------------------------------------


def _change(store: Store, question_id: str, **fields) -> Question:
    return store.update(Question, question_id, lambda cur: cur.model_copy(update=fields))


def next_priority(priority: str) -> str:
    """The priority after *priority* in the cycle normal → high → low → normal."""
    return PRIORITIES[(PRIORITIES.index(priority) + 1) % len(PRIORITIES)]


def cycle_priority(store: Store, question_id: str) -> Question:
    """Move the question to the next priority (from its stored one)."""
    return store.update(Question, question_id,
                        lambda cur: cur.model_copy(update={"priority": next_priority(cur.priority)}))


def to_mentor(store: Store, question_id: str) -> Question:
    """Bring the question to the mentor: it joins the next session's agenda."""
    return _change(store, question_id, status="for_mentor")


def reopen(store: Store, question_id: str) -> Question:
    """Put the question back in the inbox as open (off the agenda)."""
    return _change(store, question_id, status="open")


def toggle_for_mentor(store: Store, question_id: str) -> Question:
    """For the mentor if it was not, back in the inbox (open) if it was."""
    return store.update(Question, question_id, lambda cur: cur.model_copy(
        update={"status": "open" if cur.status == "for_mentor" else "for_mentor"}))


def edit(store: Store, question_id: str, *, text: str, tags: list[str], priority: str,
         details: str, error_text: str) -> Question:
    """Store what the edit form returned; the error text lives in the question's context."""
    def change(cur: Question) -> Question:
        context = cur.context.model_copy(update={"error_text": error_text})
        return cur.model_copy(update={"text": text, "tags": list(tags), "priority": priority,
                                      "details": details, "context": context})

    return store.update(Question, question_id, change)


def delete(store: Store, question_id: str) -> bool:
    """Remove the question for good; True if it was there."""
    return store.delete(Question, question_id)


# -- the stuck check --------------------------------------------------------------------------


def checking(question: Question, now: datetime, minutes: int) -> Question:
    """The question with a stuck check running. A check already running keeps its start and
    length, so leaving the check and coming back (or restarting the app) does not reset the clock."""
    if question.status == "checking" and question.check_started_at is not None:
        return question
    return question.model_copy(update={"status": "checking", "check_started_at": now,
                                       "check_minutes": minutes})


def start_check(store: Store, question_id: str, now: datetime, minutes: int) -> Question:
    """Start the timebox on a question (see :func:`checking`)."""
    return store.update(Question, question_id, lambda cur: checking(cur, now, minutes))


def log_attempt(store: Store, question_id: str, attempt: Attempt) -> Question:
    """Add one thing tried to the question's log."""
    return store.update(Question, question_id,
                        lambda cur: cur.model_copy(update={"attempts": [*cur.attempts, attempt]}))


def solved_alone(store: Store, question_id: str, answer: str, now: datetime) -> Question:
    """The learner found the answer without the mentor: kept with the question for review."""
    return _change(store, question_id, status="solved", answer=answer, answered_at=now,
                   solved_alone=True)


#: The stuck check's other honest ending: bring it to the mentor.
escalate = to_mentor

"""The next session's agenda, as plain functions over the store (no Textual).

The agenda tab keeps the plan on screen and calls these to store it; the rules for what the agenda
holds (questions for the mentor join it, answered ones leave it) are in ``planning.py``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from . import inbox
from .models import AgendaItem, Question, Session
from .planning import next_planned, sync_agenda

if TYPE_CHECKING:
    from .store import Store


def prepare(sessions: Iterable[Session], questions: Iterable[Question],
            draft: Session) -> tuple[Session | None, bool]:
    """The plan the agenda tab shows, and whether it must be stored.

    The next planned session gets every question newly marked for the mentor; questions on a
    call running now belong to that call, not to the next plan. With questions for the mentor but
    no plan yet, *draft* (an unsaved session the caller keeps, so a reload before the write lands
    cannot make a second plan) becomes the plan, so the During mode offers this agenda."""
    sessions = list(sessions)
    live = {i.question_id for s in sessions if s.status == "live" for i in s.agenda}
    questions = [q for q in questions if q.id not in live]
    planned = next_planned(sessions)
    if planned is not None:
        agenda = sync_agenda(planned, questions)
        if agenda == planned.agenda:
            return planned, False
        return planned.model_copy(update={"agenda": agenda}), True
    agenda = sync_agenda(Session(), questions)
    if not agenda:
        return None, False
    return draft.model_copy(update={"agenda": agenda}), True


def save_agenda(store: Store, session: Session) -> Session:
    """Store the session's agenda: the whole session when it is new, else only its agenda (so a
    plan changed elsewhere meanwhile keeps its mentor, topic and time)."""
    if store.get(Session, session.id) is None:
        return store.add(session)
    agenda = session.agenda
    return store.update(Session, session.id, lambda cur: cur.model_copy(update={"agenda": agenda}))


def without(session: Session, question_id: str) -> Session:
    """The session with *question_id* taken off its agenda."""
    return session.model_copy(update={"agenda": [a for a in session.agenda
                                                 if a.question_id != question_id]})


def take_off(store: Store, session: Session, question_id: str) -> Session:
    """Take a question off the agenda; it goes back to the inbox as open (unless it was deleted
    meanwhile, when there is nothing to reopen)."""
    saved = save_agenda(store, without(session, question_id))
    if store.get(Question, question_id) is not None:
        inbox.reopen(store, question_id)
    return saved


def plan(store: Store, session: Session, *, mentor: str, topic: str,
         scheduled_at: datetime | None, planned_minutes: int) -> Session:
    """Store who and when for the next session (the agenda is left as stored)."""
    fields = {"mentor": mentor, "topic": topic, "scheduled_at": scheduled_at,
              "planned_minutes": planned_minutes}
    if store.get(Session, session.id) is None:
        return store.add(session.model_copy(update=fields))
    return store.update(Session, session.id, lambda cur: cur.model_copy(update=fields))


def move(agenda: list[AgendaItem], index: int, step: int) -> list[AgendaItem] | None:
    """The agenda with item *index* moved by *step*, or None when it cannot move that way."""
    j = index + step
    if not (0 <= index < len(agenda) and 0 <= j < len(agenda)):
        return None
    agenda = list(agenda)
    agenda[index], agenda[j] = agenda[j], agenda[index]
    return agenda


def adjust_minutes(agenda: list[AgendaItem], index: int, delta: int) -> list[AgendaItem]:
    """The agenda with item *index*'s estimate changed by *delta*, kept within 0-600 minutes."""
    agenda = list(agenda)
    item = agenda[index]
    agenda[index] = item.model_copy(update={"minutes": max(0, min(600, item.minutes + delta))})
    return agenda

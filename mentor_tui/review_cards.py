"""Review cards on the store: rate, edit, suspend, delete, and the catch-up for old sessions.

Cards are made when a session ends (``live_session.end_session``). Reading never writes: no screen
makes cards when it opens. Sessions ended by an older version that have no cards get them once, from
:func:`catch_up`, which the app runs in a worker at start. No Textual here.
"""

from __future__ import annotations

from datetime import datetime

from . import takeaways as T
from .live_session import add_cards
from .models import ReviewCard, Session
from .store import Store
from .store.files import decode
from .store.store import COLLECTIONS, DELETED_TABLE


def rate_card(store: Store, card_id: str, rating: str, now: datetime) -> ReviewCard:
    """Record a review ("again"/"hard"/"good"/"easy"); FSRS sets the next due time."""
    from . import review  # fsrs loads with the first review, not at start (catch_up needs none)

    return store.update(ReviewCard, card_id, lambda c: review.rate(c, rating, now))


def edit_card(store: Store, card_id: str, front: str, back: str) -> ReviewCard:
    """New front and back for a card, its schedule kept. Raises ValueError on a blank front
    (before anything is written)."""
    from . import review

    if not front.strip():
        raise ValueError("the front must ask something (Esc keeps the card as it was)")
    return store.update(ReviewCard, card_id, lambda c: review.edit(c, front, back))


def suspend_card(store: Store, card_id: str) -> ReviewCard:
    """Keep the card and its history, but never show it for review."""
    from . import review

    return store.update(ReviewCard, card_id, lambda c: review.set_suspended(c, True))


def delete_card(store: Store, card_id: str) -> bool:
    """Remove the card and its review history; True if it was there."""
    return store.delete(ReviewCard, card_id)


def deleted_card_ids(store: Store) -> set[str]:
    """Ids of cards the learner deleted (the store keeps a tombstone for each)."""
    out: set[str] = set()
    for path in store.files(ReviewCard):
        found = store.read_raw(path)
        if found is None:
            continue
        try:
            data = decode(path, found[0], COLLECTIONS[ReviewCard].name, keep_copy=False)
        except Exception:  # a damaged file is reported by the ordinary reads, not here
            continue
        out.update(data.get(DELETED_TABLE, {}))
    return out


def catch_up(store: Store, now: datetime) -> list[ReviewCard]:
    """Make the cards of ended sessions that have none (data from before cards were made when a
    session ends). A session with any card, or whose card the learner deleted, is left alone: a
    deleted card never comes back. Reads the sessions' summary and the cards; a session itself only
    when it lacks cards. Runs once per data folder: at five years the scan reads every session
    without cards, which made every start (and the first mode switches) slower."""
    if store.done_once(CAUGHT_UP):
        return []
    made = _catch_up(store, now)
    store.mark_done_once(CAUGHT_UP)  # every session ended from now on gets its cards as it ends
    return made


CAUGHT_UP = "cards-caught-up"


def _catch_up(store: Store, now: datetime) -> list[ReviewCard]:
    ended = [h["id"] for h in store.summary([Session]).session_heads() if h.get("status") == "ended"]
    if not ended:
        return []
    cards = store.all(ReviewCard)
    with_cards = {c.session_id for c in cards}
    lacking = [s for s in (store.get(Session, sid) for sid in ended if sid not in with_cards)
               if s is not None and s.status == "ended"]
    if not lacking:
        return []
    deleted = deleted_card_ids(store)
    made: list[ReviewCard] = []
    for session in lacking:
        made += fill_in(store, session, now, cards=cards, deleted=deleted)
    return made


def fill_in(store: Store, session: Session, now: datetime, *, cards: list[ReviewCard] | None = None,
            deleted: set[str] | None = None) -> list[ReviewCard]:
    """Make an ended session's cards if it has none and the learner deleted none of them (a session
    ended by an older version). The one rule for the catch-up and for planning from a session: a
    card the learner deleted never comes back, and a session with cards is left as it is."""
    cards = store.all(ReviewCard) if cards is None else cards
    if session.status != "ended" or any(c.session_id == session.id for c in cards):
        return []
    todo = T.cards_for(session, cards, now)
    deleted = deleted_card_ids(store) if deleted is None else deleted
    if not todo or any(c.id in deleted for c in todo):
        return []
    return add_cards(store, session, now)

"""Spaced review of takeaways, scheduled by the ``fsrs`` package (pinned at 6.3.2).

Cards are stored with fsrs's own ``Card.to_dict()`` so the scheduler's state survives as it
defines it; we never compute intervals ourselves. No Textual here.

Rating words matter: FSRS reads "Again" as a lapse (forgotten) and "Hard" as a pass with effort.
A learner who picks "Hard" for a miss teaches the scheduler they remembered, so the labels say
what each rating means in plain words.
"""

from __future__ import annotations

from datetime import datetime, timezone
from functools import lru_cache

from fsrs import Card, Rating, Scheduler  # ~30 ms; imported only by the After screen and plan code

from .models import ReviewCard

#: (stored name, fsrs rating, key, what the learner reads)
RATINGS: tuple[tuple[str, Rating, str, str], ...] = (
    ("again", Rating.Again, "1", "Again: I forgot it"),
    ("hard", Rating.Hard, "2", "Hard: I remembered, with effort"),
    ("good", Rating.Good, "3", "Good: I remembered"),
    ("easy", Rating.Easy, "4", "Easy: I knew it at once"),
)
RATING_BY_NAME = {name: rating for name, rating, _key, _label in RATINGS}


@lru_cache(maxsize=1)
def scheduler() -> Scheduler:
    """The one scheduler: fsrs defaults, without fuzz.

    Fuzz spreads hundreds of flashcards over neighbouring days; a learner has a handful of
    takeaways, and a predictable next date ("in 3 days") is worth more to them.
    """
    return Scheduler(enable_fuzzing=False)


def _utc(at: datetime) -> datetime:
    return at.astimezone(timezone.utc)


def new_card(text: str, session_id: str | None, now: datetime) -> ReviewCard:
    """A new card for a takeaway, due now (the first review comes while it is fresh)."""
    now = _utc(now)
    # card_id given explicitly: fsrs's default sleeps 1 ms per card to keep its own ids apart,
    # and our record id is what identifies the card anyway.
    card = Card(card_id=int(now.timestamp() * 1000), due=now)
    return ReviewCard(text=text, session_id=session_id, card=card.to_dict(), due_at=now,
                      created_at=now, updated_at=now)


def fsrs_card(card: ReviewCard) -> Card:
    """The stored card as fsrs's own object."""
    if card.card:
        return Card.from_dict(card.card)  # type: ignore[arg-type]
    return Card(card_id=int(card.created_at.timestamp() * 1000), due=_utc(card.due_at))


def rate(card: ReviewCard, rating: str, now: datetime) -> ReviewCard:
    """The card after a review with *rating* ("again"/"hard"/"good"/"easy") at *now*."""
    if rating not in RATING_BY_NAME:
        raise ValueError(f"unknown rating {rating!r}")
    updated, _log = scheduler().review_card(fsrs_card(card), RATING_BY_NAME[rating], review_datetime=_utc(now))
    return card.model_copy(update={
        "card": updated.to_dict(),
        "due_at": updated.due,
        "last_rating": rating,
        "reviews": card.reviews + 1,
    })


def due(cards: list[ReviewCard], now: datetime) -> list[ReviewCard]:
    """Cards due at *now*, most overdue first; a suspended card never is."""
    out = [c for c in cards if c.due_at <= now and not c.suspended]
    out.sort(key=lambda c: (c.due_at, c.id))
    return out


def edit(card: ReviewCard, front: str, back: str) -> ReviewCard:
    """The card with a new front and back (its schedule and history unchanged).

    Raises ValueError when the front is blank: a card that asks nothing cannot be reviewed.
    """
    if not front.strip():
        raise ValueError("the front must ask something (Esc keeps the card as it was)")
    return card.model_copy(update={"front": front.strip(), "back": back.strip()})


def set_suspended(card: ReviewCard, suspended: bool) -> ReviewCard:
    """The card suspended (never due, kept with its history) or back in review."""
    return card.model_copy(update={"suspended": suspended})

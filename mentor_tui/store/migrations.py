"""Moving data files written by an older schema to the current one.

Files are migrated lazily, in memory, when they are read; the next write stores the new layout
(the write always stamps the current ``SCHEMA_VERSION``). To change the layout:

1. bump ``store/version.py``'s ``SCHEMA_VERSION`` to N+1;
2. add ``STEPS[N] = function(kind, tables) -> tables`` here that rewrites version-N tables;
3. add a test that decodes a version-N file and finds the new shape.

Version 1 is the first layout. Version 2 gives review cards a front and a back (and merges the
two cards version 1 made for a ticked mistake) and stores a link's label apart from its URL.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Tables = dict[str, Any]

#: ``STEPS[n]`` turns the tables of a version-``n`` file into version ``n + 1``.
STEPS: dict[int, Callable[[str, Tables], Tables]] = {}

LINK_SEP = " — "
ARROW = " → "


def _stamp() -> str:
    from datetime import datetime, timezone

    return datetime.now(timezone.utc).isoformat().replace("+00:00", "Z")


def _review_order(doc: dict) -> tuple:
    """Which of two copies of a card holds the newer review state."""
    card = doc.get("card") or {}
    return (card.get("last_review") or "", doc.get("reviews") or 0, doc.get("updated_at") or "")


def merge_card_docs(keep: dict, other: dict) -> dict:
    """One card from two copies of the same takeaway: the takeaway with its lesson (*keep*'s id and
    text), the scheduler state of whichever was reviewed last, and the reviews of both."""
    newest = max((keep, other), key=_review_order)
    out = dict(keep)
    for field in ("card", "due_at", "last_rating"):
        if field in newest:
            out[field] = newest[field]
    out["reviews"] = (keep.get("reviews") or 0) + (other.get("reviews") or 0)
    out["updated_at"] = max(keep.get("updated_at") or "", other.get("updated_at") or "") or out.get("updated_at")
    return out


def _cards_v1_to_v2(tables: Tables) -> Tables:
    """Version 1 made a ticked mistake two cards in one session: "mistake → lesson" and "mistake".
    The lesson-less copy is merged into the other (history kept) and tombstoned so a sync cannot
    bring it back; every card gets a front and a back."""
    from ..takeaways import faces, takeaway_of_text

    cards = tables.get("cards")
    if not isinstance(cards, dict):
        return tables
    cards = dict(cards)
    by_text = {(d.get("session_id"), d.get("text")): cid for cid, d in cards.items() if isinstance(d, dict)}
    stones = dict(tables.get("_deleted") or {})
    for cid in sorted(cards):
        doc = cards.get(cid)
        if not isinstance(doc, dict) or ARROW not in str(doc.get("text", "")):
            continue
        head = str(doc["text"]).partition(ARROW)[0].strip()
        twin = by_text.get((doc.get("session_id"), head))
        if twin and twin != cid and twin in cards:
            cards[cid] = merge_card_docs(doc, cards.pop(twin))
            stones[twin] = {"at": _stamp()}
    for cid, doc in cards.items():
        if isinstance(doc, dict) and isinstance(doc.get("text"), str) and not doc.get("front"):
            t = takeaway_of_text(doc["text"])
            front, back = faces(t)
            cards[cid] = {**doc, "kind": t.kind, "front": front, "back": back}
    out = {**tables, "cards": cards}
    if stones:
        out["_deleted"] = stones
    return out


def split_link(text: str) -> tuple[str, str]:
    """("label", "url") from version 1's one-string link "label — url" (no label: ("", text))."""
    label, sep, url = text.rpartition(LINK_SEP)
    if sep and label.strip() and url.strip():
        return label.strip(), url.strip()
    return "", text.strip()


def _sessions_v1_to_v2(tables: Tables) -> Tables:
    """Links were stored as one string "label — url"; version 2 keeps the label apart."""
    sessions = tables.get("sessions")
    if not isinstance(sessions, dict):
        return tables
    out = {}
    for sid, doc in sessions.items():
        entries = doc.get("entries") if isinstance(doc, dict) else None
        if isinstance(entries, list):
            new_entries = []
            for e in entries:
                if isinstance(e, dict) and e.get("kind") == "link" and not e.get("label") \
                        and isinstance(e.get("text"), str):
                    label, url = split_link(e["text"])
                    e = {**e, "text": url, "label": label}
                new_entries.append(e)
            doc = {**doc, "entries": new_entries}
        out[sid] = doc
    return {**tables, "sessions": out}


def _v1_to_v2(kind: str, tables: Tables) -> Tables:
    if kind == "cards":
        return _cards_v1_to_v2(tables)
    if kind == "sessions":
        return _sessions_v1_to_v2(tables)
    return tables


STEPS[1] = _v1_to_v2


def migrate(kind: str, tables: Tables, version: int) -> Tables:
    """Apply every step from *version* up to the current schema."""
    from .version import SCHEMA_VERSION

    while version < SCHEMA_VERSION:
        step = STEPS.get(version)
        if step is None:
            raise ValueError(f"no migration from schema {version} for {kind!r} data")
        tables = step(kind, tables)
        version += 1
    return tables

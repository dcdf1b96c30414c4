"""Takeaways: what a learner keeps from a call, and the review card each one becomes.

Plain functions over models (no Textual, no files), shared by the end-of-call dialog, the practice
plan, the After screen's review tab and the store's migration, so they all agree on three things:

* which lines a learner is offered at the end of a call, and which are ticked already
  (insights and mistakes are what a call is for; headings and code lines are offered, unticked);
* what a session's takeaways *are*, each exactly once. A session keeps its chosen texts in
  ``Session.takeaways`` and also flags the chosen entries (``Entry.takeaway``); a mistake's text
  there is "mistake → lesson" while its entry holds the two apart. Reading both as separate
  takeaways is what once made every ticked mistake two cards, one without its lesson;
* what a card asks (its front) and what answers it (its back), from the kind of takeaway.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from .models import Entry, ReviewCard, Session, new_id

#: Kinds ticked in advance at the end of a call: what the learner marked as learned during it.
PRETICKED = ("insight", "mistake")
ARROW = " → "
LINK_SEP = " — "
_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
_HEADING_RE = re.compile(r"^#{1,6}\s")
_BULLET_RE = re.compile(r"^\s*(?:[-*+]|\d+[.)]|>)\s*(?:\[[ xX]\]\s*)?")


@dataclass(frozen=True)
class Takeaway:
    """One thing the learner keeps from a call.

    ``key`` names where it came from (``entry:<id>`` for a quick entry, ``text:<text>`` for a notes
    line or the learner's own words), so the same takeaway always gets the same card.
    """

    key: str
    kind: str  # insight, mistake, snippet, link, note, question, or "takeaway" for plain text
    text: str
    lesson: str = ""  # a mistake's lesson; a link's URL

    @property
    def full(self) -> str:
        """The takeaway in one piece, as it is listed and exported ("mistake → lesson")."""
        if self.kind == "mistake" and self.lesson:
            return f"{self.text}{ARROW}{self.lesson}"
        if self.kind == "link" and self.lesson:
            return f"{self.text}{LINK_SEP}{self.lesson}" if self.text != self.lesson else self.lesson
        return self.text


@dataclass(frozen=True)
class Candidate:
    """A line offered at the end of a call: its key, what is shown, and whether it starts ticked."""

    key: str
    text: str
    kind: str
    ticked: bool


def entry_text(entry: Entry) -> str:
    """One line for an entry as a takeaway or in a list ("mistake → lesson", "label — url")."""
    return from_entry(entry).full


def from_entry(entry: Entry) -> Takeaway:
    if entry.kind == "link":
        return Takeaway(f"entry:{entry.id}", "link", entry.label or entry.text, entry.text)
    return Takeaway(f"entry:{entry.id}", entry.kind, entry.text.strip(), entry.lesson.strip())


def note_lines(notes: str) -> list[tuple[int, str, str]]:
    """(line number, kind, text) of the notes lines worth offering: "heading", "code" or "note".

    Fence lines themselves are left out; lines inside a fence are code.
    """
    out = []
    in_code = False
    for n, raw in enumerate(notes.splitlines()):
        stripped = raw.strip()
        if stripped.startswith("```") or stripped.startswith("~~~"):
            in_code = not in_code
            continue
        if in_code:
            if len(stripped) >= 3:
                out.append((n, "code", stripped))
            continue
        if _HEADING_RE.match(stripped):
            kind, text = "heading", stripped.lstrip("#").strip()
        else:
            kind, text = "note", _BULLET_RE.sub("", stripped).strip()
        if len(text) >= 3:
            out.append((n, kind, text))
    return out


def candidates(session: Session, limit: int = 300) -> list[Candidate]:
    """What the learner may keep, best first: insights and mistakes (ticked), then the other
    entries, then notes lines and headings, then code lines (all unticked). Each text once."""
    first: list[Candidate] = []
    rest: list[Candidate] = []
    for entry in session.entries:
        kind = entry.kind
        target = first if kind in PRETICKED else rest
        target.append(Candidate(f"entry:{entry.id}", entry_text(entry), kind, kind in PRETICKED))
    lines = note_lines(session.notes)
    prose = [ln for ln in lines if ln[1] != "code"]
    code = [ln for ln in lines if ln[1] == "code"]
    for n, kind, text in [*prose, *code]:
        rest.append(Candidate(f"line:{n}", text, kind, False))
    out: list[Candidate] = []
    seen: set[str] = set()
    for cand in [*first, *rest]:
        if cand.text.strip() and cand.text not in seen:
            seen.add(cand.text)
            out.append(cand)
    return out[:limit]


def chosen(session: Session) -> list[Takeaway]:
    """The session's takeaways, each exactly once, in the order they were kept.

    A text in ``Session.takeaways`` that is a flagged entry's own line (with or without its
    lesson) is that entry, not a second takeaway.
    """
    flagged = [e for e in session.entries if e.takeaway]
    by_text: dict[str, Takeaway] = {}
    for e in flagged:
        t = from_entry(e)
        for text in (t.full, t.text, e.text.strip()):
            by_text.setdefault(text, t)
    out: list[Takeaway] = []
    seen: set[str] = set()

    def add(t: Takeaway) -> None:
        if t.key not in seen and t.text:
            seen.add(t.key)
            out.append(t)

    for raw in session.takeaways:
        text = raw.strip()
        if text:
            add(by_text.get(text) or Takeaway(f"text:{text}", "takeaway", text))
    for e in flagged:
        add(from_entry(e))
    return out


def merge_chosen(session: Session, keys: Iterable[str], own: Iterable[str] = ()) -> tuple[list[str], set[str]]:
    """The texts to store as the session's takeaways and the entry ids to flag, from the keys the
    learner ticked and the takeaways typed in their own words."""
    by_key = {c.key: c.text for c in candidates(session, limit=100_000)}
    texts: list[str] = []
    for key in dict.fromkeys(keys):
        if key in by_key and by_key[key] not in texts:
            texts.append(by_key[key])
    for text in own:
        text = " ".join(text.split())
        if text and text not in texts:
            texts.append(text)
    entry_ids = {k.removeprefix("entry:") for k in keys if k.startswith("entry:")}
    return texts, entry_ids


# -- cards -----------------------------------------------------------------------------------------


def _short(text: str, limit: int = 120) -> str:
    line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


_SPLIT_RE = re.compile(r"^(.{3,}?)(?::\s| - | = | means | is | are )(.{3,})$")


def _prompt_or_cloze(text: str) -> tuple[str, str]:
    """An insight as a question: its first line as a prompt (the rest answers it), or a cloze."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    if len(lines) > 1:
        return f"{lines[0]} …?", "\n".join(lines[1:])
    line = lines[0] if lines else text.strip()
    m = _SPLIT_RE.match(line)
    if m:
        head = line[: m.start(2)].rstrip()
        return f"{head} ____", line
    words = line.split()
    if len(words) >= 4:
        hide = max(1, len(words) // 3)
        return " ".join(words[:-hide]) + " ____", line
    return f"Say in your own words what \u201c{line}\u201d means.", line


def faces(t: Takeaway) -> tuple[str, str]:
    """(front, back) of the card for a takeaway: the front asks something answerable, from the
    kind of takeaway; the back holds the answer."""
    if t.kind == "mistake":
        return f"What did \u201c{_short(t.text)}\u201d teach you?", t.lesson
    if t.kind == "snippet":
        return f"What does this do?\n\n{t.text}", t.lesson
    if t.kind == "link":
        return f"What is \u201c{_short(t.text)}\u201d for, and where is it?", t.lesson or t.text
    if t.kind == "question":
        return t.text, t.lesson
    return _prompt_or_cloze(t.text)


def card_id(session: Session, key: str) -> str:
    """The id of a takeaway's card: the session's end time, then a hash of session and key.

    The same takeaway always gets the same id, so every process and worker that makes its card
    makes the same record, and ``Store.add`` (atomic under the lock) keeps only the first.
    """
    head = new_id(session.ended_at or session.created_at)[:10]
    digest = hashlib.sha256(f"{session.id}\0{key}".encode()).digest()
    return head + "".join(_ALPHABET[b & 31] for b in digest[:6])


def has_card(t: Takeaway, session_id: str, cards: Iterable[ReviewCard]) -> bool:
    """True when one of *cards* is this takeaway's, whichever version of the app made it (older
    ones were keyed by their text, with or without a mistake's lesson)."""
    texts = {t.full, t.text}
    return any(c.session_id == session_id and (c.key == t.key or (not c.key and c.text in texts))
               for c in cards)


def cards_for(session: Session, existing: list[ReviewCard], now: datetime) -> list[ReviewCard]:
    """Cards for the session's takeaways that have none yet: one card per takeaway."""
    from .review import new_card  # fsrs loads only when cards are made

    have_ids = {c.id for c in existing}
    out: list[ReviewCard] = []
    for t in chosen(session):
        cid = card_id(session, t.key)
        if cid in have_ids or has_card(t, session.id, existing):
            continue
        front, back = faces(t)
        card = new_card(t.full, session.id, now).model_copy(
            update={"id": cid, "key": t.key, "kind": t.kind, "front": front, "back": back})
        out.append(card)
        have_ids.add(cid)
    return out


def card_faces(card: ReviewCard) -> tuple[str, str]:
    """A card's front and back; a card from before fronts and backs gets them from its text."""
    if card.front:
        return card.front, card.back
    return faces(takeaway_of_text(card.text))


def takeaway_of_text(text: str) -> Takeaway:
    """A takeaway read back from its one-line form (an old card's text)."""
    text = text.strip()
    if ARROW in text:
        head, _, lesson = text.partition(ARROW)
        if head.strip() and lesson.strip():
            return Takeaway(f"text:{text}", "mistake", head.strip(), lesson.strip())
    return Takeaway(f"text:{text}", "takeaway", text)


def source_line(session: Session | None) -> str:
    """Where a card came from, for its back: 'From "Git workflows" with Priya, 25 Nov'."""
    if session is None:
        return "From a session that is no longer in the data folder"
    out = f"From \u201c{session.topic or 'a session'}\u201d"
    if session.mentor:
        out += f" with {session.mentor}"
    when = session.ended_at or session.started_at
    if when is not None:
        out += f", {when.astimezone():%d %b %Y}"
    return out


def session_digest(session: Session, answers: dict[str, tuple[str, str]]) -> list[tuple[str, str]]:
    """What the Before review shows of a past session, as (kind, text) lines in full (the widget
    wraps them at word boundaries): "answered" questions each followed by its "answer", then
    every "takeaway". *answers* maps question id -> (question text, answer)."""
    out: list[tuple[str, str]] = []
    for item in session.agenda:
        if item.state == "answered" and item.question_id in answers:
            question, answer = answers[item.question_id]
            out.append(("answered", " ".join(question.split())))
            if answer.strip():
                out.append(("answer", answer.strip()))
    out += [("takeaway", t.full) for t in chosen(session)]
    return out

"""Search everywhere: questions, answers, session notes and entries, practice tasks, materials.

No Textual here. :class:`DocCache` turns records into small searchable documents and re-reads
only what changed (a notes autosave re-reads one session file, not three hundred);
:class:`SearchIndex` answers a query in a few milliseconds at five years of data by scanning one
lower-cased haystack with ``str.find`` and jumping to the next document after each hit, so the
work grows with the number of matching documents, not with the size of the notes.
"""

from __future__ import annotations

import re
import threading
from array import array
from operator import attrgetter, itemgetter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from datetime import datetime
from typing import NamedTuple

from .export import session_when, title_of
from .inbox_rows import QuestionRow, question_row
from .models import Material, PracticeTask, Question, Session
from .store import StoreError
from .store.pacing import Pacer

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
KIND_LABEL = {"question": "Question", "session": "Session", "task": "Practice", "material": "Material"}


class Doc(NamedTuple):
    """One searchable text: a field of a record, with where Enter should take the learner.
    A tuple, not a dataclass: ~27,000 of them at five years, and tuples of strings are smaller
    and left alone by the garbage collector (its full passes over the app's heap showed up as
    250 ms pauses in the first search)."""

    kind: str  # "question" | "session" | "task" | "material"
    record_id: str
    field: str  # "question", "answer", "notes", "entry", ...
    #: The first line of the result. None from ``question_docs``: the first line of the
    #: record's first text, made when a result needs it (:meth:`DocColumns.doc`).
    title: str | None
    text: str
    order: int = 0  # position of the field inside its record (title fields first)
    entry_id: str | None = None


@dataclass(frozen=True)
class Result:
    """A hit: the document, a one-line snippet around the match and the spans to highlight."""

    doc: Doc
    snippet: str
    spans: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Found:
    """What a query found: the results to show and how many records matched in all."""

    results: list[Result]
    total: int


def fold(text: str) -> str:
    """Lower-case *text* without changing its length, so match offsets index the original."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(low_c if len(low_c := c.lower()) == 1 else c for c in text)


# --------------------------------------------------------------------------------------------------
# Records -> documents
# --------------------------------------------------------------------------------------------------


def _first_line(text: str, limit: int = 100) -> str:
    """A result's title: the first line, its tabs as spaces. Drawn as is, a tab reached the
    terminal, which moved on to its next tab stop: the title ran over the snippet below it."""
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line[:limit].replace("\t", " ")


#: The searchable text of each set of tags seen (see :func:`_tags_text`); cleared when it grows
#: past :data:`_TAG_TEXTS_MAX`.
_TAG_TEXTS: dict[tuple[str, ...], str] = {}
_TAG_TEXTS_MAX = 4096


def _tags_text(tags) -> str:
    """"#python #async" for a question's tags: one string per set of tags. A learner uses a
    handful of tags in a few combinations, and a string per question was ~0.3 MB at five years."""
    key = tuple(tags)
    text = _TAG_TEXTS.get(key)
    if text is None:
        if len(_TAG_TEXTS) >= _TAG_TEXTS_MAX:
            _TAG_TEXTS.clear()
        text = _TAG_TEXTS.setdefault(key, " ".join(f"#{t}" for t in key))
    return text


def question_docs(q: Question | QuestionRow | dict) -> list[Doc]:
    """A question's texts; from its row or model (the index then holds the very strings the
    screens' rows hold, not copies) or its JSON dump."""
    if isinstance(q, dict):
        rid, text, details, answer = (q["id"], q.get("text") or "", q.get("details") or "",
                                      q.get("answer") or "")
        tags, error = q.get("tags") or (), (q.get("context") or {}).get("error_text") or ""
    else:
        rid, text, details, answer = q.id, q.text, q.details, q.answer
        tags, error = q.tags, q.context.error_text
    # No title: 5,000 first lines kept at five years were ~0.75 MB; one is made per result.
    fields = [("question", text), ("details", details), ("answer", answer),
              ("tags", _tags_text(tags)), ("error", error)]
    return [Doc("question", rid, f, None, t, n) for n, (f, t) in enumerate(fields) if t.strip()]


def session_docs(s: Session | dict) -> list[Doc]:
    """A session's texts; from the model (the store's kept copy: shared strings) or, where the
    store could not read the models, its JSON dump (``Store.file_docs``)."""
    if isinstance(s, dict):
        # When it happened: the first of these set, as ``export.session_when`` takes them.
        when = datetime.fromisoformat(s.get("started_at") or s.get("scheduled_at") or s["created_at"])
        rid, topic, mentor, tags = s["id"], s.get("topic") or "", s.get("mentor") or "", s.get("tags") or ()
        summary, notes, takeaways = s.get("summary") or "", s.get("notes") or "", s.get("takeaways") or ()
        entries = [(e.get("kind") or "", e.get("text") or "", e.get("lesson") or "", e.get("id"))
                   for e in s.get("entries") or ()]
    else:
        when, rid, topic, mentor, tags = session_when(s), s.id, s.topic, s.mentor, s.tags
        summary, notes, takeaways = s.summary, s.notes, s.takeaways
        entries = [(e.kind, e.text, e.lesson, e.id) for e in s.entries]
    title = f"{when.astimezone():%Y-%m-%d} · {title_of(topic, mentor)}"
    head = " ".join([topic, mentor, *(f"#{t}" for t in tags)])
    fields = [("topic", head), ("summary", summary), ("notes", notes), ("takeaways", "\n".join(takeaways))]
    docs = [Doc("session", rid, f, title, t, n) for n, (f, t) in enumerate(fields) if t.strip()]
    for n, (kind, text, lesson, entry_id) in enumerate(entries, len(fields)):
        text = text + (f"\n{lesson}" if lesson else "")
        if text.strip():
            docs.append(Doc("session", rid, kind, title, text, n, entry_id))
    return docs


def _titled_docs(kind: str, record, fields: tuple[str, ...]) -> list[Doc]:
    """The texts of a record titled by its ``title`` (a task, a material); from the model (the
    store's kept copy: shared strings) or its JSON dump."""
    get = record.get if isinstance(record, dict) else partial(getattr, record)
    title = get("title") or ""
    texts = [(kind, title), *((name, get(name) or "") for name in fields)]
    return [Doc(kind, get("id"), f, title, x, n) for n, (f, x) in enumerate(texts) if x.strip()]


def task_docs(t: PracticeTask | dict) -> list[Doc]:
    return _titled_docs("task", t, ("details", "source"))


def material_docs(m: Material | dict) -> list[Doc]:
    return _titled_docs("material", m, ("location", "notes"))


# --------------------------------------------------------------------------------------------------
# The index
# --------------------------------------------------------------------------------------------------


_RECORD_ID = attrgetter("record_id")
_ORDER = attrgetter("order")


#: Documents looked through between two of :meth:`SearchIndex.steps`' yields (~0.5 ms of work).
EVERY_DOCS = 4096


class DocColumns:
    """Documents kept as columns, each record's together and in their order (as the ``*_docs``
    functions give them): a text, a field name and an order per document, the kind, id and
    title once per record. A :class:`Doc` per document, ~27,000 at five years, cost ~3 MB of
    tuples; a tuple per record ~0.6 MB more. A :class:`Doc` is made again only for a result.
    The order of a field in its record takes 4 bytes, and only entries have an entry id (a
    column of them was 27,000 references, nearly all to None)."""

    __slots__ = ("texts", "fields", "orders", "entry_ids", "kinds", "ids", "titles", "starts")

    def __init__(self, docs: Iterable[Doc] = ()) -> None:
        self.texts: list[str] = []
        self.fields: list[str] = []
        self.orders = array("i")
        self.entry_ids: dict[int, str] = {}  # document -> its entry's id, for entries only
        #: Per record: its kind, id and title (None: see ``Doc.title``), and the index of its
        #: first document.
        self.kinds: list[str] = []
        self.ids: list[str] = []
        self.titles: list[str | None] = []
        self.starts = array("q")
        self.add(docs)

    def add(self, docs: Iterable[Doc]) -> None:
        """Append documents; a record's must come together (a new record starts when the kind,
        id or title changes)."""
        ids, kinds, titles = self.ids, self.kinds, self.titles
        for d in docs:
            if not ids or ids[-1] != d.record_id or kinds[-1] != d.kind or titles[-1] != d.title:
                kinds.append(d.kind)
                ids.append(d.record_id)
                titles.append(d.title)
                self.starts.append(len(self.texts))
            if d.entry_id is not None:
                self.entry_ids[len(self.texts)] = d.entry_id
            self.texts.append(d.text)
            self.fields.append(d.field)
            self.orders.append(d.order)

    def __len__(self) -> int:
        return len(self.texts)

    @property
    def record_count(self) -> int:
        return len(self.ids)

    def span(self, r: int) -> range:
        """The documents of record *r*."""
        end = self.starts[r + 1] if r + 1 < len(self.starts) else len(self.texts)
        return range(self.starts[r], end)

    def doc(self, r: int, i: int) -> Doc:
        """Document *i* (of record *r*) as a :class:`Doc`, for a result."""
        title = self.titles[r]
        if title is None:
            title = _first_line(self.texts[self.starts[r]])
        return Doc(self.kinds[r], self.ids[r], self.fields[i], title, self.texts[i], self.orders[i],
                   self.entry_ids.get(i))


class SearchIndex:
    """An immutable index over documents, newest record first.

    It holds no copy of the texts: a query folds each text as it goes (``str.lower`` of a
    ~140-character text, freed at once) and looks in that. Over five years' 27,000 texts a
    query took 4-6 ms this way, against 1-16 ms in a folded copy of them all kept beside the
    models, which cost 3.8 MB (15 MB once one emoji made it four bytes a character): the
    texts themselves are the models' strings, which the screens hold anyway.

    The documents stay in the :class:`DocColumns` they were read into (one per collection,
    one per session file); the index only keeps the order of the records across them."""

    def __init__(self, docs: Iterable[Doc] = (), *, parts: list[DocColumns] | None = None) -> None:
        if parts is None:
            # Any documents, in any order (tests, one-off indexes): newest record first, a
            # record's fields in their order, by two stable sorts on one field each.
            ordered = sorted(docs, key=_ORDER)
            ordered.sort(key=_RECORD_ID, reverse=True)  # reverse keeps equal keys in order
            parts = [DocColumns(ordered)]
        self.parts = parts
        # Newest record first across the parts; a stable sort keeps equal ids in part order.
        heads = [(record_id, p, r) for p, cols in enumerate(parts) for r, record_id in enumerate(cols.ids)]
        heads.sort(key=itemgetter(0), reverse=True)
        self.part_of = array("q", [p for _, p, _ in heads])
        self.record_of = array("q", [r for _, _, r in heads])

    @property
    def docs(self) -> list[Doc]:
        """Every document, in the index's order (made afresh: for tests and benchmarks)."""
        return [self.parts[p].doc(r, i) for p, r in zip(self.part_of, self.record_of)
                for i in self.parts[p].span(r)]

    @property
    def size(self) -> int:
        """Characters indexed."""
        return sum(len(t) for cols in self.parts for t in cols.texts)

    def __len__(self) -> int:
        return sum(len(cols) for cols in self.parts)

    def search(self, query: str, limit: int = 50, width: int = 90) -> list[Result]:
        """Documents containing every word of *query* (case-insensitive), one per record."""
        return self.find(query, limit, width, count=False).results

    def find(self, query: str, limit: int = 50, width: int = 90, *, count: bool = True) -> Found:
        """The first *limit* results of :meth:`search` and, with *count*, how many records match
        in all (the rest are only counted: no snippet is made for them)."""
        for found in self.steps(query, limit, width, count=count):
            if found is not None:
                return found
        raise AssertionError("steps() ends with what it found")

    def steps(self, query: str, limit: int = 50, width: int = 90, *, count: bool = True,
              every: int = EVERY_DOCS) -> Iterator[Found | None]:
        """:meth:`find` in steps: None after every *every* documents or so (a record's are
        looked through together), then the :class:`Found`. The search screen runs it in an
        async worker and yields to the event loop at each None, so a count over five years
        never holds the UI and a newer keystroke cancels it."""
        words = [w for w in fold(_CONTROL.sub(" ", query)).split() if w]
        if not words:
            yield Found([], 0)
            return
        words = list(dict.fromkeys(words))
        key = max(words, key=len)
        others = [w for w in words if w != key]
        results: list[Result] = []
        seen: set[tuple[str, str]] = set()
        parts, done, due = self.parts, 0, every
        for p, r in zip(self.part_of, self.record_of):
            if done >= due:
                due += every
                yield None
            cols = parts[p]
            texts = cols.texts
            docs = cols.span(r)
            done += len(docs)
            for i in docs:
                text = texts[i]
                low = text.lower()  # fold's fast path, inline: ~40% of a query was the call
                if len(low) != len(text):
                    low = fold(text)
                if key not in low or (others and not all(w in low for w in others)):
                    continue
                kind, record_id = cols.kinds[r], cols.ids[r]
                if (kind, record_id) in seen:  # the same record twice (two files held it)
                    break
                seen.add((kind, record_id))
                if len(results) < limit:
                    results.append(snippet(cols.doc(r, i), low, low.find(key), words, width))
                if not count and len(results) >= limit:
                    yield Found(results, len(seen))
                    return
                break  # one result per record: its first matching document
        yield Found(results, len(seen))


def snippet(doc: Doc, low: str, at: int, words: list[str], width: int = 90) -> Result:
    """One line of *doc* around offset *at*, with every query word's occurrences marked."""
    start = max(0, min(at - width // 4, len(low) - width))
    if start:  # begin at a word boundary when one is near
        space = low.rfind(" ", max(0, start - 10), start + 5)
        start = space + 1 if space >= 0 else start
    end = min(len(low), start + width)
    text = doc.text[start:end].replace("\n", " ").replace("\r", " ").replace("\t", " ")
    window = low[start:end]
    prefix = "…" if start else ""
    spans = []
    for w in words:
        i = window.find(w)
        while i >= 0:
            spans.append((i + len(prefix), i + len(prefix) + len(w)))
            i = window.find(w, i + len(w))
    suffix = "…" if end < len(low) else ""
    return Result(doc, prefix + text + suffix, tuple(sorted(spans)))


# --------------------------------------------------------------------------------------------------
# Reading the store, incrementally
# --------------------------------------------------------------------------------------------------

KINDS = ("questions", "sessions", "tasks", "materials")


#: The model and the documents of each kind read as one collection (the sessions are read per file).
#: The kinds the screens hold as light rows (``Store.all(view=...)``): the index shares theirs.
_VIEWS: dict[str, Callable] = {"questions": question_row}
_READERS: dict[str, tuple[type, Callable]] = {
    "questions": (Question, question_docs), "tasks": (PracticeTask, task_docs),
    "materials": (Material, material_docs)}


class DocCache:
    """Documents per collection, kept between refreshes; thread-safe (one refresh at a time)."""

    def __init__(self, store) -> None:
        self.store = store
        self._lock = threading.Lock()
        #: Per collection, its documents as columns (the sessions: one part per file).
        self._by_kind: dict[str, list[DocColumns]] = {}
        self._sessions: dict[str, tuple[tuple, DocColumns, bool]] = {}  # name -> (stat, docs, shared)
        self._index: SearchIndex | None = None
        #: The kinds whose documents hold copies of texts (read from the files because no screen
        #: had read them yet), not the strings of the models the store keeps: see ``LiveIndex.share``.
        self.copied: set[str] = set()

    def refresh(self, kinds: set[str] | None = None, *,
                pause: float | Callable[[], float] = 0.0) -> SearchIndex:
        """Re-read *kinds* (None: whatever was never read) and return the index: the one
        returned before if nothing read differs from what it holds. Search asks for the
        sessions on every open (notes saved a moment ago must be found); making a new index
        for unchanged files cost ~25 ms of the first search at five years and ~100,000
        short-lived objects, enough to set off one of the collector's full passes (~0.1 s).
        *pause*: seconds to sleep after each slice of work (a background build; see ``Pacer``),
        or a function asked at each sleep (the build speeds up once someone is waiting for it)."""
        with self._lock:
            changed = self._index is None
            for kind in KINDS:
                if kind not in self._by_kind or (kinds is not None and kind in kinds):
                    parts = self._read(kind, pause)
                    if parts is not None:  # None: the sessions, unchanged
                        changed = True
                        self._by_kind[kind] = parts
            if changed:
                self._index = SearchIndex(parts=[p for parts in self._by_kind.values() for p in parts])
            return self._index

    def _read(self, kind: str, pause: float | Callable[[], float] = 0.0) -> list[DocColumns] | None:
        # Each kind as the store's models (or the questions' rows) when the store keeps them
        # (``Store.all``): when a screen has read them they are neither read nor validated
        # again, and the index shares their texts (at five years ~5 MB less than an index over
        # copies of them). Otherwise tasks and materials as JSON dumps (files the summary knows
        # to be canonical are not validated again), and questions as the rows the screens will
        # share, made from those dumps. Validating the models here instead (tried in stop 19)
        # made the first search after a tour wait ~200 ms more.
        if kind == "sessions":
            return self._read_sessions(pause)
        model, to_docs = _READERS[kind]
        view = _VIEWS.get(kind)
        if view is not None:
            # The rows the screens share, made from the files' dumps if no screen has read
            # them yet (``View.from_dump``): an index over copies of five years of questions'
            # texts held ~2 MB more until a screen's read let it share theirs.
            kept = self.store.all(model, pause=pause, view=view)
        else:
            kept = self.store.all_kept(model)  # validating five years of tasks would make Search wait
        if kept is None:
            self.copied.add(kind)
            return self._read_docs(model, to_docs, pause)
        self.copied.discard(kind)
        pacer = Pacer(pause)
        out = DocColumns()
        for record in kept:
            out.add(to_docs(record))
            pacer.tick()
        return [out]

    def _read_docs(self, model, to_docs: Callable[[dict], list[Doc]],
                   pause: float | Callable[[], float] = 0.0) -> list[DocColumns]:
        """A collection's documents from its JSON dumps (``Store.docs``), file by file with a
        pause between slices of work: read in one piece, five years of questions held the GIL
        for ~50 ms while a mode switch built its screen."""
        pacer = Pacer(pause)
        summary = self.store.summary([model])
        out = DocColumns()
        for path in self.store.files(model):
            for record in self.store.file_docs(model, path, summary):
                out.add(to_docs(record))
            pacer.tick()
        return [out]

    def _read_sessions(self, pause: float | Callable[[], float] = 0.0) -> list[DocColumns] | None:
        """The sessions' documents, re-reading only changed files; None if no file changed
        (nor was added or removed) since the last read, and one was read before."""
        fresh: dict[str, tuple[tuple, DocColumns, bool]] = {}
        # The store's models, read and kept here if no screen has yet (~30 ms at five years):
        # documents from the files' dumps were copies of every session's notes and entries
        # (~2 MB) until a screen's read let the index share its texts.
        try:
            self.store.all(Session, pause=pause)
        except StoreError:
            pass  # a file not ours: read file by file below, where it is skipped
        same = "sessions" in self._by_kind
        pacer = Pacer(pause)
        summary = None  # which files are canonical (no validation); read once a file changed
        for name, mtime, size in self.store.signature(Session):
            cached = self._sessions.get(name)
            unchanged = cached is not None and cached[0] == (mtime, size)
            if unchanged and cached[2]:
                fresh[name] = cached
                continue
            path = self.store.path_for(Session, name.removesuffix(".json"))
            kept = self.store.kept_records(path)
            # A file unchanged is not read again, unless its documents copy texts the store now
            # keeps as models: they are then made again from those models (nothing is read).
            if unchanged and kept is None:
                fresh[name] = cached
                continue
            same = False
            try:
                sessions = kept
                if sessions is None:
                    summary = summary or self.store.summary([Session])
                    sessions = self.store.file_docs(Session, path, summary)
            except StoreError:  # damaged: the store has set it aside and warned; search the rest
                sessions = []
            docs = DocColumns()
            for session in sessions:
                docs.add(session_docs(session))
            fresh[name] = ((mtime, size), docs, kept is not None)
            pacer.tick()
        if all(shared for _, _, shared in fresh.values()):
            self.copied.discard("sessions")
        else:
            self.copied.add("sessions")
        if same and fresh.keys() == self._sessions.keys():
            return None
        self._sessions = fresh
        return [docs for _, docs, _ in fresh.values()]

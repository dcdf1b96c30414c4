"""Every record mentor-tui stores, as pydantic v2 models.

Validation happens here, at the boundary: the store, the CLI and the screens only ever hand around
these models, so a bad value is rejected once, with a message that names the field.

Models use ``defer_build=True`` so that ``mentor-tui ask`` pays only for the models it touches
(building every schema at import costs ~25 ms, a sixth of the command's budget).
"""

from __future__ import annotations

import os
from datetime import date, datetime, timezone
from typing import Annotated, Any, Literal

import sys
import types

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from .cleantext import clean_text, fit_line, fit_path, one_line
from .clock import ago, local_day, utcnow
from .ids import ID_PATTERN, id_time, is_id, new_id


def _no_pydantic_plugins() -> None:
    """Tell pydantic there are no plugins before it looks for them.

    On the first schema it builds, pydantic imports ``importlib.metadata`` and scans every installed
    distribution's entry points for plugins (measured ~25-30 ms, a tenth of ``mentor-tui ask``).
    mentor-tui uses none, so the loader is replaced by one that finds none. Harmless if pydantic
    moves it (the stand-in is then never imported); ``PYDANTIC_DISABLE_PLUGINS`` set by the user
    is left to pydantic itself."""
    name = "pydantic.plugin._loader"
    if name in sys.modules or os.environ.get("PYDANTIC_DISABLE_PLUGINS") is not None:
        return
    loader = types.ModuleType(name)
    loader.get_plugins = lambda: ()  # type: ignore[attr-defined]
    sys.modules[name] = loader


_no_pydantic_plugins()

# Re-exported so callers need not import pydantic, or know where ids and time helpers live.
__all__ = ["ID_PATTERN", "ValidationError", "ago", "id_time", "is_id", "local_day", "new_id", "utcnow"]

# --------------------------------------------------------------------------------------------------
# Time (ids and the time helpers live in ``ids.py`` and ``clock.py``, free of pydantic)
# --------------------------------------------------------------------------------------------------


#: The last timestamp :func:`_to_utc` returned: a record's ``updated_at`` is most often its
#: ``created_at`` (8,811 of 9,111 records at five years), validated just before it, and the two
#: then share one (immutable) datetime: 48 bytes a record. Threads may race here harmlessly:
#: at worst an equal value is not shared.
_last_utc: datetime | None = None


def _to_utc(value: datetime) -> datetime:
    global _last_utc
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("timestamp must include a timezone (for example 2026-11-25T09:00:00Z)")
    utc = value.astimezone(timezone.utc)
    last = _last_utc
    if last is not None and last == utc:  # both in timezone.utc: the same instant, the same value
        return last
    _last_utc = utc
    return utc


UTCDateTime = Annotated[datetime, AfterValidator(_to_utc)]

# --------------------------------------------------------------------------------------------------
# Text
# --------------------------------------------------------------------------------------------------

# Text is cleaned before it is checked (``cleantext.py``): line breaks become "\n", other control
# characters are dropped, lone surrogates become U+FFFD, so one stray character copied from a web
# page or a terminal never blocks a save. Single-line fields get spaces for line breaks.


def _too_long(value: str, limit: int) -> ValueError:
    return ValueError(f"is too long ({len(value):,} characters; the limit is {limit:,})")


def _cleaned(value: Any, *, limit: int, single_line: bool) -> Any:
    if not isinstance(value, str):
        return value  # pydantic's own type check reports it
    if len(value) > 2 * limit:  # far too long: say so without scanning it all
        raise _too_long(value, limit)
    return one_line(value) if single_line else clean_text(value)


def _checked_text(value: str, *, limit: int, allow_empty: bool) -> str:
    if not allow_empty and not value.strip():
        raise ValueError("must not be empty")
    if len(value) > limit:
        raise _too_long(value, limit)
    return value


def _text(limit: int, *, single_line: bool = False, allow_empty: bool = False) -> Any:
    """A text type: cleaned (before pydantic's checks), then checked for emptiness and length."""
    return Annotated[
        str,
        BeforeValidator(lambda v: _cleaned(v, limit=limit, single_line=single_line)),
        AfterValidator(lambda v: _checked_text(v, limit=limit, allow_empty=allow_empty)),
    ]


def _fitted(fit: Any, limit: int) -> Any:
    """Context (where a question was asked) is made one line and shortened, never refused.
    Interned: the same few folders and branches recur in thousands of questions (see ``_tag``)."""
    return BeforeValidator(lambda v: sys.intern(fit(v, limit)) if isinstance(v, str) else v)


QUESTION_LIMIT = 2_000
NAME_LIMIT = 120
NOTES_LIMIT = 2_000_000

Title = _text(200, single_line=True)
Name = _text(NAME_LIMIT, single_line=True, allow_empty=True)
QuestionText = _text(QUESTION_LIMIT)
LongText = _text(200_000, allow_empty=True)
ShortText = _text(5_000, allow_empty=True)
NotesText = _text(NOTES_LIMIT, allow_empty=True)
ContextPath = Annotated[str, _fitted(fit_path, NAME_LIMIT)]  # keeps the end: …/last/parts
ContextLine = Annotated[str, _fitted(fit_line, NAME_LIMIT)]  # keeps the start: feature/lo…


def _tag(value: str) -> str:
    value = value.strip().lstrip("#").lower()
    if not value:
        raise ValueError("a tag must not be empty")
    if len(value) > 40:
        raise ValueError(f"tag {value[:20]!r}… is longer than 40 characters")
    if any(ch.isspace() for ch in value) or "," in value:
        raise ValueError(f"tag {value!r} must be one word (no spaces or commas)")
    # Interned: a handful of tags recur in thousands of records, each read from disk as its own
    # string (~55 bytes); one shared copy each (10,000 tag strings fewer at five years).
    return sys.intern(value)


Tag = Annotated[str, BeforeValidator(lambda v: clean_text(v) if isinstance(v, str) else v),
                AfterValidator(_tag)]
RecordId = Annotated[str, Field(pattern=ID_PATTERN)]
#: An id that points at another record (a question's session, a log's task): interned, since the
#: same few hundred ids recur in thousands of records. Not for a record's own id (unique).
RecordRef = Annotated[str, Field(pattern=ID_PATTERN), AfterValidator(sys.intern)]

# --------------------------------------------------------------------------------------------------
# Base
# --------------------------------------------------------------------------------------------------


class Model(BaseModel):
    """Base for everything stored: strict about unknown fields, re-validated on assignment."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, defer_build=True)

    def model_post_init(self, context: Any, /) -> None:
        """Share one "fields set" among the records of a kind that were given every field.

        Pydantic keeps a set of the field names each instance was given (``model_fields_set``,
        for ``exclude_unset``, which mentor-tui never uses). A record read from disk was given
        all of them, so its set is the full one: ~500 bytes per model, 13 MB of sets in all
        after every mode is visited at five years. A set holding every field cannot change
        (assignment only adds a name, already in it; ``model_copy`` copies the set first), so
        one per class serves every such record."""
        fields_set = self.__pydantic_fields_set__
        full = _FULL_FIELDS.get(type(self))
        if full is None:
            full = _FULL_FIELDS.setdefault(type(self), set(type(self).model_fields))
        if len(fields_set) == len(full):
            object.__setattr__(self, "__pydantic_fields_set__", full)
        _share_keys(self)


#: Per model class, the set of all its field names, shared by :meth:`Model.model_post_init`.
_FULL_FIELDS: dict[type, set[str]] = {}
#: Per model class, an empty-valued dict whose keys are shared (see :func:`_share_keys`), or
#: None where a dict of its own is smaller.
_SHARED_KEYS: dict[type, dict | None] = {}


def _share_keys(model: Model) -> None:
    """Give *model* a ``__dict__`` that shares its table of keys with the other records of its
    kind, when that is smaller.

    Pydantic gives each instance a dict of its own, keys and hash table included: 464 bytes for
    the 11 to 21 fields of a question, a session, a task or a card. CPython lets the instances
    of a plain class share one table of keys and hold only their values (a "split" dict, ~330
    bytes whatever the number of fields); a copy of such a dict shares the keys too, and setting
    a key it has keeps it split. So the record gets a copy of a dict made from a plain object
    with the same fields set in the same order, holding the record's values: 136 bytes less
    for each of ~7,000 such records at five years (Python 3.11-3.13). Pydantic only reads and
    sets existing keys of ``__dict__`` (assignment, ``model_copy``, equality, dumps)."""
    values = model.__dict__
    cls = type(model)
    try:
        keys = _SHARED_KEYS[cls]
    except KeyError:
        holder = type(f"{cls.__name__}Values", (), {})()
        for name in values:
            setattr(holder, name, None)
        keys = holder.__dict__
        if sys.getsizeof(keys.copy()) >= sys.getsizeof(dict.fromkeys(values)):
            keys = None  # few fields: a dict of its own is as small
        keys = _SHARED_KEYS.setdefault(cls, keys)
    if keys is not None and len(values) == len(keys):
        shared = keys.copy()
        shared.update(values)
        object.__setattr__(model, "__dict__", shared)


class Record(Model):
    """A stored record: a stable id and creation/update times."""

    id: RecordId = Field(default_factory=new_id)
    created_at: UTCDateTime = Field(default_factory=utcnow)
    updated_at: UTCDateTime = Field(default_factory=utcnow)


def describe_error(error: ValidationError) -> str:
    """One readable line for a validation error, naming the field(s) at fault."""
    parts = []
    for item in error.errors():
        where = ".".join(str(p) for p in item["loc"]) or "value"
        msg = item["msg"]
        msg = msg.removeprefix("Value error, ")
        parts.append(f"{where}: {msg}")
    return "; ".join(parts)


# --------------------------------------------------------------------------------------------------
# Questions
# --------------------------------------------------------------------------------------------------

QuestionStatus = Literal["open", "checking", "solved", "for_mentor", "answered", "dropped"]
Priority = Literal["low", "normal", "high"]


class QuestionContext(Model):
    """Where the learner was when the question came up (captured when it helps). Frozen: the
    records read from disk share one context per distinct value (see :func:`shared_context`),
    so none may change it in place (``model_copy(update=...)`` makes a new one)."""

    model_config = ConfigDict(frozen=True)

    cwd: ContextPath = ""
    git_repo: ContextLine = ""
    git_branch: ContextLine = ""
    error_text: LongText = ""


#: The contexts validated so far, by value (see :func:`shared_context`); cleared when it grows
#: past :data:`_CONTEXTS_MAX` (questions pasted with their error output are all different).
_CONTEXTS: dict[QuestionContext, QuestionContext] = {}
_CONTEXTS_MAX = 2000


def shared_context(context: QuestionContext) -> QuestionContext:
    """One instance per distinct context. A learner asks from a handful of folders and
    branches: at five years, 5,000 questions held 21 distinct contexts, each question its own
    copy (~400 bytes with its strings; 2 MB in all)."""
    if len(_CONTEXTS) >= _CONTEXTS_MAX:
        _CONTEXTS.clear()
    return _CONTEXTS.setdefault(context, context)


class Attempt(Model):
    """One thing tried during a stuck check, with when it was tried."""

    at: UTCDateTime = Field(default_factory=utcnow)
    text: ShortText


class Question(Record):
    """A question the learner wants answered, by themself or by their mentor."""

    text: QuestionText
    details: LongText = ""
    context: Annotated[QuestionContext, AfterValidator(shared_context)] = Field(default_factory=QuestionContext)
    tags: list[Tag] = Field(default_factory=list, max_length=20)
    priority: Priority = "normal"
    status: QuestionStatus = "open"
    attempts: list[Attempt] = Field(default_factory=list)
    check_started_at: UTCDateTime | None = None
    check_minutes: int | None = Field(default=None, ge=1, le=240)
    answer: LongText = ""
    answered_at: UTCDateTime | None = None
    solved_alone: bool | None = None
    session_id: RecordRef | None = None


# --------------------------------------------------------------------------------------------------
# Sessions
# --------------------------------------------------------------------------------------------------

SessionStatus = Literal["planned", "live", "ended", "cancelled", "missed"]
EntryKind = Literal["note", "question", "insight", "mistake", "snippet", "link"]
AgendaState = Literal["pending", "current", "answered", "skipped", "carried"]


class AgendaItem(Model):
    """A question on a session's agenda, in order, with an estimate."""

    question_id: RecordRef
    minutes: int = Field(default=5, ge=0, le=600)
    state: AgendaState = "pending"


class Entry(Model):
    """A timestamped quick entry made during a session."""

    id: RecordId = Field(default_factory=new_id)
    at: UTCDateTime = Field(default_factory=utcnow)
    kind: EntryKind
    text: LongText
    lesson: ShortText = ""  # for a mistake: what it taught
    label: ShortText = ""  # for a link: what it is (its URL is the text)
    takeaway: bool = False


class Session(Record):
    """One mentoring session: planned, live, or past."""

    mentor: Name = ""
    topic: Name = ""
    status: SessionStatus = "planned"
    scheduled_at: UTCDateTime | None = None
    started_at: UTCDateTime | None = None
    ended_at: UTCDateTime | None = None
    planned_minutes: int = Field(default=45, ge=1, le=600)
    agenda: list[AgendaItem] = Field(default_factory=list)
    notes: NotesText = ""
    entries: list[Entry] = Field(default_factory=list)
    takeaways: list[ShortText] = Field(default_factory=list)
    summary: LongText = ""
    rating: int | None = Field(default=None, ge=1, le=5)
    tags: list[Tag] = Field(default_factory=list, max_length=20)


# --------------------------------------------------------------------------------------------------
# Practice
# --------------------------------------------------------------------------------------------------

TaskKind = Literal["warmup", "core", "stretch"]
TaskStatus = Literal["todo", "doing", "done", "dropped"]
KIND_ORDER = {"warmup": 0, "core": 1, "stretch": 2}


class PracticeTask(Record):
    """A small piece of practice that came out of a session."""

    title: Title
    details: LongText = ""
    kind: TaskKind = "core"
    status: TaskStatus = "todo"
    drop_reason: ShortText = ""
    session_id: RecordRef | None = None
    source: ShortText = ""  # the takeaway or note line it came from
    due_at: UTCDateTime | None = None
    timer_started_at: UTCDateTime | None = None
    done_at: UTCDateTime | None = None


class PracticeLog(Record):
    """Time spent practising, from the timer or typed in by hand."""

    task_id: RecordRef | None = None
    day: date = Field(default_factory=lambda: datetime.now().date())
    minutes: float = Field(gt=0, le=24 * 60)
    note: ShortText = ""


class ReviewCard(Record):
    """A takeaway scheduled for spaced review; ``card`` is the fsrs library's own dict.

    ``front`` asks, ``back`` answers (both editable); ``text`` is the takeaway as it was kept and
    ``key`` where in its session it came from (see ``takeaways.py``). A suspended card is never due.
    """

    text: ShortText
    session_id: RecordRef | None = None
    key: ShortText = ""
    kind: Name = ""
    front: LongText = ""
    back: LongText = ""
    suspended: bool = False
    card: dict[str, Any] = Field(default_factory=dict)
    due_at: UTCDateTime = Field(default_factory=utcnow)
    last_rating: Literal["again", "hard", "good", "easy"] | None = None
    reviews: int = 0


# --------------------------------------------------------------------------------------------------
# Equipment and materials
# --------------------------------------------------------------------------------------------------

CheckStatus = Literal["ok", "warn", "fail", "skipped"]
Verdict = Literal["ready", "warn", "fail"]


class CheckItem(Model):
    """One reading of the equipment check and how it compares to its threshold."""

    name: Name
    status: CheckStatus
    value: ShortText = ""
    detail: ShortText = ""
    fix: ShortText = ""


class EquipmentCheck(Record):
    """The result of one equipment check."""

    verdict: Verdict
    items: list[CheckItem] = Field(default_factory=list)
    download_mbps: float | None = None
    upload_mbps: float | None = None
    latency_ms: float | None = None
    jitter_ms: float | None = None
    loss_pct: float | None = None


class Material(Record):
    """A past exercise or project the learner wants to look over before a session."""

    title: Title
    location: ShortText = ""  # a path or a link
    notes: LongText = ""
    last_reviewed_at: UTCDateTime | None = None


def cwd_or_empty() -> str:
    """The working directory, or "" if it was deleted under us."""
    try:
        return os.getcwd()
    except OSError:
        return ""


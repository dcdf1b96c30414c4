"""Taking notes elsewhere: a session as Markdown, everything as JSON, and importing that JSON back.

No Textual here: the CLI (``mentor-tui export`` / ``import``) and the History screen share it.

Markdown is written to read well on its own (a notes vault such as Obsidian, or a mail to the
mentor): YAML front matter, then agenda with answers, notes, entries and the practice plan.
File names come from :func:`slugify`, so a topic such as ``../../etc/passwd`` can only ever become
``etc-passwd`` inside the target folder. An existing file is replaced only when mentor-tui wrote it
(it carries our marker) and nobody changed it since (it carries the SHA-256 of what we wrote, see
:func:`stamp`); a file the learner edited is kept and the new export written beside it
(``name.1.md``), so an export never clobbers the learner's own words.

JSON holds every collection with a format marker and the schema version. Import validates the
whole file before writing anything and replaces records by id, so importing twice adds nothing
twice.
"""

from __future__ import annotations

import hashlib
import json
import re
import stat
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from .store.version import SCHEMA_VERSION
from .models import (
    PracticeLog,
    PracticeTask,
    Question,
    Record,
    ReviewCard,
    Session,
    ValidationError,
    describe_error,
    utcnow,
)
from .inbox_rows import question_row
from .plural import counted

FORMAT = "mentor-tui-export"
GENERATOR = "mentor-tui"
MD_MARK = f"generator: {GENERATOR}"
JSON_MARK = f'"format": "{FORMAT}"'
INDEX_NAME = "index.md"
DEFAULT_FOLDER = "mentor-tui-export"


class ExportError(ValueError):
    """An export or import that cannot go ahead; the message is one readable line.

    A ValueError, so the app's store worker reports it like any other bad input."""


# --------------------------------------------------------------------------------------------------
# What a session brings with it
# --------------------------------------------------------------------------------------------------


@dataclass
class SessionBundle:
    """A session and the records linked to it (for Markdown and for the read view)."""

    session: Session
    questions: dict[str, Question] = field(default_factory=dict)  # by id: agenda + answered here
    tasks: list[PracticeTask] = field(default_factory=list)

    @property
    def answered(self) -> list[Question]:
        """Questions answered in this session (linked by session_id or ticked on its agenda)."""
        ticked = {a.question_id for a in self.session.agenda if a.state == "answered"}
        return [q for q in self.questions.values()
                if q.id in ticked or (q.session_id == self.session.id and q.answer.strip())]


def bundles(sessions: Iterable[Session], questions: Iterable[Question],
            tasks: Iterable[PracticeTask]) -> list[SessionBundle]:
    """Link every session to its questions and tasks in one pass (newest session first)."""
    by_id = {q.id: q for q in questions}
    by_session: dict[str, list[Question]] = {}
    for q in by_id.values():
        if q.session_id:
            by_session.setdefault(q.session_id, []).append(q)
    tasks_by: dict[str, list[PracticeTask]] = {}
    for t in tasks:
        if t.session_id:
            tasks_by.setdefault(t.session_id, []).append(t)
    out = []
    for s in sessions:
        linked = {q.id: q for q in by_session.get(s.id, [])}
        for item in s.agenda:
            if item.question_id in by_id:
                linked.setdefault(item.question_id, by_id[item.question_id])
        out.append(SessionBundle(s, linked, tasks_by.get(s.id, [])))
    out.sort(key=lambda b: (session_when(b.session), b.session.id), reverse=True)
    return out


def load_bundle(store, session_id: str) -> SessionBundle:
    """One session (id or unique prefix) with its linked records, read from *store*."""
    from .store import StoreError

    try:
        session = store.find(Session, session_id)
    except StoreError as exc:
        raise ExportError(str(exc)) from None
    return bundles([session], store.all(Question, view=question_row), store.all(PracticeTask))[0]


def holds_nothing(s: Session) -> bool:
    """A planned session with no agenda, notes, entries or takeaways: a placeholder, not history."""
    return s.status == "planned" and not (s.agenda or s.notes.strip() or s.entries or s.takeaways
                                          or s.summary.strip())


def load_all_bundles(store) -> list[SessionBundle]:
    """Every session worth listing (History, ``export --all``): empty placeholders left out."""
    sessions = [s for s in store.all(Session) if not holds_nothing(s)]
    return bundles(sessions, store.all(Question, view=question_row), store.all(PracticeTask))


def rating_text(s: Session) -> str:
    """ "4/5" for a rated session, "" for one without a rating."""
    return f"{s.rating}/5" if s.rating else ""


# --------------------------------------------------------------------------------------------------
# Markdown
# --------------------------------------------------------------------------------------------------

KIND_LABEL = {"note": "Note", "question": "Question", "insight": "Insight", "mistake": "Mistake",
              "snippet": "Snippet", "link": "Link"}
TASK_KIND = {"warmup": "warm-up", "core": "task", "stretch": "stretch"}
STATE_LABEL = {"pending": "not reached", "current": "in progress", "answered": "answered",
               "skipped": "skipped", "carried": "carried over"}


def session_when(s: Session) -> datetime:
    """When a session happened (or is planned), for dating and sorting it."""
    return s.started_at or s.scheduled_at or s.created_at


def session_title(s: Session) -> str:
    return title_of(s.topic, s.mentor)


def title_of(topic: str, mentor: str) -> str:
    """A session's title from its topic and mentor (``session_title``; also for JSON dumps)."""
    topic = topic.strip() or "Mentoring session"
    return f"{topic} with {mentor.strip()}" if mentor.strip() else topic


def slugify(text: str, limit: int = 60) -> str:
    """A file-name-safe slug: ASCII letters, digits and single dashes, never empty, never a path."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:limit].strip("-")
    return slug or "session"


def session_filename(s: Session) -> str:
    """``2026-11-25-closures-with-ana-x7k2qd.md``: sortable by date, unique by the id's tail."""
    return f"{session_when(s).astimezone():%Y-%m-%d}-{slugify(session_title(s))}-{s.id[-6:]}.md"


def _yaml(value: str) -> str:
    # A JSON string is a valid YAML double-quoted scalar: quotes, colons and newlines stay safe.
    return json.dumps(value, ensure_ascii=False)


def _fence(text: str) -> str:
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)


def _quote(text: str) -> list[str]:
    return [f"> {line}".rstrip() for line in text.strip().splitlines()] or [">"]


def _indent(text: str, by: str = "   ") -> list[str]:
    return [f"{by}{line}".rstrip() for line in text.strip().splitlines()]


def demote_headings(text: str, by: int = 2) -> str:
    """Push the learner's own ``#`` headings below the document's ``##`` sections (not in code)."""
    out, fence = [], ""
    for line in text.splitlines():
        stripped = line.lstrip()
        marker = re.match(r"(`{3,}|~{3,})", stripped)
        if marker and (not fence or marker.group(1).startswith(fence)):
            fence = "" if fence else marker.group(1)
        elif not fence and (heading := re.match(r"(#{1,6})\s", line)):
            line = "#" * min(by, 6 - len(heading.group(1))) + line
        out.append(line)
    return "\n".join(out)


def _link_text(text: str) -> str:
    return re.sub(r"([\\\[\]])", r"\\\1", text)


def markdown_link(label: str, url: str) -> str:
    """``[label](url)``, or ``<url>`` without a label: a link in CommonMark and Obsidian alike.

    A destination with spaces or parentheses goes in angle brackets, which CommonMark allows."""
    url = url.strip()
    dest = f"<{url}>" if re.search(r"[\s()<>]", url) and "<" not in url and ">" not in url else url
    if not label.strip():
        return f"<{url}>" if re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*", url) else _inline(url)
    return f"[{_link_text(label.strip())}]({dest})"


def _inline(text: str) -> str:
    """A line of the learner's text placed after a list marker: a leading character that would
    start a heading, quote, list or code block there is escaped, so the list item stays one."""
    text = text.strip()
    number = re.match(r"(\d{1,9})([.)])(\s|$)", text)
    if number:  # "1. x" would start an ordered list: escape the dot
        return f"{number.group(1)}\\{text[len(number.group(1)):]}"
    if re.match(r"(#{1,6}(\s|$)|>|[-+*](\s|$)|=+\s*$|`{3,}|~{3,})", text):
        return "\\" + text
    return text


def front_matter(s: Session) -> list[str]:
    when = session_when(s).astimezone()
    lines = ["---", f"title: {_yaml(session_title(s))}", f"date: {when:%Y-%m-%d}",
             f"time: \"{when:%H:%M}\"", f"mentor: {_yaml(s.mentor)}", f"topic: {_yaml(s.topic)}",
             f"tags: [{', '.join(_yaml(t) for t in s.tags)}]", f"status: {s.status}"]
    if s.rating:
        lines.append(f"rating: {s.rating}")
    lines += [f"session_id: {s.id}", MD_MARK, "---", ""]
    return lines


def session_markdown(bundle: SessionBundle, *, with_front_matter: bool = True,
                     notes_limit: int | None = None) -> str:
    """One session as a Markdown document that stands on its own."""
    s = bundle.session
    when = session_when(s).astimezone()
    lines: list[str] = front_matter(s) if with_front_matter else []
    lines += [f"# {session_title(s)}", ""]
    meta = [f"{when:%A %d %B %Y, %H:%M}"]
    if s.started_at and s.ended_at:
        meta.append(f"{round((s.ended_at - s.started_at).total_seconds() / 60)} min")
    else:
        meta.append(f"{s.planned_minutes} min planned")
    meta.append(s.status)
    if s.rating:
        meta.append(f"rated {rating_text(s)}")
    if s.tags:
        meta.append(" ".join(f"#{t}" for t in s.tags))
    lines += ["*" + " · ".join(meta) + "*", ""]
    if s.summary.strip():
        lines += ["## Summary", "", s.summary.strip(), ""]

    if s.agenda:
        lines += ["## Agenda", ""]
        for n, item in enumerate(s.agenda, 1):
            q = bundle.questions.get(item.question_id)
            text = q.text.strip().splitlines()[0] if q else f"(question {item.question_id} not found)"
            state = "planned" if s.status == "planned" and item.state == "pending" else STATE_LABEL[item.state]
            lines.append(f"{n}. **{text}** — {state}")
            if q and q.answer.strip():
                lines += ["", *_indent("\n".join(_quote(q.answer)))]
            lines.append("")
    on_agenda = {a.question_id for a in s.agenda}
    extra = [q for q in bundle.answered if q.id not in on_agenda]
    if extra:
        lines += ["## Also answered", ""]
        for q in extra:
            lines += [f"- **{q.text.strip().splitlines()[0]}**", "", *_indent(q.answer, "  "), ""]

    if s.notes.strip():
        notes = s.notes.strip()
        cut = notes_limit is not None and len(notes) > notes_limit
        lines += ["## Notes", "", demote_headings(notes[:notes_limit] if cut else notes), ""]
        if cut:
            lines += [f"*… {len(notes) - notes_limit:,} more characters: export the session to "
                      "read them all.*", ""]

    if s.entries:
        lines += ["## Entries", ""]
        for e in sorted(s.entries, key=lambda e: e.at):
            head = f"- **{e.at.astimezone():%H:%M} · {KIND_LABEL[e.kind]}"
            head += " · takeaway**" if e.takeaway else "**"
            if e.kind == "snippet":
                fence = _fence(e.text)
                lines += [head, "", f"  {fence}", *_indent(e.text, "  "), f"  {fence}"]
            elif e.kind == "link":
                lines.append(f"{head} {markdown_link(e.label, e.text)}")
            else:
                body = e.text.strip().splitlines() or [""]
                lines += [f"{head} {body[0]}", *_indent("\n".join(body[1:]), "  ")]
            if e.lesson.strip():
                lines.append(f"  - lesson: {e.lesson.strip()}")
        lines.append("")

    if s.takeaways:
        lines += ["## Takeaways", ""]
        for t in s.takeaways:
            first, *rest = t.strip().splitlines() or [""]
            if first:
                lines += [f"- {_inline(first)}", *_indent("\n".join(rest), "  ")]
        lines.append("")

    if bundle.tasks:
        lines += ["## Practice plan", ""]
        order = {"warmup": 0, "core": 1, "stretch": 2}
        for t in sorted(bundle.tasks, key=lambda t: (order[t.kind], t.id)):
            box = "x" if t.status == "done" else " "
            due = f" (due {t.due_at.astimezone():%d %b})" if t.due_at and t.status != "done" else ""
            dropped = " — dropped" if t.status == "dropped" else ""
            lines.append(f"- [{box}] {TASK_KIND[t.kind]}: {t.title}{due}{dropped}")
            if t.details.strip():
                lines += _indent(t.details, "  ")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def index_markdown(items: list[tuple[SessionBundle, str]], now: datetime | None = None) -> str:
    """The index of an ``--all`` export: one linked line per session, newest first."""
    now = now or utcnow()
    lines = ["---", "title: \"Mentoring sessions\"", f"exported: {now.astimezone():%Y-%m-%d}",
             MD_MARK, "---", "", "# Mentoring sessions", ""]
    if not items:
        lines.append("No sessions yet.")
    for bundle, name in items:
        s = bundle.session
        counts = (f"{counted(len(s.entries), 'entry')} · {len(bundle.answered)} answered · "
                  f"{counted(len(bundle.tasks), 'task')}")
        lines.append(f"- {session_when(s).astimezone():%Y-%m-%d} · [{_link_text(session_title(s))}]({name}) — {counts}")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------------------
# Writing files safely
# --------------------------------------------------------------------------------------------------


HASH_KEY = "export_sha256"
_ZEROS = "0" * 64
#: The hash line: in Markdown front matter (``export_sha256: HEX``) or as a top-level JSON key.
_HASH_LINE = re.compile(r'^(?:export_sha256: |  "export_sha256": ")([0-9a-f]{64})', re.M)
MAX_EXISTING = 64 * 1024 * 1024  # an existing export larger than this is not read back


def stamp(text: str, mark: str) -> str:
    """*text* with the SHA-256 of itself written in, so a later export can tell whether the learner
    changed the file since (the hash is computed with its own value zeroed)."""
    if mark == MD_MARK:
        anchor, line = f"\n{MD_MARK}\n", f"{HASH_KEY}: {{}}\n"
    else:
        anchor, line = f"{JSON_MARK},\n", f'  "{HASH_KEY}": "{{}}",\n'
    head, found, tail = text.partition(anchor)
    if not found:
        return text
    digest = hashlib.sha256((head + anchor + line.format(_ZEROS) + tail).encode("utf-8")).hexdigest()
    return head + anchor + line.format(digest) + tail


def unchanged_since_export(raw: bytes) -> bool:
    """True when *raw* is exactly what :func:`stamp` wrote (its hash still matches)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    found = _HASH_LINE.search(text)
    if found is None:
        return False  # written before hashes (or the line was removed): it may hold edits
    zeroed = text[: found.start(1)] + _ZEROS + text[found.end(1):]
    return hashlib.sha256(zeroed.encode("utf-8")).hexdigest() == found.group(1)


def _state(path: Path, mark: str) -> str:
    """``free`` (nothing there), ``ours`` (our export, untouched), ``changed`` (our export, edited
    since), ``foreign`` (not ours) or ``odd`` (a link, folder, FIFO or device: never opened)."""
    try:
        st = path.lstat()
    except FileNotFoundError:
        return "free"
    except OSError:
        return "odd"
    if not stat.S_ISREG(st.st_mode):
        return "odd"
    if st.st_size > MAX_EXISTING:
        return "foreign"
    try:
        raw = path.read_bytes()
    except OSError:
        return "odd"
    if mark.encode() not in raw[:4096]:
        return "foreign"
    return "ours" if unchanged_since_export(raw) else "changed"


def _target(path: Path, mark: str, kept: list[tuple[Path, Path]] | None) -> Path:
    """Where an export meant for *path* goes: *path* itself when it is free or our own untouched
    export; beside it (``name.1.md``, ``name.2.md`` …) when the learner changed it since."""
    state = _state(path, mark)
    if state in ("free", "ours"):
        return path
    if state == "odd":
        raise ExportError(f"{path} is not a regular file; choose another place (nothing was written)")
    if state == "foreign":
        raise ExportError(f"{path} already exists and was not written by mentor-tui; "
                          "choose another place (nothing was overwritten)")
    for n in range(1, 1000):
        beside = path.with_name(f"{path.stem}.{n}{path.suffix}")
        if _state(beside, mark) in ("free", "ours"):
            if kept is not None:
                kept.append((path, beside))
            return beside
    raise ExportError(f"{path} was changed since it was exported and no free name is left beside it")


def clean_temp_files(folder: Path) -> None:
    """Remove hidden temp files a killed export left in *folder* (their writer is gone)."""
    from .store.files import remove_dead_temp_files

    remove_dead_temp_files(folder)


def safe_write(path: Path, text: str, mark: str, kept: list[tuple[Path, Path]] | None = None) -> Path:
    """Write *text* to *path* atomically and return where it went.

    Never replaces a file mentor-tui did not write, nor one the learner changed since mentor-tui
    wrote it: the new export then goes beside it (``name.1.md``), and ``(path, beside)`` is added
    to *kept*."""
    from .store import atomic_write

    if path.is_dir() and not path.is_symlink():
        raise ExportError(f"{path} is a folder; give a file name")
    target = _target(path, mark, kept)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        clean_temp_files(target.parent)
        atomic_write(target, stamp(text, mark).encode("utf-8"))
    except OSError as exc:
        raise ExportError(f"cannot write {target}: {exc.strerror or exc}") from None
    return target


def write_session(bundle: SessionBundle, out: Path, kept: list[tuple[Path, Path]] | None = None) -> Path:
    """Write one session's Markdown; *out* is a folder (created if missing) or a ``.md`` file."""
    out = Path(out).expanduser()
    target = out if out.suffix.lower() == ".md" and not out.is_dir() else out / session_filename(bundle.session)
    return safe_write(target, session_markdown(bundle), MD_MARK, kept)


def write_all(bundles_: list[SessionBundle], folder: Path, now: datetime | None = None,
              kept: list[tuple[Path, Path]] | None = None) -> list[Path]:
    """One Markdown file per session plus ``index.md`` in *folder*; returns the paths written.

    Every name is a slug joined to *folder*, and checked to land directly inside it. A file the
    learner changed since the last export is left as it is and the new one written beside it
    (the index then links to the new one); ``(changed, beside)`` pairs are added to *kept*."""
    folder = Path(folder).expanduser()
    if folder.exists() and not folder.is_dir():
        raise ExportError(f"{folder} is a file; --all needs a folder")
    names: dict[str, SessionBundle] = {}
    for b in bundles_:
        name = session_filename(b.session)
        if name in names or name == INDEX_NAME:
            name = name.removesuffix(".md") + f"-{b.session.id}.md"
        names[name] = b
    # Check every target before writing any, so a refusal leaves the folder as it was.
    targets = [(folder / name, b) for name, b in names.items()]
    for target, _ in [*targets, (folder / INDEX_NAME, None)]:
        if target.parent != folder or target.name in ("", ".", ".."):
            raise ExportError(f"refusing to write outside {folder}: {target.name!r}")
        if _state(target, MD_MARK) in ("foreign", "odd"):
            raise ExportError(f"{target} already exists and was not written by mentor-tui; "
                              "choose another folder (nothing was overwritten)")
    written = [safe_write(t, session_markdown(b), MD_MARK, kept) for t, b in targets]
    index = index_markdown([(b, path.name) for path, (_, b) in zip(written, targets)], now)
    written.append(safe_write(folder / INDEX_NAME, index, MD_MARK, kept))
    return written


# --------------------------------------------------------------------------------------------------
# JSON export and import
# --------------------------------------------------------------------------------------------------


def _collections():
    from .store import COLLECTIONS

    return {c.name: c.model for c in COLLECTIONS.values()}


def export_data(store, *, session_id: str | None = None, now: datetime | None = None) -> dict[str, Any]:
    """Everything in the store (or one session and what links to it) as a JSON-ready dict."""
    kinds = _collections()
    # Read for this export only: kept, five years of questions as models were ~6 MB more for
    # the app's life (its screens share rows, ``inbox_rows``).
    records: dict[str, list[Record]] = {name: store.all(model, keep=False) for name, model in kinds.items()}
    if session_id is not None:
        bundle = load_bundle(store, session_id)
        sid = bundle.session.id
        task_ids = {t.id for t in bundle.tasks}
        keep = {
            "sessions": [bundle.session],
            "questions": [q for q in records["questions"] if q.id in bundle.questions],
            "tasks": sorted(bundle.tasks, key=lambda t: t.id),
            "logs": [r for r in records["logs"] if isinstance(r, PracticeLog) and r.task_id in task_ids],
            "cards": [r for r in records["cards"] if isinstance(r, ReviewCard) and r.session_id == sid],
        }
        records = {name: keep.get(name, []) for name in kinds}
    return {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "exported_at": (now or utcnow()).isoformat().replace("+00:00", "Z"),
        "collections": {name: [r.model_dump(mode="json") for r in records[name]] for name in kinds},
    }


def dumps(data: dict[str, Any]) -> str:
    """Stable, readable JSON (the format marker comes first, so a file can be recognised)."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def write_json(data: dict[str, Any], out: Path, now: datetime | None = None,
               kept: list[tuple[Path, Path]] | None = None) -> Path:
    """Write an export to *out* (a ``.json`` file, or a folder that gets a dated file)."""
    out = Path(out).expanduser()
    if out.is_dir() or out.suffix.lower() != ".json":
        out = out / f"mentor-tui-{(now or utcnow()).astimezone():%Y-%m-%d}.json"
    return safe_write(out, dumps(data), JSON_MARK, kept)


def kept_line(changed: Path, beside: Path) -> str:
    """One line telling the learner their edited export was kept and where the new one went."""
    return f"{changed} was changed since it was exported; kept it as it is, the new export is {beside.name}"


@dataclass
class ImportResult:
    added: int = 0
    replaced: int = 0
    unchanged: int = 0

    def summary(self) -> str:
        total = self.added + self.replaced + self.unchanged
        return (f"{counted(total, 'record')}: {self.added} new, {self.replaced} replaced, "
                f"{self.unchanged} already up to date")


def read_export(path: Path) -> dict[str, list[Record]]:
    """Parse and validate an export file completely; raises ExportError naming what is wrong."""
    from .store import migrations

    from .store.files import DATA_CAP, read_regular

    path = Path(path).expanduser()
    try:
        raw = read_regular(path, DATA_CAP)  # a FIFO or /dev/zero is refused, not waited on
    except OSError as exc:
        if exc.strerror == "is a folder" or isinstance(exc, IsADirectoryError):
            raise ExportError(f"{path} is a folder, not an export file") from None
        raise ExportError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise ExportError(f"{path} is not a mentor-tui export (it is not JSON)") from None
    except RecursionError:  # json recurses once per nested array or object
        raise ExportError(f"{path} is not a mentor-tui export (it is nested too deeply)") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ExportError(f"{path} is not a mentor-tui export (no \"format\": \"{FORMAT}\" marker)")
    version = data.get("schema_version")
    if not isinstance(version, int) or version < 1:
        raise ExportError(f"{path} has no valid schema_version")
    if version > SCHEMA_VERSION:
        raise ExportError(f"{path} was written by a newer mentor-tui (schema {version}; this one "
                          f"reads up to {SCHEMA_VERSION}); upgrade mentor-tui to import it")
    colls = data.get("collections")
    if not isinstance(colls, dict):
        raise ExportError(f"{path} has no \"collections\" object")
    kinds = _collections()
    unknown = sorted(set(colls) - set(kinds))
    if unknown:
        raise ExportError(f"{path} holds unknown collections: {', '.join(unknown)}")
    out: dict[str, list[Record]] = {}
    for name, items in colls.items():
        if not isinstance(items, list):
            raise ExportError(f"{path}: {name} is not a list")
        if version < SCHEMA_VERSION:  # older exports go through the same steps as old data files
            try:
                items = list(migrations.migrate(name, {name: {str(i): d for i, d in enumerate(items)}},
                                                version)[name].values())
            except ValueError as exc:
                raise ExportError(f"{path}: {exc}") from None
        model = kinds[name]
        records = []
        for n, item in enumerate(items):
            try:
                records.append(model.model_validate(item))
            except ValidationError as exc:
                rid = item.get("id", "?") if isinstance(item, dict) else "?"
                raise ExportError(f"{path}: {name}[{n}] (id {rid}): {describe_error(exc)}") from None
        ids = [r.id for r in records]
        if len(ids) != len(set(ids)):
            raise ExportError(f"{path}: {name} lists the same id twice")
        out[name] = records
    return out


def import_file(store, path: Path) -> ImportResult:
    """Import an export: same id -> replaced (kept exactly as exported), new id -> added.

    Nothing is written unless the whole file is valid; records already identical are not
    rewritten, so a second import of the same file changes nothing."""
    kinds = _collections()
    incoming = read_export(path)
    result = ImportResult()
    to_write: list[Record] = []
    for name, records in incoming.items():
        if not records:
            continue
        current = {r.id: r for r in store.all(kinds[name])}
        for record in records:
            old = current.get(record.id)
            if old is None:
                result.added += 1
            elif old.model_dump(mode="json") == record.model_dump(mode="json"):
                result.unchanged += 1
                continue
            else:
                result.replaced += 1
            to_write.append(record)
    if to_write:
        store.put_many(to_write, stamp=False)
    return result

"""The next session's agenda, for the mentor and for the calendar: Markdown, JSON and iCalendar.

No Textual here: ``mentor-tui agenda`` and the Agenda tab's copy/calendar keys share it.

The agenda is the one the Agenda tab shows: the next planned session's questions in order, each
with its estimate, what the learner tried during the stuck check and the error text. Markdown is
for pasting into a chat or a mail to the mentor, so error text sits in fenced blocks whose fences
are longer than any run of backticks in it (a pasted ````` ``` ````` cannot close the block early).
The learner's text is kept as written: brackets, emoji and Markdown in it come out unchanged.

Writing a file: :func:`write_agenda` replaces a file atomically, and only when mentor-tui wrote it
(each format carries a marker: an HTML comment, a ``format`` key, the calendar's ``PRODID``) or
when the learner said ``--force``; anything else at that path is left alone and reported.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from .models import Question, Session, utcnow
from .planning import next_planned, sync_agenda
from .plural import counted

FORMATS = ("md", "json", "ics")
JSON_FORMAT = "mentor-tui-agenda"
MD_MARK = "<!-- written by mentor-tui agenda -->"
PRODID = "-//mentor-tui//agenda//EN"
#: What identifies each format as ours, looked for in an existing file before replacing it.
MARKS = {"md": MD_MARK, "json": f'"format": "{JSON_FORMAT}"', "ics": PRODID}
REMIND_MINUTES = 10


class AgendaError(ValueError):
    """An agenda that cannot be produced or written; the message is one readable line."""


@dataclass(frozen=True)
class Agenda:
    """A planned session and the questions on its agenda, in order (missing ones dropped)."""

    session: Session
    items: list[tuple[int, Question]] = field(default_factory=list)  # (minutes, question)

    @property
    def total_minutes(self) -> int:
        return sum(minutes for minutes, _ in self.items)


def from_session(session: Session, questions: dict[str, Question]) -> Agenda:
    """The agenda of *session* as stored, with each item's question looked up in *questions*."""
    items = [(item.minutes, questions[item.question_id])
             for item in session.agenda if item.question_id in questions]
    return Agenda(session, items)


def next_agenda(sessions: Iterable[Session], questions: Iterable[Question]) -> Agenda | None:
    """The agenda the Agenda tab would show now, worked out without writing anything.

    Questions newly marked for the mentor join it (as the tab would add them); questions on a call
    that is running belong to that call. None when no session is planned.
    """
    sessions = list(sessions)
    planned = next_planned(sessions)
    if planned is None:
        return None
    live = {i.question_id for s in sessions if s.status == "live" for i in s.agenda}
    questions = [q for q in questions if q.id not in live]
    planned = planned.model_copy(update={"agenda": sync_agenda(planned, questions)})
    return from_session(planned, {q.id: q for q in questions})


# -- text pieces ------------------------------------------------------------------------------


def fence(text: str) -> str:
    """Backticks enough to fence *text*: one more than its longest run, at least three."""
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)


def title(session: Session) -> str:
    """"Mentoring: closures with Ada" / "Mentoring session"."""
    out = f"Mentoring: {session.topic}" if session.topic else "Mentoring session"
    return f"{out} with {session.mentor}" if session.mentor else out


def when_line(session: Session) -> str:
    """When and how long, in the learner's local time."""
    length = f"{session.planned_minutes} min planned"
    if session.scheduled_at is None:
        return f"Time not set yet · {length}"
    local = session.scheduled_at.astimezone()
    return f"{local:%A %d %B %Y, %H:%M} ({local:%Z}) · {length}"


# -- Markdown ---------------------------------------------------------------------------------


def markdown(agenda: Agenda, *, mark: bool = True) -> str:
    """The agenda as Markdown for the mentor (``mark``: add the invisible marker for files)."""
    s = agenda.session
    lines = [f"# {title(s)}", "", when_line(s), ""]
    if not agenda.items:
        lines += ["No questions on the agenda yet.", ""]
    else:
        total = agenda.total_minutes
        over = f" (over by {total - s.planned_minutes} min)" if total > s.planned_minutes else ""
        lines += [f"{counted(len(agenda.items), 'question')}, {total} of {s.planned_minutes} "
                  f"min{over}", ""]
    for n, (minutes, q) in enumerate(agenda.items, 1):
        first, _, rest = q.text.partition("\n")
        lines += [f"## {n}. {first} ({minutes} min)", ""]
        if rest.strip():
            lines += [rest.strip(), ""]
        meta = [f"priority {q.priority}"] + ([" ".join("#" + t for t in q.tags)] if q.tags else [])
        where = " · ".join(x for x in (q.context.git_repo, q.context.git_branch) if x)
        if where:
            meta.append(f"in {where}")
        lines += [" · ".join(meta), ""]
        if q.details.strip():
            lines += [q.details.strip(), ""]
        if q.attempts:
            lines += ["What I tried:", ""]
            for a in q.attempts:
                text = a.text.strip().replace("\n", "\n  ")
                lines.append(f"- {text}")
            lines.append("")
        if q.context.error_text.strip():
            error = q.context.error_text.rstrip("\n")
            f = fence(error)
            lines += ["Error:", "", f, error, f, ""]
    if mark:
        lines += [MD_MARK, ""]
    return "\n".join(lines)


# -- JSON -------------------------------------------------------------------------------------


def data(agenda: Agenda) -> dict[str, Any]:
    """The same agenda as data for scripts."""
    s = agenda.session
    return {
        "format": JSON_FORMAT,
        "version": 1,
        "session": {
            "id": s.id,
            "mentor": s.mentor,
            "topic": s.topic,
            "scheduled_at": s.scheduled_at.isoformat().replace("+00:00", "Z") if s.scheduled_at else None,
            "planned_minutes": s.planned_minutes,
        },
        "total_minutes": agenda.total_minutes,
        "items": [
            {
                "position": n,
                "question_id": q.id,
                "minutes": minutes,
                "text": q.text,
                "details": q.details,
                "priority": q.priority,
                "tags": list(q.tags),
                "tried": [{"at": a.at.isoformat().replace("+00:00", "Z"), "text": a.text}
                          for a in q.attempts],
                "error_text": q.context.error_text,
                "git_repo": q.context.git_repo,
                "git_branch": q.context.git_branch,
            }
            for n, (minutes, q) in enumerate(agenda.items, 1)
        ],
    }


def dumps_json(agenda: Agenda) -> str:
    return json.dumps(data(agenda), ensure_ascii=False, indent=2) + "\n"


# -- iCalendar --------------------------------------------------------------------------------


def ics(agenda: Agenda, now: datetime | None = None) -> str:
    """One calendar event at the planned time and length, the agenda in its description, and a
    reminder :data:`REMIND_MINUTES` before. Needs a planned time."""
    import icalendar  # deferred: only the ics format needs it (~30 ms)

    s = agenda.session
    if s.scheduled_at is None:
        raise AgendaError("the next session has no time yet; set one in the Agenda tab (p) first")
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    event = icalendar.Event()
    event.add("uid", f"{s.id}@mentor-tui")
    event.add("dtstamp", now or utcnow())
    event.add("dtstart", s.scheduled_at)
    event.add("duration", timedelta(minutes=s.planned_minutes))
    event.add("summary", title(s))
    event.add("description", markdown(agenda, mark=False))
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", title(s))
    alarm.add("trigger", timedelta(minutes=-REMIND_MINUTES))
    event.add_component(alarm)
    cal.add_component(event)
    return cal.to_ical().decode("utf-8")


def render(agenda: Agenda, fmt: str, now: datetime | None = None) -> str:
    """The agenda in *fmt* (``md``, ``json`` or ``ics``)."""
    if fmt == "md":
        return markdown(agenda)
    if fmt == "json":
        return dumps_json(agenda)
    if fmt == "ics":
        return ics(agenda, now)
    raise AgendaError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def file_name(agenda: Agenda, fmt: str) -> str:
    """"mentor-tui-agenda-2026-11-25.ics" (the planned day, else "next")."""
    s = agenda.session
    day = f"{s.scheduled_at.astimezone():%Y-%m-%d}" if s.scheduled_at else "next"
    return f"mentor-tui-agenda-{day}.{fmt}"


# -- writing ----------------------------------------------------------------------------------


def _ours(path: Path, mark: str) -> bool:
    try:
        with path.open("rb") as fh:
            return mark.encode() in fh.read(2_000_000)
    except OSError:
        return False


def write_agenda(path: Path, text: str, fmt: str, *, force: bool = False) -> Path:
    """Write *text* to *path* atomically (temp file, fsync, rename).

    An existing file is replaced only if an earlier agenda export wrote it, or with *force*;
    a folder, or a file the learner made, is reported and left alone.
    """
    from .store import atomic_write

    path = Path(path).expanduser()
    if path.is_dir():
        raise AgendaError(f"{path} is a folder; give a file name")
    if (path.exists() or path.is_symlink()) and not force:
        if path.is_symlink() or not _ours(path, MARKS[fmt]):
            raise AgendaError(f"{path} already exists and is not a mentor-tui agenda; "
                              "choose another name or add --force (nothing was overwritten)")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, text.encode("utf-8"))
    except OSError as exc:
        raise AgendaError(f"cannot write {path}: {exc.strerror or exc}") from None
    return path

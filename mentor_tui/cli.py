"""The ``mentor-tui`` command: the full-screen app, and quick commands for the shell.

``ask`` and ``questions`` must stay fast (a question is captured in the two seconds between two
thoughts), so this module imports neither Textual nor the app; those load only when the UI starts.
Every failure prints one line on stderr and exits non-zero; no traceback reaches the learner.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .errors import EXIT_ERROR, EXIT_OK, EXIT_USAGE, CliError, RawHelpFormatter, UsageParser
from .errors import fail as _fail
from .errors import warn as _warn
from .paths import data_dir
from .plural import counted

EXIT_CODES = """\
exit status:
  0   done
  1   failed (one line on stderr says why)
  64  usage error (unknown command or option, missing or bad argument)
  check: 0 ready, 1 ready with warnings, 2 not ready, 3 the check itself failed
"""


def _add_ask(sub) -> argparse.ArgumentParser:
    ask = sub.add_parser("ask", help="capture a question without opening the app")
    ask.add_argument("text", nargs="+", metavar="TEXT", help="the question (words are joined)")
    ask.add_argument("--tag", "-t", action="append", default=[], metavar="TAG")
    ask.add_argument(
        "--priority", "-p", choices=["low", "normal", "high"], default="normal", help="default: normal"
    )
    ask.add_argument("--error", metavar="TEXT", help="error text to keep with the question ('-' reads stdin)")
    return ask


def _add_questions(sub) -> argparse.ArgumentParser:
    questions = sub.add_parser("questions", help="list captured questions")
    questions.add_argument("--json", action="store_true", help="print JSON for scripts")
    questions.add_argument(
        "--status",
        metavar="STATUS",
        help="only questions with this status: open, checking, solved, for_mentor (or mentor), "
        "answered, dropped",
    )
    return questions


def _add_practice(sub) -> argparse.ArgumentParser:
    practice = sub.add_parser("practice", help="list the practice due now (for a prompt or status bar)")
    practice.add_argument("--json", action="store_true", help="print JSON for scripts")
    return practice


def _add_paths(sub) -> argparse.ArgumentParser:
    return sub.add_parser("paths", help="print where data, settings, backups and the cache live")


def _add_agenda(sub) -> argparse.ArgumentParser:
    agenda = sub.add_parser(
        "agenda",
        help="the next session's agenda for the mentor (md), scripts (json) or a calendar (ics)",
        description="Print or write the next planned session's agenda: its questions in order, with "
        "estimates, what was tried and error text. Exits 1 when no session is planned. With --out the "
        "file is written atomically; an existing file is replaced only if mentor-tui wrote it "
        "(or with --force).",
    )
    agenda.add_argument("--format", choices=["md", "json", "ics"], default="md", help="default: md")
    agenda.add_argument("--out", metavar="FILE", help="file to write (default: stdout)")
    agenda.add_argument("--force", action="store_true", help="replace --out even if mentor-tui did not write it")
    return agenda


def _add_export(sub) -> argparse.ArgumentParser:
    export = sub.add_parser("export", help="export a session or everything (Markdown or JSON)")
    which = export.add_mutually_exclusive_group(required=True)
    which.add_argument("--session", metavar="ID", help="one session (its id or a unique prefix)")
    which.add_argument("--all", action="store_true", help="every session (md: one file each plus an index)")
    export.add_argument("--format", choices=["md", "json"], default="md", help="default: md")
    export.add_argument(
        "--out",
        metavar="PATH",
        help="file or folder to write (default: stdout, except md --all: ./mentor-tui-export/)",
    )
    return export


def _add_import(sub) -> argparse.ArgumentParser:
    imp = sub.add_parser("import", help="import a JSON export (importing twice adds nothing twice)")
    imp.add_argument("file", metavar="FILE")
    return imp


def _add_check(sub) -> argparse.ArgumentParser:
    check = sub.add_parser("check", help="check this machine and connection for a video call",
                           epilog=EXIT_CODES, formatter_class=RawHelpFormatter)
    check.add_argument("--json", action="store_true", help="print JSON for scripts")
    check.add_argument("--no-bandwidth", action="store_true",
                       help="skip the latency/bandwidth probe (it sends traffic to outside servers)")
    check.add_argument("--mini", metavar="URL", help="probe a Speedtest Mini-style server instead of speedtest.net")
    check.add_argument("--timeout", metavar="SECONDS", type=float,
                       help="overall time limit of the probe, more than 0 and at most 300 "
                       "(default: the probe_timeout setting, 30)")
    return check


def _add_sync(sub) -> argparse.ArgumentParser:
    from .sync.cli import add_parser as add_sync_parser

    return add_sync_parser(sub)


#: The commands, in the order ``--help`` lists them, each with what adds its parser.
COMMANDS = {"ask": _add_ask, "questions": _add_questions, "practice": _add_practice, "paths": _add_paths,
            "agenda": _add_agenda, "export": _add_export, "import": _add_import, "check": _add_check,
            "sync": _add_sync}


def _named_command(argv: Sequence[str]) -> str | None:
    """The command *argv* runs, when that is plain: its first word after the top-level
    ``--data-dir DIR``. Anything else (help, version, an abbreviated or unknown option, no command)
    gives None, and the whole parser is built."""
    words = iter(argv)
    for word in words:
        if word == "--data-dir":
            next(words, None)
        elif word.startswith("--data-dir="):
            continue
        else:
            return word if word in COMMANDS else None
    return None


def _parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The command line's parser. For a plain ``mentor-tui ask ...`` only that command's parser
    is added: building all of them costs ~4 ms of the ``ask`` that must keep up with jrnl (every
    ``add_argument`` formats a help line, and ``sync`` is imported for its parser)."""
    parser = UsageParser(
        prog="mentor-tui",
        description="A terminal companion for one-to-one mentoring sessions. "
        "With no command, starts the full-screen app.",
        epilog=EXIT_CODES,
        formatter_class=RawHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"mentor-tui {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="where data lives (default: $MENTOR_TUI_DATA_DIR, else the platform's data folder)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    only = None if argv is None else _named_command(argv)
    for name, add in COMMANDS.items():
        if only in (None, name):
            command = add(sub)  # `mentor-tui questions --data-dir DIR` works too
            command.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS,
                                 help="where data lives (may also come before the command)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``mentor-tui`` console script."""
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = _parser(argv)
    args = parser.parse_args(argv)
    if getattr(args, "status", None) is not None:
        from .planning import STATUS_WORDS, status_from_word

        status = status_from_word(args.status)
        if status is None:
            parser.error(f"unknown status {args.status!r}; choose one of: "
                         + ", ".join(dict.fromkeys(STATUS_WORDS)))
        args.status = status
    if args.command in (None, "ask", "questions", "practice"):
        from . import gcpause

        gcpause.pause()  # start-up and the short commands build long-lived objects, no cycles
    try:
        if args.command == "ask":
            return cmd_ask(args)
        if args.command == "questions":
            return cmd_questions(args)
        if args.command == "practice":
            return cmd_practice(args)
        if args.command == "paths":
            return cmd_paths(args)
        if args.command == "agenda":
            return cmd_agenda(args)
        if args.command == "export":
            return cmd_export(args)
        if args.command == "import":
            return cmd_import(args)
        if args.command == "check":
            from .checkcmd import cmd_check  # deferred: psutil and the probes load only here

            return cmd_check(args)
        if args.command == "sync":
            from .sync.cli import cmd_sync

            return cmd_sync(args, _open_store(args))
        return cmd_app(args)
    except CliError as exc:
        return _fail(str(exc), exc.status)
    except KeyboardInterrupt:
        return _fail("interrupted", 130)
    except RecursionError:  # a file nested deeper than any reader goes; the readers name it
        return _fail("a file given is nested too deeply to read", EXIT_ERROR)
    except BrokenPipeError:  # `mentor-tui questions | head`: the reader left; not an error
        sys.stderr.close()
        return EXIT_OK
    except Exception as exc:  # the store's and settings' own errors carry readable messages
        from .settings import SettingsError
        from .store import StoreError

        if isinstance(exc, StoreError | SettingsError | OSError):
            return _fail(str(exc), EXIT_ERROR)
        raise


def _open_store(args: argparse.Namespace, *, warn: bool = True):
    """The store; a damaged record it skips is reported once on stderr (the app toasts instead)."""
    from .store import Store

    return Store(data_dir(args.data_dir), on_warning=_warn if warn else None).open()


def _read_store(args: argparse.Namespace):
    """The store for a command that only reads: a missing data folder is an empty one, not one to
    create (``questions`` in a fresh shell must leave no folder behind)."""
    from .store import Store, StoreError

    root = data_dir(args.data_dir)
    if root.exists() and not root.is_dir():
        raise StoreError(f"cannot use data folder {root}: it is not a folder")
    return Store(root, on_warning=_warn)


def cmd_ask(args: argparse.Namespace) -> int:
    """Store a question and print its id; exit 0 only once it is durably on disk."""
    from .inbox import add, new_question
    from .models import ValidationError, describe_error

    text = " ".join(args.text)
    error_text = args.error or ""
    if error_text == "-":
        error_text = sys.stdin.read()
    try:
        question = new_question(text, args.tag, args.priority, error_text=error_text)
    except ValidationError as exc:
        raise CliError(f"question not saved: {describe_error(exc)}") from None
    question = add(_open_store(args), question)
    print(question.id)
    return EXIT_OK


def cmd_questions(args: argparse.Namespace) -> int:
    """List questions, oldest first (JSON: every stored field).

    Fast at five years: records the store's summary knows to be canonical are printed as stored,
    without a second pass through the models (``Store.docs``)."""
    from .models import Question

    questions = _read_store(args).docs(Question)
    if args.status:
        questions = [q for q in questions if q["status"] == args.status]
    if args.json:
        import orjson

        out = orjson.dumps(questions, option=orjson.OPT_INDENT_2) + b"\n"
        sys.stdout.flush()
        if hasattr(sys.stdout, "buffer"):
            sys.stdout.buffer.write(out)
        else:  # a replaced stdout (tests, embedding)
            sys.stdout.write(out.decode())
        return EXIT_OK
    if not questions:
        if args.status:
            print(f"No questions with status {args.status}.")
        else:
            print("No questions yet. Capture one with: mentor-tui ask \"your question\"")
        return EXIT_OK
    from .cleantext import pasted_line

    lines = []
    for q in questions:
        # One line per question, with every line of a question asked on several (the first
        # alone hid the rest: ``ask "$(cat error.txt)"``).
        text = pasted_line(q["text"]).replace("\t", " ")
        tags = " ".join(f"#{t}" for t in q["tags"])
        lines.append(f"{q['id']}  {q['status']:<10} {q['priority']:<6} {text}  {tags}".rstrip())
    print("\n".join(lines))
    return EXIT_OK


def cmd_practice(args: argparse.Namespace) -> int:
    """List open practice tasks due today or earlier (warm-ups first) and how many cards are due.

    JSON: ``{"count", "overdue", "cards_due", "later", "next_due_at", "tasks": [{id, title, kind,
    status, due_at, overdue, timer_started_at, session_id, source}]}`` (``later``: open tasks due
    after today; ``next_due_at``: the soonest of them).
    """
    from .models import PracticeTask, ReviewCard, utcnow
    from .practice import KIND_LABEL, due_label, due_now, first_day_left, fresh_summary, is_overdue

    store = _read_store(args)
    now = utcnow()
    # The summary keeps open tasks and card due times, so five years of finished practice is not
    # read again before every shell prompt; its rows go through the model like any record.
    summary = store.summary([PracticeTask, ReviewCard])
    every = sorted((PracticeTask.model_validate(d) for d in summary.open_tasks()), key=lambda t: t.id)
    tasks = due_now(every, now)
    later = sorted((t for t in every if t.status in ("todo", "doing") and t not in tasks),
                   key=lambda t: (t.due_at is None, t.due_at or now))
    cards_due = summary.cards_due(now)
    overdue = sum(1 for t in tasks if is_overdue(t, now))
    fresh = fresh_summary(tasks, now)
    if args.json:
        out = {
            "count": len(tasks),
            "overdue": overdue,
            "cards_due": cards_due,
            "later": len(later),
            "next_due_at": later[0].due_at.isoformat() if later and later[0].due_at else None,
            "tasks": [
                {
                    "id": t.id,
                    "title": t.title,
                    "kind": t.kind,
                    "status": t.status,
                    "due_at": t.due_at.isoformat() if t.due_at else None,
                    "overdue": is_overdue(t, now),
                    "minutes_left_today": (int(left.total_seconds() // 60)
                                           if (left := first_day_left(t, now)) else None),
                    "timer_started_at": t.timer_started_at.isoformat() if t.timer_started_at else None,
                    "session_id": t.session_id,
                    "source": t.source,
                }
                for t in tasks
            ],
        }
        json.dump(out, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return EXIT_OK
    if not tasks and not cards_due:
        if later:
            print(f"Nothing due today. Next: {later[0].title} ({due_label(later[0], now)})")
        else:
            print("Nothing due. (Plan practice from a session in the app: F4, then p.)")
        return EXIT_OK
    head = f"{counted(len(tasks), 'practice task')} due"
    if overdue:
        head += f" ({overdue} overdue)"
    if cards_due:
        head += f", {counted(cards_due, 'card')} to review"
    if fresh:
        head += f"; {fresh}"
    print(head)
    for t in tasks:
        running = "  [timer running]" if t.timer_started_at else ""
        print(f"{t.id}  {KIND_LABEL[t.kind]:<8} {t.title}  ({due_label(t, now)}){running}")
    return EXIT_OK


def cmd_paths(args: argparse.Namespace) -> int:
    """Print where things live, for backups and for curious learners."""
    from .paths import backup_dir, cache_dir, config_file

    data = data_dir(args.data_dir)
    print(f"data:     {data}")
    print(f"settings: {config_file()}")
    print(f"backups:  {backup_dir(data)}")
    print(f"cache:    {cache_dir()}  (rebuilt when deleted)")
    return EXIT_OK


def cmd_agenda(args: argparse.Namespace) -> int:
    """The next planned session's agenda as Markdown, JSON or an iCalendar event."""
    from . import agenda_export
    from .models import Question, Session

    store = _read_store(args)
    agenda = agenda_export.next_agenda(store.all(Session), store.all(Question))
    if agenda is None:
        raise CliError("no session is planned; plan one in the app: F2, then 2 (Agenda), then p")
    try:
        text = agenda_export.render(agenda, args.format)
        if args.out is None:
            sys.stdout.write(text)
            return EXIT_OK
        print(agenda_export.write_agenda(Path(args.out), text, args.format, force=args.force))
    except agenda_export.AgendaError as exc:
        raise CliError(str(exc)) from None
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    """Markdown or JSON to stdout, a file or a folder (see ``export.py`` for the safety rules)."""
    from . import export

    store = _open_store(args)
    kept: list[tuple[Path, Path]] = []  # files the learner edited: left alone, export written beside
    try:
        if args.format == "json":
            data = export.export_data(store, session_id=args.session)
            if args.out is None:
                sys.stdout.write(export.dumps(data))
                return EXIT_OK
            print(export.write_json(data, Path(args.out), kept=kept))
        elif args.session is not None:
            bundle = export.load_bundle(store, args.session)
            if args.out is None:
                sys.stdout.write(export.session_markdown(bundle))
                return EXIT_OK
            print(export.write_session(bundle, Path(args.out), kept))
        else:
            folder = Path(args.out or export.DEFAULT_FOLDER)
            written = export.write_all(export.load_all_bundles(store), folder, kept=kept)
            print(f"wrote {counted(len(written) - 1, 'session')} and an index to {written[-1].parent}")
    except export.ExportError as exc:
        raise CliError(str(exc)) from None
    for changed, beside in kept:
        print(f"mentor-tui: {export.kept_line(changed, beside)}", file=sys.stderr)
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    """Import a JSON export; records with the same id are replaced, never duplicated."""
    from . import export

    store = _open_store(args)
    try:
        result = export.import_file(store, Path(args.file))
    except export.ExportError as exc:
        raise CliError(str(exc)) from None
    print(f"imported {result.summary()}")
    return EXIT_OK


def cmd_app(args: argparse.Namespace) -> int:
    """Start the full-screen app after checking the data can be read (and never overwritten)."""
    from .paths import config_file
    from .settings import load_settings

    settings = load_settings(config_file())
    from .store import CorruptFile, StoreError

    from .inbox_rows import first_view  # not .inbox: the models load after the first frame

    store = _open_store(args, warn=False)
    first = None
    try:
        # Reads only the files changed since the summary last saw them (all of them the first
        # time): a damaged or foreign file stops the start here, in one line, as before.
        summary = store.summary()
        # What the first screen shows (kilobytes: the open questions and counts), so the inbox
        # is in the first frame instead of a frame later, after a round trip through a thread.
        first = first_view(store, summary)
        # Not kept while the app runs (this frame lives as long as it): 0.8 MB at five years,
        # which later allocations now reuse.
        del summary
    except CorruptFile:
        raise
    except (StoreError, ValueError):
        pass  # a record that fails validation is reported by the screen that reads it
    if not sys.stdout.isatty() and not os.environ.get("MENTOR_TUI_FORCE_APP"):
        raise CliError("the app needs a terminal; for scripts use 'ask', 'questions' or 'paths'")
    from .app import make_app  # deferred: Textual costs ~150 ms to import
    from .terminal_input import decode_input_leniently

    app = make_app(store=store, settings=settings, first_view=first)
    # One invalid input byte must not end the app (textual#6456); each key lets the background
    # readers sleep a moment (``MentorApp.input_arrived``).
    decode_input_leniently(on_input=app.input_arrived)
    app.run()
    return app.return_code or EXIT_OK

"""``mentor-tui sync``, ``sync setup URL [--name NAME]`` and ``sync status`` (no Textual here).

Each prints one line (status: a few) and exits 0, or prints one line on stderr and exits 1.
"""

from __future__ import annotations

import argparse
import sys

from ..errors import UsageParser


def add_parser(sub) -> argparse.ArgumentParser:
    """Add ``sync`` and its subcommands to the CLI's subparsers; the ``sync`` parser."""
    sync = sub.add_parser("sync", help="sync this history with your other machines through git")
    sync.error = UsageParser.error.__get__(sync)  # usage errors exit 64 here too
    sync.add_argument("--accept-clock", action="store_true",
                      help="merge changes dated over a day ahead of this machine's clock")
    verbs = sync.add_subparsers(dest="sync_command", metavar="SUBCOMMAND", parser_class=UsageParser)
    setup = verbs.add_parser("setup", help="start or join a synced history on a git remote")
    setup.add_argument("url", metavar="URL", help="an empty git remote, or one another machine set up")
    setup.add_argument("--name", metavar="NAME", help="this machine's name in conflict labels (default: host name)")
    verbs.add_parser("status", help="last sync and changes waiting (no network)")
    return sync


def cmd_sync(args: argparse.Namespace, store) -> int:
    from ..models import ago, utcnow
    from ..plural import counted
    from .merge import parse_time
    from .round import SyncError, SyncFolder

    folder = SyncFolder(store)
    try:
        if args.sync_command == "setup":
            outcome = folder.setup(args.url, args.name)
        elif args.sync_command == "status":
            st = folder.status()
            when = ago(parse_time(st["last_at"]), utcnow()) if st["last_at"] else "never"
            result = "ok" if st["last_ok"] else (st["last_message"] or "not yet")
            print(f"machine {st['machine']}, origin {st['remote']}")
            print(f"last sync: {when} ({result}); {counted(st['waiting'], 'file')} waiting to go out")
            return 0
        else:
            outcome = folder.sync(accept_clock=args.accept_clock)
    except SyncError as exc:
        print(f"mentor-tui: {exc}", file=sys.stderr)
        return 1
    for warning in outcome.warnings:
        print(f"mentor-tui: {warning}", file=sys.stderr)
    print(outcome.message)
    return 0

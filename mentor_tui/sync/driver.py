"""git's merge driver for data files: ``python -m mentor_tui.sync.driver %O %A %B %P``.

git calls it for every data file both sides changed (also with an empty base when both machines
created the same month file). It writes the record merge into %A and exits 0, or exits 1 with one
line on stderr when the versions cannot be joined (a foreign file, a newer schema, oversize text),
which makes git stop the merge; the round then aborts it and nothing changes.

Without this driver git would merge the one-line JSON as text and put conflict markers inside it
(an undefined driver silently falls back to the text merge), so the round always passes it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

#: Names for the conflict labels; the round sets them (this machine, the one whose commit it merges).
OURS_ENV = "MENTOR_TUI_SYNC_OURS"
THEIRS_ENV = "MENTOR_TUI_SYNC_THEIRS"
#: A file the round reads afterwards: one line per thing the learner should hear about.
REPORT_ENV = "MENTOR_TUI_SYNC_REPORT"


def main(argv: list[str]) -> int:
    if len(argv) != 4:
        print("usage: python -m mentor_tui.sync.driver BASE OURS THEIRS PATH", file=sys.stderr)
        return 2
    base, ours, theirs, rel = argv
    from .datafile import merge_bytes
    from .merge import MergeRefused

    try:
        versions = [Path(p).read_bytes() for p in (base, ours, theirs)]
        merged, result = merge_bytes(
            rel, *versions, names=(os.environ.get(OURS_ENV, ""), os.environ.get(THEIRS_ENV, ""))
        )
    except (MergeRefused, OSError) as exc:
        print(f"Couldn't merge {rel}: {exc}", file=sys.stderr)
        return 1
    from ..store.files import atomic_write

    atomic_write(Path(ours), merged)
    report = os.environ.get(REPORT_ENV)
    if report and result.reports:
        with open(report, "a", encoding="utf-8") as fh:
            fh.writelines(f"{rel}: {line}\n" for line in result.reports)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

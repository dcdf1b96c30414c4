"""Conflict copies left by file syncers, folded back into the data file they came from.

Syncthing keeps the older version as ``<name>.sync-conflict-<date>-<time>-<device>.json``; Dropbox
(and Nextcloud) keep one as ``<name> (<who>'s conflicted copy <date>).json``. Neither merges. At
start-up each copy whose original is a data file is joined to it with the record merge (no common
base, so tombstones keep deleted records deleted, and overlapping text keeps both versions), then
moved to ``backups/conflict-copies/``. A copy that cannot be read as ours is left where it is and
reported; the store never reads it either way.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..store import Store
from ..store.files import DIR_MODE, atomic_write
from .datafile import collection_for, load, merge_bytes
from .merge import MergeRefused

_SYNCTHING = re.compile(r"^(?P<stem>.+?)\.sync-conflict-\d{8}-\d{6}(?:-[A-Za-z0-9]+)?\.json$")
_DROPBOX = re.compile(r"^(?P<stem>.+?) \([^()]*conflict[^()]*\)\.json$", re.IGNORECASE)
FOLDED_DIR = "conflict-copies"


def original_of(name: str) -> str | None:
    """The data file name a syncer's conflict copy was made from, or None."""
    for pattern in (_SYNCTHING, _DROPBOX):
        match = pattern.match(name)
        if match:
            return match.group("stem") + ".json"
    return None


@dataclass
class FoldReport:
    folded: list[str] = field(default_factory=list)
    #: Stray files left alone, each with why.
    left: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = []
        if self.folded:
            out.append(f"Folded {len(self.folded)} file-syncer conflict cop"
                       f"{'y' if len(self.folded) == 1 else 'ies'} into your data: {', '.join(self.folded)}")
        out.extend(self.notes)
        out.extend(self.left)
        return out


def fold_conflict_copies(store: Store, paths: list[Path] | None = None) -> FoldReport:
    """Fold every conflict copy among the store's stray files (or *paths*) into its original."""
    report = FoldReport()
    for path in store.stray_files() if paths is None else paths:
        rel_copy = path.relative_to(store.root).as_posix()
        original = original_of(path.name)
        rel = str(Path(rel_copy).with_name(original).as_posix()) if original else None
        if rel is None or collection_for(rel) is None:
            report.left.append(f"Ignored {rel_copy}: not a mentor-tui data file name")
            continue
        target = store.root / rel
        try:
            with store.locked():
                copy_raw = path.read_bytes()
                live_raw = target.read_bytes() if target.exists() else None
                merged, result = merge_bytes(rel, None, live_raw, copy_raw, names=("", "conflict copy"))
                if live_raw is None or load(rel, merged) != load(rel, live_raw):
                    atomic_write(target, merged)
                aside = store.root / "backups" / FOLDED_DIR
                aside.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
                os.replace(path, aside / rel_copy.replace("/", "__"))
        except MergeRefused as exc:
            report.left.append(f"Ignored {rel_copy}: {exc}")
            continue
        except OSError as exc:
            report.left.append(f"Ignored {rel_copy}: {exc.strerror or exc}")
            continue
        report.folded.append(rel_copy)
        report.notes.extend(f"{rel}: {line}" for line in result.reports)
    return report

"""Export and import as the History screens offer them, as plain functions (no Textual).

Each function does one job a learner asks for from History (``e`` one session, ``a`` every
session as Markdown, ``j`` everything as JSON, ``i`` import) and gives back an :class:`Outcome`:
the one line to show, and any file the learner had edited since the last export, which was kept
beside the new one. A failure is an Outcome too, so the screen shows it the same way whether the
job ran in an export worker (exports only read the store) or in the app's store lane (an import
writes to it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from . import export
from .plural import counted
from .store import Store, StoreError

#: Where the export prompts start.
DEFAULT_EXPORT = "~/mentor-tui-export"

#: The jobs, by the word the screens use for them.
JOBS = ("session", "md", "json", "import")


@dataclass(frozen=True)
class Outcome:
    """What came of one export or import, in words for a toast."""

    ok: bool
    title: str
    message: str
    #: (file the learner changed, where it was kept) for each edited file not overwritten.
    kept: list[tuple[Path, Path]] = field(default_factory=list)

    def kept_lines(self) -> list[str]:
        return [export.kept_line(changed, beside) for changed, beside in self.kept]


def carry_out(store: Store, job: str, path: str, now: datetime, session_id: str | None = None) -> Outcome:
    """Run one job (see :data:`JOBS`) into or from *path* (``~`` allowed); never raises."""
    out = Path(path).expanduser()
    kept: list[tuple[Path, Path]] = []
    importing = job == "import"
    try:
        if job == "session":
            if session_id is None:
                raise ValueError("no session given to export")
            done = f"Written to {export.write_session(export.load_bundle(store, session_id), out, kept)}"
        elif job == "md":
            written = export.write_all(export.load_all_bundles(store), out, now, kept)
            done = f"{counted(len(written) - 1, 'session')} and index.md written to {written[-1].parent}"
        elif job == "json":
            done = f"Written to {export.write_json(export.export_data(store, now=now), out, now, kept)}"
        elif importing:
            done = f"Imported {export.import_file(store, out).summary()}"
        else:
            raise ValueError(f"unknown job {job!r}")
    except Exception as exc:  # noqa: BLE001 - every failure becomes one readable line
        known = isinstance(exc, export.ExportError | StoreError | OSError)
        message = str(exc) if known else f"unexpected {type(exc).__name__}: {exc}"
        return Outcome(False, "Import failed" if importing else "Export failed", message, kept)
    return Outcome(True, "Imported" if importing else "Exported", done, kept)

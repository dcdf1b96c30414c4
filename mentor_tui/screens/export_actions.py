"""The export and import keys shared by History's list and its read view (mixed into a Screen).

The screen only asks where (a prompt) and reports the outcome; the work itself is
:func:`mentor_tui.history_export.carry_out`. Exports only read the store and write files of their
own, so they run in a thread worker beside the store lane; an import writes records, so it goes
through the app's one ordered store lane like every other write from the UI.
"""

from __future__ import annotations

from functools import partial

from textual import work

from .. import history_export
from ..history_export import DEFAULT_EXPORT, Outcome


class ExportActions:
    """``export_session``, ``export_all`` and ``import_json`` for a Screen."""

    def _ask_path(self, title: str, default: str, job: str, session_id: str | None = None,
                  placeholder: str = "") -> None:
        from ..dialogs.modals import TextPrompt

        def chosen(path: str | None) -> None:
            if path:
                self._carry_out(job, path.strip(), session_id)

        self.app.push_screen(TextPrompt(title, default, placeholder=placeholder), chosen)

    def export_session(self, session_id: str) -> None:
        self._ask_path("Export this session as Markdown into (folder or .md file)", DEFAULT_EXPORT,
                       "session", session_id)

    def export_all(self, fmt: str = "md") -> None:
        title = ("Export every session as Markdown (one file each plus index.md) into folder"
                 if fmt == "md" else "Export everything as JSON into (folder or .json file)")
        self._ask_path(title, DEFAULT_EXPORT, fmt)

    def import_json(self) -> None:
        self._ask_path("Import a mentor-tui JSON export from file", "", "import",
                       placeholder="~/mentor-tui-export/mentor-tui-2026-11-25.json")

    def _carry_out(self, job: str, path: str, session_id: str | None) -> None:
        app = self.app
        if job == "import":  # writes records: in the store lane, in order with every other write
            app.run_store(partial(history_export.carry_out, app.store, job, path, app.clock()),
                          self._report_export)
        else:
            self._export_worker(job, path, session_id)

    @work(thread=True, group="export", exit_on_error=False)
    def _export_worker(self, job: str, path: str, session_id: str | None) -> None:
        app = self.app
        outcome = history_export.carry_out(app.store, job, path, app.clock(), session_id)
        app.call_from_thread(self._report_export, outcome)

    def _report_export(self, outcome: Outcome) -> None:
        app = self.app
        if not outcome.ok:
            app.notify(outcome.message, title=outcome.title, severity="error", timeout=10, markup=False)
            return
        for line in outcome.kept_lines():
            app.notify(line, title="Your edits kept", severity="warning", timeout=10, markup=False)
        app.notify(outcome.message, title=outcome.title, timeout=8, markup=False)

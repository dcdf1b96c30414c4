"""History (F6): every session with its counts, a read view of each, and export from the UI.

The Markdown shown in the read view is the same the export writes (``export.session_markdown``), so
what the learner reads here is what the mentor receives. All file work runs in thread workers.
"""

from __future__ import annotations

from datetime import datetime

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Markdown, Static

from .. import export
from ..dialogs.record_view import RecordView
from ..export import ExportError, SessionBundle, session_when
from ..history_export import DEFAULT_EXPORT
from ..literal import literal
from ..models import Session
from ..widgets.footer import KeysFooter
from ..widgets.header import TitleBar
from .export_actions import ExportActions

__all__ = ["DEFAULT_EXPORT", "HistoryScreen", "RecordView", "SessionView"]
VIEW_NOTES_LIMIT = 200_000  # a huge notes file still opens at once; the export has it all

COLUMNS = ("date", "mentor", "topic", "status", "rating", "entries", "answered", "tasks")
#: A very long mentor name or topic is cut here so the counts stay on screen.
WIDEST = {"mentor": 20, "topic": 40}

EMPTY = (
    "No sessions yet.\n\nSessions you plan or hold (F3) show up here afterwards, "
    "with their notes, answers and practice."
)


def column_widths(rows: list[tuple[str, list]], room: int) -> list[int]:
    """Each column as wide as its widest cell; mentor and topic are cut at :data:`WIDEST`, and
    the topic, then the mentor, give way further so that every count fits in *room* cells (at
    80 columns too, with a 20-character mentor name), but never narrower than their headings."""
    widths = [max([cell_len(label), *(cell_len(str(cells[i])) for _key, cells in rows)])
              for i, label in enumerate(COLUMNS)]
    widths = [min(width, WIDEST.get(label, width)) for label, width in zip(COLUMNS, widths)]
    for label in ("topic", "mentor"):
        over = sum(widths) + 2 * len(COLUMNS) - room  # a cell has one space of padding each side
        if over > 0:
            i = COLUMNS.index(label)
            widths[i] = max(cell_len(label), widths[i] - over)
    return widths


def bundle_rows(bundles: list[SessionBundle]) -> list[tuple[str, list]]:
    """(session id, cells) for each session, as the table shows them (runs in a worker)."""
    rows = []
    for b in bundles:
        s = b.session
        rows.append((s.id, cells(f"{session_when(s).astimezone():%Y-%m-%d %H:%M}", s.mentor or "—",
                                 s.topic or "—", s.status, export.rating_text(s) or "—",
                                 str(len(s.entries)), str(len(b.answered)), str(len(b.tasks)))))
    return rows


def cells(*texts: str) -> list:
    """A row's cells, each shown as it is: the learner's words are never markup, and neither are
    the dates and counts. A plain string cell is parsed as Rich markup by DataTable, and a colon
    in it ("14:30") made Rich load its emoji table (~0.6 MB, for as long as the app runs)."""
    return [literal(text) for text in texts]


class SessionView(Screen, ExportActions):
    """One session read back: summary, agenda with answers, notes, entries, practice."""

    CSS_PATH = "history.tcss"
    BINDINGS = [
        Binding("escape,q", "close", "Back"),
        Binding("e", "export", "Export .md"),
    ]

    def __init__(self, session_id: str) -> None:
        super().__init__()
        self.session_id = session_id
        self.bundle: SessionBundle | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="session-view"):
            yield Markdown("Loading…", id="session-markdown")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.watch(self.app, "data_revision", self._reload, init=False)
        self._reload()

    def _reload(self, _revision: int | None = None) -> None:
        sid, store = self.session_id, self.app.store

        def load() -> SessionBundle | None:
            try:
                return export.load_bundle(store, sid)
            except ExportError:  # deleted meanwhile
                return None

        self.app.run_store(load, self._show, refresh=False)

    def _show(self, bundle: SessionBundle | None) -> None:
        if bundle is None:
            self.query_one("#session-markdown", Markdown).update("*This session no longer exists.*")
            return
        self.bundle = bundle
        self.sub_title = export.session_title(bundle.session)
        self.query_one("#session-markdown", Markdown).update(
            export.session_markdown(bundle, with_front_matter=False, notes_limit=VIEW_NOTES_LIMIT))

    def markdown_text(self) -> str:
        """What the read view shows (for tests and screen readers)."""
        return self.query_one("#session-markdown", Markdown).source

    def action_close(self) -> None:
        self.app.pop_screen()

    def action_export(self) -> None:
        self.export_session(self.session_id)


class HistoryScreen(Screen, ExportActions):
    """Every session, newest first: date, mentor, topic and how much came out of it."""

    CSS_PATH = "history.tcss"
    BINDINGS = [
        Binding("escape", "close", "Back"),
        Binding("enter", "open", "Read", show=False),
        Binding("e", "export_selected", "Export .md"),
        Binding("a", "export_all", "Export all .md"),
        Binding("j", "export_json", "Export all JSON"),
        Binding("i", "import", "Import JSON"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.loaded = False  # the counts of answered questions and tasks are in
        self.rows: list[tuple[str, list]] = []  # as shown: (session id, cells)

    def compose(self) -> ComposeResult:
        yield TitleBar()
        self.table = DataTable(id="history-table", cursor_type="row", zebra_stripes=True)
        yield self.table
        yield Static(EMPTY, id="history-empty", classes="empty-state")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.sub_title = "History"
        self.watch(self.app, "data_revision", self._reload, init=False)
        # The list from the summary's session heads first; the counts that need every question
        # and task follow from a background read.
        store = self.app.store
        self.app.run_store(lambda: store.summary([Session]).session_heads(), self._show_heads,
                           refresh=False)

    def on_unmount(self) -> None:
        """Let go of the rows as the screen closes. The closed screen is a garbage cycle, and
        the collector's generations are frozen while the learner moves around (``gcpause``): it
        is freed at the next pass, once the learner has been idle. Until then it kept every row
        it showed, so History opened again soon after held two sets (~3 MB at five years; the
        app's memory after a tour peaked there)."""
        self.rows = []
        self.table.clear(columns=True)  # held: it has left the DOM by now

    def _show_heads(self, heads: list[dict]) -> None:
        if self.loaded:
            return
        rows = []
        for h in heads:
            if h.get("placeholder"):
                continue
            when = datetime.fromisoformat(h.get("started_at") or h.get("scheduled_at") or h["created_at"])
            rating = f"{h['rating']}/5" if h.get("rating") else "—"
            rows.append(((when, h["id"]), cells(f"{when.astimezone():%Y-%m-%d %H:%M}", h.get("mentor") or "—",
                                                h.get("topic") or "—", h.get("status", ""), rating,
                                                str(h.get("entries", 0)), "…", "…")))
        rows.sort(key=lambda r: r[0], reverse=True)
        self._fill([(key[1], cells) for key, cells in rows])
        self.call_after_refresh(self._reload)

    def _reload(self, _revision: int | None = None) -> None:
        store = self.app.store
        # The rows are made in the worker: the screen keeps what it shows, not five years of
        # sessions and questions (~20 MB at five years, held for as long as the screen lived).
        self.app.read_in_background(lambda: bundle_rows(export.load_all_bundles(store)), self._show,
                                    group="history-read")

    def _show(self, rows: list[tuple[str, list]]) -> None:
        self.loaded = True
        self._fill(rows)

    def _fill(self, rows: list[tuple[str, list]]) -> None:
        """Rows of (session id, cells). The columns are made afresh each time, as wide as what is
        in them: the learner's words are ``Content`` (never parsed), which DataTable measures as
        one cell wide, so an auto-width column would stay as narrow as its heading."""
        self.rows = rows
        table = self.query_one("#history-table", DataTable)
        selected = self.selected_id()
        table.clear(columns=True)
        for label, width in zip(COLUMNS, column_widths(rows, self.size.width - 1)):
            table.add_column(literal(label), width=width, key=label)
        for key, cells in rows:
            table.add_row(*cells, key=key)
        table.display = bool(rows)
        self.query_one("#history-empty").display = not rows
        if selected and any(key == selected for key, _cells in rows):
            table.move_cursor(row=table.get_row_index(selected))
        if rows:
            table.focus()

    def on_resize(self) -> None:
        if self.rows:
            self._fill(self.rows)

    def selected_id(self) -> str | None:
        table = self.query_one("#history-table", DataTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def select(self, session_id: str) -> None:
        table = self.query_one("#history-table", DataTable)
        table.move_cursor(row=table.get_row_index(session_id))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.app.push_screen(SessionView(event.row_key.value))

    def action_open(self) -> None:
        sid = self.selected_id()
        if sid:
            self.app.push_screen(SessionView(sid))

    def action_close(self) -> None:
        self.app.pop_screen()

    def action_export_selected(self) -> None:
        sid = self.selected_id()
        if sid is None:
            self.notify("No session to export yet.", severity="warning")
            return
        self.export_session(sid)

    def action_export_all(self) -> None:
        self.export_all("md")

    def action_export_json(self) -> None:
        self.export_all("json")

    def action_import(self) -> None:
        self.import_json()

    def palette_commands(self):
        return [
            ("Export selected session (Markdown)", "Write the highlighted session as a .md file",
             self.action_export_selected),
            ("Export all sessions (Markdown)", "One .md per session plus index.md",
             self.action_export_all),
            ("Export everything (JSON)", "All collections, importable with mentor-tui import",
             self.action_export_json),
            ("Import JSON export", "Add or replace records from a mentor-tui JSON export",
             self.action_import),
        ]

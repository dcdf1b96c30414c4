"""Search everywhere (ctrl+f) and the command palette's search hits.

The index lives in one :class:`LiveIndex` per app: built in a thread worker the first time it is
needed, then refreshed (only the collections that changed) when ``app.data_revision`` moves while
a search is open. Typing is debounced (keys that arrive together make one query) and each query runs as an
exclusive async worker in steps, so a word typed (or pasted) fast never queues one query and one
redraw per letter: a newer keystroke cancels the running query, and results for text no longer in
the box are dropped. Only the
first :data:`SHOWN` results are laid out (each is two wrapped lines: laying out fifty took ~15 ms
per keystroke at five years), with a last line saying how many more matched.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from contextlib import ExitStack
from functools import partial

from textual.app import ComposeResult
from textual.binding import Binding
from textual.command import Hit, Hits, Provider
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.timer import Timer

from .. import gcpause
from ..literal import literal, md_text
from ..plural import counted
from ..search import KIND_LABEL, KINDS, DocCache, Found, Result, SearchIndex
from ..widgets.footer import KeysFooter
from ..widgets.header import TitleBar
from .hooks import ShowsQuestion

MATCH_STYLE = "bold reverse"
#: Results laid out in the list; the rest are counted on a last line (add a word to narrow them).
SHOWN = 30
#: Seconds the start-up build waits for the screens' background reads before it runs anyway.
PREBUILD_WAIT = 1.0
#: Seconds after opening Search without a full garbage collection, unless it answers sooner.
FIRST_ANSWER_QUIET = 1.0
#: Seconds of quiet in the typing before a query starts.
DEBOUNCE = 0.03
MORE_ID = "more"


class LiveIndex:
    """The app's search index, kept fresh while someone is searching."""

    def __init__(self, app) -> None:
        self.app = app
        self.cache = DocCache(app.store)
        self.index: SearchIndex | None = None
        self.pending: set[str] = set()
        self.building = False
        self.error: str | None = None
        self.listeners: list[Callable[[], None]] = []
        app.watch(app, "data_revision", self._data_changed, init=False)

    def _data_changed(self, _revision: int) -> None:
        kinds = set(self.app.changed_kinds) & set(KINDS)
        if kinds:
            self.pending |= kinds
            if self.listeners:
                self.ensure()

    def ensure(self, kinds: set[str] | frozenset[str] = frozenset(), *, background: bool = False) -> None:
        """Build the index if it is missing, or refresh *kinds* and whatever changed meanwhile.
        *background*: nobody is waiting (the build at start-up); read with a pause per file."""
        self.pending |= set(kinds)
        if self.building or (self.index is not None and not self.pending):
            return
        todo, self.pending = self.pending, set()
        self.building = True
        self.app.run_worker(partial(self._build, todo, 0.004 if background else 0.0), thread=True,
                            group="search-index", exit_on_error=False)

    def share(self) -> None:
        """Called once a screen has read every question and session (Before's full read): an
        index built before that, from the files (so the first search need not wait for that
        read), holds its own copies of their texts, ~5 MB at five years. Those kinds are made
        again in the background from the models the store now keeps (no file is read), and the
        copies go with the old index."""
        if self.cache.copied:
            self.ensure(set(self.cache.copied), background=True)

    def _build(self, kinds: set[str], pause: float = 0.0) -> None:
        from ..store import StoreError

        lock = self.app.background_reads
        locked = False
        try:
            self.app.baseline_signatures()  # before the first full read (once)
            if pause:  # the start-up build: after the screens' own reads, one at a time
                locked = self._take(lock)

            def wait() -> float:
                nonlocal locked
                if self.listeners:  # Search is open: the learner waits for this build
                    self.app.hold_background(0.1)
                    return 0.0
                if not pause:
                    return 0.0
                delay = self.app.background_pause(pause)
                if delay > pause and locked:
                    # A screen is being built: its own read (After's list, History's) must not
                    # wait for the lock while this build sleeps with it.
                    lock.release()
                    locked = False
                    time.sleep(delay)
                    locked = self._take(lock)
                    return 0.0
                return delay

            try:
                index = self.cache.refresh(kinds, pause=wait)
            finally:
                if locked:
                    lock.release()
        except (StoreError, OSError) as exc:
            self.app.call_from_thread(self._failed, str(exc))
            return
        self.app.call_from_thread(self._ready, index)
        from ..heap import give_back

        give_back()  # the build's transient lists, and the index it replaces, are freed by now

    def _take(self, lock) -> bool:
        """Thread: wait for the background reads' lock; give up (build anyway, unlocked) after
        ``PREBUILD_WAIT`` (mode switches keep starting reads, and a waiting poller loses the
        lock to them) or at once when Search opens: then build now, at full speed."""
        deadline = time.monotonic() + PREBUILD_WAIT
        while not lock.acquire(timeout=0.01):
            if self.listeners or time.monotonic() > deadline:
                return False
        return True

    def _ready(self, index: SearchIndex) -> None:
        self.building = False
        news = index is not self.index or self.error is not None  # the same: nothing changed
        self.index, self.error = index, None
        for listener in list(self.listeners) if news else ():
            listener()
        if self.pending:
            self.ensure()

    def _failed(self, message: str) -> None:
        self.building = False
        self.error = message
        for listener in list(self.listeners):
            listener()

    async def wait(self, timeout: float = 3.0) -> SearchIndex | None:
        """The index, once built (for the palette, which may be opened before it exists)."""
        self.ensure()
        loop = asyncio.get_running_loop()
        end = loop.time() + timeout
        while self.index is None and self.error is None and loop.time() < end:
            await asyncio.sleep(0.02)
        return self.index


def live_index(app) -> LiveIndex:
    """The app's one LiveIndex, made on first use."""
    live = getattr(app, "_mentor_live_index", None)
    if live is None:
        live = LiveIndex(app)
        app._mentor_live_index = live
    return live


def result_content(result: Result, *, two_lines: bool = True) -> Content:
    """A result as Content: kind and title, then the snippet with the matches highlighted."""
    doc = result.doc
    head = f"{KIND_LABEL[doc.kind]} · {doc.title}"
    label = f"{doc.field}: "
    if two_lines:
        text = f"{head}\n{label}{result.snippet}"
        offset = len(head) + 1 + len(label)
        content = Content(text).stylize("bold", 0, len(head)).stylize("dim", len(head) + 1, offset)
    else:
        text, offset = f"{label}{result.snippet}", len(label)
        content = Content(text).stylize("dim", 0, offset)
    for start, end in result.spans:
        content = content.stylize(MATCH_STYLE, start + offset, end + offset)
    return content


def open_result(app, result: Result) -> None:
    """Take the learner to where a result lives."""
    from ..models import Material, PracticeTask, Question
    from ..dialogs.record_view import RecordView
    from .before import question_markdown
    from .history import SessionView

    doc = result.doc
    if isinstance(app.screen, SearchScreen) and doc.kind != "session":
        app.pop_screen()
    if doc.kind == "session":
        app.push_screen(SessionView(doc.record_id))
        return

    mode = {"question": "before", "task": "after", "material": "before"}[doc.kind]
    if app.current_mode != mode:
        app.action_switch_mode(mode)

    def fallback(record) -> None:
        if record is None:
            app.notify("It is no longer there.", severity="warning")
        elif isinstance(record, Question):
            app.push_screen(RecordView(question_markdown(record)))
        elif isinstance(record, PracticeTask) and record.session_id:
            app.push_screen(SessionView(record.session_id))
        else:
            body = record.details if isinstance(record, PracticeTask) else record.notes
            where = getattr(record, "location", "")
            app.push_screen(RecordView(f"## {md_text(record.title)}\n\n{md_text(where)}\n\n{body}".strip()))

    def select() -> None:
        if doc.kind == "question" and isinstance(app.screen, ShowsQuestion):
            app.screen.select_question(doc.record_id)
            return
        model = {"question": Question, "task": PracticeTask, "material": Material}[doc.kind]
        app.run_store(lambda: app.store.get(model, doc.record_id), fallback, refresh=False)

    app.call_after_refresh(select)


class SearchScreen(Screen):
    """One search box over everything the learner wrote down; Enter jumps to the result."""

    CSS_PATH = "history.tcss"
    BINDINGS = [
        Binding("escape", "close", "Back"),
        Binding("down", "focus_results", "Results", show=False),
    ]

    def __init__(self, query: str = "") -> None:
        super().__init__()
        self.initial_query = query
        self.results: list[Result] = []
        #: The text whose results are listed (None: none yet), and how many records it matched.
        self.shown_query: str | None = None
        self.total = 0
        self._debounce: Timer | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Input(self.initial_query, id="search-input",
                    placeholder="Search questions, answers, notes, entries, practice, materials")
        yield Static("", id="search-status")
        yield OptionList(id="search-results")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.sub_title = "Search"
        self.app.hold_background()
        # No full garbage collection between opening Search and its first answer on the terminal
        # (at most FIRST_ANSWER_QUIET): after a tour of the modes at five years one walks
        # ~100,000 objects (popped History screens among them) for 50-150 ms, and fell in the
        # first search more often than not; it runs once the results are painted instead.
        self._gc_quiet = ExitStack()
        self._gc_quiet.enter_context(gcpause.quiet())
        self.set_timer(FIRST_ANSWER_QUIET, self._gc_quiet.close)
        live = live_index(self.app)
        live.listeners.append(self._index_changed)
        # Notes saved a moment ago are found: the session files are checked (a stat per file,
        # nothing read unless one changed). Once this screen is painted if there is an index
        # to answer from meanwhile: at five years the check took the GIL from the first paint.
        if live.index is None:
            live.ensure({"sessions"})
        else:
            self.call_after_refresh(live.ensure, {"sessions"})
        self.query_one("#search-input", Input).focus()
        self.run_query()

    def on_unmount(self) -> None:
        self._gc_quiet.close()
        live = live_index(self.app)
        if self._index_changed in live.listeners:
            live.listeners.remove(self._index_changed)

    def _index_changed(self) -> None:
        self.run_query()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        # Keys that arrive together (a fast typist, a paste, a pty read) make one query, not one
        # per letter: wait for a short pause in the typing.
        if self._debounce is not None:
            self._debounce.stop()
        self._debounce = self.set_timer(DEBOUNCE, self.run_query)

    def run_query(self) -> None:
        """Search for what is typed, in a worker; the newest call wins (called on every keypress)."""
        live = live_index(self.app)
        query = self.query_one("#search-input", Input).value
        if live.index is None:
            self.query_one("#search-status", Static).update(literal(live.error or "Indexing…"))
            return
        index = live.index
        # The function, not a coroutine: a worker replaced before it starts never makes one
        # (a coroutine made and dropped warned "never awaited").
        self.run_worker(partial(self._find, index, query), group="search-query", exclusive=True,
                        exit_on_error=False)

    async def _find(self, index: SearchIndex, query: str) -> None:
        """Run the query in steps, yielding to the event loop between them (an async worker, not
        a thread: the thread pool may be busy with long reads, and the query would wait behind
        them); a newer keystroke cancels this worker (``exclusive``)."""
        for found in index.steps(query, limit=SHOWN):
            if found is None:
                await asyncio.sleep(0)
            else:
                self._show(index, query, found)

    def _show(self, index: SearchIndex, query: str, found: Found) -> None:
        """List *found* if *query* is still what the box holds (else a newer query is on its way)."""
        if query != self.query_one("#search-input", Input).value or not self.is_attached:
            return
        options = self.query_one("#search-results", OptionList)
        same_text = query == self.shown_query
        if same_text and found.total == self.total and found.results == self.results:
            return  # the index was refreshed under an open search: keep the list and its cursor
        keep = options.highlighted if same_text else None
        self.results, self.total, self.shown_query = found.results, found.total, query
        status = self.query_one("#search-status", Static)
        options.clear_options()
        options.add_options(Option(result_content(r), id=str(n)) for n, r in enumerate(self.results))
        more = found.total - len(found.results)
        if more > 0:
            options.add_option(Option(Content.styled(
                f"… {counted(more, 'more result')}: add a word to narrow the search", "dim italic"),
                id=MORE_ID, disabled=True))
        if query.strip():
            self.call_after_refresh(self._gc_quiet.close)  # the first answer is on the terminal
        if self.results:
            options.highlighted = min(keep or 0, len(self.results) - 1)
            shown = f" (first {len(self.results)} listed)" if more > 0 else ""
            status.update(f"{counted(found.total, 'result')}{shown} · Enter opens · ↓ to the list")
        elif query.strip():
            status.update("No matches. Every word must appear in the same note, question or task.")
        else:
            status.update(f"{counted(len(index), 'text')} indexed. Type to search.")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        options = self.query_one("#search-results", OptionList)
        if self.results:
            self.open(options.highlighted or 0)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.open(event.option_index)

    def open(self, index: int) -> None:
        if 0 <= index < len(self.results):
            open_result(self.app, self.results[index])

    def action_focus_results(self) -> None:
        if self.results:
            self.query_one("#search-results", OptionList).focus()

    def action_close(self) -> None:
        self.app.pop_screen()


class SearchHits(Provider):
    """Command palette: what the learner wrote that matches the query (below the commands)."""

    async def startup(self) -> None:
        live_index(self.app).ensure()

    async def search(self, query: str) -> Hits:
        if len(query.strip()) < 2:
            return
        index = await live_index(self.app).wait()
        if index is None:
            return
        for n, result in enumerate(index.search(query, limit=20)):
            doc = result.doc
            yield Hit(
                0.5 - n * 0.01,  # below the app's own commands, in recency order
                Content(f"{KIND_LABEL[doc.kind]} · {doc.title}").stylize("bold", 0, len(KIND_LABEL[doc.kind])),
                partial(open_result, self.app, result),
                text=f"{KIND_LABEL[doc.kind]} · {doc.title}",
                # The palette parses a str help as markup; Content is taken as is.
                help=literal(f"{doc.field}: {result.snippet}"),  # type: ignore[arg-type]
            )

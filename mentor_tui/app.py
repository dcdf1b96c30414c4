"""MentorApp: the four modes (Before, During, After, Equipment), global keys, and the bridge between
screens and the store.

Screens never touch files: they call :meth:`MentorApp.run_store`, which runs the store call in a
thread worker and hands the result back on the UI thread. A poller notices writes made by other
processes (``mentor-tui ask`` in another pane) and sets :attr:`MentorApp.data_revision` to a new
:class:`DataChange` naming the changed collections, which screens watch to reload. Every UI write,
the notes autosave included, goes through the one lane; the autosave's writes are recorded there
without being announced, so typing never makes screens reload.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events, on, work
from textual.app import App, ScreenStackError
from textual.binding import Binding
from textual.dom import DOMNode
from textual.reactive import reactive
from textual.screen import ModalScreen
from textual.worker import NoActiveWorker, Worker, WorkerState, get_current_worker

from textual.screen import Screen

from . import gcpause
from .css_cache import CachedStylesheet, cached_stylesheet
from .commands import MentorCommands, PaletteCommand, mode_commands
from .clock import utcnow
from .screens.before import BeforeScreen
from .screens import screen_class
from .screens.hooks import HoldsTyping, MountsPanesLate, TakesQuestions
from .settings import Settings
from .store import COLLECTIONS, Store, StoreError
from .textual_fixes import (input_paste_keeps_every_line, strip_caches_made_on_first_use,
                            styles_cache_keeps_no_widget, text_field_keys_in_order)

styles_cache_keeps_no_widget()  # before any widget is drawn
strip_caches_made_on_first_use()
input_paste_keeps_every_line()
text_field_keys_in_order()

if TYPE_CHECKING:  # the dialog loads on first use; the models after the first frame
    from .dialogs.modals import CapturedQuestion
    from .models import Question

Clock = Callable[[], datetime]

MODES_INFO = (
    ("before", "Before: questions and preparation", "Question inbox, stuck check, review and agenda"),
    ("during", "During: live session", "Session clock, agenda and notes that save themselves"),
    ("after", "After: practice and review", "Practice tasks, practice log, spaced review, progress"),
    ("equipment", "Equipment check", "Is this machine and connection ready for a video call?"),
)


#: The other modes' modules, imported in a thread once the first screen is up (``_preload``): a
#: mode's first visit then builds its screen without importing it first. Measured on the first
#: F3 at five years: screens/during.py ~40 ms of imports (Textual's TextArea most of it, which
#: the bare Textual app pays at start), equipment.py ~40 ms (psutil ~15 ms), after.py ~45 ms.
PRELOAD = ("mentor_tui.screens.during", "mentor_tui.screens.equipment", "mentor_tui.probes.system",
           "mentor_tui.screens.after", "mentor_tui.screens.history")


#: Seconds after a mode switch during which background readers sleep rather than validate, at
#: most: they go on once the new screen is painted (``hold_until_painted``). A mode's first visit
#: (~0.13 s of UI work at five years) pressed right after start took 0.25-0.4 s while the start's
#: reads and imports shared the GIL with it.
SWITCH_QUIET = 0.3
#: Seconds the background reads sleep after each chunk of terminal input (``input_arrived``); a
#: mode switch then holds them until its screen is painted (``hold_until_painted``).
INPUT_QUIET = 0.2
#: What a mode's first view reads, started in a thread as the learner switches to it for the
#: first time, while the UI thread builds its screen (``MentorApp.read_ahead``): the module and
#: the function of the store. After's practice list came ~0.1 s after its title at five years
#: when its read started only once the screen was mounted.
READ_AHEAD = {"after": ("mentor_tui.after_data", "first_snapshot")}
#: Seconds without terminal input before the collector's pass after a long read may run
#: (``gcpause.keep``): it holds the GIL a few hundred ms at five years.
IDLE_FOR_GC = 2.0

#: Seconds after mounting until the start-up chores (``_start_chores``) run anyway, when no first
#: screen has said it is painted (the Before screen says so about 0.1 s after its first frame).
CHORES_FALLBACK = 1.0
#: Seconds after mounting until frames go out anyway, when no first screen has said it has its
#: first view (``first_frame_ready``; the Before screen says so as it mounts).
FIRST_FRAME_FALLBACK = 0.5


def _styled_now(screen: Screen) -> Screen:
    """A new mode screen, marked as up to date with the app's CSS.

    Textual refreshes all CSS (re-parse, then restyle every widget of the app) when a screen's
    CSS count differs from the app's, and a new screen starts at -1, so each mode's first visit
    paid for a full restyle (0.1-0.2 s at five years) though the new screen's widgets are styled
    as they mount anyway (every stylesheet is on the App's ``CSS_PATH``, so none is added then).
    Textual 8.2.8 internals (pinned); the snapshot and real-terminal tests show the result."""
    from textual._context import active_app

    try:
        screen._css_update_count = active_app.get()._css_update_count
    except LookupError:
        pass
    return screen


def _before_screen() -> Screen:
    return _styled_now(BeforeScreen())


def _during_screen() -> Screen:
    return _styled_now(screen_class("during")())


def _after_screen() -> Screen:
    return _styled_now(screen_class("after")())


def _equipment_screen() -> Screen:
    return _styled_now(screen_class("equipment")())


def _search_hits():
    from .screens.search import SearchHits  # the search index code loads with the palette

    return SearchHits


@dataclass(frozen=True)
class DataChange:
    """One change of the data on disk: *serial* counts changes (so each is a new value for the
    reactive), *kinds* names the collections that changed ("questions", "sessions", ...)."""

    serial: int = 0
    kinds: frozenset[str] = frozenset()


class MentorApp(App[int]):
    """The full-screen app. Build it with :func:`make_app`."""

    TITLE = "mentor-tui"
    # Every screen's stylesheet is read at start (a few ms): a mode's first visit then adds no
    # stylesheet, which would re-parse all CSS and restyle every widget of every open screen.
    CSS_PATH = ["app.tcss", "screens/after.tcss", "screens/during.tcss", "screens/equipment.tcss",
                "screens/history.tcss"]
    COMMANDS = App.COMMANDS | {MentorCommands, _search_hits}
    DEFAULT_MODE = "before"
    MODES = {
        "before": _before_screen,
        "during": _during_screen,
        "after": _after_screen,
        "equipment": _equipment_screen,
    }
    ENABLE_COMMAND_PALETTE = True

    BINDINGS = [
        Binding("f1", "help", "Help"),
        Binding("f2", "switch_mode('before')", "Before"),
        Binding("f3", "switch_mode('during')", "During"),
        Binding("f4", "switch_mode('after')", "After"),
        Binding("f5", "switch_mode('equipment')", "Equipment"),
        Binding("f6", "history", "History"),
        Binding("ctrl+f", "search", "Search", priority=True),
        Binding("ctrl+n", "capture_question", "New question", priority=True),
        Binding("ctrl+q", "quit", "Quit", priority=True),
    ]

    #: A new value whenever data on disk changed (another process's write, or one of our writes
    #: that is news to the screens); screens watch it and read ``data_revision.kinds``.
    data_revision: reactive[DataChange] = reactive(DataChange, init=False)

    def __init__(
        self,
        store: Store,
        settings: Settings | None = None,
        *,
        clock: Clock = utcnow,
        poll_interval: float = 0.5,
        sync_check_interval: float = 60.0,
        reminder_interval: float = 30.0,
        sampler_factory: Callable[[Path], Any] | None = None,
        search_prebuild_delay: float | None = 0.5,
        first_view: tuple | None = None,
        preload_delay: float | None = 0.1,
    ) -> None:
        super().__init__()
        # Parsed stylesheets come from the cache folder when they are there (see css_cache).
        self.stylesheet = cached_stylesheet(self.stylesheet)
        #: Seconds after the first screen is painted to import the other modes' modules in a
        #: thread (None: never); see ``first_screen_painted``.
        self.preload_delay = preload_delay
        #: What the first screen shows, read before start-up (``inbox.first_view``); the Before
        #: screen takes it once, else reads it in the store worker.
        self.first_view = first_view
        #: Seconds after start-up to build the search index in the background (None: on first use).
        self.search_prebuild_delay = search_prebuild_delay
        self.reminder_interval = reminder_interval
        #: Builds the Equipment panel's machine sampler from the data folder (tests give fakes);
        #: None means psutil's (imported when the panel is first shown).
        self.sampler_factory = sampler_factory
        self._reminded: set[tuple[str, datetime]] = set()
        self._chores_started = False
        #: A frame has gone to the terminal (``_display`` outside any batch).
        self.first_frame_out = False
        self._models_asked = False
        # No frame goes out until the first screen has its first view (``first_frame_ready``):
        # Textual could otherwise paint one in between, without the header's mode, the tab
        # labels and the inbox's counts (seen in a real launch on Python 3.13).
        self._begin_batch()
        self._start_batch = True
        self.sub_title = "Before"
        from .sync.auto import AutoSync

        self.sync_check_interval = sync_check_interval
        self.auto_sync = AutoSync()
        self.store = store
        self.settings = settings or Settings()
        self.clock = clock
        self.poll_interval = poll_interval
        self._store_jobs: queue.Queue = queue.Queue()
        self._store_lock = threading.Lock()
        #: Held by each long background read (screens' full loads, the search index build): one
        #: at a time, so their transient copies of five years of records never pile up in memory
        #: (RSS keeps its high-water mark) and only one thread competes with the UI for the GIL.
        self.background_reads = threading.Lock()
        self._hold_until = 0.0  # background reads sleep until then (``hold_background``)
        self._last_input = 0.0  # when the terminal last sent input (``input_arrived``)
        self._store_loop_running = False
        self._signatures: dict[str, tuple] = {}
        self._baseline_failed = False  # the store could not be read for it (``baseline_signatures``)
        #: Held while a store job writes and records the new signatures, and while the poller
        #: compares: the poller never sees our own write half-recorded as another process's.
        self._signatures_lock = threading.Lock()
        #: Per mode, the read started for its first visit and the data serial it started at.
        self._read_ahead: dict[str, tuple[int, concurrent.futures.Future]] = {}
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme

    # -- Textual work-around -----------------------------------------------------------------------

    def clear_selection(self) -> None:
        """Clear the text selection, tolerating a mode whose screen is not on its stack yet.

        Work-around for Textualize/textual#6444 (fix proposed in PR #6492, not released in 8.2.8):
        on Python 3.12+ ``App.run()`` installs asyncio's eager task factory, so the first mode's
        ``Input`` starts (and its selection watcher calls this) before the screen is pushed, and
        Textual only catches ``NoScreen`` here. ``run_test()`` never sees it; the real-launch test
        ``tests/test_real_launch.py`` does. Remove once a Textual release carries the fix.
        """
        try:
            super().clear_selection()
        except ScreenStackError:
            pass

    # -- lifecycle -------------------------------------------------------------------------------

    def on_mount(self) -> None:
        self.set_timer(FIRST_FRAME_FALLBACK, self.first_frame_ready)  # if no screen says so
        # The start-up chores wait for the first frame: they import the models (pydantic), and
        # a thread importing them holds the GIL the first paint needs (~60 ms).
        self.set_timer(CHORES_FALLBACK, self._start_chores)  # if no first screen says it is painted
        self.set_interval(self.poll_interval, self._poll_store)
        self.set_interval(self.sync_check_interval, self._sync_worker)
        self.set_interval(self.reminder_interval, self._remind_worker)
        if self.search_prebuild_delay is not None:
            self.set_timer(self.search_prebuild_delay, self._prebuild_search_index)

    def _end_batch(self) -> None:
        """Textual's, then the current screen is asked to paint what is pending.

        A screen skips its paint while any batch is open (``App.batch_update``: Textual's
        Markdown widget opens one for each update) and is not asked again when it ends: the app
        is, the screen is not. A mode switch made while the inbox's detail rendered its Markdown
        (right after start) left the old screen on the terminal until the next key or timer: F3
        "did nothing" in about 1 launch in 7 at five years. Fix of a Textual 8.2.8 behaviour."""
        super()._end_batch()
        if not self._batch_count:
            try:
                self.screen.check_idle()
            except ScreenStackError:
                pass

    def _display(self, screen: Screen, update) -> None:
        """Textual's; after the first frame, the models start loading (see ``_load_models``)."""
        if update is not None and not self._batch_count:
            self.first_frame_out = True  # a frame really goes to the terminal (see PaintsAfterBatch)
        super()._display(screen, update)
        if not self._models_asked:
            self._models_asked = True
            self._load_models()

    @work(thread=True, group="models", exit_on_error=False)
    def _load_models(self) -> None:
        """Import pydantic and the models (~60 ms) in a thread as soon as the first frame is out.
        Every other mode, Before's other panes and the start's chores need them; a mode key
        pressed right after the first frame then waits for an import already under way instead
        of starting it (and the threads started 0.1 s later find it done). The threads started
        from here on share one malloc arena (``heap.limit_arenas``)."""
        from . import heap

        heap.limit_arenas()
        from . import models  # noqa: F401

    def first_frame_ready(self) -> None:
        """The first screen has its first view: frames may go out from now on (once)."""
        if self._start_batch:
            self._start_batch = False
            self._end_batch()

    def first_screen_painted(self) -> None:
        """Called by the first screen once its first view is on the terminal: what was kept
        off the path to it may start now."""
        self._start_chores()
        if self.preload_delay is not None:
            self.set_timer(self.preload_delay, self._preload)
            self.preload_delay = None  # once

    @work(thread=True, group="preload", exit_on_error=False)
    def _preload(self) -> None:
        """Import the other modes' modules (``PRELOAD``) off the UI thread, once the first screen
        is painted. Only imports: no screen is built and nothing is read. A short pause between
        modules lets the UI thread take the GIL back (a key pressed meanwhile is answered)."""
        import importlib

        for name in PRELOAD:
            # Not held while a screen is built (``wait_while_held``), unlike the chores: the next
            # mode's first visit needs these, and held, they were imported on the UI thread
            # during it (Equipment's first visit took longer in paired runs).
            time.sleep(0.02)
            if get_current_worker().is_cancelled:
                return
            importlib.import_module(name)

    def models_kept(self) -> None:
        """A screen has read every question, session, task and material (the store keeps their
        models): a search index built before from the files is made again to share their texts."""
        live = getattr(self, "_mentor_live_index", None)  # ``screens.search.live_index``
        if live is not None:
            live.share()

    @work(thread=True, group="search-prebuild", exit_on_error=False)
    def _prebuild_search_index(self) -> None:
        """Build the search index in the background once the first screen is up, so the first
        ctrl+f answers at once (at five years the build takes ~0.4-0.7 s; it pauses per file so
        the UI keeps the GIL, and waits for other background reads unless Search is opened).
        The Search screen's module is imported here, in a thread: on the UI thread its ~20-40 ms
        fell into the first paint of a mode chosen as the first screen appeared."""
        from .screens.search import live_index

        self.call_from_thread(lambda: live_index(self).ensure(background=True))

    def _start_chores(self) -> None:
        """Once, after the first frame: the collector back on, then the start-up chores."""
        if self._chores_started:
            return
        self._chores_started = True
        gcpause.resume()
        self._housekeeping()  # which asks for the cards' catch-up once nothing is held

    @work(thread=True, group="housekeeping", exit_on_error=False)
    def _housekeeping(self) -> None:
        """Start-up chores off the UI thread: clear a killed writer's temp files, daily backup.
        Not while a screen is being built (``wait_while_held``): they took ~35 ms of CPU inside
        During's first visit when F3 came as the first screen appeared."""
        self.wait_while_held()
        # Queued in the store lane only now: a job waiting there would hold back the reads of
        # the screen being built (During's own waited behind it).
        self.call_from_thread(self._catch_up_cards)
        try:
            self.baseline_signatures()
            self.store.cleanup()
            self._fold_conflict_copies()
            self.call_from_thread(self._sync_worker)  # the first automatic sync, after the fold-in
            from .live_session import live_session

            if live_session(self.store) is not None:
                self.call_from_thread(self._resume_live_session)
            self.store.backup_daily()
        except (StoreError, OSError) as exc:
            self.call_from_thread(self.notify, str(exc), title="Data folder", severity="error")
        self._save_css_cache()

    def _catch_up_cards(self) -> None:
        """Sessions ended by an older version get their review cards once, in the store lane
        (never when a screen opens: reading never writes). See ``review_cards.catch_up``."""
        now = self.clock()

        def catch_up() -> None:
            from .review_cards import catch_up

            catch_up(self.store, now)

        self.run_store(catch_up)

    def _fold_conflict_copies(self) -> None:
        """Thread: fold a file syncer's conflict copies back in; tell the learner once."""
        from .sync.fold import fold_conflict_copies

        for line in fold_conflict_copies(self.store).lines():
            self.call_from_thread(self.notify, line, title="Data folder", markup=False, timeout=12)

    @work(thread=True, group="sync", exit_on_error=False)
    def _sync_worker(self, force: bool = False) -> None:
        """Thread: a sync round when one is due (see ``sync/auto.py``) or asked for; never prompts."""
        badge, messages = self.auto_sync.run(self.store, force=force)
        self.call_from_thread(self._sync_done, badge, messages)

    def _sync_done(self, badge: str, messages: list[str]) -> None:
        self.title = f"{self.TITLE}  {badge}" if badge else self.TITLE
        for line in messages:
            self.notify(line, title="Sync", markup=False, timeout=10)

    @work(thread=True, group="remind", exclusive=True, exit_on_error=False)
    def _remind_worker(self) -> None:
        """Thread: a quiet note 10 minutes before a planned session, once per planned time."""
        from .models import Session
        from .planning import session_to_remind

        try:
            sessions = self.store.all(Session)
        except (StoreError, OSError):
            return
        session = session_to_remind(sessions, self.clock(), already=self._reminded)
        if session is None:
            return
        self._reminded.add((session.id, session.scheduled_at))
        who = f" with {session.mentor}" if session.mentor else ""
        local = session.scheduled_at.astimezone()
        self.call_from_thread(self.notify, f"Session{who} at {local:%H:%M}. Agenda: F2, then 2.",
                              title="Starting soon", markup=False, timeout=20)

    def action_sync_now(self) -> None:
        """Sync with the other machines now (palette: "Sync now")."""
        self._sync_worker(force=True)

    def _resume_live_session(self) -> None:
        """A session was live when the app stopped (crash, closed terminal): go back to it, unless
        the learner is already busy elsewhere. Not while the app is closing: a mode made then
        races Textual's shutdown, which is walking the modes (a quit during start-up)."""
        if not self.is_running:
            return
        if self.current_mode == "before" and len(self.screen_stack) == 1:
            self.action_switch_mode("during")

    def _read_signatures(self) -> dict[str, tuple]:
        return {c.name: self.store.signature(c) for c in COLLECTIONS.values()}

    def baseline_signatures(self) -> None:
        """The poller's first fingerprint of the files, taken once (safe from any thread), before
        the first full read of the store: a write landing after it is then news, and one landing
        before it is in that read. Every reader of the UI takes it first: a screen's long read
        (``read_in_background``) or quick one (``read_now``), a first visit's read ahead, the
        search build and a store job.

        Housekeeping took it at whatever time its thread ran and replaced any earlier one: behind
        a wait for the store's lock, it took in a question added meanwhile by another process
        (``mentor-tui ask``), which was then never announced and did not appear until the next
        change (seen as a flaky test on a loaded machine)."""
        if self._signatures:
            return
        if self._signatures_lock.acquire(blocking=False):
            try:
                self._take_baseline()
            finally:
                self._signatures_lock.release()
        # else a store job holds the lock, and took the baseline before its call: a reader
        # waiting here would wait behind the lane (After's first read behind a slow write)

    def _take_baseline(self) -> None:
        """``baseline_signatures``, with ``_signatures_lock`` held."""
        if self._signatures:
            return
        try:
            self._signatures = self._read_signatures()
        except (StoreError, OSError):
            self._baseline_failed = True  # the poller takes it and announces everything once

    def _poll_store(self) -> None:
        self._show_store_warnings()
        self._poll_worker()

    def _show_store_warnings(self) -> None:
        """A damaged record the store skipped: one toast each (the store reports each once)."""
        for message in self.store.take_warnings():
            self.notify(message, title="Damaged record set aside", severity="warning", timeout=20,
                        markup=False)

    @work(thread=True, group="poll", exclusive=True, exit_on_error=False)
    def _poll_worker(self) -> None:
        """Thread: announce the collections another process wrote since the last look. Before
        any baseline there is no news (nothing has been read yet), unless the store could not be
        read for one: a poll that found no baseline announced every collection, and a first
        visit's read ahead (After's, as F4 came early) was set aside and read again."""
        if not self._signatures and not self._baseline_failed:
            return  # checked before the lock: a reader finding it held counts on the holder
        with self._signatures_lock:
            try:
                now = self._read_signatures()
            except (StoreError, OSError):
                return
            changed = {name for name, sig in now.items() if self._signatures.get(name) != sig}
            self._signatures = now
        if changed and not get_current_worker().is_cancelled:
            self.call_from_thread(self._data_changed, changed)

    def _data_changed(self, kinds: set[str]) -> None:
        self.data_revision = DataChange(self.data_revision.serial + 1, frozenset(kinds))

    @property
    def changed_kinds(self) -> frozenset[str]:
        """The collections of the latest change (``data_revision.kinds``)."""
        return self.data_revision.kinds

    # -- the store bridge ------------------------------------------------------------------------

    def run_store(
        self,
        call: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        *,
        on_error: Callable[[Exception], None] | None = None,
        refresh: bool = True,
        announce: bool = True,
        report: bool = True,
    ) -> None:
        """Queue *call* (a store read or write) for the store worker; *on_done* gets its result on
        the UI thread. Calls run one at a time in the order queued, so two quick edits can never
        land in the wrong order. A failure is shown as a notification (unless not *report*: the
        caller tells the learner itself) and passed to *on_error*.

        With *refresh* the files' signatures are read again afterwards, so the poller does not
        take this write for another process's; with *announce* too, the change is news to the
        screens (``data_revision``). The notes autosave writes with ``announce=False``: a
        keystroke is no reason for any screen to reload."""
        with self._store_lock:
            self._store_jobs.put((call, on_done, on_error, refresh, announce, report))
            if not self._store_loop_running:
                self._store_loop_running = True
                self._store_loop()

    @work(thread=True, group="store", name="store-worker", exit_on_error=False)
    def _store_loop(self) -> None:
        """The one thread that talks to the store for the UI, in queue order. It ends when the
        queue is empty (so ``workers.wait_for_complete()`` returns) and is restarted on demand."""
        while True:
            with self._store_lock:
                try:
                    job = self._store_jobs.get_nowait()
                except queue.Empty:
                    self._store_loop_running = False
                    return
            try:
                self._run_job(*job)
            finally:
                self._store_jobs.task_done()

    def _run_job(self, call, on_done, on_error, refresh, announce=True, report=True) -> None:
        changed: set[str] = set()
        with self._signatures_lock:
            self._take_baseline()  # first: readers finding the lock held count on it (and else
            # every collection would count as changed by this job)
            try:
                result = call()
            except Exception as exc:  # noqa: BLE001 - the worker must outlive any one failed call
                self.call_from_thread(self._store_failed, exc, on_error, report)
                return
            if refresh:
                try:
                    before = self._signatures
                    self._signatures = now = self._read_signatures()
                    changed = {n for n, s in now.items() if before.get(n) != s}
                except (StoreError, OSError):
                    pass
        if on_done is not None:
            self.call_from_thread(self._deliver, on_done, result, "store")
        if changed and announce:
            self.call_from_thread(self._data_changed, changed)

    def hold_background(self, seconds: float = SWITCH_QUIET) -> None:
        """Ask the reads nobody waits for to sleep for the next *seconds*: a screen is being
        built (a mode switch), or the learner waits for work of their own (the search index
        built for an open Search). Safe from any thread."""
        self._hold_until = max(self._hold_until, time.monotonic() + seconds)

    def input_arrived(self) -> None:
        """Called from the terminal driver's input thread as a key, a paste or a mouse event
        arrives, before Textual has parsed it: the reads nobody waits for (each works 5 ms and
        sleeps 4) sleep for the next ``INPUT_QUIET`` seconds (``hold_background``), so what is
        typed is answered without sharing the GIL with them, as while Before re-reads five
        years after a question came from the shell during a call. When the learner last typed
        also decides when the collector may run (``_keep_when_quiet``). (F3 pressed as the
        first screen appeared waited mostly for Before's queue, fixed there; this made no
        difference to it that launches could show.)"""
        self._last_input = time.monotonic()
        self.hold_background(INPUT_QUIET)

    def hold_until_painted(self, *, lives_on: bool = True) -> None:
        """Hold the background reads (``hold_background``) while the screen now current is built,
        and let them go once it has been painted, rather than always for ``SWITCH_QUIET``: a
        tour of the modes kept them asleep throughout, and the search index was not built when
        Search opened after it. ``call_after_refresh`` runs once the screen has no layout or
        repaint pending, i.e. after its first frame went to the terminal.

        *lives_on*: the screen stays once left (a mode's), so what exists once it is painted is
        frozen (``gcpause.freeze_young``). Not for a screen shown for a moment (History): frozen,
        it stayed in memory after Esc until the learner had been idle 2 s, and a learner going
        in and out of it piled them up (10 rounds of F6, Esc at five years: RSS 86 -> 126 MB).
        Left young, the collector frees it soon after it closes (the rest of the heap is
        frozen, so that pass is short)."""
        self.hold_background(SWITCH_QUIET)
        until = self._hold_until

        def painted() -> None:
            if self._hold_until == until:  # else someone asked for a longer hold meanwhile
                self._hold_until = time.monotonic()
            if lives_on and gcpause.freeze_young():  # the new screen and what it read live on
                self._keep_when_idle()

        self.call_after_refresh(painted)

    @work(thread=True, group="gc-keep", exclusive=True, exit_on_error=False)
    def _keep_when_idle(self) -> None:
        """Thread: the pass that frees the garbage ``freeze_young`` froze, once the learner is
        idle (``_keep_when_quiet``); a newer switch replaces a waiting one."""
        if gcpause.keep_due():
            self._keep_when_quiet()

    def wait_while_held(self) -> None:
        """In a thread doing work nobody waits for (start-up chores, imports ahead of need):
        sleep while the background is held (``hold_background``: a screen being built, keys
        arriving), so that work does not share the GIL with the UI thread then."""
        while (wait := self.background_pause(0.0)) > 0:
            time.sleep(min(wait, 0.05))

    def background_pause(self, pause: float) -> float:
        """How long a background reader should sleep between files: *pause*, or longer while
        held (``hold_background``), so the UI thread or the awaited work gets the GIL. Only
        reads nobody waits for use it (the start's full read, the search prebuild); a tab's or
        a mode's own data is never held back, nor the module preload (the next visits need it).
        Called from worker threads (a float read is atomic)."""
        return max(pause, self._hold_until - time.monotonic())

    def read_in_background(self, call: Callable[[], Any], on_done: Callable[[Any], None],
                           *, group: str) -> None:
        """Run a long read (five years of records) in its own thread worker, beside the store
        queue rather than in it, so quick reads and the learner's writes never wait behind it
        (readers need no lock: files are replaced atomically). A newer read of the same *group*
        supersedes an older one; a failure is shown as a notification."""

        def work() -> None:
            nonlocal on_done
            from . import heap

            try:
                self.baseline_signatures()  # before the first full read (once)
                with self.background_reads:
                    result = call()
            except Exception as exc:  # noqa: BLE001 - shown, never fatal
                self.call_from_thread(self._store_failed, exc, None)
                return
            if get_current_worker().is_cancelled:
                return
            show, on_done = on_done, None  # the wait below must not keep its screen (History) alive
            self.call_from_thread(self._deliver, show, result, group)  # first: the learner waits
            del result, show
            self._keep_when_quiet()  # then what the screen keeps of it is frozen
            heap.give_back()  # the read's transient copies (five years of raw records) are freed

        self.run_worker(work, thread=True, group=group, exclusive=True, exit_on_error=False)

    def _keep_when_quiet(self) -> None:
        """Thread, after a long read is shown: once the learner has been idle ``IDLE_FOR_GC`` s
        (no terminal input, no screen being built), one collection of the whole heap and a
        freeze (``gcpause.keep``), so the collector's automatic passes no longer walk what the
        read built (they took ~90 ms of a mode's first paint at five years). Not while keys
        come: the pass holds the GIL ~0.2-0.3 s at five years, and run as soon as the UI was
        free it fell between a screen's first paint and its list. Given up if the read is
        superseded meanwhile (a newer read will do it)."""
        try:
            worker = get_current_worker()
        except NoActiveWorker:
            worker = None
        passes = gcpause.keeps()
        while True:
            if worker is not None and worker.is_cancelled:
                return
            wait = max(self.background_pause(0.0), self._last_input + IDLE_FOR_GC - time.monotonic())
            if wait <= 0:
                break
            time.sleep(min(wait, 0.5))
        gcpause.keep(unless_after=passes)  # none if another caller's pass ran meanwhile

    def read_now(self, call: Callable[[], Any], on_done: Callable[[Any], None], *, group: str,
                 on_error: Callable[[Exception], None] | None = None) -> None:
        """Run a quick read the learner is waiting for (a mode's first view) in its own thread
        worker, at once: not queued in the store lane behind another screen's read, not held by
        ``hold_background`` nor by the long reads' lock. Readers need no lock (files are replaced
        atomically). A newer read of the same *group* supersedes an older one; a failure is
        shown as a notification and passed to *on_error*.

        Measured (five years, F4 right after F3, paired launches on a loaded machine): After's
        practice list came 0.1-0.2 s after its title while its read (then with every log and
        card) queued in the lane behind During's; 10-30 ms after it read here."""

        def work() -> None:
            try:
                self.baseline_signatures()  # before the first full read (once)
                result = call()
            except Exception as exc:  # noqa: BLE001 - shown, never fatal
                self.call_from_thread(self._store_failed, exc, on_error)
                return
            if not get_current_worker().is_cancelled:
                self.call_from_thread(self._deliver, on_done, result, group)

        self.run_worker(work, thread=True, group=group, exclusive=True, exit_on_error=False)

    def _deliver(self, on_done: Callable[[Any], None], result: Any, label: str) -> None:
        """UI thread: hand a read's or a store call's *result* to *on_done*, unless *on_done*
        belongs to a widget or screen that has closed meanwhile: F6 then Esc before History's
        reads came back sent its rows to a screen whose table was gone ("Background task
        failed"). A callback that fails is reported here, never raised into the thread that
        waits for it: raised into the store lane's thread, it ended the lane, and every later
        write (a question, the notes) would have waited forever."""
        owner = getattr(on_done, "__self__", None)
        if isinstance(owner, DOMNode) and owner._closing:  # set as closing starts, never unset
            return
        try:
            on_done(result)
        except Exception as exc:  # noqa: BLE001 - shown, never fatal
            self._report_failure(label, exc)

    def _report_failure(self, label: str, error: BaseException) -> None:
        self.notify(f"{label}: {type(error).__name__}: {error}",
                    title="Background task failed", severity="error", timeout=10)

    async def drain_store(self, timeout: float = 5.0) -> bool:
        """Wait until every queued store call has run; used on quit. The event loop keeps
        turning meanwhile: a store job hands its result back with ``call_from_thread``, which
        waits for the loop, so a blocking wait here would hold each job (an autosave still being
        written, say) until the timeout."""
        end = time.monotonic() + timeout
        while self._store_jobs.unfinished_tasks and time.monotonic() < end:
            await asyncio.sleep(0.01)
        return not self._store_jobs.unfinished_tasks

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """One of the app's thread workers raised what it did not expect (each runs with
        ``exit_on_error=False``, so the app goes on): say so instead of failing silently."""
        if event.state is WorkerState.ERROR:
            self._report_failure(event.worker.group, event.worker.error)

    def _store_failed(self, exc: Exception, on_error, report: bool = True) -> None:
        known = isinstance(exc, StoreError | OSError | ValueError)
        message = str(exc) if known else f"unexpected {type(exc).__name__}: {exc}"
        if report:
            self.notify(message, title="Not saved", severity="error", timeout=10)
        if on_error is not None:
            self._deliver(on_error, exc, "store")

    # -- toasts ----------------------------------------------------------------------------------

    def notify(self, message: str, *, title: str = "", severity="information",
               timeout: float | None = None, markup: bool = True) -> None:
        """Every toast is plain text: it so often carries an exception message (pydantic's
        ``[type=…]`` breaks the markup parser), a path (a ``[inbox]`` folder vanished) or the
        learner's words. ``markup`` is ignored on purpose (``Widget.notify`` always passes True)."""
        super().notify(str(message), title=str(title), severity=severity, timeout=timeout,
                       markup=False)

    def action_help_quit(self) -> None:
        """ctrl+c: Textual's hint, in plain words (toasts here are never markup)."""
        for key, active in self.active_bindings.items():
            if active.binding.action in ("quit", "app.quit"):
                self.notify(f"Press {key} to quit the app", title="Do you want to quit?")
                return

    @on(events.DeliveryComplete)
    def _screenshot_saved(self, event: events.DeliveryComplete) -> None:
        """Textual's "screenshot saved" toast, without its markup (the path is shown as is)."""
        if event.name == "screenshot":
            event.prevent_default()
            where = f" to {event.path}" if event.path is not None else ""
            self.notify(f"Saved screenshot{where}", title="Screenshot")

    # -- actions ---------------------------------------------------------------------------------

    def action_help(self) -> None:
        from .dialogs.help import HelpScreen, key_groups

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.current_mode, key_groups(self.screen)))

    async def run_bound_action(self, bound) -> None:
        """Run a key's action from the palette: go to its mode (or History), show its pane's tab,
        focus the pane, then run the action as the key would (see ``commands.every_binding``)."""
        from textual.widgets import TabbedContent, TabPane

        from .screens.history import HistoryScreen

        if bound.mode == "history":
            if not isinstance(self.screen, HistoryScreen):
                await self.push_screen(HistoryScreen())
        elif bound.mode:
            while len(self.screen_stack) > 1:  # a dialog or History over the mode: back to it
                self.pop_screen()
            if self.current_mode != bound.mode:
                self._flush_screens()
                await self.switch_mode(bound.mode)
                self.sub_title = bound.mode.capitalize()
        if not bound.mode:
            await self.run_action(bound.action)
            return
        screen = self.screen
        node = screen
        if bound.owner is not None:
            if isinstance(screen, MountsPanesLate):  # a pane mounted after the first paint
                await screen.prepare_pane(bound.owner)
            found = screen.query(bound.owner)
            if not found:
                return
            node = found.first()
            for ancestor in node.ancestors:
                if isinstance(ancestor, TabPane):
                    tabs = next(a for a in ancestor.ancestors if isinstance(a, TabbedContent))
                    tabs.active = ancestor.id or ""
                    break
            focusable = [w for w in node.query("*") if w.focusable] if not node.focusable else [node]
            if focusable:
                focusable[0].focus()
        await node.run_action(bound.action)

    def switch_mode(self, mode: str):  # type: ignore[override]
        """Textual's, after marking the screen being left as styled with the current CSS when
        Textual never did: it syncs a screen's CSS count in ``refresh_css`` only if the screen
        is mounted, and the first mode's screen mounts just after the start's refresh, so its
        count stayed behind and the first return to Before re-parsed all CSS and restyled the
        whole app (~130 ms at five years). A screen that is current gets every restyle, so it
        is current when it is left (Textual 8.2.8 internals, pinned; ``_styled_now`` is the
        same fix for the other modes' new screens)."""
        self.hold_until_painted()
        screen = self.screen
        if screen.is_mounted and screen._css_update_count == -1:
            screen._css_update_count = self._css_update_count
        if mode in READ_AHEAD and not self._screen_stacks.get(mode):
            self._start_read_ahead(mode)
        return super().switch_mode(mode)

    async def _replace_screen(self, screen: Screen) -> Screen:
        """Textual's (a screen popped or switched away from is removed there), then the app's
        watchers of widgets now closed are dropped (``forget_closed_watchers``)."""
        replaced = await super()._replace_screen(screen)
        self.forget_closed_watchers()
        return replaced

    def forget_closed_watchers(self) -> None:
        """Drop the app's reactive watchers whose widget or screen has closed.

        Textual 8.2.8 (pinned) keeps ``watch(app, ...)`` entries until the watched value next
        changes, and drops the closed ones only then. History, a session's view and Search
        watch ``data_revision``, and each screen's ``Header`` the app's title: every one of
        those screens opened and closed stayed alive, with all its widgets, until the learner
        next wrote something. Measured at five years: 20 rounds of F6, Esc, ctrl+f, a search,
        Esc, with nothing written: RSS 114 -> 149 MB, 607 widgets of closed screens alive.
        The same rule as Textual's (a closing node gets no more calls), applied as the screen
        goes. UI thread only: Textual reads these lists there."""
        watchers: dict[str, list] = getattr(self, "__watchers", {})  # ``textual.reactive._watch``
        for entries in watchers.values():
            entries[:] = [(node, callback) for node, callback in entries if not node._closing]

    def _start_read_ahead(self, mode: str) -> None:
        """Start *mode*'s first read in a thread of its own, now. Not a Textual worker: a worker's
        thread starts only once its task runs on the event loop, which was busy building the
        screen (the read began 30-95 ms after F4 at five years), and its state is set there too,
        so the screen found it running as it mounted even when its thread was done."""
        module, name = READ_AHEAD[mode]
        store = self.store
        future: concurrent.futures.Future = concurrent.futures.Future()

        def read() -> None:
            import importlib

            if not future.set_running_or_notify_cancel():
                return
            try:
                self.baseline_signatures()  # before the first full read (once)
                future.set_result(getattr(importlib.import_module(module), name)(store))
            except BaseException as exc:  # noqa: BLE001 - the screen reads again and says why
                future.set_exception(exc)

        threading.Thread(target=read, name=f"read-ahead-{mode}", daemon=True).start()
        self._read_ahead[mode] = (self.data_revision.serial, future)

    def read_ahead(self, mode: str) -> concurrent.futures.Future | None:
        """The read started for *mode*'s first visit (``READ_AHEAD``), once: done or still
        running, unless it failed or data changed since it started; else None (the screen reads
        for itself). A screen that finds it running waits for it rather than reading again: at
        five years, a second read beside it took as long as the first."""
        serial, future = self._read_ahead.pop(mode, (None, None))
        if (future is None or serial != self.data_revision.serial
                or (future.done() and future.exception() is not None)):
            return None
        return future

    def action_switch_mode(self, mode: str) -> None:  # type: ignore[override]
        self._flush_screens()
        self.switch_mode(mode)
        self.sub_title = mode.capitalize()

    async def on_event(self, event: events.Event) -> None:
        """Tab and shift+Tab move the focus as the app reads them (``focus.tab_now``), not
        after the keys read with them: a topic typed or pasted right after Tab went into the
        mentor's name, as Textual handed those keys to the field that still had the focus."""
        if isinstance(event, events.Key) and not event.is_forwarded:
            from .widgets.focus import tab_now

            if tab_now(self.screen, event.key):
                self.app_focus = True  # as Textual notes for any key
                return
        await super().on_event(event)

    def action_capture_question(self, text: str = "") -> None:
        """Open the quick-capture dialog from anywhere; it saves on Enter."""
        from .dialogs.modals import CaptureQuestion

        if isinstance(self.screen, CaptureQuestion):
            return
        if isinstance(self.screen, TakesQuestions) and self.screen.capture_question(text):
            return  # e.g. a follow-up during a call

        def saved(values: CapturedQuestion | None) -> None:
            if values:
                self.save_question(values)

        def on_quit(values: CapturedQuestion) -> None:  # ctrl+q with the dialog open: as Save would
            from . import inbox

            inbox.add(self.store, inbox.new_question(values.text, values.tags, values.priority))

        self.push_screen(CaptureQuestion(text, on_quit=on_quit), saved)

    def save_question(self, values: CapturedQuestion,
                      on_done: Callable[[Question], None] | None = None) -> None:
        """Validate and store a captured question; on failure reopen the dialog with the text."""
        from . import inbox
        from .models import ValidationError, describe_error

        try:
            question = inbox.new_question(values.text, values.tags, values.priority)
        except ValidationError as exc:
            self.notify(describe_error(exc), title="Question not saved", severity="error")
            self.action_capture_question(values.text)
            return

        def done(q: Question) -> None:
            self.notify(q.text[:80], title="Question saved")
            if on_done:
                on_done(q)

        self.run_store(
            lambda: inbox.add(self.store, question),  # reads where the learner works: off the UI thread
            done,
            on_error=lambda _exc: self.action_capture_question(question.text),
        )

    def action_history(self) -> None:
        """Every past session, with a read view and export (F6)."""
        from .screens.history import HistoryScreen

        if not isinstance(self.screen, HistoryScreen):
            self.push_screen(HistoryScreen())
            self.hold_until_painted(lives_on=False)  # like a mode switch: the screen is built first

    def action_search(self) -> None:
        """One search box over everything written down (ctrl+f)."""
        from .screens.search import SearchScreen

        if isinstance(self.screen, SearchScreen):
            self.screen.query_one("#search-input").focus()
        elif not isinstance(self.screen, ModalScreen):
            self.push_screen(SearchScreen())

    async def action_quit(self) -> None:
        self._flush_screens(final=True)
        await self.drain_store()
        await asyncio.to_thread(self._save_css_cache)  # disk: off the UI thread
        self.exit(0)

    def _save_css_cache(self) -> None:
        """Keep the stylesheets parsed so far for the next start (a few ms; see css_cache)."""
        if isinstance(self.stylesheet, CachedStylesheet):
            self.stylesheet.disk_cache.save()

    def _flush_screens(self, final: bool = False) -> None:
        """Ask every screen that holds unsaved typing to save it now."""
        screens = {id(s): s for s in [*self.screen_stack, *self._mode_screens()]}
        for screen in screens.values():
            if isinstance(screen, HoldsTyping):
                screen.flush(final=final)

    def _mode_screens(self):
        for stack in self._screen_stacks.values():
            yield from stack

    # -- palette ---------------------------------------------------------------------------------

    def palette_commands(self) -> list[PaletteCommand]:
        return [
            *mode_commands(self, MODES_INFO),
            ("New question", "Capture a question (ctrl+n)", self.action_capture_question),
            ("Help", "Keys and how the app is laid out (F1)", self.action_help),
            ("Sync now", "Sync this history with your other machines (mentor-tui sync setup URL first)",
             self.action_sync_now),
            ("History", "Every past session, its notes and answers; export (F6)", self.action_history),
            ("Search", "Questions, answers, notes, entries, practice, materials (ctrl+f)",
             self.action_search),
        ]


def make_app(
    store: Store,
    settings: Settings | None = None,
    *,
    clock: Clock = utcnow,
    poll_interval: float = 0.5,
    sync_check_interval: float = 60.0,
    reminder_interval: float = 30.0,
    sampler_factory: Callable[[Path], Any] | None = None,
    search_prebuild_delay: float | None = 0.5,
    first_view: tuple | None = None,
    preload_delay: float | None = 0.1,
) -> MentorApp:
    """The one factory the CLI and the tests use."""
    return MentorApp(store, settings, clock=clock, poll_interval=poll_interval,
                     sync_check_interval=sync_check_interval, reminder_interval=reminder_interval,
                     sampler_factory=sampler_factory,
                     search_prebuild_delay=search_prebuild_delay, first_view=first_view,
                     preload_delay=preload_delay)

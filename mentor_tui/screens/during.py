"""During mode: the live session screen.

The notes editor is the main pane and keeps the focus; everything else (quick entries, the agenda,
ending the session) is one key away and hands the focus back to the notes. The screen arranges:
the panes (``widgets/live_view.py``, ``session_picker.py`` and theirs) draw themselves and post
what the learner asked for; the screen opens the dialogs and runs ``live_session.py``'s rules
through the app's one store lane (``run_store``), as the notes' autosave does.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from functools import partial

from textual.app import ComposeResult
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import ContentSwitcher

from .. import live_session as ls
from ..dialogs.during import EndChoice, EndSession, EntryChoice, QuickEntry, StartChoice, StartSession
from ..dialogs.modals import Confirm, TextPrompt
from ..models import Question, Session
from ..widgets.agenda_live import AgendaList
from ..widgets.footer import KeysFooter
from ..widgets.header import TitleBar
from ..widgets.live_view import LiveView
from ..widgets.session_notes import SessionNotes
from ..widgets.session_picker import StartView
from .hooks import KeepsStylesOnResume, PlansFromSession



class DuringScreen(KeepsStylesOnResume, Screen):
    """Start a session, then take notes while the clock, agenda and timeline sit beside them."""

    CSS_PATH = "during.tcss"
    PANES = (AgendaList,)  # whose keys the palette offers too

    BINDINGS = [
        # The app's ctrl+n (priority) asks this screen first; listed here so the footer says what
        # it does during a call.
        Binding("ctrl+n", "app.capture_question", "Follow-up"),
        Binding("ctrl+r", "entry('insight')", "Insight"),
        Binding("ctrl+l", "entry('mistake')", "Mistake"),
        Binding("ctrl+b", "entry('snippet')", "Snippet"),
        Binding("ctrl+o", "entry('link')", "Link"),
        Binding("ctrl+t", "entry('note')", "Note"),
        Binding("ctrl+g", "toggle_agenda", "Agenda"),
        Binding("f8", "toggle_side", "Panes"),
        Binding("f9", "end", "End"),
        Binding("a", "start_adhoc", "Ad hoc session"),
        Binding("x", "mark_planned('cancelled')", "Cancelled", show=False),
        Binding("m", "mark_planned('missed')", "Missed", show=False),
    ]

    LIVE_ACTIONS = {"entry", "toggle_agenda", "toggle_side", "end"}
    START_ACTIONS = {"start_adhoc", "mark_planned"}

    #: The live session (None: the start view shows). The editor, not this copy, holds the notes.
    session: reactive[Session | None] = reactive(None, bindings=True, always_update=True,
                                                 init=False)
    #: The agenda and timeline column is shown (f8 hides it for room to type).
    side_shown: reactive[bool] = reactive(True, init=False)
    #: A start is on its way to the store: no second start, no reload of the start view.
    busy: reactive[bool] = reactive(False, bindings=True, init=False)

    #: The last session's mentor, offered for an ad hoc start.
    last_mentor = ""

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with ContentSwitcher(initial="start-view", id="during-switcher"):
            yield StartView(id="start-view")
            yield LiveView(id="live-view")
        yield KeysFooter()

    @property
    def planned(self) -> list[Session]:
        """The planned sessions offered in the start view."""
        return self.query_one(StartView).planned

    @property
    def questions(self) -> dict[str, Question]:
        """The questions of the live session's agenda, by id."""
        return self.query_one(LiveView).questions

    @property
    def editor(self) -> SessionNotes:
        return self.query_one("#notes", SessionNotes)

    def on_mount(self) -> None:
        self.watch(self.app, "data_revision", self._data_changed, init=False)
        self._load()

    def on_resize(self) -> None:
        self.set_class(self.size.width < 110, "narrow")

    def on_screen_resume(self) -> None:
        self.action_focus_notes()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action in self.LIVE_ACTIONS:
            return self.session is not None
        if action in self.START_ACTIONS:
            return self.session is None and not self.busy
        return True

    def watch_session(self, old: Session | None, new: Session | None) -> None:
        if new is None:
            self.editor.clear()
        elif old is None or old.id != new.id:  # a session goes live here: its notes, the focus
            self.editor.open_session(new)
            self.query_one("#during-switcher", ContentSwitcher).current = "live-view"
            self.editor.focus()
        self.query_one(LiveView).show(new)

    def watch_side_shown(self, shown: bool) -> None:
        self.set_class(not shown, "hide-side")
        if not shown:
            self.editor.focus()

    def _load(self) -> None:
        self.app.run_store(lambda: ls.during_view(self.app.store), self._loaded, refresh=False)

    def _loaded(self, view: ls.DuringView) -> None:
        if self.session is not None:  # already live here (a reload raced a start)
            return
        self.query_one(LiveView).questions = view.questions
        if view.live is not None:
            self.session = view.live
            return
        self.last_mentor = view.last_mentor
        self.query_one("#during-switcher", ContentSwitcher).current = "start-view"
        self.query_one(StartView).show(view.planned)
        self.refresh_bindings()

    def _data_changed(self) -> None:
        """Another process planned, moved or edited something: the start view follows (the live
        view reloads its own questions)."""
        if self.session is None and self.app.changed_kinds & {"sessions", "questions"} \
                and not self.busy:
            self._load()

    def _saved(self, result: Session | tuple[Session, Question | None]) -> None:
        """A store write returned the session (and an answered or new question): show them. The
        editor keeps its own notes."""
        session, question = result if isinstance(result, tuple) else (result, None)
        if question is not None:
            self.questions[question.id] = question
        if self.session is not None and session.id == self.session.id:
            self.session = session

    def action_start_adhoc(self) -> None:
        self.post_message(StartView.StartAsked(None))

    def on_start_view_start_asked(self, event: StartView.StartAsked) -> None:
        planned = event.planned

        store, session_id = self.app.store, planned.id if planned else None

        def start(now: datetime, choice: StartChoice) -> tuple[Session, dict[str, Question]]:
            session = ls.start_session(store, now, session_id=session_id, **asdict(choice))
            return session, ls.agenda_questions(store, session)

        def started(result: tuple[Session, dict[str, Question]]) -> None:
            self.busy = False
            self.query_one(LiveView).questions = result[1]
            self.session = result[0]

        def chosen(choice: StartChoice | None) -> None:
            if choice is not None:
                self.busy = True
                self.app.run_store(partial(start, self.app.clock(), choice), started,
                                   on_error=lambda _exc: setattr(self, "busy", False))

        minutes = self.app.settings.session_minutes
        self.app.push_screen(StartSession.for_plan(planned, self.last_mentor, minutes), chosen)

    def flush(self, final: bool = False) -> None:
        """Save unsaved notes (the app calls this on mode switch and, synchronously, on quit)."""
        self.editor.flush(final=final)

    def action_focus_notes(self) -> None:
        if self.session is not None:
            self.editor.focus()

    def action_toggle_side(self) -> None:
        self.side_shown = not self.side_shown

    def action_toggle_agenda(self) -> None:
        if not self.query_one(AgendaList).has_focus:
            self.side_shown = True
        self.query_one(LiveView).toggle_agenda()

    def on_agenda_list_marked(self, event: AgendaList.Marked) -> None:
        if self.session is not None:
            self.app.run_store(partial(ls.set_agenda_state, self.app.store, self.session.id,
                                       event.question_id, event.state), self._saved)

    def on_agenda_list_answer_asked(self, event: AgendaList.AnswerAsked) -> None:
        qid = event.question_id
        q = self.questions.get(qid)
        if q is None or self.session is None:
            return
        sid, store = self.session.id, self.app.store

        def write(answer: str) -> tuple[Session, Question]:  # also on ctrl+q with the answer open
            return ls.answer_question(store, sid, qid, answer.strip(), self.app.clock())

        def done(result: tuple[Session, Question]) -> None:
            self._saved(result)
            self.query_one(AgendaList).highlight_next_open(result[0], qid)
            self.editor.focus()

        self.app.push_screen(
            TextPrompt(f"Answer: {q.text}", q.answer, multiline=True, on_quit=write),
            lambda answer: answer is not None and self.app.run_store(partial(write, answer), done))

    def capture_question(self, text: str = "") -> bool:
        """ctrl+n during a live session: a follow-up question for this agenda or the next one
        (the app asks the current screen first). False when no session is live."""
        if self.session is not None:
            self.action_entry("question")
        return self.session is not None

    def action_entry(self, kind: str) -> None:
        if self.session is None:
            return
        sid, store = self.session.id, self.app.store

        def write(choice: EntryChoice) -> tuple[Session, Question | None]:  # also on ctrl+q
            return ls.add_quick_entry(store, sid, self.app.clock(), **asdict(choice))

        def saved(result: tuple[Session, Question | None], to_agenda: bool) -> None:
            self._saved(result)
            if result[1] is not None:
                where = "this agenda" if to_agenda else "the next session"
                self.notify(f"Added to {where}.", title="Follow-up question")

        def chosen(choice: EntryChoice | None) -> None:
            if choice is not None:
                self.app.run_store(partial(write, choice), partial(saved, to_agenda=choice.to_agenda))

        self.app.push_screen(QuickEntry(kind, on_quit=write), chosen)

    def action_end(self) -> None:
        if self.session is not None:
            current = self.session.model_copy(update={"notes": self.editor.text})
            self.app.push_screen(EndSession(current, self.questions),
                                 lambda choice: choice and self._finish(choice))

    def _finish(self, choice: EndChoice) -> None:
        store, sid, now = self.app.store, self.session.id, self.app.clock()
        write_notes = self.editor.hand_over()

        def end() -> Session:
            write_notes()
            return ls.end_session(store, sid, now, **asdict(choice))

        def ended(session: Session) -> None:
            self.session = None
            self._load()
            self.notify(ls.ending_note(session), title=f"Session {session.status}")
            self._lead_to_after(session.id)

        # On failure the session stays open and typing goes on being saved.
        self.app.run_store(end, ended, on_error=lambda _exc: self.editor.resume())

    def _lead_to_after(self, session_id: str) -> None:
        """Straight into the After phase, so takeaways become practice while they are fresh."""
        self.app.action_switch_mode("after")

        def plan() -> None:
            if isinstance(self.app.screen, PlansFromSession):
                self.app.screen.plan_from_session(session_id)

        self.app.call_after_refresh(plan)

    def action_mark_planned(self, status: str) -> None:
        planned = self.query_one(StartView).highlighted_session
        if planned is None:
            return
        mark = partial(ls.mark_session, self.app.store, planned.id, status, self.app.clock())
        self.app.push_screen(
            Confirm(f"Mark “{planned.topic or 'this session'}” {status}? "
                    "Its questions stay for the next session."),
            lambda yes: yes and self.app.run_store(mark, lambda _s: self._load()))

    def palette_commands(self):
        if self.session is None:
            return [("Start an ad hoc session", "A session without an agenda",
                     self.action_start_adhoc)]
        return [
            ("End the session", "Summary, takeaways and rating (F9)", self.action_end),
            *[(f"Add {name.lower()}", "Quick entry in the timeline",
               lambda k=kind: self.action_entry(k))
              for kind, name in ls.ENTRY_KINDS.items()],
        ]

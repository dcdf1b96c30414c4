"""During mode: the live session screen.

The notes editor is the main pane and keeps the focus; everything else (quick entries, the agenda,
ending the session) is one key away and hands the focus back to the notes. Notes save themselves
off the UI thread (see ``widgets/notes_autosave.py``); the other changes are small store writes in
thread workers. Domain rules live in ``live_session.py``.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Header, Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from .. import live_session as ls
from ..literal import literal, markup
from ..models import Entry, Question, Session, ValidationError, describe_error
from ..widgets.editors import CodeArea
from ..widgets.notes_autosave import NotesAutosaver
from ..dialogs.during import ENTRY_KINDS, ENTRY_MARK, EndSession, QuickEntry, StartSession
from ..dialogs.modals import Confirm, TextPrompt
from ..plural import counted
from ..widgets.footer import KeysFooter

AGENDA_MARK = {"pending": "·", "current": "▶", "answered": "✓", "skipped": "»", "carried": "»"}
HEADS_UP_MINUTES = 5
ADHOC = "adhoc"

START_HELP = markup(
    "No session is running. Pick the planned session and press [b]Enter[/b] to start it, "
    "or start one without an agenda. [b]x[/b] marks a planned session cancelled, [b]m[/b] missed."
)


def clock_text(elapsed: float, planned_minutes: int) -> str:
    """"12:03 elapsed · 32:57 left" (or "… · 3:10 over") for the session bar."""

    def mmss(seconds: float) -> str:
        seconds = int(abs(seconds))
        hours, rest = divmod(seconds, 3600)
        return (f"{hours}:" if hours else "") + f"{rest // 60:02d}:{rest % 60:02d}"

    elapsed = int(elapsed)
    left = planned_minutes * 60 - elapsed
    tail = f"{mmss(left)} left" if left >= 0 else f"{mmss(left)} over"
    return f"{mmss(max(elapsed, 0))} elapsed · {tail}"


class AgendaList(OptionList):
    """The session's questions; Enter answers the highlighted one.

    Here letters are commands (c, s, p), so the list takes the keyboard only when the learner asks
    for it with ctrl+g: it is out of the Tab order, and while it has the focus a framed title says
    so. Esc (or ctrl+g) gives the keyboard back to the notes.
    """

    HELP_TITLE = "Agenda of the call"

    BINDINGS = [
        Binding("c", "mark('current')", "Current"),
        Binding("s", "mark('skipped')", "Skip"),
        Binding("p", "mark('pending')", "Pending"),
        Binding("escape", "screen.focus_notes", "Notes"),
    ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.can_focus = False

    def take_keyboard(self) -> None:
        """ctrl+g: the one way in."""
        self.can_focus = True
        self.focus()

    TITLE = "Agenda · ctrl+g"

    def on_mount(self) -> None:
        self.border_title = self.TITLE

    def on_focus(self) -> None:
        self.border_title = "Agenda has the keyboard"
        self.border_subtitle = "Esc back to notes"

    def on_blur(self) -> None:
        self.can_focus = False
        self.border_title, self.border_subtitle = self.TITLE, None

    def action_mark(self, state: str) -> None:
        if self.highlighted is not None:
            qid = self.get_option_at_index(self.highlighted).id
            self.screen.set_agenda_state(qid, state)  # type: ignore[attr-defined]


class DuringScreen(Screen):
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

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.session: Session | None = None
        self.questions: dict[str, Question] = {}
        self.planned: list[Session] = []
        self.last_mentor = ""
        self.autosaver: NotesAutosaver | None = None
        self._warned: set[str] = set()
        self._busy = False

    # -- layout ----------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with ContentSwitcher(initial="start-view", id="during-switcher"):
            with Vertical(id="start-view"):
                yield Static(START_HELP, id="start-help", classes="empty-state")
                yield OptionList(id="start-list")
            with Vertical(id="live-view"):
                yield Static("", id="session-bar")
                with Horizontal(id="live-panes"):
                    # Tab indents; Esc does nothing here (it used to move the keyboard on).
                    yield CodeArea.code_editor(
                        "", language="markdown", soft_wrap=True, show_line_numbers=False,
                        id="notes",
                    )
                    with Vertical(id="side"):
                        yield AgendaList(id="agenda")  # titled on its own frame
                        yield Label("Timeline", classes="pane-title")
                        timeline = OptionList(id="timeline")
                        timeline.can_focus = False  # to read, not to type into
                        yield timeline
        yield KeysFooter()

    @property
    def editor(self) -> TextArea:
        return self.query_one("#notes", TextArea)

    def on_mount(self) -> None:
        self.watch(self.app, "data_revision", self._data_changed, init=False)
        self.set_interval(1.0, self._tick)
        self._load()

    def on_resize(self) -> None:
        self.set_class(self.size.width < 110, "narrow")

    def on_screen_resume(self) -> None:
        if self.session is not None:
            self.editor.focus()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action in self.LIVE_ACTIONS:
            return self.session is not None
        if action in self.START_ACTIONS:
            return self.session is None and not self._busy
        return True

    # -- loading ---------------------------------------------------------------------------------

    def _load(self) -> None:
        store = self.app.store

        def read():
            live = ls.live_session(store)
            if live is not None:
                return live, ls.agenda_questions(store, live), [], ""
            recent = ls.recent_sessions(store)
            mentor = next((s.mentor for s in reversed(recent) if s.mentor), "")
            planned = ls.planned_sessions(store)
            questions = {}
            for s in planned:
                questions.update(ls.agenda_questions(store, s))
            return None, questions, planned, mentor

        self.app.run_store(read, self._loaded, refresh=False)

    def _loaded(self, result) -> None:
        live, questions, planned, mentor = result
        if self.session is not None:  # already live here (a reload raced a start)
            return
        self.questions = questions
        if live is not None:
            self._show_live(live)
            return
        self.planned, self.last_mentor = planned, mentor
        options = []
        for s in planned:
            when = f"{s.scheduled_at.astimezone():%a %d %b %H:%M}" if s.scheduled_at else "unscheduled"
            who = f" · with {s.mentor}" if s.mentor else ""
            options.append(Option(literal(
                f"{when} · {s.topic or 'session'}{who} · "
                f"{len(s.agenda)} question{'s' * (len(s.agenda) != 1)}, {s.planned_minutes} min"), id=s.id))
        options.append(Option(literal("Ad hoc session (no agenda)  [a]"), id=ADHOC))
        start_list = self.query_one("#start-list", OptionList)
        start_list.clear_options()
        start_list.add_options(options)
        start_list.highlighted = 0
        self.query_one("#during-switcher", ContentSwitcher).current = "start-view"
        start_list.focus()
        self.refresh_bindings()

    def _data_changed(self) -> None:
        kinds = self.app.changed_kinds
        if self.session is None:
            if kinds & {"sessions", "questions"} and not self._busy:
                self._load()
        elif "questions" in kinds:
            session = self.session
            self.app.run_store(lambda: ls.agenda_questions(self.app.store, session),
                               self._questions_loaded, refresh=False)

    def _questions_loaded(self, questions: dict[str, Question]) -> None:
        self.questions = questions
        self._render_agenda()

    # -- starting --------------------------------------------------------------------------------

    @on(OptionList.OptionSelected, "#start-list")
    def _start_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id == ADHOC:
            self.action_start_adhoc()
            return
        planned = next((s for s in self.planned if s.id == event.option.id), None)
        if planned is not None:
            self._ask_start(planned)

    def action_start_adhoc(self) -> None:
        self._ask_start(None)

    def _ask_start(self, planned: Session | None) -> None:
        if planned is None:
            title = "Start a session without an agenda"
            mentor, topic, minutes = self.last_mentor, "", self.app.settings.session_minutes
        else:
            title = "Start the planned session"
            mentor, topic, minutes = planned.mentor, planned.topic, planned.planned_minutes

        def chosen(values: dict | None) -> None:
            if values:
                self._start(planned.id if planned else None, values)

        self.app.push_screen(StartSession(title, mentor, topic, minutes), chosen)

    def _start(self, session_id: str | None, values: dict) -> None:
        store, now = self.app.store, self.app.clock()
        self._busy = True

        def start():
            session = ls.start_session(store, now, session_id=session_id, **values)
            return session, ls.agenda_questions(store, session)

        def started(result) -> None:
            self._busy = False
            self.questions = result[1]
            self._show_live(result[0])

        def failed(_exc) -> None:
            self._busy = False

        self.app.run_store(start, started, on_error=failed)

    def _show_live(self, session: Session) -> None:
        self.session = session
        self._warned = set()
        editor = self.editor
        with editor.prevent(TextArea.Changed):
            editor.load_text(session.notes)
        editor.move_cursor(editor.document.end)
        store, sid = self.app.store, session.id
        self.autosaver = NotesAutosaver(
            self, editor, lambda text: ls.save_notes(store, sid, text),
            delay=self.app.settings.autosave_seconds, submit=self._submit_quietly,
            on_error=lambda exc: self.notify(f"{exc} (your notes are still on screen)",
                                             title="Notes not saved", severity="error",
                                             timeout=10, markup=False),
        )
        self.query_one("#during-switcher", ContentSwitcher).current = "live-view"
        self._render_agenda()
        self._render_timeline()
        self._tick()
        editor.focus()
        self.refresh_bindings()

    # -- notes -----------------------------------------------------------------------------------

    def _submit_quietly(self, call, on_done, on_error) -> None:
        """The autosave's writes go through the app's one store lane, unannounced (no screen
        reloads because the learner typed); the autosaver reports its own failures."""
        self.app.run_store(call, on_done, on_error=on_error, announce=False, report=False)

    @on(TextArea.Changed, "#notes")
    def _notes_changed(self, event: TextArea.Changed) -> None:
        if self.autosaver is not None:
            self.autosaver.changed()

    def flush(self, final: bool = False) -> None:
        """Save unsaved notes (the app calls this on mode switch and, synchronously, on quit)."""
        if self.autosaver is not None:
            try:
                self.autosaver.flush(final=final)
            except Exception as exc:  # quitting: say so, never raise
                if not final:
                    raise
                print(f"mentor-tui: notes not saved: {exc}")

    def action_focus_notes(self) -> None:
        if self.session is not None:
            self.editor.focus()

    # -- clock -----------------------------------------------------------------------------------

    def _tick(self) -> None:
        session = self.session
        if session is None or session.started_at is None:
            return
        elapsed = (self.app.clock() - session.started_at).total_seconds()
        who = f" · with {session.mentor}" if session.mentor else ""
        bar = self.query_one("#session-bar", Static)
        bar.update(literal(f"{session.topic or 'Session'}{who}   {clock_text(elapsed, session.planned_minutes)}"
                           "   · f9 end · f8 panes"))
        left = session.planned_minutes * 60 - elapsed
        bar.set_class(left < HEADS_UP_MINUTES * 60, "ending")
        if left <= 0 and "up" not in self._warned:
            self._warned |= {"up", "soon"}
            self.notify("Planned time is up. Wrap up or agree on more time.", title="Time")
        elif left <= HEADS_UP_MINUTES * 60 and "soon" not in self._warned:
            self._warned.add("soon")
            self.notify(f"{HEADS_UP_MINUTES} minutes left.", title="Time")

    # -- agenda ----------------------------------------------------------------------------------

    def _render_agenda(self) -> None:
        agenda = self.query_one("#agenda", AgendaList)
        keep = agenda.highlighted
        agenda.clear_options()
        if self.session is None:
            return
        for item in self.session.agenda:
            q = self.questions.get(item.question_id)
            text = q.text if q else "(question deleted)"
            agenda.add_option(Option(literal(f"{AGENDA_MARK[item.state]} {text} ({item.minutes}m)"),
                                     id=item.question_id))
        if agenda.option_count:
            agenda.highlighted = min(keep or 0, agenda.option_count - 1)

    def action_toggle_agenda(self) -> None:
        agenda = self.query_one("#agenda", AgendaList)
        if agenda.has_focus:
            self.editor.focus()
        else:
            self.remove_class("hide-side")
            agenda.take_keyboard()

    def set_agenda_state(self, question_id: str, state: str) -> None:
        if self.session is None:
            return
        store, sid = self.app.store, self.session.id
        self.app.run_store(lambda: ls.set_agenda_state(store, sid, question_id, state),
                           self._session_saved)

    def _session_saved(self, session: Session) -> None:
        if self.session is not None and session.id == self.session.id:
            # Keep our in-memory notes: the editor is the truth for them.
            self.session = session
            self._render_agenda()
            self._render_timeline()

    def _highlight_next_open(self, question_id: str) -> None:
        """After an answer the agenda's cursor moves on to the next open question."""
        from ..planning import next_open

        if self.session is None:
            return
        ids = [i.question_id for i in self.session.agenda]
        if question_id in ids and (i := next_open(self.session.agenda, ids.index(question_id))) is not None:
            self.query_one("#agenda", AgendaList).highlighted = i

    @on(OptionList.OptionSelected, "#agenda")
    def _answer(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        qid = event.option.id
        q = self.questions.get(qid)
        if q is None or self.session is None:
            return
        sid, store = self.session.id, self.app.store

        def typed(answer: str | None) -> None:
            if answer is None:
                return
            now = self.app.clock()

            def done(result) -> None:
                session, question = result
                self.questions[question.id] = question
                self._session_saved(session)
                self._highlight_next_open(qid)
                self.editor.focus()

            self.app.run_store(lambda: ls.answer_question(store, sid, qid, answer.strip(), now),
                               done)

        def on_quit(answer: str) -> None:  # ctrl+q with the answer open: stored at once
            ls.answer_question(store, sid, qid, answer.strip(), self.app.clock())

        self.app.push_screen(
            TextPrompt(f"Answer: {q.text}", q.answer, multiline=True, on_quit=on_quit), typed
        )

    # -- quick entries ---------------------------------------------------------------------------

    def capture_question(self, text: str = "") -> bool:
        """ctrl+n during a live session: a follow-up question for this agenda or the next one
        (the app asks the current screen first). False when no session is live."""
        if self.session is None:
            return False
        self.action_entry("question")
        return True

    def action_entry(self, kind: str) -> None:
        if self.session is None:
            return
        sid, store = self.session.id, self.app.store

        def chosen(values: dict | None) -> None:
            if not values:
                return
            now = self.app.clock()
            if values["kind"] == "question":
                text, to_agenda = values["text"], values["to_agenda"]

                def follow_up(result) -> None:
                    session, question = result
                    self.questions[question.id] = question
                    self._session_saved(session)
                    where = "this agenda" if to_agenda else "the next session"
                    self.notify(f"Added to {where}.", title="Follow-up question")

                try:
                    Question(text=text)
                except ValidationError as exc:
                    self.notify(describe_error(exc), title="Not saved", severity="error")
                    return
                self.app.run_store(
                    lambda: ls.add_follow_up(store, sid, text, now, to_agenda=to_agenda),
                    follow_up,
                )
                return
            try:
                entry = Entry(kind=values["kind"], text=values["text"], lesson=values["lesson"],
                              label=values.get("label", ""), at=now)
            except ValidationError as exc:
                self.notify(describe_error(exc), title="Not saved", severity="error")
                return
            self.app.run_store(lambda: ls.add_entry(store, sid, entry), self._session_saved)

        def on_quit(values: dict) -> None:  # ctrl+q with the entry open: stored at once
            now = self.app.clock()
            if values["kind"] == "question":
                ls.add_follow_up(store, sid, values["text"], now, to_agenda=values["to_agenda"])
            else:
                ls.add_entry(store, sid, Entry(kind=values["kind"], text=values["text"],
                                               lesson=values["lesson"], at=now))

        self.app.push_screen(QuickEntry(kind, on_quit=on_quit), chosen)

    def _render_timeline(self) -> None:
        timeline = self.query_one("#timeline", OptionList)
        timeline.clear_options()
        if self.session is None:
            return
        for entry in self.session.entries:
            first = ls.entry_text(entry).strip().splitlines()[0] if entry.text.strip() else ""
            timeline.add_option(Option(
                literal(f"{entry.at.astimezone():%H:%M} {ENTRY_MARK[entry.kind]} {first}"),
                id=entry.id))
        if timeline.option_count:
            timeline.highlighted = timeline.option_count - 1

    def action_toggle_side(self) -> None:
        self.toggle_class("hide-side")
        if self.has_class("hide-side"):
            self.editor.focus()

    # -- ending ----------------------------------------------------------------------------------

    def action_end(self) -> None:
        if self.session is None:
            return
        current = self.session.model_copy(update={"notes": self.editor.text})

        def chosen(values: dict | None) -> None:
            if values:
                self._finish(values)

        self.app.push_screen(EndSession(current, self.questions), chosen)

    def _finish(self, values: dict) -> None:
        assert self.session is not None and self.autosaver is not None
        store, sid, now = self.app.store, self.session.id, self.app.clock()
        autosaver = self.autosaver
        text, seq = autosaver.snapshot()
        autosaver.close()

        def end():
            autosaver.write(text, seq)
            return ls.end_session(store, sid, now, **values)

        def ended(session: Session) -> None:
            self.session, self.autosaver = None, None
            with self.editor.prevent(TextArea.Changed):
                self.editor.load_text("")
            self._load()
            self.notify(f"{counted(len(session.takeaways), 'takeaway')} kept; "
                        f"{counted(sum(i.state == 'carried' for i in session.agenda), 'question')} "
                        "carried over.",
                        title=f"Session {session.status}")
            self._lead_to_after(session.id)

        def failed(_exc) -> None:  # keep the session open; typing goes on being saved
            self.autosaver = NotesAutosaver(
                self, self.editor, autosaver.save, delay=autosaver.delay,
                on_error=autosaver.on_error, submit=self._submit_quietly)
            self.autosaver.changed()

        self.app.run_store(end, ended, on_error=failed)

    def _lead_to_after(self, session_id: str) -> None:
        """Straight into the After phase, so takeaways become practice while they are fresh."""
        self.app.action_switch_mode("after")

        def plan() -> None:
            planner = getattr(self.app.screen, "plan_from_session", None)
            if callable(planner):
                planner(session_id)

        self.app.call_after_refresh(plan)

    # -- planned sessions that did not happen ------------------------------------------------------

    def action_mark_planned(self, status: str) -> None:
        start_list = self.query_one("#start-list", OptionList)
        if start_list.highlighted is None:
            return
        sid = start_list.get_option_at_index(start_list.highlighted).id
        planned = next((s for s in self.planned if s.id == sid), None)
        if planned is None:
            return
        store, now = self.app.store, self.app.clock()

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.app.run_store(lambda: ls.mark_session(store, sid, status, now),
                                   lambda _s: self._load())

        self.app.push_screen(
            Confirm(f"Mark “{planned.topic or 'this session'}” {status}? "
                    "Its questions stay for the next session."), confirmed)

    def palette_commands(self):
        if self.session is None:
            return [("Start an ad hoc session", "A session without an agenda",
                     self.action_start_adhoc)]
        return [
            ("End the session", "Summary, takeaways and rating (F9)", self.action_end),
            *[(f"Add {name.lower()}", "Quick entry in the timeline",
               lambda k=kind: self.action_entry(k))
              for kind, name in ENTRY_KINDS.items()],
        ]


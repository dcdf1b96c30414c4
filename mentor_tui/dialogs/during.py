"""Dialogs of the During mode: start a session, add a quick entry, and the end-of-session summary."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import (
    Button,
    Checkbox,
    Input,
    Label,
    RadioSet,
    SelectionList,
    Static,
    TextArea,
)

from textual.widgets.selection_list import Selection

from ..literal import literal
from ..live_session import ENTRY_KINDS, ENTRY_MARK  # noqa: F401  (ENTRY_MARK: old importers)
from ..models import Question, Session
from ..takeaways import candidates
from ..widgets.choices import RadioChoice, TickBox, TickList
from ..widgets.editors import CodeArea
from .forms import FormScreen



@dataclass(frozen=True)
class StartChoice:
    """What StartSession returns: who, what about, and how long (1-600 minutes)."""

    mentor: str
    topic: str
    minutes: int


@dataclass(frozen=True)
class EntryChoice:
    """What QuickEntry returns (and hands to ``on_quit``). For a link, *text* is the URL and
    *label* what it is; *to_agenda* only means something for a follow-up question."""

    kind: str
    text: str
    lesson: str = ""
    label: str = ""
    to_agenda: bool = False


@dataclass(frozen=True)
class EndChoice:
    """What EndSession returns: the arguments of ``live_session.end_session``."""

    status: str
    takeaway_keys: tuple[str, ...] = ()
    own_takeaways: tuple[str, ...] = ()
    summary: str = ""
    rating: int | None = None


class StartSession(FormScreen[StartChoice | None]):
    """Mentor, topic and length, prefilled from the plan (or the last session); Enter starts."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, mentor: str, topic: str, minutes: int) -> None:
        super().__init__()
        self.title_text = title
        self.values = (mentor, topic, minutes)

    @classmethod
    def for_plan(cls, planned: Session | None, last_mentor: str, minutes: int) -> StartSession:
        """Prefilled from *planned*, or (ad hoc) with the last mentor and the usual length."""
        if planned is None:
            return cls("Start a session without an agenda", last_mentor, "", minutes)
        return cls("Start the planned session", planned.mentor, planned.topic,
                   planned.planned_minutes)

    def compose(self) -> ComposeResult:
        mentor, topic, minutes = self.values
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Input(mentor, placeholder="mentor's name", id="start-mentor")
            yield Input(topic, placeholder="topic", id="start-topic")
            yield Input(str(minutes), placeholder="minutes", id="start-minutes", type="integer")
            yield Label("Enter starts · Tab moves · Esc cancels", classes="dialog-hint")

    def on_mount(self) -> None:
        # The first field, as in every form: prefilled fields are kept, Enter starts at once.
        self.query_one("#start-mentor", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        raw = self.query_one("#start-minutes", Input).value.strip()
        minutes = int(raw) if raw.isdigit() else 0
        if not 1 <= minutes <= 600:
            self.notify("Length must be 1 to 600 minutes.", severity="warning")
            return
        self.dismiss(StartChoice(
            mentor=self.query_one("#start-mentor", Input).value.strip(),
            topic=self.query_one("#start-topic", Input).value.strip(),
            minutes=minutes,
        ))

    def form_state(self) -> tuple[str, ...]:
        return tuple(i.value for i in self.query(Input))


class QuickEntry(FormScreen[EntryChoice | None]):
    """One quick entry; Enter (ctrl+s in a snippet) saves and returns to the notes. On ctrl+q the
    entry goes to ``on_quit``."""

    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "save", "Save")]

    def __init__(self, kind: str, *, on_quit=None) -> None:
        super().__init__(on_quit=on_quit)
        self.kind = kind

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(ENTRY_KINDS[self.kind], classes="dialog-title")
            if self.kind == "snippet":
                yield CodeArea.code_editor("", id="entry-text", soft_wrap=True,
                                           classes="prompt-area")
                hint = "ctrl+s saves · Tab indents · Esc cancels"
            else:
                placeholder = {
                    "question": "What do you want to ask?",
                    "insight": "What clicked?",
                    "mistake": "What went wrong?",
                    "link": "https://…",
                    "note": "A short note",
                }[self.kind]
                yield Input(placeholder=placeholder, id="entry-text")
                hint = "Enter or ctrl+s saves · Esc cancels"
            if self.kind == "mistake":
                yield Input(placeholder="What it taught me", id="entry-lesson")
            if self.kind == "link":
                yield Input(placeholder="What it is (optional)", id="entry-lesson")
            if self.kind == "question":
                yield TickBox("Ask it in this session (untick: next time)", True, id="entry-now")
                hint += " · Tab, space: this session / next time"
            yield Label(hint, classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#entry-text").focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def form_state(self) -> tuple:
        widget = self.query_one("#entry-text")
        text = widget.text if isinstance(widget, TextArea) else widget.value
        extra = self.query("#entry-lesson")
        now = self.query("#entry-now")
        return (text, extra.first(Input).value if extra else "",
                now.first(Checkbox).value if now else False)

    def quit_value(self) -> EntryChoice | None:
        """The entry as Save returns it, or None while the text is blank."""
        text, lesson, to_agenda = self.form_state()
        if not text.strip():
            return None
        lesson, label = lesson.strip(), ""
        if self.kind == "link":  # the URL is the text, its label is kept apart
            label, lesson = lesson, ""
        return EntryChoice(
            kind=self.kind,
            text=text if self.kind == "snippet" else text.strip(),
            lesson=lesson,
            label=label,
            to_agenda=to_agenda,
        )

    def action_save(self) -> None:
        values = self.quit_value()
        if values is None:
            self.notify("Type something first (Esc cancels).", severity="warning")
            return
        self.dismiss(values)


RATINGS = ("1 not useful", "2", "3", "4", "5 very useful")


class EndSession(FormScreen[EndChoice | None]):
    """The end-of-session summary: answered, carried over, takeaways, summary, rating."""

    BINDINGS = [
        Binding("escape", "cancel", "Back to the session"),
        Binding("ctrl+s", "finish('ended')", "End session"),
    ]

    def __init__(self, session: Session, questions: dict[str, Question]) -> None:
        super().__init__()
        self.session = session
        self.questions = questions
        self.own: list[str] = []

    def _lines(self, answered: bool) -> str:
        out = []
        for item in self.session.agenda:
            if (item.state == "answered") != answered:
                continue
            q = self.questions.get(item.question_id)
            out.append(f"  • {q.text if q else item.question_id}")
        return "\n".join(out) or "  (none)"

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog end-dialog"):
            yield Label(literal(f"End: {self.session.topic or 'session'}"), classes="dialog-title")
            yield Label("Answered", classes="end-heading")
            yield Static(literal(self._lines(True)), id="end-answered")
            yield Label("Carries over to the next session", classes="end-heading")
            yield Static(literal(self._lines(False)), id="end-carried")
            yield Label("Takeaways: insights and mistakes are ticked; space (un)ticks one",
                        classes="end-heading")
            yield TickList[str](
                *[Selection(literal(c.text[:200]), c.key, c.ticked) for c in candidates(self.session)],
                id="end-takeaways",
            )
            yield Input(placeholder="add a takeaway in your own words, then Enter",
                        id="end-own")
            yield Label("Summary in a few sentences", classes="end-heading")
            yield TextArea(self.session.summary, id="end-summary", soft_wrap=True)
            yield Label("How useful was it?", classes="end-heading")
            with RadioSet(id="end-rating"):
                for n, label in enumerate(RATINGS, 1):
                    yield RadioChoice(label, value=self.session.rating == n)
            with Horizontal(classes="dialog-buttons"):
                yield Button("End session (ctrl+s)", variant="primary", id="end-ended")
                yield Button("Mark cancelled", id="end-cancelled")
                yield Button("Back (Esc)", id="end-back")

    def on_mount(self) -> None:
        self.query_one("#end-takeaways").focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "end-back":
            self.action_cancel()
        else:
            self.action_finish(event.button.id.removeprefix("end-"))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """A takeaway typed in the learner's own words joins the list, ticked."""
        event.stop()
        text = " ".join(event.value.split())
        if not text:
            return
        self.own.append(text)
        key = f"own:{len(self.own) - 1}"
        selection = self.query_one("#end-takeaways", SelectionList)
        selection.add_option(Selection(literal(text[:200]), key, True))
        event.input.value = ""

    def action_finish(self, status: str) -> None:
        radio = self.query_one("#end-rating", RadioSet)
        index = radio.pressed_index
        keys = list(self.query_one("#end-takeaways", SelectionList).selected)
        own = [self.own[int(k.removeprefix("own:"))] for k in keys if k.startswith("own:")]
        typed = " ".join(self.query_one("#end-own", Input).value.split())
        if typed:  # typed but not yet added with Enter: keep it rather than lose it
            own.append(typed)
        self.dismiss(EndChoice(
            status=status,
            takeaway_keys=tuple(k for k in keys if not k.startswith("own:")),
            own_takeaways=tuple(own),
            summary=self.query_one("#end-summary", TextArea).text.strip(),
            rating=index + 1 if index >= 0 else None,
        ))

    def form_state(self) -> tuple:
        return (tuple(self.query_one("#end-takeaways", SelectionList).selected),
                self.query_one("#end-summary", TextArea).text,
                self.query_one("#end-rating", RadioSet).pressed_index)

"""Dialogs of the After mode: pick an ended session, and turn one into a practice plan."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Select, TextArea
from textual.widgets.option_list import Option

from ..literal import literal, literal_rich
from ..models import Session
from ..practice import KIND_LABEL, Draft, SourceLine, default_sources, draft_title, one_line
from .forms import FormScreen

KINDS = ("warmup", "core", "stretch")


@dataclass(frozen=True)
class PickedSession:
    """What :class:`SessionPicker` returns: the chosen ended session."""

    session_id: str


@dataclass(frozen=True)
class PracticePlan:
    """What :class:`PlanDialog` returns: the tasks to create, at least one, in kind order."""

    drafts: tuple[Draft, ...]


@dataclass(frozen=True)
class CardFaces:
    """What :class:`CardEditor` returns: the card's new front (never blank) and back."""

    front: str
    back: str
KIND_HELP = {
    "warmup": "small, first",
    "core": "the real thing",
    "stretch": "beyond the session",
}


def session_label(session: Session, planned: bool) -> str:
    when = session.ended_at or session.updated_at
    topic = session.topic or "session"
    mentor = f" with {session.mentor}" if session.mentor else ""
    mark = " · plan made" if planned else ""
    n = len(session.takeaways) + sum(1 for e in session.entries if e.takeaway)
    return f"{when.astimezone():%a %d %b}  {topic}{mentor} · {n} takeaway{'s' * (n != 1)}{mark}"


class SessionPicker(ModalScreen[PickedSession | None]):
    """Choose an ended session (latest first)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, sessions: list[Session], planned: set[str]) -> None:
        super().__init__()
        self.sessions = sessions
        self.planned = planned

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Plan practice from which session?", classes="dialog-title")
            yield OptionList(
                *(Option(literal(session_label(s, s.id in self.planned)), id=s.id) for s in self.sessions),
                id="session-options",
            )
            yield Label("Enter picks · Esc cancels", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.dismiss(PickedSession(event.option.id))

    def action_cancel(self) -> None:
        self.dismiss(None)


class PlanDialog(FormScreen[PracticePlan | None]):
    """Three drafted tasks (warm-up, core, stretch), each from a takeaway or note line the learner
    may change; titles are editable, a blank title skips that kind."""

    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "save", "Create tasks")]

    def __init__(self, session: Session, lines: list[SourceLine]) -> None:
        super().__init__()
        self.session = session
        self.lines = lines
        self.picks = default_sources(lines)

    def compose(self) -> ComposeResult:
        topic = self.session.topic or "this session"
        options = [(literal_rich(one_line(ln.label, 70)), i) for i, ln in enumerate(self.lines)]
        with VerticalScroll(classes="dialog plan-dialog"):
            yield Label(literal(f"Practice plan from \u201c{topic}\u201d"), classes="dialog-title")
            for kind in KINDS:
                i = self.picks.get(kind, 0)
                with Horizontal(classes="plan-row"):
                    yield Label(f"{KIND_LABEL[kind]}\n[dim]{KIND_HELP[kind]}[/dim]", classes="plan-kind")
                    with Vertical(classes="plan-fields"):
                        yield Input(draft_title(kind, self.lines[i].text), id=f"title-{kind}",
                                    placeholder="leave blank to skip")
                        yield Select(options, value=i, allow_blank=False, id=f"source-{kind}")
            yield Label("Enter or ctrl+s creates the tasks · Esc cancels\n"
                        "Picking another line below a title redrafts it; a blank title skips that kind.",
                        classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#title-warmup", Input).focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        kind = (event.select.id or "").removeprefix("source-")
        if kind in KINDS and isinstance(event.value, int):
            self.picks[kind] = event.value
            self.query_one(f"#title-{kind}", Input).value = draft_title(kind, self.lines[event.value].text)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def drafts(self) -> list[Draft]:
        out = []
        for kind in KINDS:
            title = self.query_one(f"#title-{kind}", Input).value.strip()
            if title:
                out.append(Draft(kind, title, self.lines[self.picks.get(kind, 0)].text))
        return out

    def action_save(self) -> None:
        drafts = self.drafts()
        if not drafts:
            self.notify("Every title is blank: type at least one task (Esc cancels).", severity="warning")
            return
        self.dismiss(PracticePlan(tuple(drafts)))

    def form_state(self) -> tuple:
        return (tuple(self.query_one(f"#title-{kind}", Input).value for kind in KINDS),
                tuple(sorted(self.picks.items())))


class CardEditor(FormScreen[CardFaces | None]):
    """Edit a review card's front (what it asks) and back (the answer); ctrl+s saves."""

    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "save", "Save")]

    def __init__(self, front: str, back: str) -> None:
        super().__init__()
        self.front, self.back = front, back

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog card-editor"):
            yield Label("Edit card", classes="dialog-title")
            yield Label("Front: what it asks")
            yield TextArea(self.front, id="card-front", soft_wrap=True, classes="prompt-area")
            yield Label("Back: the answer")
            yield TextArea(self.back, id="card-back", soft_wrap=True, classes="prompt-area")
            yield Label("ctrl+s saves · Tab moves · Esc cancels", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#card-front", TextArea).focus()

    def form_state(self) -> tuple[str, str]:
        return (self.query_one("#card-front", TextArea).text, self.query_one("#card-back", TextArea).text)

    def action_save(self) -> None:
        front, back = self.form_state()
        if not front.strip():
            self.notify("The front must ask something (Esc cancels).", severity="warning")
            return
        self.dismiss(CardFaces(front, back))

"""Review before the next call: past sessions with what was answered and learnt, practice still
open, and the learner's own exercises and projects with when each was last looked at."""

from __future__ import annotations

from functools import partial

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from .. import materials as materials_rules
from ..literal import markup, styled
from ..models import Material, PracticeTask, Question, Session, ago
from ..takeaways import session_digest

#: How each line of a past session starts in the review (answers sit under their question).
DIGEST_MARK = {"answered": "✓ ", "answer": "  → ", "takeaway": "★ "}


class ReviewPane(Vertical):
    """Three lists; keys add, mark reviewed and remove materials."""

    HELP_TITLE = "Review (tab 3)"

    BINDINGS = [
        Binding("a", "add_material", "Add material"),
        Binding("r", "reviewed", "Mark reviewed"),
        Binding("delete,backspace", "remove_material", "Remove material"),
    ]

    class AddRequested(Message):
        """The learner asked to add a material (the screen asks for its title and place, then
        calls :meth:`ReviewPane.add_material`)."""

    class RemoveRequested(Message):
        """The learner asked to remove *material* (the screen asks first)."""

        def __init__(self, material: Material) -> None:
            super().__init__()
            self.material = material

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.materials: list[Material] = []
        self.commit_dates: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        with Horizontal(id="review-top"):
            with VerticalScroll(classes="review-col", id="review-sessions-scroll"):
                yield Label("Past sessions", classes="section-title")
                yield Static("", id="review-sessions")
            with Vertical(classes="review-col"):
                yield Label("Practice still open", classes="section-title")
                yield Static("", id="review-practice")
        yield Label("My exercises and projects (a adds, r marks reviewed)", classes="section-title")
        yield OptionList(id="materials-list")
        yield Static(markup("Nothing here yet. Press [b]a[/b] to add an exercise or project (a folder "
                            "or a link) you want to look over before the call."), id="materials-empty",
                     classes="empty-state")

    def show(self, sessions: list[Session], questions: list[Question], tasks: list[PracticeTask],
             materials: list[Material]) -> None:
        by_id = {q.id: (q.text, q.answer) for q in questions}
        past = sorted((s for s in sessions if s.status == "ended"),
                      key=lambda s: s.started_at or s.created_at, reverse=True)[:8]
        text = Text()
        for s in past:
            when = (s.started_at or s.created_at).astimezone()
            if text:
                text.append("\n\n")
            text.append(f"{when:%d %b}", style="bold")
            text.append(f" · {s.mentor or 'mentor'} · {s.topic or 'no topic'}")
            for kind, line in session_digest(s, by_id):
                text.append("\n")
                text.append(DIGEST_MARK[kind] + line, style="dim" if kind == "answer" else "")
        self.query_one("#review-sessions", Static).update(
            text or "No past sessions yet. They appear here after your first call.")
        open_tasks = [t for t in tasks if t.status in ("todo", "doing")]
        practice = Text("\n").join(Text(f"{'▶' if t.status == 'doing' else '•'} [{t.kind}] {t.title}")
                                   for t in open_tasks[:12])  # whole titles, wrapped at words
        self.query_one("#review-practice", Static).update(
            practice or "No open practice. After a session, F4 turns takeaways into tasks.")
        self.materials = materials_rules.review_order(materials)
        self._render_materials()
        self._load_commit_dates([m.location for m in self.materials if m.location])

    def _render_materials(self) -> None:
        option_list = self.query_one("#materials-list", OptionList)
        previous = option_list.highlighted
        option_list.clear_options()
        for m in self.materials:
            commit = self.commit_dates.get(m.location, "")
            extra = f" · last commit {commit}" if commit else ""
            option_list.add_option(Option(styled(
                m.title, "  ", (f"{m.location}{extra} · reviewed {ago(m.last_reviewed_at, self.app.clock())}", "dim")),
                id=m.id))
        option_list.display = bool(self.materials)
        self.query_one("#materials-empty").display = not self.materials
        if self.materials:
            option_list.highlighted = min(previous or 0, len(self.materials) - 1)

    @work(thread=True, exclusive=True, group="git-dates", exit_on_error=False)
    def _load_commit_dates(self, locations: list[str]) -> None:
        dates = materials_rules.last_commit_dates(locations)
        if dates != {k: v for k, v in self.commit_dates.items() if k in dates}:
            self.commit_dates = dates
            self.app.call_from_thread(self._render_materials)

    def _selected(self) -> Material | None:
        option_list = self.query_one("#materials-list", OptionList)
        if option_list.highlighted is None or not self.materials:
            return None
        return self.materials[option_list.highlighted]

    def action_add_material(self) -> None:
        self.post_message(self.AddRequested())

    def add_material(self, title: str, location: str) -> None:
        """Store a new material from what the learner typed (a bad title is one line of error)."""
        try:
            material = materials_rules.new_material(title, location)
        except ValueError as exc:
            self.app.notify(str(exc), severity="error")
            return
        self.app.run_store(partial(materials_rules.add, self.app.store, material))

    def action_reviewed(self) -> None:
        m = self._selected()
        if m:
            self.app.run_store(
                partial(materials_rules.mark_reviewed, self.app.store, m.id, self.app.clock()),
                lambda _m: self.app.notify(f"Reviewed: {m.title}"))

    def action_remove_material(self) -> None:
        m = self._selected()
        if m:
            self.post_message(self.RemoveRequested(m))

    def remove_material(self, material: Material) -> None:
        self.app.run_store(partial(materials_rules.delete, self.app.store, material.id))

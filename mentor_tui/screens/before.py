"""Before mode: the question inbox, where a learner lives between calls."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Markdown, OptionList, Static
from textual.widgets.option_list import Option

from ..models import PRIORITY_ORDER, Question, ago

STATUS_LABEL = {
    "open": "open",
    "checking": "checking",
    "solved": "solved alone",
    "for_mentor": "for mentor",
    "answered": "answered",
    "dropped": "dropped",
}

EMPTY_INBOX = (
    "No questions yet.\n\n"
    "Press [b]ctrl+n[/b] to capture one the moment it comes up, "
    "or from any shell: [b]mentor-tui ask \"why does my loop stop early?\"[/b]"
)


def question_markdown(q: Question) -> str:
    """The detail pane's view of one question."""
    lines = [f"## {q.text}", ""]
    meta = [f"**{STATUS_LABEL[q.status]}**", f"priority {q.priority}", f"asked {ago(q.created_at)}"]
    if q.tags:
        meta.append(" ".join(f"`#{t}`" for t in q.tags))
    lines += [" · ".join(meta), ""]
    ctx = q.context
    if ctx.cwd or ctx.git_repo:
        where = ctx.cwd
        if ctx.git_repo:
            where += f" (git: {ctx.git_repo}" + (f" @ {ctx.git_branch})" if ctx.git_branch else ")")
        lines += [f"*Where:* `{where.strip()}`", ""]
    if q.details:
        lines += ["### Details", "", q.details, ""]
    if ctx.error_text:
        lines += ["### Error", "", "```", ctx.error_text, "```", ""]
    if q.attempts:
        lines += ["### Tried", ""]
        lines += [f"- {a.at.astimezone():%d %b %H:%M} — {a.text}" for a in q.attempts]
        lines.append("")
    if q.answer:
        who = "by myself" if q.solved_alone else "with my mentor" if q.solved_alone is False else ""
        lines += [f"### Answer {who}".rstrip(), "", q.answer, ""]
    return "\n".join(lines)


class BeforeScreen(Screen):
    """Question inbox: a filterable list beside the selected question's details."""

    BINDINGS = [
        Binding("n", "app.capture_question", "New"),
        Binding("slash", "focus_filter", "Filter"),
        Binding("s", "toggle_sort", "Sort"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.questions: list[Question] = []
        self.sort_by_priority = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="inbox"):
            with Vertical(id="inbox-left"):
                yield Input(placeholder="/ filter questions", id="inbox-filter")
                yield OptionList(id="question-list")
                yield Static(EMPTY_INBOX, id="inbox-empty", classes="empty-state")
            with VerticalScroll(id="inbox-detail"):
                yield Markdown("", id="question-detail")
        yield Footer()

    def on_mount(self) -> None:
        self.watch(self.app, "data_revision", self._reload, init=False)
        self._reload()

    def _reload(self, _revision: int | None = None) -> None:
        self.app.run_store(lambda: self.app.store.all(Question), self._show, refresh=False)

    def _show(self, questions: list[Question]) -> None:
        self.questions = questions
        self._render_list()

    def visible(self) -> list[Question]:
        """Questions after the filter and the sort, as listed."""
        needle = self.query_one("#inbox-filter", Input).value.strip().lower()
        items = [q for q in self.questions if not needle or needle in q.text.lower()
                 or any(needle in t for t in q.tags)]
        if self.sort_by_priority:
            items.sort(key=lambda q: (PRIORITY_ORDER[q.priority], q.id), reverse=False)
        else:
            items.sort(key=lambda q: q.id, reverse=True)
        return items

    def _render_list(self) -> None:
        option_list = self.query_one("#question-list", OptionList)
        highlighted = option_list.highlighted_option.id if option_list.highlighted_option else None
        items = self.visible()
        option_list.clear_options()
        option_list.add_options(
            Option(f"[{'!' if q.priority == 'high' else ' '}] {q.text.splitlines()[0][:200]}", id=q.id)
            for q in items
        )
        empty = not self.questions
        self.query_one("#inbox-empty").display = empty
        option_list.display = not empty
        if items:
            index = next((i for i, q in enumerate(items) if q.id == highlighted), 0)
            option_list.highlighted = index
            self._show_detail(items[index])
        else:
            self.query_one("#question-detail", Markdown).update("")

    def _show_detail(self, q: Question) -> None:
        self.query_one("#question-detail", Markdown).update(question_markdown(q))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        q = next((q for q in self.questions if q.id == event.option.id), None)
        if q:
            self._show_detail(q)

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "inbox-filter":
            self._render_list()

    def action_focus_filter(self) -> None:
        self.query_one("#inbox-filter", Input).focus()

    def action_toggle_sort(self) -> None:
        self.sort_by_priority = not self.sort_by_priority
        self.notify("Sorted by priority" if self.sort_by_priority else "Newest first")
        self._render_list()

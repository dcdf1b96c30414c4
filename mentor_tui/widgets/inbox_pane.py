"""The question inbox: a filterable list of questions beside the selected one's details. Its keys
change a question through ``inbox.py``; the ones that need a dialog (edit, delete, stuck check)
post a message and the screen opens the dialog."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ..clock import ago
from ..inbox_rows import InboxCounts, QuestionRow, validated
from ..literal import markup, md_code, md_inline_code, md_text, one_line, styled
from ..planning import filter_questions, index_questions, solved_alone_share
from ..plural import counted
from .focus import focus_now
from .lazy_markdown import LazyMarkdown

if TYPE_CHECKING:
    from ..models import Question

STATUS_LABEL = {
    "open": "open",
    "checking": "checking",
    "solved": "solved alone",
    "for_mentor": "for mentor",
    "answered": "answered",
    "dropped": "dropped",
}
#: Short status words for the list column (8 wide).
STATUS_SHORT = {
    "open": "open",
    "checking": "checking",
    "solved": "solved",
    "for_mentor": "mentor",
    "answered": "answered",
    "dropped": "dropped",
}
STATUS_FILTERS = ("", "open", "checking", "for_mentor", "solved", "answered")
#: Every priority has a mark in the list, so low is as visible as high (and none relies on colour).
PRIORITY_MARK = {"high": "!", "normal": "·", "low": "↓"}
# Beyond this the list says "type to narrow": nobody scrolls 5,000 lines, and each listed line
# costs Textual ~0.08 ms to lay out on every keystroke (1,000 lines measured 85 ms).
MAX_LISTED = 100

EMPTY_INBOX = markup(
    "No questions yet.\n\n"
    "Press [b]ctrl+n[/b] to capture one the moment it comes up, "
    "or from any shell: [b]mentor-tui ask \"why does my loop stop early?\"[/b]"
)


def question_markdown(q: Question | QuestionRow, now=None) -> str:
    """The detail pane's view of one question. The question, tags, place and attempts are shown
    as typed (escaped); details and answers are the learner's Markdown."""
    first, _, rest = q.text.strip().partition("\n")
    lines = [f"## {md_text(first)}", ""]
    if rest.strip():
        lines += [md_text(rest.strip()), ""]
    meta = [f"**{STATUS_LABEL[q.status]}**", f"priority {q.priority}", f"asked {ago(q.created_at, now)}"]
    if q.tags:
        meta.append(" ".join(md_inline_code(f"#{t}") for t in q.tags))
    lines += [" · ".join(meta), ""]
    ctx = q.context
    if ctx.cwd or ctx.git_repo:
        where = ctx.cwd
        if ctx.git_repo:
            where += f" (git: {ctx.git_repo}" + (f" @ {ctx.git_branch})" if ctx.git_branch else ")")
        lines += [f"*Where:* {md_inline_code(where.strip())}", ""]
    if q.details:
        lines += ["### Details", "", q.details, ""]
    if ctx.error_text:
        lines += ["### Error", "", md_code(ctx.error_text), ""]
    if q.attempts:
        lines += ["### Tried", ""]
        lines += [f"- {a.at.astimezone():%d %b %H:%M} — {md_text(a.text)}" for a in q.attempts]
        lines.append("")
    if q.answer:
        who = "by myself" if q.solved_alone else "with my mentor" if q.solved_alone is False else ""
        lines += [f"### Answer {who}".rstrip(), "", q.answer, ""]
    return "\n".join(lines)


class InboxPane(Vertical):
    """Filterable question list beside the selected question's details."""

    HELP_TITLE = "Inbox (tab 1)"

    BINDINGS = [
        Binding("n", "app.capture_question", "New"),
        Binding("e", "edit", "Edit"),
        Binding("c", "stuck_check", "Stuck check"),
        Binding("m", "to_mentor", "For mentor"),
        Binding("p", "priority", "Priority"),
        Binding("t", "status_filter", "Status"),
        # A priority binding: it runs as soon as the app reads "/", so the letters typed right
        # behind it go to the filter (a normal binding runs only after the list has seen the key,
        # and the letters queued behind it went to the list: "e" opened the edit form).
        Binding("slash", "focus_filter", "Filter", priority=True),
        # Less common: in F1 and the palette, not in the footer.
        Binding("s", "toggle_sort", "Sort", show=False),
        Binding("d,delete", "delete", "Delete", show=False),
        Binding("escape", "clear_filter", "Clear the filter", show=False),
    ]

    class EditRequested(Message):
        """The learner asked to edit *question* (the screen opens the form)."""

        def __init__(self, question: Question) -> None:
            super().__init__()
            self.question = question

    class DeleteRequested(EditRequested):
        """The learner asked to delete *question* (the screen asks first)."""

    class StuckCheckRequested(EditRequested):
        """The learner asked for a stuck check on *question* (the screen opens it)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.questions: list[QuestionRow] = []
        #: The questions with their filter haystacks, made at the first word typed in the
        #: filter (not at every load: 2 MB at five years that a learner who never filters
        #: would hold for nothing); None until then.
        self.indexed: list[tuple[QuestionRow, str]] | None = None
        self.sort_by_priority = False
        self.status_filter = ""
        self.listed: list[QuestionRow] = []
        self.total = 0
        self.partial = False  # showing the summary's open questions only
        self._detail_timer = None

    def compose(self) -> ComposeResult:
        yield Static("", id="inbox-stats")
        with Horizontal(id="inbox"):
            with Vertical(id="inbox-left"):
                yield Input(placeholder="/ filter: words, #tag", id="inbox-filter")
                yield Static("", id="inbox-status-filter", markup=False)
                yield OptionList(id="question-list")
                yield Static(EMPTY_INBOX, id="inbox-empty", classes="empty-state")
            with VerticalScroll(id="inbox-detail"):
                yield LazyMarkdown(id="question-detail")

    def show(self, questions: list[QuestionRow], counts: InboxCounts | None = None) -> None:
        """Show *questions*; *counts* (from the summary) when only the open ones are loaded yet.
        The summary's rows (``inbox_rows``) fill the first frame; full rows replace them a moment
        later."""
        self.questions = questions
        self.indexed = None
        partial = counts is not None
        if counts is None:
            alone, resolved = solved_alone_share(questions)
            counts = InboxCounts(len(questions), sum(q.status in ("open", "checking") for q in questions),
                                 alone, resolved)
        # Replacing the summary's first view, where the learner has not moved yet: start at the
        # top of the whole list, as a start with everything read would.
        restart = self.partial and not self.query_one("#question-list", OptionList).highlighted
        self.partial = partial
        self.total = counts.total
        share = (f"{counts.alone} of {counts.resolved} ({counts.alone * 100 // counts.resolved}%)"
                 if counts.resolved else "none yet")
        self.query_one("#inbox-stats", Static).update(
            f"{counted(counts.total, 'question')} · {counts.open} open · solved on my own: {share}")
        self.render_list(keep=not restart)

    def render_list(self, keep: bool = True) -> None:
        """Apply the filter, status and sort, and show the list (the keystroke path: keep it lean).
        *keep*: stay on the highlighted question."""
        text = self.query_one("#inbox-filter", Input).value
        words = text.split()
        tags = [w[1:].lower() for w in words if w.startswith("#") and len(w) > 1]
        rest = " ".join(w for w in words if not w.startswith("#"))
        if rest.split() and self.indexed is None:
            self.indexed = index_questions(self.questions)
        source = self.questions if self.indexed is None else self.indexed
        items = filter_questions(source, rest, status=self.status_filter,
                                 tag=tags[0] if tags else "", by_priority=self.sort_by_priority)
        for extra in tags[1:]:
            items = [q for q in items if extra in q.tags]
        self.listed = items[:MAX_LISTED]
        option_list = self.query_one("#question-list", OptionList)
        current = option_list.highlighted_option.id if keep and option_list.highlighted_option else None
        option_list.clear_options()
        option_list.add_options(
            Option(styled(f"{PRIORITY_MARK[q.priority]} {STATUS_SHORT[q.status]:<8} ",
                          one_line(q.text, 160)), id=q.id)
            for q in self.listed
        )
        if len(items) > MAX_LISTED:
            option_list.add_option(Option(f"… {len(items) - MAX_LISTED} more: type to narrow",
                                          disabled=True))
        empty = not self.total
        self.query_one("#inbox-empty").display = empty
        was_hidden = not option_list.display
        option_list.display = not empty
        filter_box = self.query_one("#inbox-filter", Input)
        if was_hidden and not empty and self.app.focused in (None, filter_box) and not filter_box.value:
            # The first question just arrived: the list (and its keys) take the focus the empty
            # inbox had given to the filter box.
            option_list.focus()
        if self.listed:
            index = next((i for i, q in enumerate(self.listed) if q.id == current), 0)
            option_list.highlighted = index
            self._show_detail(self.listed[index])
        else:
            why = f" with status “{STATUS_LABEL[self.status_filter]}”" if self.status_filter else ""
            self._show_detail(None, "" if empty else f"*No question{why} matches the filter.*")
        state = self.query_one("#inbox-status-filter", Static)
        state.display = bool(self.status_filter)
        if self.status_filter:
            state.update(f"Showing “{STATUS_LABEL[self.status_filter]}” only · t changes it")

    def _show_detail(self, q: QuestionRow | None, text: str = "") -> None:
        """Render the detail pane a moment later, once typing pauses: Markdown layout is the
        slowest thing on screen and must not sit between a keystroke and the filtered list. A
        first-frame row has no detail yet: its full row, a moment later, brings it."""
        if self._detail_timer is not None:
            self._detail_timer.stop()
        if q is not None and q.context is None:
            return
        markdown = question_markdown(q, self.app.clock()) if q else text
        self._detail_timer = self.set_timer(
            0.08, lambda: self.query_one("#question-detail", LazyMarkdown).update(markdown))

    def highlighted(self) -> QuestionRow | None:
        """The highlighted question as listed."""
        option_list = self.query_one("#question-list", OptionList)
        i = option_list.highlighted
        return self.listed[i] if i is not None and i < len(self.listed) else None

    def selected(self) -> Question | QuestionRow | None:
        """The highlighted question, for an action (which changes it by id). A key pressed in the
        moment before the first frame's rows are replaced validates that one row here."""
        q = self.highlighted()
        if q is not None and q.doc is not None:
            try:
                return validated([q])[0]
            except ValueError:  # pydantic's ValidationError is one: the full read will report it
                return None
        return q

    def select(self, question_id: str) -> None:
        """Clear filters and highlight one question."""
        self.query_one("#inbox-filter", Input).value = ""
        self.status_filter = ""
        self.render_list()
        for i, q in enumerate(self.listed):
            if q.id == question_id:
                self.query_one("#question-list", OptionList).highlighted = i
                self._show_detail(q)
        self.query_one("#question-list", OptionList).focus()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list.id != "question-list":
            return
        q = self.highlighted()
        if q:
            self._show_detail(q)

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "inbox-filter":
            self.render_list()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "inbox-filter":
            self.query_one("#question-list", OptionList).focus()

    # -- actions -----------------------------------------------------------------------------

    def action_focus_filter(self) -> None:
        box = self.query_one("#inbox-filter", Input)
        if box.has_focus:  # "/" typed in the filter itself (the binding has priority)
            box.insert_text_at_cursor("/")
        else:
            focus_now(box)

    def action_clear_filter(self) -> None:
        """Esc: empty the filter box (a stray key typed there hides every question), then back to
        the list."""
        box = self.query_one("#inbox-filter", Input)
        if box.value:
            box.value = ""
            self.render_list()
        self.query_one("#question-list", OptionList).focus()

    def action_toggle_sort(self) -> None:
        self.sort_by_priority = not self.sort_by_priority
        self.notify("Highest priority first" if self.sort_by_priority else "Newest first")
        self.render_list()

    def action_status_filter(self) -> None:
        i = STATUS_FILTERS.index(self.status_filter)
        self.status_filter = STATUS_FILTERS[(i + 1) % len(STATUS_FILTERS)]
        self.notify(f"Showing: {STATUS_LABEL.get(self.status_filter, 'all')}")
        self.render_list()

    def action_priority(self) -> None:
        from .. import inbox

        q = self.selected()
        if q:
            self.app.run_store(partial(inbox.cycle_priority, self.app.store, q.id),
                               lambda new: self.app.notify(f"Priority: {new.priority}"))

    def action_to_mentor(self) -> None:
        from .. import inbox

        q = self.selected()
        if q:
            self.app.run_store(partial(inbox.toggle_for_mentor, self.app.store, q.id),
                               lambda new: self.app.notify(
                                   "On the agenda for your next session" if new.status == "for_mentor"
                                   else "Back in the inbox"))

    def action_edit(self) -> None:
        q = self.selected()
        if q:
            self.post_message(self.EditRequested(q))

    def action_delete(self) -> None:
        q = self.selected()
        if q:
            self.post_message(self.DeleteRequested(q))

    def action_stuck_check(self) -> None:
        q = self.selected()
        if q:
            self.post_message(self.StuckCheckRequested(q))

"""Text that came from the learner or from disk is shown as typed, never read as markup.

A question captured with ``mentor-tui ask "[/url] …"`` used to end the app at start-up
(MarkupError), ``[b]`` and ``[inbox]`` vanished, and a pydantic error toast (``[type=…``) crashed
it. These tests drive the real app and read what each widget renders.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from textual.widgets import DataTable, Input, Label, OptionList

from mentor_tui.models import (
    AgendaItem,
    CheckItem,
    Entry,
    EquipmentCheck,
    Material,
    PracticeTask,
    Question,
    ReviewCard,
    Session,
)
from mentor_tui.export import holds_nothing
from mentor_tui.takeaways import card_faces
from mentor_tui.screens.before import BeforeScreen
from mentor_tui.screens.history import HistoryScreen
from mentor_tui.dialogs.modals import TextPrompt
from mentor_tui.screens.search import SearchScreen

from .conftest import run_cli, wait_until
from .literal_probe import markdown_shown, option_texts, shown_in, static_text, table_texts, toast_texts

NOW = datetime(2026, 11, 25, 15, 0, tzinfo=timezone.utc)
ASKED = "[/url] list[int] [b]bold?[/b] [inbox] arr[0] [@click=quit] [$x]"
TOPIC = "[b]Generics[/b] & list[T]"
MENTOR = "[i]Grace[/i]"


def clock():
    return NOW


async def test_question_asked_with_markup_like_text_is_shown_as_typed_in_every_view(data_dir, store):
    assert run_cli("ask", ASKED, data=data_dir).returncode == 0
    (asked,) = store.all(Question)
    store.update(Question, asked.id, lambda q: q.model_copy(update={"status": "for_mentor"}))
    answered = store.add(Question(text="what is [/url]? zqx", status="answered", answer="[b]it[/b] closes"))
    ended = Session(mentor=MENTOR, topic=TOPIC, status="ended", started_at=NOW - timedelta(days=2),
                    ended_at=NOW - timedelta(days=2, minutes=-40), takeaways=["use [red]list[int][/red]"],
                    agenda=[AgendaItem(question_id=answered.id, state="answered")],
                    entries=[Entry(kind="insight", text="[/] closes any tag")])
    store.add(ended)
    store.add(Session(mentor=MENTOR, topic=TOPIC, scheduled_at=NOW + timedelta(hours=2),
                      agenda=[AgendaItem(question_id=asked.id)]))
    store.add(PracticeTask(title="Type [/url] arr[0]", session_id=ended.id, source="[bold]line[/bold]",
                           due_at=NOW - timedelta(hours=1)))
    store.add(ReviewCard(text="[dim]recall[/dim] list[int]", session_id=ended.id, due_at=NOW))
    store.add(Material(title="[b]todo-app[/b]", location="~/code/[inbox]"))

    app = make_app_for(store)
    async with app.run_test(size=(120, 40)) as pilot:
        inbox = app.screen.query_one("#question-list", OptionList)
        assert await wait_until(pilot, lambda: shown_in(ASKED, option_texts(inbox)))
        detail = app.screen.query_one("#question-detail")
        assert await wait_until(pilot, lambda: shown_in("what is [/url]? zqx", markdown_shown(detail)))
        await pilot.press("down")
        assert await wait_until(pilot, lambda: shown_in(ASKED, markdown_shown(detail))), markdown_shown(detail)
        await pilot.press("2")
        agenda = app.screen.query_one("#agenda-list", OptionList)
        assert shown_in(ASKED, option_texts(agenda))
        assert shown_in(f"Next session with {MENTOR} · {TOPIC}", static_text(app.screen.query_one("#agenda-header")))
        await pilot.press("3")
        assert shown_in(TOPIC, static_text(app.screen.query_one("#review-sessions")))
        assert shown_in("use [red]list[int][/red]", static_text(app.screen.query_one("#review-sessions")))
        assert shown_in("Type [/url] arr[0]", static_text(app.screen.query_one("#review-practice")))
        assert shown_in("[b]todo-app[/b]  ~/code/[inbox]", option_texts(app.screen.query_one("#materials-list")))

        await pilot.press("f3")
        start = app.screen.query_one("#start-list", OptionList)
        assert await wait_until(pilot, lambda: any(TOPIC in t for t in option_texts(start)))
        assert shown_in("Ad hoc session (no agenda) [a]", option_texts(start))
        await pilot.press("enter")  # the planned session
        await pilot.press("enter")  # start it
        agenda = app.screen.query_one("#agenda", OptionList)
        assert await wait_until(pilot, lambda: shown_in(ASKED, option_texts(agenda)))
        assert shown_in(TOPIC, static_text(app.screen.query_one("#session-bar")))
        await pilot.press("ctrl+g", "enter")
        assert isinstance(app.screen, TextPrompt)
        assert shown_in(f"Answer: {ASKED}", static_text(app.screen.query_one(".dialog-title", Label)))
        await pilot.press("escape")

        await pilot.press("f4")
        tasks = app.screen.query_one("#task-list", OptionList)
        assert await wait_until(pilot, lambda: shown_in("Type [/url] arr[0]", option_texts(tasks)))
        assert shown_in("“[bold]line[/bold]”", static_text(app.screen.query_one("#task-detail")))
        assert shown_in(f"Last session: {TOPIC}", static_text(app.screen.query_one("#practice-summary")))
        await pilot.press("r", "v")
        card = static_text(app.screen.query_one("#review-card"))  # the takeaway became a card too
        assert shown_in("[dim]recall[/dim] list[int]", card) or shown_in("use [red]list[int][/red]", card)
        assert shown_in(TOPIC, static_text(app.screen.query_one("#review-card")))

        await pilot.press("f6")
        assert isinstance(app.screen, HistoryScreen)
        table = app.screen.query_one(DataTable)
        assert await wait_until(pilot, lambda: TOPIC in table_texts(table) and MENTOR in table_texts(table))

        await pilot.press("escape", "ctrl+f", *"zqx")
        assert isinstance(app.screen, SearchScreen)
        results = app.screen.query_one("#search-results", OptionList)
        assert await wait_until(pilot, lambda: shown_in("what is [/url]? zqx", option_texts(results)))
        assert app.is_running


async def test_error_toast_with_pydantic_text_is_shown_and_the_app_stays_up(make_app, store):
    """A material title over 200 characters: the toast carries pydantic's "[type=value_error, …]"."""
    store.add(Question(text="why?"))  # the list has the keys (an empty inbox focuses the filter)
    app = make_app(clock=clock)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        assert await wait_until(pilot, lambda: app.screen.query_one("#question-list").has_focus)
        await pilot.press("3")
        materials = app.screen.query_one("#materials-list")
        if not await wait_until(pilot, lambda: materials.has_focus, timeout=2):
            # Seen only in full CI runs (not alone, not in this file): focus did not reach the
            # list after "3". The subject here is the toast, so go on from the list itself.
            materials.focus()
            assert await wait_until(pilot, lambda: materials.has_focus)
        await pilot.press("a")
        assert await wait_until(pilot, lambda: isinstance(app.screen, TextPrompt))
        first = app.screen
        first.query_one(Input).value = "x" * 201  # as if pasted
        await pilot.press("enter")
        assert await wait_until(pilot, lambda: isinstance(app.screen, TextPrompt) and app.screen is not first)
        await pilot.press("enter")
        assert await wait_until(pilot, lambda: any("[type=value_error" in t for t in toast_texts(app)))
        assert app.is_running and isinstance(app.screen, BeforeScreen)
    assert store.all(Material) == []


async def test_a_folder_named_inbox_in_brackets_stays_in_the_export_toast(make_app, store, tmp_path):
    store.add(Session(topic="Loops", status="ended", started_at=NOW - timedelta(days=1),
                      ended_at=NOW - timedelta(days=1, minutes=-30)))
    folder = tmp_path / "[inbox]"
    app = make_app(clock=clock)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.press("f6")
        table = app.screen.query_one(DataTable)
        assert await wait_until(pilot, lambda: table.row_count == 1)
        await pilot.press("e")
        assert isinstance(app.screen, TextPrompt)
        app.screen.query_one(Input).value = str(folder)
        await pilot.press("enter")
        assert await wait_until(pilot, lambda: any("Written to" in t for t in toast_texts(app)))
        assert any(str(folder) in t for t in toast_texts(app)), toast_texts(app)
    assert list(folder.glob("*.md"))


def make_app_for(store):
    from mentor_tui.app import make_app

    return make_app(store, clock=clock, poll_interval=0.1)


# --------------------------------------------------------------------------------------------------
# The whole app, with generated text in every kind of record
# --------------------------------------------------------------------------------------------------

import asyncio  # noqa: E402
import tempfile  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from pathlib import Path  # noqa: E402

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from mentor_tui.models import Attempt, PracticeLog, QuestionContext  # noqa: E402
from mentor_tui.screens.during import DuringScreen  # noqa: E402
from mentor_tui.dialogs.during import EndSession  # noqa: E402
from mentor_tui.screens.equipment import EquipmentScreen  # noqa: E402
from mentor_tui.screens.history import RecordView, SessionView  # noqa: E402
from mentor_tui.dialogs.modals import Confirm  # noqa: E402
from mentor_tui.dialogs.question_form import QuestionForm  # noqa: E402
from mentor_tui.screens.stuck import StuckCheck  # noqa: E402

MARKUP_LIKE = ["[/url]", "[bold]", "[/bold]", "[@click=quit]", "[@click=app.quit]", "[b]", "[/]", "[$x]",
               "[inbox]", "list[int]", "arr[0]", "[link=https://x.org]", "[red on blue]", "\\[", "\\",
               "[", "]", "[[", "]]", "**b**", "_i_", "`c`", "<b>", "&amp;", "# h", "- li", "1. x",
               "[x](y)", "| a |", "~~s~~", "(c)", "--", "..."]
ODD = ["👩‍💻", "🎉", "שלום עולם", "مرحبا", "\u202eabc", "e\u0301", "a\u0308\u0323", "\u200b", "漢字",
       "ﷺ", "\t", "x" * 300]
# Any printable text (no C0/C1 controls: another fix replaces those before validation).
PLAIN = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=12)
PIECE = st.one_of(st.sampled_from(MARKUP_LIKE), st.sampled_from(ODD), PLAIN)


def texts(limit: int, *, one_line: bool = False, marker: str = "") -> st.SearchStrategy[str]:
    """Generated text for a field with *limit* characters; *marker* (a word to search for) first."""
    def build(pieces: list[str]) -> str:
        text = "".join(pieces)
        if one_line:
            text = " ".join(text.splitlines()) if "\n" in text or "\r" in text else text
        text = (marker + " " + text) if marker else text
        return text[:limit]

    return st.lists(st.one_of(PIECE, st.just("\n")) if not one_line else PIECE, min_size=1, max_size=6) \
        .map(build).filter(lambda t: t.strip() and len(t.splitlines() or [""]) and t.splitlines()[0].strip())


TAGS = st.lists(st.text(st.sampled_from("ab[]/@=$#x漢é"), min_size=1, max_size=8)
                .map(lambda t: t.strip("#").lower()).filter(bool), max_size=3, unique=True)


@dataclass
class World:
    question: str
    details: str
    error: str
    attempt: str
    answer: str
    tags: list[str]
    planned_q: str
    mentor: str
    topic: str
    notes: str
    entry: str
    lesson: str
    takeaway: str
    summary: str
    task: str
    task_details: str
    source: str
    log_note: str
    card: str
    check_name: str
    check_value: str
    check_fix: str
    material: str
    location: str


WORLDS = st.builds(
    World,
    question=texts(2_000, marker="zqx"), details=texts(5_000), error=texts(5_000), attempt=texts(500),
    answer=texts(2_000), tags=TAGS, planned_q=texts(2_000), mentor=texts(120, one_line=True),
    topic=texts(120, one_line=True), notes=texts(5_000), entry=texts(500), lesson=texts(500),
    takeaway=texts(500), summary=texts(2_000), task=texts(200, one_line=True), task_details=texts(2_000),
    source=texts(500), log_note=texts(500), card=texts(500), check_name=texts(120, one_line=True),
    check_value=texts(500, one_line=True), check_fix=texts(500),
    material=texts(200, one_line=True, marker="zqx"), location=texts(500, one_line=True),
)


def seed_world(store, w: World) -> None:
    """One record of every kind, each holding generated text."""
    q = Question(text=w.question, details=w.details, tags=w.tags, answer=w.answer, status="for_mentor",
                 context=QuestionContext(cwd="/home/ada/[code]", git_repo="[repo]", git_branch="b[1]",
                                         error_text=w.error),
                 attempts=[Attempt(at=NOW - timedelta(minutes=9), text=w.attempt)])
    planned_q = Question(text=w.planned_q, status="for_mentor", created_at=NOW - timedelta(days=1))
    ended = Session(mentor=w.mentor, topic=w.topic, status="ended", started_at=NOW - timedelta(days=2),
                    ended_at=NOW - timedelta(days=2, minutes=-40), notes=w.notes, summary=w.summary,
                    takeaways=[w.takeaway], agenda=[AgendaItem(question_id=planned_q.id, state="answered")],
                    entries=[Entry(kind="mistake", text=w.entry, lesson=w.lesson, at=NOW - timedelta(days=2))])
    live = Session(mentor=w.mentor, topic=w.topic, status="live", started_at=NOW - timedelta(minutes=10),
                   notes=w.notes, agenda=[AgendaItem(question_id=q.id, state="current")],
                   entries=[Entry(kind="insight", text=w.entry, at=NOW - timedelta(minutes=5))])
    planned = Session(mentor=w.mentor, topic=w.topic, scheduled_at=NOW + timedelta(days=3),
                      agenda=[AgendaItem(question_id=planned_q.id)])
    task = PracticeTask(title=w.task, details=w.task_details, source=w.source, session_id=ended.id,
                        due_at=NOW - timedelta(hours=1))
    store.put_many([q, planned_q])
    store.put_many([ended, live, planned])
    store.add(task)
    store.add(PracticeLog(task_id=task.id, minutes=5, note=w.log_note))
    store.add(ReviewCard(text=w.card, session_id=ended.id, due_at=NOW - timedelta(days=9)))
    store.add(EquipmentCheck(verdict="warn", created_at=NOW - timedelta(minutes=1),
                             items=[CheckItem(name=w.check_name, status="warn", value=w.check_value,
                                              fix=w.check_fix)]))
    store.add(Material(title=w.material, location=w.location))


def first(text: str, limit: int) -> str:
    lines = text.splitlines()
    return (lines[0] if lines else "")[:limit]


async def until(pilot, predicate, what: str) -> None:
    assert await wait_until(pilot, predicate), what


async def walk(store, w: World) -> None:
    """Every mode, tab and the dialogs that show the text; the app must stay up and show it."""
    from mentor_tui.app import make_app

    app = make_app(store, clock=clock, poll_interval=0.1)
    async with app.run_test(size=(120, 40)) as pilot:
        # During (F3): the live session resumes at start.
        await until(pilot, lambda: isinstance(app.screen, DuringScreen) and app.screen.session is not None,
                    "resumes the live session")
        screen = app.screen
        assert shown_in(w.topic, static_text(screen.query_one("#session-bar")))
        assert shown_in(w.question, option_texts(screen.query_one("#agenda", OptionList)))
        assert shown_in(first(w.entry.strip(), 10_000), option_texts(screen.query_one("#timeline", OptionList)))
        assert screen.query_one("#notes").text == w.notes
        await pilot.press("ctrl+g")
        await until(pilot, lambda: screen.query_one("#agenda").has_focus, "agenda has the keys")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, TextPrompt), "answer prompt")
        assert shown_in(f"Answer: {w.question}", static_text(app.screen.query_one(".dialog-title", Label)))
        await pilot.press("escape", "f9")
        await until(pilot, lambda: isinstance(app.screen, EndSession), "end-of-session summary")
        assert shown_in(w.question, static_text(app.screen.query_one("#end-carried")))
        await pilot.press("escape")

        # Before (F2): inbox, detail, edit form, stuck check, delete prompt; agenda; review.
        await pilot.press("f2")
        await until(pilot, lambda: isinstance(app.screen, BeforeScreen)
                    and len(app.screen.query_one("#question-list", OptionList).options) == 2, "inbox")
        inbox = app.screen.query_one("#question-list", OptionList)
        for text in (w.question, w.planned_q):
            assert shown_in(first(text, 160), option_texts(inbox))
        await pilot.press("2")
        header = static_text(app.screen.query_one("#agenda-header"))
        assert shown_in(w.topic, header) and shown_in(w.mentor, header)
        assert shown_in(first(w.planned_q, 150), option_texts(app.screen.query_one("#agenda-list", OptionList)))
        await pilot.press("1")
        pane = app.screen.query_one("#inbox-pane")
        inbox.focus()
        for _ in range(2):
            shown_q = pane.selected()
            await until(pilot, lambda: shown_in(first(shown_q.text.strip(), 10_000),
                                                markdown_shown(app.screen.query_one("#question-detail"))),
                        "question detail")
            await pilot.press("down")
        await pilot.press("up")
        edited = pane.selected()
        await pilot.press("e")
        assert isinstance(app.screen, QuestionForm)
        assert app.screen.query_one("#f-text", Input).value == edited.text
        assert app.screen.query_one("#f-details").text == edited.details
        await pilot.press("escape")
        await pilot.press("d")
        assert isinstance(app.screen, Confirm)
        assert shown_in(f"Delete “{edited.text[:60]}”?", static_text(app.screen.query_one(Label)))
        await pilot.press("n")
        await pilot.press("c")
        assert isinstance(app.screen, StuckCheck)
        assert shown_in(edited.text, static_text(app.screen.query_one("#stuck-question")))
        if edited.attempts:
            assert shown_in(edited.attempts[0].text, static_text(app.screen.query_one("#stuck-attempts")))
        await pilot.press("escape", "3")
        sessions = static_text(app.screen.query_one("#review-sessions"))
        assert shown_in(w.topic, sessions) and shown_in(w.takeaway[:70], sessions)
        assert shown_in(w.task[:70], static_text(app.screen.query_one("#review-practice")))
        assert shown_in(w.material, option_texts(app.screen.query_one("#materials-list", OptionList)))

        # After (F4): practice, review card, progress.
        await pilot.press("f4")
        await until(pilot, lambda: shown_in(w.task, option_texts(app.screen.query_one("#task-list", OptionList))),
                    "practice list")
        assert shown_in(f"Line: “{first(w.source.strip(), 200)}", static_text(app.screen.query_one("#task-detail")))
        await pilot.press("r", "v")
        card = static_text(app.screen.query_one("#review-card"))
        # The card shown is the seeded one or the ended session's takeaway; revealed, both faces.
        faces = [card_faces(c) for c in store.all(ReviewCard)]
        assert any(shown_in(front, card) and shown_in(back, card) for front, back in faces), faces
        await pilot.press("o")

        # Equipment (F5): the stored check's verdict.
        await pilot.press("f5")
        assert isinstance(app.screen, EquipmentScreen)
        await until(pilot, lambda: shown_in(w.check_fix, static_text(app.screen.query_one("#eq-verdict"))),
                    "equipment verdict")
        assert shown_in(w.check_name, static_text(app.screen.query_one("#eq-verdict")))

        # History (F6) and the read view of the ended session.
        await pilot.press("f6")
        table = app.screen.query_one(DataTable)
        # The stuck check above took the planned session's only question off its agenda, so that
        # session may now hold nothing and be left out (export.holds_nothing).
        listed = [x for x in store.all(Session) if not holds_nothing(x)]
        await until(pilot, lambda: table.row_count == len(listed) >= 2,
                    f"history rows: {table.row_count} of {len(listed)}")
        assert shown_in(w.topic, table_texts(table)) and shown_in(w.mentor, table_texts(table))
        for row in range(table.row_count):
            if str(table.get_row_at(row)[3]) == "ended":
                table.move_cursor(row=row)
        await pilot.press("enter")
        assert isinstance(app.screen, SessionView)
        await until(pilot, lambda: w.takeaway.strip() in app.screen.markdown_text(), "read view")
        await pilot.pause(0.1)
        await pilot.press("escape", "escape")

        # Search (ctrl+f): the question and the material carry the word "zqx"; open the material.
        await pilot.press("ctrl+f", *"zqx")
        results = app.screen.query_one("#search-results", OptionList)
        await until(pilot, lambda: len(results.options) >= 2, "search results")
        kinds = [app.screen.results[i].doc.kind for i in range(len(results.options))]
        results.focus()
        results.highlighted = kinds.index("material")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, RecordView), "material read view")
        await until(pilot, lambda: shown_in(w.material, markdown_shown(app.screen.query_one("Markdown"))),
                    "material title shown as typed")
        await pilot.press("escape")
        assert app.is_running


@settings(max_examples=8, deadline=None, derandomize=True,  # ~15 s each on a busy 2-core box
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(WORLDS)
def test_generated_text_in_every_record_is_shown_as_typed_in_every_mode(world):
    with tempfile.TemporaryDirectory() as tmp:
        from mentor_tui.store import Store

        store = Store(Path(tmp) / "data").open()
        seed_world(store, world)
        asyncio.run(walk(store, world))


# --------------------------------------------------------------------------------------------------
# The Markdown helpers, fast: what markdown-it renders is the text as typed
# --------------------------------------------------------------------------------------------------


def _rendered(markdown: str) -> str:
    import html
    import re

    from markdown_it import MarkdownIt

    out = MarkdownIt("gfm-like").render(markdown)  # the parser Textual's Markdown widget uses
    return html.unescape(re.sub(r"<[^>]+>", "", out))


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECE, min_size=1, max_size=8).map("".join).filter(str.strip))
def test_md_text_renders_as_typed(text):
    from mentor_tui.literal import md_inline_code, md_text

    one_line = " ".join(text.splitlines())
    assert norm_ws(_rendered(f"## {md_text(one_line)}")) == norm_ws(one_line)
    assert norm_ws(_rendered(md_text(text))) == norm_ws(text)
    assert norm_ws(_rendered(f"*Where:* {md_inline_code(one_line)}")) == norm_ws(f"Where: {one_line}")


def norm_ws(text: str) -> str:
    return " ".join(text.split())

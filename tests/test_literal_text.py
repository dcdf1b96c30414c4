"""Text that came from the learner or from disk is shown as typed, never read as markup.

A question captured with ``mentor-tui ask "[/url] …"`` used to end the app at start-up
(MarkupError), ``[b]`` and ``[inbox]`` vanished, and a pydantic error toast (``[type=…``) crashed
it. These tests drive the real app and read what each widget renders.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from textual.widgets import DataTable, Input, Label, OptionList, Static

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
from mentor_tui.screens.before import BeforeScreen
from mentor_tui.screens.history import HistoryScreen
from mentor_tui.screens.modals import TextPrompt
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
        await pilot.press("3", "a", *("x" * 201), "enter", "enter")
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

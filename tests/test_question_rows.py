"""The screens hold questions as light rows (``inbox_rows.QuestionRow``), which the store keeps
instead of the models (``Store.all(view=...)``): five years of questions as models were ~6 MB."""

from __future__ import annotations

from mentor_tui.inbox_rows import QuestionRow, question_row
from mentor_tui.models import Attempt, Question, QuestionContext
from mentor_tui.store import Store
from mentor_tui.widgets.inbox_pane import InboxPane, question_markdown
from .conftest import wait_until


def test_a_row_shows_what_its_model_shows(store):
    q = store.add(Question(text="Why [b]is[/b] my loop\nlate?", details="It *stops* early.",
                           tags=["python", "loops"], priority="high", answer="Use range(n).",
                           context=QuestionContext(cwd="~/kata", git_repo="kata", error_text="IndexError"),
                           attempts=[Attempt(text="printed i")], solved_alone=True, status="solved"))
    row = question_row(q)
    assert isinstance(row, QuestionRow) and not hasattr(row, "__dict__")
    assert (row.id, row.text, row.tags, row.status, row.answer) == (q.id, q.text, ("python", "loops"),
                                                                     "solved", "Use range(n).")
    assert question_markdown(row) == question_markdown(q)
    assert row.text is q.text and row.context is q.context  # the model's own objects, not copies


def test_the_store_keeps_the_rows_not_the_models(store):
    a, b = store.add(Question(text="first", tags=["x"])), store.add(Question(text="second", tags=["x"]))
    rows = store.all(Question, view=question_row)
    assert [r.id for r in rows] == [a.id, b.id] and all(isinstance(r, QuestionRow) for r in rows)
    assert rows[0].tags is rows[1].tags  # one tuple per set of tags
    again = store.all(Question, view=question_row)
    assert again[0] is rows[0]  # unchanged files are not read again
    assert store.all_kept(Question) is None  # no model kept
    assert store.all_kept(Question, question_row) == rows


def test_a_change_by_anyone_is_seen_in_the_rows(store):
    q = store.add(Question(text="first wording"))
    assert [r.text for r in store.all(Question, view=question_row)] == ["first wording"]
    other = Store(store.root)  # another process: its own store on the same folder
    other.update(Question, q.id, lambda cur: cur.model_copy(update={"text": "second wording"}))
    other.add(Question(text="a new one"))
    assert [r.text for r in store.all(Question, view=question_row)] == ["second wording", "a new one"]
    assert store.delete(Question, q.id)
    assert [r.text for r in store.all(Question, view=question_row)] == ["a new one"]


def test_rows_are_made_from_models_already_kept(store):
    store.add(Question(text="read as models first"))
    models = store.all(Question)  # the CLI reads models
    rows = store.all(Question, view=question_row)
    assert rows[0].text is models[0].text


async def test_the_app_holds_rows_and_a_stuck_check_opens_on_the_model(make_app, store):
    """After the Before screen's full read the store keeps no question model; the keys that need
    one (the stuck check) read it, and the search shares the rows' texts."""
    q = store.add(Question(text="Why does my fetch return a Promise?",
                           attempts=[Attempt(text="added await")]))
    app = make_app(search_prebuild_delay=None)
    async with app.run_test(size=(120, 40)) as pilot:
        assert await wait_until(pilot, lambda: app.screen.loaded)
        pane = app.screen.query_one(InboxPane)
        assert isinstance(pane.questions[0], QuestionRow) and pane.questions[0].context is not None
        assert store.all_kept(Question) is None
        detail = app.screen.query_one("#question-detail")
        assert await wait_until(pilot, lambda: "added await" in detail._source)
        await pilot.press("c")
        assert await wait_until(pilot, lambda: type(app.screen).__name__ == "StuckCheck")
        assert isinstance(app.screen.question, Question)
        assert await wait_until(pilot, lambda: store.get(Question, q.id).status == "checking")


def _fields(row: QuestionRow) -> tuple:
    return (row.id, row.text, row.priority, row.status, row.tags, row.details, row.answer,
            row.solved_alone, row.session_id, row.created_at, row.updated_at, row.answered_at,
            row.context.model_dump(), [(a.at, a.text) for a in row.attempts], row.doc)


def test_a_canonical_files_rows_come_from_its_dumps_and_match_its_models(store, monkeypatch):
    """The summary vouches for a file the store wrote: its rows are made from the dumps, without
    validating five years of questions again, and are the rows its models give."""
    from datetime import datetime, timezone

    made = datetime(2026, 11, 19, 8, 0, tzinfo=timezone.utc)
    store.add(Question(text="Why does ñ break my regex? 🐍", details="`re.I`", tags=["regex", "unicode"],
                       created_at=made, updated_at=made,
                       status="answered", answer="Use re.UNICODE", solved_alone=False,
                       answered_at=datetime(2026, 11, 20, 9, 30, tzinfo=timezone.utc),
                       context=QuestionContext(cwd="~/kata", git_branch="main", error_text="Traceback…"),
                       attempts=[Attempt(text="read the docs"), Attempt(text="asked a duck")]))
    store.add(Question(text="plain"))
    store.summary([Question])  # as every start does
    fresh = Store(store.root)
    validated = []
    real = fresh._validate
    monkeypatch.setattr(fresh, "_validate", lambda *a, **k: validated.append(a[1]) or real(*a, **k))
    rows = fresh.all(Question, view=question_row)
    assert validated == []  # nothing validated again
    models = Store(store.root).all(Question)
    assert [_fields(r) for r in rows] == [_fields(question_row(m)) for m in models]
    assert rows[0].updated_at is rows[0].created_at  # one datetime, as the models share it


def test_a_file_changed_by_hand_is_validated_and_a_bad_record_set_aside(store):
    """A file the summary does not know (edited by hand, written by another version) goes
    through the models: a record that fails them is not listed."""
    import orjson

    good = store.add(Question(text="kept"))
    bad = store.add(Question(text="to be broken"))
    store.summary([Question])
    path = store.path_for(Question, bad.id)
    data = orjson.loads(path.read_bytes())
    data["questions"][bad.id]["status"] = "no such status"
    path.write_bytes(orjson.dumps(data))
    warnings = []
    fresh = Store(store.root, on_warning=warnings.append)
    assert [r.id for r in fresh.all(Question, view=question_row)] == [good.id]
    assert warnings and bad.id in warnings[0]


def test_a_dump_not_shaped_as_its_summary_promised_is_validated_instead(store, monkeypatch):
    """Should a file the summary calls canonical hold a dump the rows cannot be made from (a
    field missing), the file goes through the models instead of failing the read."""
    import orjson

    from mentor_tui.store.summary import Summary

    kept = store.add(Question(text="still listed"))
    path = store.path_for(Question, kept.id)
    data = orjson.loads(path.read_bytes())
    del data["questions"][kept.id]["attempts"]  # the model's default fills it in
    path.write_bytes(orjson.dumps(data))
    monkeypatch.setattr(Summary, "is_canonical", lambda self, path, st: True)
    rows = Store(store.root).all(Question, view=question_row)
    assert [(r.id, r.text, r.attempts) for r in rows] == [(kept.id, "still listed", ())]


async def test_a_stuck_check_on_a_question_deleted_meanwhile_says_so(make_app, store):
    q = store.add(Question(text="asked, then deleted from the shell"))
    app = make_app(search_prebuild_delay=None, poll_interval=3600)  # the inbox is not reloaded
    async with app.run_test(size=(120, 40)) as pilot:
        assert await wait_until(pilot, lambda: app.screen.loaded)
        assert store.delete(Question, q.id)  # the inbox still lists it
        await pilot.press("c")
        assert await wait_until(pilot, lambda: any("no longer in the inbox" in str(n.message)
                                                   for n in app._notifications))
        assert type(app.screen).__name__ == "BeforeScreen"

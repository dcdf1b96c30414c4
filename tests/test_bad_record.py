"""A bad record is set aside, not the collection: one record that fails validation is skipped with
one warning naming its file and id, kept (in the file, and the file as found copied aside byte for
byte), and everything else is shown. Through the store, the CLI and the app."""

from __future__ import annotations

import orjson
import pytest

from mentor_tui.models import Question, Session
from mentor_tui.screens.before import BeforeScreen
from mentor_tui.widgets.inbox_pane import InboxPane
from mentor_tui.store import Store, StoreError

from .conftest import run_cli, wait_until


def damage(path, record_id: str, **change) -> bytes:
    """Rewrite one record of *path* in place (as a bad sync or hand edit would); returns the bytes."""
    data = orjson.loads(path.read_bytes())
    table = next(t for name, t in data.items() if name != "_meta")
    table[record_id].update(change)
    raw = orjson.dumps(data, option=orjson.OPT_INDENT_2)  # bytes our writer would never produce
    path.write_bytes(raw)
    return raw


def seeded(store: Store) -> tuple[list[Question], bytes]:
    qs = [store.add(Question(text=t)) for t in ("first", "second", "third")]
    raw = damage(store.path_for(Question, qs[1].id), qs[1].id, priority="urgent!!")
    return qs, raw


def copies(path):
    return sorted(path.parent.glob(f"{path.name}.corrupt-*"))


def test_store_skips_the_bad_record_warns_once_and_copies_the_file_aside(store):
    qs, raw = seeded(store)
    path = store.path_for(Question, qs[1].id)
    assert [q.text for q in store.all(Question)] == ["first", "third"]
    (warning,) = store.take_warnings()
    assert str(path) in warning and qs[1].id in warning and "priority" in warning
    (copy,) = copies(path)
    assert copy.read_bytes() == raw and copy.name in warning
    assert oct(copy.stat().st_mode & 0o777) == "0o600"
    # Read again: same list, no second warning, no second copy.
    assert len(store.all(Question)) == 2 and store.take_warnings() == [] and copies(path) == [copy]
    with pytest.raises(StoreError, match=qs[1].id):
        store.get(Question, qs[1].id)


def test_a_write_to_that_file_keeps_the_bad_record_and_copies_first(store):
    qs, raw = seeded(store)
    path = store.path_for(Question, qs[1].id)
    bad = orjson.loads(raw)["questions"][qs[1].id]
    fresh = Store(store.root).open()  # nothing read yet: the write itself must set it aside
    fresh.add(Question(text="fourth"))
    assert [c.read_bytes() for c in copies(path)] == [raw]  # copied before the rewrite
    assert orjson.loads(path.read_bytes())["questions"][qs[1].id] == bad  # and still in the file
    assert [q.text for q in fresh.all(Question)] == ["first", "third", "fourth"]
    assert len(fresh.take_warnings()) == 1


def test_a_bad_session_file_leaves_the_others(store):
    good = store.add(Session(topic="kept"))
    bad = store.add(Session(topic="damaged"))
    damage(store.path_for(Session, bad.id), bad.id, planned_minutes="forty")
    assert [s.topic for s in store.all(Session)] == ["kept"]
    assert store.get(Session, good.id).topic == "kept"


def test_cli_questions_lists_the_rest_with_one_warning_and_ask_keeps_it(data_dir):
    qs, raw = seeded(Store(data_dir).open())
    path = Store(data_dir).path_for(Question, qs[1].id)
    done = run_cli("questions")
    assert done.returncode == 0
    assert "first" in done.stdout and "third" in done.stdout and "second" not in done.stdout
    (line,) = done.stderr.strip().splitlines()
    assert "warning" in line and str(path) in line and qs[1].id in line
    as_json = run_cli("questions", "--json")
    assert as_json.returncode == 0 and len(orjson.loads(as_json.stdout)) == 2
    asked = run_cli("ask", "fourth")
    assert asked.returncode == 0
    assert orjson.loads(path.read_bytes())["questions"][qs[1].id]["priority"] == "urgent!!"
    assert [c.read_bytes() for c in copies(path)] == [raw]


async def test_inbox_shows_the_rest_and_one_warning_toast(make_app, store):
    qs, _ = seeded(store)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        assert await wait_until(pilot, lambda: isinstance(app.screen, BeforeScreen)
                                and len(app.screen.query_one(InboxPane).questions) == 2)
        texts = sorted(q.text for q in app.screen.query_one(InboxPane).questions)
        assert texts == ["first", "third"]

        def toasts():
            return [n for n in app._notifications if n.title == "Damaged record set aside"]

        assert await wait_until(pilot, lambda: len(toasts()) == 1)
        assert qs[1].id in toasts()[0].message
        store.add(Question(text="fourth"))  # another write and reload: still one toast
        assert await wait_until(pilot, lambda: len(app.screen.query_one(InboxPane).questions) == 3)
        await pilot.pause(0.3)
        assert len(toasts()) == 1

"""History's export and import jobs as plain functions (no Pilot): one Outcome line each."""

from __future__ import annotations

from datetime import datetime, timezone

from mentor_tui import export
from mentor_tui.history_export import carry_out
from mentor_tui.models import Question, Session
from mentor_tui.store import Store

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=timezone.utc)


def _seeded(root) -> tuple[Store, Session]:
    store = Store(root).open()
    session = store.add(Session(status="ended", mentor="Ben", topic="Closures",
                                started_at=NOW, notes="a [bold]note[/bold]"))
    store.add(Question(text="why late binding?"))
    return store, session


def test_one_session_is_written_and_the_line_says_where(tmp_path):
    store, session = _seeded(tmp_path / "data")
    outcome = carry_out(store, "session", str(tmp_path / "one.md"), NOW, session.id)
    assert outcome.ok and outcome.title == "Exported"
    assert outcome.message == f"Written to {tmp_path / 'one.md'}"
    assert "# Closures with Ben" in (tmp_path / "one.md").read_text()


def test_every_session_as_markdown_counts_them(tmp_path):
    store, _ = _seeded(tmp_path / "data")
    outcome = carry_out(store, "md", str(tmp_path / "out"), NOW)
    assert outcome.ok
    assert outcome.message == f"1 session and index.md written to {tmp_path / 'out'}"


def test_json_export_imports_into_another_store(tmp_path):
    store, session = _seeded(tmp_path / "data")
    assert carry_out(store, "json", str(tmp_path / "all.json"), NOW).ok
    other = Store(tmp_path / "other").open()
    outcome = carry_out(other, "import", str(tmp_path / "all.json"), NOW)
    assert outcome.ok and outcome.title == "Imported"
    assert other.get(Session, session.id) == store.get(Session, session.id)
    assert len(other.all(Question)) == 1
    again = carry_out(other, "import", str(tmp_path / "all.json"), NOW)
    assert again.ok
    assert len(other.all(Question)) == 1  # importing twice adds nothing twice


def test_a_bad_import_is_one_line_and_writes_nothing(tmp_path):
    store = Store(tmp_path / "data").open()
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    outcome = carry_out(store, "import", str(bad), NOW)
    assert not outcome.ok and outcome.title == "Import failed"
    assert "\n" not in outcome.message and outcome.message
    assert store.all(Question) == [] and store.all(Session) == []


def test_an_export_into_a_file_where_a_folder_is_needed_fails_with_a_line(tmp_path):
    store, _ = _seeded(tmp_path / "data")
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    outcome = carry_out(store, "md", str(blocker / "sub"), NOW)
    assert not outcome.ok and outcome.title == "Export failed" and outcome.message


def test_an_edited_export_is_kept_and_the_new_one_goes_beside_it(tmp_path):
    store, session = _seeded(tmp_path / "data")
    target = tmp_path / "one.md"
    assert carry_out(store, "session", str(target), NOW, session.id).ok
    target.write_text(target.read_text() + "\nmy own line\n")
    outcome = carry_out(store, "session", str(target), NOW, session.id)
    assert outcome.ok and len(outcome.kept) == 1
    changed, beside = outcome.kept[0]
    assert changed == target and "my own line" in target.read_text()
    assert "my own line" not in beside.read_text() and beside.parent == tmp_path
    assert outcome.kept_lines() == [export.kept_line(changed, beside)]

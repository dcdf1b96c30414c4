"""Export and import: Markdown that stands alone, JSON that round-trips, and the CLI's contract."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentor_tui import export
from mentor_tui.models import (
    AgendaItem,
    Entry,
    Material,
    PracticeLog,
    PracticeTask,
    Question,
    ReviewCard,
    Session,
)
from mentor_tui.store import Store

from .conftest import cli_env, run_cli

FIXED = datetime(2026, 11, 25, 9, 0, tzinfo=timezone.utc)


def seed(store: Store) -> Session:
    q = Question(text="Why does my loop stop early?", status="answered", answer="range() is half-open.",
                 tags=["python"])
    s = Session(mentor="Ana", topic="Loops / ../../etc/passwd", status="ended", started_at=FIXED,
                ended_at=FIXED + timedelta(minutes=45), tags=["python"],
                agenda=[AgendaItem(question_id=q.id, state="answered")],
                notes="# Ranges\n\n```python\n# not a heading\n```\n",
                entries=[Entry(kind="mistake", text="used <= in the loop", lesson="check the bounds"),
                         Entry(kind="snippet", text="print(```)"),
                         Entry(kind="link", text="https://docs.python.org/3/library/stdtypes.html")],
                takeaways=["ranges leave out their end"])
    q = q.model_copy(update={"session_id": s.id})
    t = PracticeTask(title="Count 1..10 with range", kind="warmup", session_id=s.id, due_at=FIXED)
    store.put_many([q, s, t, PracticeLog(task_id=t.id, minutes=10), ReviewCard(text="ranges", session_id=s.id),
                    Material(title="kata repo", location="~/code/kata")])
    return s


# -- Markdown ------------------------------------------------------------------------------------


def test_session_markdown_reads_on_its_own(store):
    s = seed(store)
    md = export.session_markdown(export.load_bundle(store, s.id[:12]))
    head, body = md.split("---\n", 2)[1:]
    assert 'mentor: "Ana"' in head and 'topic: "Loops / ../../etc/passwd"' in head
    assert 'tags: ["python"]' in head and "date: 2026-11-25" in head and export.MD_MARK in head
    assert "## Agenda" in body and "**Why does my loop stop early?** — answered" in body
    assert "> range() is half-open." in body
    assert "### Ranges" in body and "# not a heading" in body  # learner's headings sit below ours
    assert "Mistake** used <= in the loop" in body and "lesson: check the bounds" in body
    assert "````" in body  # a snippet holding ``` gets a longer fence
    assert "- [ ] warm-up: Count 1..10 with range" in body


def test_all_writes_one_file_per_session_and_an_index_inside_the_folder(store, tmp_path):
    s = seed(store)
    out = tmp_path / "vault"
    written = export.write_all(export.load_all_bundles(store), out)
    assert {p.parent for p in written} == {out}
    name = export.session_filename(s)
    assert name.startswith("2026-11-25-loops-etc-passwd-with-ana-") and "/" not in name
    assert f"]({name})" in (out / "index.md").read_text()
    # Again: our own files are replaced in place; a stranger's file is never overwritten.
    export.write_all(export.load_all_bundles(store), out)
    (out / "index.md").write_text("my own index\n")
    with pytest.raises(export.ExportError, match="not written by mentor-tui"):
        export.write_all(export.load_all_bundles(store), out)
    assert (out / "index.md").read_text() == "my own index\n"


@given(st.text(max_size=80))
def test_slugs_are_never_paths(title):
    slug = export.slugify(title)
    assert slug and "/" not in slug and "\\" not in slug and not slug.startswith(".")
    assert set(slug) <= set("abcdefghijklmnopqrstuvwxyz0123456789-")


# -- JSON round trip -----------------------------------------------------------------------------


def test_export_import_export_round_trips(store, tmp_path):
    seed(store)
    first = export.export_data(store, now=FIXED)
    path = export.write_json(first, tmp_path / "all.json")
    other = Store(tmp_path / "empty").open()
    result = export.import_file(other, path)
    assert result.added == 6 and result.replaced == 0
    assert export.export_data(other, now=FIXED) == first
    assert export.import_file(other, path).summary().endswith("0 new, 0 replaced, 6 already up to date")
    assert export.export_data(other, now=FIXED) == first


def test_import_replaces_by_id_and_never_duplicates(store, tmp_path):
    s = seed(store)
    path = export.write_json(export.export_data(store, now=FIXED), tmp_path / "all.json")
    store.update(Session, s.id, lambda x: x.model_copy(update={"notes": "changed since"}))
    result = export.import_file(store, path)
    assert (result.added, result.replaced) == (0, 1)
    assert len(store.all(Session)) == 1 and store.get(Session, s.id).notes.startswith("# Ranges")


def test_one_session_json_carries_what_links_to_it(store):
    s = seed(store)
    data = export.export_data(store, session_id=s.id[:8], now=FIXED)["collections"]
    assert [len(data[k]) for k in ("sessions", "questions", "tasks", "logs", "cards", "materials")] == [
        1, 1, 1, 1, 1, 0]


def test_import_rejects_other_files_and_writes_nothing(store, tmp_path, data_dir):
    seed(store)
    data_file = next((data_dir / "sessions").iterdir())
    bad_record = tmp_path / "bad.json"
    doc = export.export_data(store, now=FIXED)
    doc["collections"]["questions"].append({"id": "nope", "text": ""})
    bad_record.write_text(json.dumps(doc))
    newer = tmp_path / "newer.json"
    newer.write_text(json.dumps({**doc, "schema_version": 99}))
    cases = [
        (data_file, "not a mentor-tui export"),
        (tmp_path, "is a folder"),
        (tmp_path / "missing.json", "cannot read"),
        (bad_record, r"questions\[1\] \(id nope\): id:"),
        (newer, "newer mentor-tui"),
    ]
    target = Store(tmp_path / "target").open()
    for path, needle in cases:
        with pytest.raises(export.ExportError, match=needle):
            export.import_file(target, path)
    assert target.all(Question) == [] and target.all(Session) == []


# -- hypothesis: generated data round-trips --------------------------------------------------------

texts = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=40)
lines = texts.filter(lambda t: t.strip()).map(lambda t: t.replace("\n", " ").replace("\r", " "))
tags = st.lists(st.from_regex(r"[a-z0-9_-]{1,12}", fullmatch=True), max_size=3, unique=True)
moments = st.datetimes(min_value=datetime(2021, 1, 1), max_value=datetime(2031, 1, 1),
                       timezones=st.just(timezone.utc))


@st.composite
def datasets(draw):
    questions = [Question(text=draw(lines), answer=draw(texts), tags=draw(tags), created_at=draw(moments))
                 for _ in range(draw(st.integers(0, 4)))]
    sessions = []
    for _ in range(draw(st.integers(0, 3))):
        agenda = [AgendaItem(question_id=q.id, state=draw(st.sampled_from(["pending", "answered"])))
                  for q in questions if draw(st.booleans())]
        entries = [Entry(kind=draw(st.sampled_from(["note", "insight", "mistake", "snippet", "link"])),
                         text=draw(texts), at=draw(moments)) for _ in range(draw(st.integers(0, 3)))]
        sessions.append(Session(mentor=draw(lines.filter(lambda t: len(t) <= 120)), topic=draw(texts.map(
            lambda t: t.replace("\n", " ").replace("\r", " "))), notes=draw(texts), agenda=agenda,
            entries=entries, tags=draw(tags), started_at=draw(st.none() | moments)))
    tasks = [PracticeTask(title=draw(lines), session_id=draw(st.sampled_from([None, *[s.id for s in sessions]])))
             for _ in range(draw(st.integers(0, 3)))]
    materials = [Material(title=draw(lines), notes=draw(texts)) for _ in range(draw(st.integers(0, 2)))]
    return [*questions, *sessions, *tasks, *materials]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(datasets())
def test_generated_data_round_trips_and_renders(records):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        source = Store(root / "a").open()
        if records:
            source.put_many(records, stamp=False)
        first = export.export_data(source, now=FIXED)
        path = export.write_json(first, root / "x.json")
        target = Store(root / "b").open()
        assert export.import_file(target, path).added == len(records)
        assert export.export_data(target, now=FIXED) == first
        assert export.import_file(target, path).added == 0
        written = export.write_all(export.load_all_bundles(target), root / "md")
        assert {p.parent for p in written} == {root / "md"}
        # Empty planned placeholders are left out of an export (export.holds_nothing).
        assert len(written) == sum(isinstance(r, Session) and not export.holds_nothing(r) for r in records) + 1


# -- the CLI ---------------------------------------------------------------------------------------


def test_cli_export_import_round_trip(data_dir, tmp_path):
    store = Store(data_dir).open()
    s = seed(store)
    out = run_cli("export", "--all", "--format", "json", "--out", str(tmp_path / "all.json"))
    assert out.returncode == 0, out.stderr
    fresh = tmp_path / "fresh"
    imp = run_cli("import", str(tmp_path / "all.json"), data=fresh)
    assert imp.returncode == 0 and "6 new" in imp.stdout
    again = run_cli("import", str(tmp_path / "all.json"), data=fresh)
    assert again.returncode == 0 and "0 new" in again.stdout
    a = json.loads(run_cli("export", "--all", "--format", "json").stdout)
    b = json.loads(run_cli("export", "--all", "--format", "json", data=fresh).stdout)
    a.pop("exported_at"), b.pop("exported_at")
    assert a == b
    md = run_cli("export", "--session", s.id[:10])
    assert md.returncode == 0 and md.stdout.startswith("---\n") and "# Loops" in md.stdout
    folder = run_cli("export", "--all", "--out", str(tmp_path / "vault"))
    assert folder.returncode == 0 and (tmp_path / "vault" / "index.md").exists()


def test_cli_errors_are_one_line(data_dir, tmp_path):
    seed(Store(data_dir).open())
    md = tmp_path / "notes.md"
    md.write_text("# my notes\n")
    binary = tmp_path / "blob.json"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    cases = [
        (["export", "--session", "zzzz"], "no session with id 'zzzz'"),
        (["import", str(md)], "not a mentor-tui export"),
        (["import", str(binary)], "not a mentor-tui export"),
        (["import", str(tmp_path / "missing.json")], "cannot read"),
        (["import", str(tmp_path)], "is a folder"),
        (["export", "--session", "0", "--out", str(md)], "not written by mentor-tui"),
    ]
    for args, needle in cases:
        out = run_cli(*args)
        assert out.returncode != 0, args
        assert out.stderr.count("\n") == 1 and needle in out.stderr, (args, out.stderr)
        assert "Traceback" not in out.stderr
    assert md.read_text() == "# my notes\n"
    usage = run_cli("export")
    assert usage.returncode == 64  # EX_USAGE, not check's "not ready"


def test_export_and_import_do_not_import_textual(tmp_path):
    code = (
        "import sys; from mentor_tui.cli import main; "
        f"main(['export', '--all', '--format', 'json', '--out', {str(tmp_path / 'x.json')!r}]); "
        f"main(['import', {str(tmp_path / 'x.json')!r}]); "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')]; "
        "sys.exit(1 if bad else 0)"
    )
    proc = subprocess.run([sys.executable, "-c", code], env=cli_env(), capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr + proc.stdout


# -- kept where people look (issue 13) -------------------------------------------------------------


def parse_markdown(md: str):
    """(front matter as YAML, markdown-it tokens of the body): what a notes vault would read."""
    import yaml
    from markdown_it import MarkdownIt

    assert md.startswith("---\n")
    head, body = md[4:].split("\n---\n", 1)
    return yaml.safe_load(head), MarkdownIt("commonmark").parse(body)


def links(tokens) -> list[tuple[str, str]]:
    """(text, href) of every link in the tokens."""
    out = []
    for tok in tokens:
        children = tok.children or []
        for i, child in enumerate(children):
            if child.type == "link_open":
                out.append((children[i + 1].content, child.attrs["href"]))
    return out


def test_markdown_is_commonmark_with_yaml_front_matter_rating_and_real_links(store):
    s = seed(store)
    store.update(Session, s.id, lambda x: x.model_copy(update={
        "rating": 4,
        "entries": [*x.entries, Entry(kind="link", text="https://git-scm.com/book/en/v2", label="Pro Git [book]")],
        "takeaways": [*x.takeaways, "# not a heading, a takeaway", "1. not a list either"]}))
    md = export.session_markdown(export.load_bundle(store, s.id))
    meta, tokens = parse_markdown(md)
    assert meta["rating"] == 4 and meta["mentor"] == "Ana" and meta["topic"] == "Loops / ../../etc/passwd"
    assert meta["tags"] == ["python"] and meta["status"] == "ended" and meta["session_id"] == s.id
    assert ("Pro Git [book]", "https://git-scm.com/book/en/v2") in links(tokens)
    assert ("https://docs.python.org/3/library/stdtypes.html",
            "https://docs.python.org/3/library/stdtypes.html") in links(tokens)
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert "Takeaways" in headings and not any("not a heading" in h for h in headings)
    items = ["".join(c.content for c in t.children if c.type == "text") for t in tokens if t.type == "inline"]
    assert "# not a heading, a takeaway" in items and "1. not a list either" in items
    assert "rated 4/5" in md


def test_a_link_stored_by_version_1_exports_as_a_markdown_link(store):
    """Old records held "label — url" in one string and exported as <label — url> (not a link)."""
    from mentor_tui.store.files import APP_MARK

    s = Session(status="ended", started_at=FIXED, entries=[Entry(kind="link", text="x")])
    doc = s.model_dump(mode="json")
    doc["entries"] = [{k: v for k, v in doc["entries"][0].items() if k != "label"}
                      | {"text": "Pro Git — https://git-scm.com/book"}]
    path = store.path_for(Session, s.id)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"_meta": {"1": {"app": APP_MARK, "kind": "sessions", "schema": 1}},
                                "sessions": {s.id: doc}}))
    _meta, tokens = parse_markdown(export.session_markdown(export.load_bundle(store, s.id)))
    assert links(tokens) == [("Pro Git", "https://git-scm.com/book")]


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=60), st.text(max_size=60), st.lists(st.text(max_size=40), max_size=3),
       st.sampled_from([None, 1, 5]))
def test_front_matter_is_valid_yaml_for_any_names(store, mentor, topic, takeaways, rating):
    s = Session(status="ended", started_at=FIXED, mentor=mentor, topic=topic, rating=rating,
                takeaways=[t for t in takeaways if t.strip()])
    meta, _tokens = parse_markdown(export.session_markdown(export.SessionBundle(s)))
    assert meta["mentor"] == s.mentor and meta["topic"] == s.topic and meta.get("rating") == rating


def test_json_export_keeps_the_rating(store):
    s = seed(store)
    store.update(Session, s.id, lambda x: x.model_copy(update={"rating": 5}))
    data = export.export_data(store)
    assert [x["rating"] for x in data["collections"]["sessions"]] == [5]


def test_empty_planned_sessions_stay_out_of_history_and_export_all(store, tmp_path):
    seed(store)
    store.add(Session(status="planned", topic="placeholder"))
    q = store.add(Question(text="ask about generators", status="for_mentor"))
    planned = store.add(Session(status="planned", topic="next", agenda=[AgendaItem(question_id=q.id)]))
    bundles = export.load_all_bundles(store)
    assert sorted(b.session.topic for b in bundles) == ["Loops / ../../etc/passwd", "next"]
    written = export.write_all(bundles, tmp_path / "out")
    assert len(written) == 3 and "placeholder" not in (tmp_path / "out" / "index.md").read_text()
    md = export.session_markdown(export.load_bundle(store, planned.id))
    assert "**ask about generators** — planned" in md and "not reached" not in md

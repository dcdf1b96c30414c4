"""Re-exporting never overwrites what the learner changed: an edited export stays as it is and the
new one is written beside it (``name.1.md``); an untouched export of ours is replaced in place."""

from __future__ import annotations

import os

from textual.widgets import Input

from mentor_tui import export
from mentor_tui.dialogs.modals import TextPrompt
from mentor_tui.store import Store

from .conftest import run_cli, wait_until
from .test_export import FIXED, seed

PARAGRAPH = "\nMy own paragraph, written after the call.\n"


def session_files(folder):
    return sorted(p.name for p in folder.iterdir() if p.name != "index.md")


def test_an_edited_export_is_kept_and_the_new_one_goes_beside_it(store, tmp_path):
    seed(store)
    out = tmp_path / "vault"
    export.write_all(export.load_all_bundles(store), out, FIXED)
    (name,) = session_files(out)
    mine = out / name
    mine.write_text(mine.read_text() + PARAGRAPH)
    edited = mine.read_bytes()

    kept: list = []
    written = export.write_all(export.load_all_bundles(store), out, FIXED, kept)
    assert mine.read_bytes() == edited  # the paragraph is still there
    beside = out / name.replace(".md", ".1.md")
    assert kept == [(mine, beside)] and beside in written and beside.exists()
    assert f"]({beside.name})" in (out / "index.md").read_text()  # the index links the fresh one

    # Once more: the untouched .1.md is ours and is replaced in place; no .2.md appears.
    kept.clear()
    export.write_all(export.load_all_bundles(store), out, FIXED, kept)
    assert session_files(out) == sorted([name, beside.name])
    assert mine.read_bytes() == edited and kept == [(mine, beside)]


def test_an_untouched_export_is_replaced_in_place(store, tmp_path):
    seed(store)
    out = tmp_path / "vault"
    export.write_all(export.load_all_bundles(store), out, FIXED)
    kept: list = []
    export.write_all(export.load_all_bundles(store), out, FIXED, kept)
    assert kept == [] and len(session_files(out)) == 1


def test_an_export_from_before_hashes_counts_as_changed(store, tmp_path):
    """A file with our marker but no hash may hold edits: it is kept, never replaced."""
    s = seed(store)
    out = tmp_path / "one.md"
    legacy = export.session_markdown(export.load_bundle(store, s.id)) + PARAGRAPH
    out.write_text(legacy)
    assert export.write_session(export.load_bundle(store, s.id), out) == tmp_path / "one.1.md"
    assert out.read_text() == legacy


def test_an_edited_json_export_is_kept_too(store, tmp_path):
    seed(store)
    path = export.write_json(export.export_data(store, now=FIXED), tmp_path / "all.json")
    text = path.read_text().replace('"kata repo"', '"kata repo (my rename)"')
    path.write_text(text)
    again = export.write_json(export.export_data(store, now=FIXED), tmp_path / "all.json")
    assert again == tmp_path / "all.1.json" and path.read_text() == text
    assert export.read_export(again)  # the stamped file still imports


def test_hash_notices_any_change_and_survives_none():
    text = export.session_markdown.__doc__ or ""
    doc = f"---\ntitle: \"x\"\n{export.MD_MARK}\n---\n\n# x\n{text}\n"
    stamped = export.stamp(doc, export.MD_MARK).encode()
    assert export.unchanged_since_export(stamped)
    assert not export.unchanged_since_export(stamped.replace(b"# x", b"# y"))
    assert not export.unchanged_since_export(stamped + b"\n")
    assert not export.unchanged_since_export(doc.encode())


def test_cli_export_twice_with_an_edit_keeps_the_paragraph(data_dir, tmp_path):
    seed(Store(data_dir).open())
    out = tmp_path / "vault"
    first = run_cli("export", "--all", "--out", str(out))
    assert first.returncode == 0, first.stderr
    (name,) = session_files(out)
    with open(out / name, "a") as fh:
        fh.write(PARAGRAPH)
    second = run_cli("export", "--all", "--out", str(out))
    assert second.returncode == 0
    assert (out / name).read_text().endswith(PARAGRAPH)
    lines = second.stderr.strip().splitlines()
    assert len(lines) == 1 and str(out / name) in lines[0] and name.replace(".md", ".1.md") in lines[0]
    assert (out / name.replace(".md", ".1.md")).exists()


def test_a_killed_exports_temp_file_is_cleaned_and_a_live_ones_is_not(store, tmp_path):
    seed(store)
    out = tmp_path / "vault"
    out.mkdir()
    dead = out / f".index.md{'.tmp-'}999999999-abcd1234"  # no such process
    live = out / f".index.md{'.tmp-'}{os.getppid()}-abcd1234"
    theirs = out / ".notes.tmp-1"  # not one of ours
    for p in (dead, live, theirs):
        p.write_text("half")
    export.write_all(export.load_all_bundles(store), out, FIXED)
    assert not dead.exists() and live.exists() and theirs.exists()
    assert all(p.stat().st_mode & 0o777 == 0o600 for p in out.glob("*.md"))


def test_a_fifo_where_the_export_goes_is_refused_without_hanging(store, tmp_path):
    s = seed(store)
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    done = run_cli("export", "--session", s.id, "--out", str(fifo), data=store.root, timeout=20)
    assert done.returncode == 1 and done.stderr.count("\n") == 1
    assert "not a regular file" in done.stderr


async def test_in_app_export_keeps_an_edited_file_and_says_so(make_app, store, tmp_path):
    seed(store)
    out = tmp_path / "vault"
    export.write_all(export.load_all_bundles(store), out, FIXED)
    (name,) = session_files(out)
    with open(out / name, "a") as fh:
        fh.write(PARAGRAPH)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f6", "a")
        assert isinstance(app.screen, TextPrompt)
        app.screen.query_one("#prompt-input", Input).value = str(out)
        await pilot.press("enter")
        beside = out / name.replace(".md", ".1.md")
        assert await wait_until(pilot, beside.exists)
        assert (out / name).read_text().endswith(PARAGRAPH)
        assert await wait_until(pilot, lambda: any(
            "changed since it was exported" in str(n.message) for n in app._notifications))

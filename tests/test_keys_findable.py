"""Every key findable: F1 lists the focused pane's keys, the palette offers every key of every mode
(and running one goes there), the footer shows only whole labels, and the README agrees."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.command import CommandPalette

from mentor_tui.commands import commands_for, every_binding
from mentor_tui.models import Question, Session
from mentor_tui.screens.before import BeforeScreen
from mentor_tui.dialogs.help import HelpScreen
from mentor_tui.widgets.footer import KeysFooter

from .conftest import wait_until

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
MODE_KEYS = {"before": "f2", "during": "f3", "after": "f4", "equipment": "f5"}


async def _before(pilot, app):
    assert await wait_until(pilot, lambda: isinstance(app.screen, BeforeScreen))
    await pilot.pause()


def _help_text(app) -> str:
    return app.screen.query_one("#help-text").source


async def test_f1_lists_the_focused_panes_keys_first(make_app, store):
    store.add(Question(text="why?"))
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _before(pilot, app)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        text = _help_text(app)
        inbox = text.index("## Inbox (tab 1)")
        assert inbox < text.index("## Before (this screen)") < text.index("## Everywhere")
        for key, does in [("c", "Stuck check"), ("m", "For mentor"), ("t", "Status"), ("/", "Filter"),
                          ("s", "Sort"), ("d / del", "Delete")]:
            assert f"| **{key}** | {does} |" in text
        assert "| **f5** | Equipment |" in text
        await pilot.press("escape")
        # On the agenda tab the agenda's keys are listed instead, aliases together.
        await pilot.press("2")
        await pilot.press("f1")
        text = _help_text(app)
        assert "## Agenda (tab 2)" in text and "## Inbox (tab 1)" not in text
        assert "| **shift+↑ / K** | Move up |" in text and "| **c** | Copy |" in text


async def test_palette_offers_every_key_of_every_mode(make_app, store):
    """Visit each mode, walk every widget of ours that binds keys: each described key is in the
    palette with its key shown."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _before(pilot, app)
        offered = {(title.split(": ", 1)[-1], help_text) for title, help_text, _ in commands_for(app, app.screen)}
        missing = []
        for mode, key in MODE_KEYS.items():
            await pilot.press(key)
            assert await wait_until(pilot, lambda: app.current_mode == mode)
            nodes = [app.screen, *app.screen.walk_children(with_self=False)]
            for node in nodes:
                if not type(node).__module__.startswith("mentor_tui"):
                    continue
                for binding in type(node).__dict__.get("BINDINGS", []):
                    if not binding.description:
                        continue
                    first = binding.key.split(",")[0]
                    shown = app.get_key_display(type(binding)(first, binding.action))
                    if not any(d == binding.description and shown in h for d, h in offered):
                        missing.append((mode, type(node).__name__, binding.description, shown))
        assert not missing


@pytest.mark.parametrize("query, mode", [("timer", "after"), ("copy", "before")])
async def test_palette_runs_a_key_of_another_mode_there(make_app, store, query, mode):
    store.add(Session(agenda=[]))
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _before(pilot, app)
        if mode == "before":
            await pilot.press("f3")
            assert await wait_until(pilot, lambda: app.current_mode == "during")
        await pilot.press("ctrl+p")
        assert await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*query)
        await pilot.pause(0.5)
        await pilot.press("enter")
        assert await wait_until(pilot, lambda: app.current_mode == mode)
        if query == "copy":  # the agenda is empty: the pane itself answered, on its own tab
            assert await wait_until(pilot, lambda: any("Nothing on the agenda" in n.message
                                                       for n in app._notifications))
            assert app.screen.query_one("#before-tabs").active == "tab-agenda"


async def test_palette_finds_export_and_timer(make_app, store):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _before(pilot, app)
        titles = [t.lower() for t, _h, _c in commands_for(app, app.screen)]
        assert any("export" in t for t in titles) and any("timer" in t for t in titles)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_footer_shows_only_whole_labels(make_app, store, size):
    store.add(Question(text="q"))
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await _before(pilot, app)
        for key in ["f2", "f3", "f4", "f5"]:
            await pilot.press(key)
            await pilot.pause(0.3)
            footer = app.screen.query_one(KeysFooter)
            spans = footer.spans
            assert spans, key
            palette = [(k, start, end) for k, start, end in spans if k.palette]
            right_edge = palette[0][1] if palette else size[0]
            line = footer.render().plain
            for k, start, end in spans:
                assert end <= size[0], (key, k, end)
                if k.palette:
                    continue
                label = f" {k.key_display} {k.description} "
                assert line[start:end] == label, (key, label, line)  # whole, where it is clicked
                assert end <= right_edge, (key, label, end, right_edge)
            assert any(k.action == "help" for k in footer.keys), key  # F1 always in sight
        # The focused pane's keys come first.
        await pilot.press("f2")
        await pilot.pause(0.3)
        assert [k.key_display for k in app.screen.query_one(KeysFooter).keys][:3] == ["n", "e", "c"]


async def test_footer_offers_no_letter_keys_while_the_filter_has_the_keyboard(make_app, store):
    store.add(Question(text="q"))
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _before(pilot, app)

        def shown() -> list[str]:
            return [k.key_display for k in app.screen.query_one(KeysFooter).keys]

        assert await wait_until(pilot, lambda: "n" in shown() and "/" in shown())
        await pilot.press("slash")  # the filter box: n and / would be typed into it
        assert await wait_until(pilot, lambda: "n" not in shown()), shown()
        assert "/" not in shown() and "e" not in shown()
        assert "f1" in shown()  # the way to every key stays
        await pilot.press("n")
        assert app.screen.query_one("#inbox-filter").value == "n"  # typed, as the footer now says
        await pilot.press("escape")  # back to the list: its keys come back
        assert await wait_until(pilot, lambda: shown()[:3] == ["n", "e", "c"]), shown()


def _readme_mentions(keys: str) -> bool:
    for key in keys.split(" / "):
        forms = {key, key.replace("↑", "up").replace("↓", "down"), key.upper() if key.startswith("f") else key}
        if key.startswith("^"):
            forms.add("ctrl+" + key[1:])
        if any(f"`{f}`" in README or f"**{f}**" in README or re.search(rf"\b{re.escape(f)}\b", README)
               and len(f) > 1 for f in forms):
            return True
    return False


def test_readme_and_footer_agree_on_every_key(make_app, store):
    app = make_app()
    unmentioned = [(b.place, b.description, b.keys) for b in every_binding(app)
                   if b.shown and not _readme_mentions(b.keys)]
    assert not unmentioned
    # The agenda's reorder key: the README leads with the one the footer shows.
    assert "`shift+up` / `shift+down` reorder" in README and "shift+up/down" not in README

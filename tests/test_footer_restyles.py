"""The footer's keys mount without restyling themselves (``widgets/footer._settle_compact``).

Textual's FooterKey starts compact and is bound to the footer's value only once mounted, so each
key added the ``-compact`` class and removed it again: two restyles against the whole app
stylesheet per key, about 25 ms of the first frame for ten keys. What the footer shows is checked
by the snapshots; this checks that it gets there without the round trip.
"""

from __future__ import annotations

from textual._context import active_message_pump
from textual.widgets._footer import FooterKey

from mentor_tui.widgets.footer import KeysFooter


async def test_a_footer_recompose_restyles_no_key(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.3)
        footer = app.screen.query_one(KeysFooter)
        assert len(footer.query(FooterKey)) >= 5
        restyled: list[object] = []
        real = app.update_styles

        def counting(node, animate=True):
            if isinstance(node, FooterKey):
                restyled.append(node)
            return real(node, animate=animate)

        app.update_styles = counting
        token = active_message_pump.set(footer)
        try:
            await footer.recompose()
            await pilot.pause(0.1)
        finally:
            active_message_pump.reset(token)
            app.update_styles = real
        keys = footer.query(FooterKey)
        assert len(keys) >= 5
        assert restyled == []
        palette = [k for k in keys if "-command-palette" in k.classes]
        assert all("-compact" in k.classes for k in palette)  # as Textual draws it
        assert not any("-compact" in k.classes for k in keys if k not in palette)

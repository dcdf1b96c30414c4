"""The first frame is rendered once (``screens/hooks.PaintsAfterBatch``), footer keys included.
Textual holds a batch over its start-up; the screen was rendered inside it, the frame dropped,
and rendered again once the batch ended."""

from __future__ import annotations

from textual._compositor import Compositor

from mentor_tui.screens.before import BeforeScreen
from mentor_tui.widgets.footer import KeysFooter

from .conftest import wait_until


async def test_no_frame_is_rendered_to_be_dropped_before_the_first_one_is_out(make_app, monkeypatch):
    app = make_app()
    renders: list[tuple[int, bool]] = []  # (open batches, first frame out) at each render
    footer_keys: list[int] = []  # keys in the footer when the first frame was rendered
    real = Compositor.render_update

    def recording(self, *args, **kwargs):
        update = real(self, *args, **kwargs)
        if update is not None:
            renders.append((app._batch_count, app.first_frame_out))
            if not app.first_frame_out and not app._batch_count:
                footer_keys.append(len(app.screen.query_one(KeysFooter).keys))
        return update

    monkeypatch.setattr(Compositor, "render_update", recording)
    async with app.run_test(size=(120, 40)) as pilot:
        assert await wait_until(pilot, lambda: isinstance(app.screen, BeforeScreen)
                                and app.first_frame_out)
        before_out = [batches for batches, out in renders if not out]
        assert before_out, "the first frame was rendered"
        assert all(batches == 0 for batches in before_out), renders
        assert footer_keys and footer_keys[0] >= 5  # the footer's keys are in that frame
        await pilot.pause(0.2)
        shown = "\n".join(line.text for line in app.screen._compositor.render_strips())
        assert " questions · " in shown  # and the screen is whole

"""A mode screen renders nothing while a batch is open, and paints what changed once it ends
(``screens/hooks.PaintsAfterBatch``). Textual rendered such a frame and then dropped it: at
start-up that was the whole first frame, rendered twice."""

from __future__ import annotations

from textual._compositor import Compositor
from textual.widgets import Static

from mentor_tui.screens.before import BeforeScreen

from .conftest import wait_until


async def test_a_resize_in_a_batch_renders_no_frame_and_the_change_is_painted_after(make_app, monkeypatch):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.5)
        assert isinstance(app.screen, BeforeScreen)
        rendered: list[object] = []
        real = Compositor.render_update

        def counting(self, *args, **kwargs):
            update = real(self, *args, **kwargs)
            if update is not None:
                rendered.append(update)
            return update

        monkeypatch.setattr(Compositor, "render_update", counting)
        stats = app.screen.query_one("#inbox-stats", Static)
        app._begin_batch()
        try:
            stats.update("changed while batched")
            await pilot.resize_terminal(100, 30)  # lays the screen out at once, batch or not
            await pilot.pause(0.3)
            assert rendered == []
        finally:
            app._end_batch()
        assert await wait_until(pilot, lambda: bool(rendered))
        assert "changed while batched" in "\n".join(
            line.text for line in app.screen._compositor.render_strips()
        )

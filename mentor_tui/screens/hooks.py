"""What the app may ask of a screen, named once.

The app and its palette talk to whichever screen is shown; a screen offers a hook by defining
the method (these Protocols are checked with ``isinstance``, which looks only at the method's
name), so a screen that holds no typing simply has no ``flush``. Naming them here means a
misspelt hook is a type error, not a silent no-op.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, runtime_checkable

PaletteCommand = tuple[str, str, Callable[[], object]]  # title, help, what it does


class KeepsStylesOnResume:
    """Mixed into a mode screen (before ``Screen``): no full restyle each time it is shown.

    Textual 8.2.8 (pinned) restyles every widget of a screen on each ``ScreenResume``, and a
    mode's first visit gets two of them (``App._init_mode`` and ``App.switch_mode`` each post
    one): 50-60 ms per switch on the Before screen at five years, the largest single cost of
    coming back to it. Nothing these screens' styles depend on changes while they are hidden
    except the theme, and a theme change is caught by ``App.switch_mode`` itself (it refreshes
    all CSS when the screen's CSS count is behind the app's); a resize restyles through
    ``on_resize`` and focus changes restyle the widgets concerned. Textual dispatches
    ``_on_screen_resume`` down the class hierarchy, so this runs before ``Screen``'s own.
    """

    def _on_screen_resume(self, event) -> None:
        event.refresh_styles = False


class PaintsAfterBatch:
    """Mixed into the first screen (before ``Screen``): its first frame is rendered once.

    While a batch is open, Textual 8.2.8 (pinned) still renders the screen a moment later and
    ``App._display`` then drops the frame. Textual holds a batch over its whole start-up, so the
    first frame was rendered (about 20 ms), dropped, and rendered again once the batch ended.
    Until the app's first frame is out (``MentorApp.first_frame_out``), the render waits here:
    the screen is marked for a repaint, and the end of the batch asks the current screen to
    paint (``MentorApp._end_batch``). Paired launches, empty store: first screen 1.45x -> 1.23x
    the bare app's. Later frames go Textual's way: deferring them too made return visits to
    a mode at five years 40-60 ms slower (a full repaint instead of the pending one).
    """

    def _compositor_refresh(self) -> None:
        app = self.app
        if app._batch_count and not getattr(app, "first_frame_out", True) and self is app.screen:
            self._repaint_required = True
            return
        super()._compositor_refresh()


@runtime_checkable
class HoldsTyping(Protocol):
    """Has typing not yet on disk: saved on a mode switch, and synchronously on quit (*final*)."""

    def flush(self, final: bool = False) -> None: ...


@runtime_checkable
class OffersCommands(Protocol):
    """Adds its own entries to the command palette while it is shown."""

    def palette_commands(self) -> list[PaletteCommand]: ...


@runtime_checkable
class TakesQuestions(Protocol):
    """Takes a new question itself (a follow-up during a call); False lets the app's dialog open."""

    def capture_question(self, text: str = "") -> bool: ...


@runtime_checkable
class PlansFromSession(Protocol):
    """Turns a just-ended session's takeaways into practice (After)."""

    def plan_from_session(self, session_id: str) -> None: ...


@runtime_checkable
class ShowsQuestion(Protocol):
    """Opens on one question (a search result)."""

    def select_question(self, question_id: str) -> None: ...


@runtime_checkable
class MountsPanesLate(Protocol):
    """Mounts some panes after its first paint (Before): a pane's key run from the palette waits
    until that pane is there."""

    async def prepare_pane(self, pane: type) -> None: ...

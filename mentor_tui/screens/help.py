"""The help screen (F1): how the app is laid out, and every key of the current mode."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

OVERVIEW = """\
# mentor-tui

Four modes, one key each:

| key | mode | what it is for |
|---|---|---|
| **F2** | Before | collect questions as they come up, check whether you are truly stuck, look back over past work, plan the next call |
| **F3** | During | the live call: a clock, the agenda to work through, notes that save themselves |
| **F4** | After | practise while it is fresh: small tasks, a timer, spaced review, progress |
| **F5** | Equipment | will this machine and connection carry a video call with screen sharing? |

Anywhere: **ctrl+n** captures a question (during a call: a follow-up for this agenda or the
next), **ctrl+f** searches everything you wrote, **F6** lists past sessions (and exports them),
**ctrl+p** opens the command palette (every action is there, searchable), **F1** shows this page,
**ctrl+q** quits (what you typed is saved first).

From a shell, without opening the app: `mentor-tui ask "why does my loop stop early?"`,
`mentor-tui questions`, `mentor-tui practice`, `mentor-tui check`, `mentor-tui export --all`,
`mentor-tui import FILE`, `mentor-tui paths`. `mentor-tui --help` lists every command.
"""


class HelpScreen(ModalScreen[None]):
    """Overview plus the keys the current mode's screen binds."""

    BINDINGS = [Binding("escape,f1,q", "close", "Close")]

    def __init__(self, mode: str, bindings: list) -> None:
        super().__init__()
        self.mode = mode
        self.bindings = bindings

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog help-dialog"):
            yield Markdown(OVERVIEW + self._mode_keys())

    def _mode_keys(self) -> str:
        rows = []
        for b in self.bindings:
            key = getattr(b, "key", None) or (b[0] if isinstance(b, tuple) else "")
            desc = getattr(b, "description", None) or (b[2] if isinstance(b, tuple) and len(b) > 2 else "")
            if desc:
                rows.append(f"| **{key}** | {desc} |")
        if not rows:
            return ""
        return f"\n## Keys in {self.mode.capitalize()}\n\n| key | does |\n|---|---|\n" + "\n".join(rows) + "\n"

    def action_close(self) -> None:
        self.dismiss(None)

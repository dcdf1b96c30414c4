"""The help screen (F1): how the app is laid out, and every key of the current mode."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

OVERVIEW = """\
# How the app is laid out

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


def node_title(node, app) -> str:
    """What a group of keys is called in the help: "Everywhere", the mode, or the pane."""
    if node is app:
        return "Everywhere"
    if getattr(node, "is_modal", False) or node is getattr(node, "screen", None):
        title = getattr(node, "HELP_TITLE", "") or type(node).__name__.removesuffix("Screen")
        return f"{title} (this screen)"
    title = getattr(node, "HELP_TITLE", "")
    if title:
        return title
    name = type(node).__name__
    words = "".join(" " + c.lower() if c.isupper() else c for c in name).strip()
    return words[:1].upper() + words[1:]


def key_groups(screen) -> list[tuple[str, list[tuple[str, str]]]]:
    """The keys that work now, grouped by where they are bound: the focused pane's first, then the
    screen's, then the app's; each ``(keys, what it does)``, aliases of one action together.

    Read from the live bindings (Textual's ``active_bindings``, which also drops a key the focused
    text field would swallow), so the help can never drift from the keys.
    """
    app = screen.app
    groups: dict[object, dict[tuple[str, str], list[str]]] = {}
    for active in screen.active_bindings.values():
        binding = active.binding
        if not binding.description or binding.system:
            continue
        actions = groups.setdefault(active.node, {})
        actions.setdefault((binding.action, binding.description), []).append(app.get_key_display(binding))
    ours, builtin = [], []
    for node, actions in groups.items():
        rows = [(" / ".join(dict.fromkeys(keys)), description)
                for (_action, description), keys in actions.items()]
        mine = node is app or node is screen or type(node).__module__.startswith("mentor_tui")
        if mine:
            ours.append((node_title(node, app), rows))
        else:  # Textual's own list and text-field keys: after ours, they are the familiar ones
            builtin.append((f"Moving around ({node_title(node, app).lower()})", rows))
    return ours + builtin


class HelpScreen(ModalScreen[None]):
    """Overview plus the keys that work where F1 was pressed, grouped (see :func:`key_groups`)."""

    BINDINGS = [Binding("escape,f1,q", "close", "Close")]

    def __init__(self, mode: str, groups: list[tuple[str, list[tuple[str, str]]]]) -> None:
        super().__init__()
        self.mode = mode
        self.groups = groups

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog help-dialog"):
            yield Markdown(self.keys_markdown() + OVERVIEW, id="help-text")

    def keys_markdown(self) -> str:
        """One table per group; keys and descriptions are ours, but escape the table's pipes."""
        parts = ["# Keys here", ""]
        for title, rows in self.groups:
            parts += [f"## {title}", "", "| key | does |", "|---|---|"]
            parts += [f"| **{_cell(keys)}** | {_cell(does)} |" for keys, does in rows]
            parts.append("")
        parts += ["Other tabs and modes have their own keys: go there and press **F1**, or search "
                  "the palette (**ctrl+p**), which lists every action of every mode.", "", ""]
        return "\n".join(parts)

    def action_close(self) -> None:
        self.dismiss(None)


def _cell(text: str) -> str:
    return text.replace("|", "\\|")

"""The command palette's mentor-tui commands, in one Provider.

Commands come from the app (modes, capture, help), from the screen on show (any screen may define
``palette_commands()`` returning ``(title, help, callback)`` triples), and from every key of every
mode (:func:`every_binding`): each with its key, and running one switches to its mode first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider

from .literal import literal

from .screens.hooks import OffersCommands, PaletteCommand


def commands_for(app, screen) -> list[PaletteCommand]:
    """App-wide commands, the ones the current screen offers, then every key of every mode."""
    out: list[PaletteCommand] = list(app.palette_commands())
    if isinstance(screen, OffersCommands):
        out.extend(screen.palette_commands())
    out.extend(binding_commands(app))
    return out


@dataclass(frozen=True)
class BoundAction:
    """One key of one mode, as the palette offers it."""

    mode: str  # a mode name, "history", or "" for the app's own keys
    place: str  # "Before · Inbox", "After", "Everywhere"
    owner: type | None  # the pane class that binds it, None for the screen (or the app)
    action: str
    description: str
    keys: str  # as the footer shows them, aliases joined with " / "
    shown: bool = True  # in the footer (when it fits), not only in F1 and the palette


#: Where each palette group's keys live and what it is called; History is a screen, not a mode.
PLACES = (("before", "Before"), ("during", "During"), ("after", "After"), ("equipment", "Equipment"),
          ("history", "History"))


def _bindings(cls) -> list[Binding]:
    out = []
    for item in cls.__dict__.get("BINDINGS", []):
        out.append(item if isinstance(item, Binding) else Binding(*item))
    return out


def _keys(app, binding: Binding) -> str:
    keys = [k.strip() for k in binding.key.split(",")]
    return " / ".join(app.get_key_display(Binding(k, binding.action, binding.description)) for k in keys)


def every_binding(app) -> list[BoundAction]:
    """Every described key of every mode's screen and panes, then the app's: read from the classes'
    ``BINDINGS`` (each mode screen lists its panes in ``PANES``), so nothing is typed twice."""
    from .screens import screen_class
    from .screens.history import HistoryScreen

    out: list[BoundAction] = []
    for mode, label in PLACES:
        screen_cls = HistoryScreen if mode == "history" else screen_class(mode)
        owners: list[tuple[type | None, type, str]] = [(None, screen_cls, label)]
        for pane in getattr(screen_cls, "PANES", ()):
            title = getattr(pane, "HELP_TITLE", pane.__name__).split(" (")[0]
            owners.append((pane, pane, f"{label} · {title}"))
        for owner, cls, place in owners:
            for b in _bindings(cls):
                if b.description:
                    out.append(BoundAction(mode, place, owner, b.action, b.description, _keys(app, b),
                                           b.show))
    for b in _bindings(type(app)):
        if b.description:
            out.append(BoundAction("", "Everywhere", None, b.action, b.description, _keys(app, b), b.show))
    return out


def binding_commands(app) -> list[PaletteCommand]:
    """Palette entries for :func:`every_binding`: "Before · Inbox: Stuck check", help "key c"."""
    return [(f"{b.place}: {b.description}", f"key {b.keys}", partial(app.run_bound_action, b))
            for b in every_binding(app)]


class MentorCommands(Provider):
    """Modes, capture, help and the current screen's actions, fuzzy-searchable."""

    async def discover(self) -> Hits:
        for title, help_text, callback in commands_for(self.app, self.screen):
            # The palette reads a str as markup; help may name a server or path from settings.
            yield DiscoveryHit(literal(title), callback, text=title, help=literal(help_text))  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in commands_for(self.app, self.screen):
            score = matcher.match(title)
            if score > 0:
                # Titles are our own words (highlight() parses them as markup); help is shown as is.
                yield Hit(score, matcher.highlight(title), callback, text=title,
                          help=literal(help_text))  # type: ignore[arg-type]


def mode_commands(app, modes: Iterable[tuple[str, str, str]]) -> list[PaletteCommand]:
    """Palette entries that switch to each mode: (mode, title, help)."""
    return [(title, help_text, partial(app.switch_mode, mode)) for mode, title, help_text in modes]

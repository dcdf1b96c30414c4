"""The command palette's mentor-tui commands, in one Provider.

Commands come from the app (modes, capture, help) and from the screen on show: any screen may
define ``palette_commands()`` returning ``(title, help, callback)`` triples, so each feature offers
its own actions here without this module knowing about it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from .literal import literal

PaletteCommand = tuple[str, str, Callable[[], object]]


def commands_for(app, screen) -> list[PaletteCommand]:
    """App-wide commands, then the ones the current screen offers."""
    out: list[PaletteCommand] = list(app.palette_commands())
    screen_commands = getattr(screen, "palette_commands", None)
    if callable(screen_commands):
        out.extend(screen_commands())
    return out


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

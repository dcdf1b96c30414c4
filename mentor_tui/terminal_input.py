"""Terminal input that survives bytes which are not UTF-8.

Work-around for Textualize/textual#6456 (open upstream; Textual 8.2.8 pinned here): Textual's Linux
driver decodes stdin with a *strict* incremental UTF-8 decoder, so one invalid byte (0xff from an
Alt key in an 8-bit xterm, a raw 0x85 from a Latin-1 paste) raises ``UnicodeDecodeError`` in the
input thread, the app panics and the last second of notes is lost.

The driver looks the decoder up through its module-global ``getincrementaldecoder`` when its input
thread starts. :func:`decode_input_leniently` replaces that one name with a version whose decoders
use ``errors="replace"``: an invalid byte arrives as U+FFFD and everything else is unchanged.
Remove this module once the upstream fix ships in the pinned Textual.

The same decoder also keeps a bracketed paste whole. Textual's parser (8.2.8) takes an escape
character inside a paste as the start of a key sequence: the rest of the paste came out as key
presses *before* the paste itself (a pasted ``ok \x1b[31mred`` was stored as ``^[31mredok ``),
and outside a text box those keys ran as commands ("e" edit, "d" delete). Inside a paste, each
escape character is handed on as the two characters ``^[`` (how Textual itself shows it), so the
paste arrives as one piece, in order.
"""

from __future__ import annotations

import codecs
import functools
from collections.abc import Callable


#: Bracketed paste: the terminal sends these around pasted text (Textual turns the mode on).
PASTE_START, PASTE_END = "\x1b[200~", "\x1b[201~"


class PasteGuard:
    """Stateful filter over decoded input: inside a bracketed paste, every escape character
    that does not begin the end marker becomes ``^[``. Text outside pastes is never held back
    (a lone Escape key must reach the app at once; a start marker cut in two by the reads is
    still seen, from the characters handed on before); inside one, a tail that may be the
    start of the end marker waits for the next chunk (the marker is sure to follow)."""

    def __init__(self) -> None:
        self.in_paste = False
        self._held = ""  # in a paste: a tail that may begin the end marker
        self._tail = ""  # outside: the last characters handed on, for a start marker cut in two

    def __call__(self, text: str) -> str:
        text, self._held = self._held + text, ""
        out: list[str] = []
        while text:
            if not self.in_paste:
                seen = self._tail + text
                start = seen.find(PASTE_START)
                if start < 0:
                    out.append(text)
                    self._tail = seen[-(len(PASTE_START) - 1):]
                    break
                cut = start + len(PASTE_START) - len(self._tail)  # just after the marker, in text
                out.append(text[:cut])
                text = text[cut:]
                self._tail = ""
                self.in_paste = True
                continue
            end = text.find(PASTE_END)
            if end < 0:
                body, tail = _split_marker_prefix(text)
                out.append(body.replace("\x1b", "^["))
                self._held = tail
                break
            out.append(text[:end].replace("\x1b", "^[") + PASTE_END)
            text = text[end + len(PASTE_END):]
            self.in_paste = False
        return "".join(out)


def _split_marker_prefix(text: str) -> tuple[str, str]:
    """*text* split before a tail that could be the first characters of :data:`PASTE_END`."""
    for size in range(min(len(PASTE_END) - 1, len(text)), 0, -1):
        if PASTE_END.startswith(text[-size:]):
            return text[:-size], text[-size:]
    return text, ""


def lenient_incremental_decoder(encoding: str, on_input: Callable[[], None] | None = None
                                ) -> Callable[..., codecs.IncrementalDecoder]:
    """Like :func:`codecs.getincrementaldecoder`, but its decoders replace invalid bytes and keep
    a bracketed paste whole (:class:`PasteGuard`); with *on_input*, they also call it (in the
    driver's input thread) for every chunk of input, before it is decoded."""
    base = codecs.getincrementaldecoder(encoding)

    class LenientDecoder(base):  # type: ignore[misc, valid-type]
        def __init__(self, errors: str = "replace") -> None:
            super().__init__(errors)
            self._guard = PasteGuard()

        def decode(self, data: bytes, final: bool = False) -> str:
            if data and on_input is not None:
                on_input()
            return self._guard(super().decode(data, final))

        def reset(self) -> None:
            super().reset()
            self._guard = PasteGuard()

    return functools.partial(LenientDecoder, errors="replace")


def decode_input_leniently(on_input: Callable[[], None] | None = None) -> bool:
    """Make Textual's Linux driver replace invalid input bytes instead of dying; call before
    ``App.run()``. *on_input* is called from the input thread as each chunk of input arrives
    (the app lets its background readers sleep, so the key is answered sooner). Returns False
    where there is nothing to patch (another platform, or a Textual that no longer looks the
    decoder up this way)."""
    try:
        from textual.drivers import linux_driver
    except ImportError:  # not a POSIX terminal (Windows): a different driver
        return False
    if not hasattr(linux_driver, "getincrementaldecoder"):
        return False
    linux_driver.getincrementaldecoder = functools.partial(lenient_incremental_decoder, on_input=on_input)
    return True

"""Terminal input that survives bytes which are not UTF-8.

Work-around for Textualize/textual#6456 (open upstream; Textual 8.2.8 pinned here): Textual's Linux
driver decodes stdin with a *strict* incremental UTF-8 decoder, so one invalid byte (0xff from an
Alt key in an 8-bit xterm, a raw 0x85 from a Latin-1 paste) raises ``UnicodeDecodeError`` in the
input thread, the app panics and the last second of notes is lost.

The driver looks the decoder up through its module-global ``getincrementaldecoder`` when its input
thread starts. :func:`decode_input_leniently` replaces that one name with a version whose decoders
use ``errors="replace"``: an invalid byte arrives as U+FFFD and everything else is unchanged.
Remove this module once the upstream fix ships in the pinned Textual.
"""

from __future__ import annotations

import codecs
import functools
from collections.abc import Callable


def lenient_incremental_decoder(encoding: str, on_input: Callable[[], None] | None = None
                                ) -> Callable[..., codecs.IncrementalDecoder]:
    """Like :func:`codecs.getincrementaldecoder`, but its decoders replace invalid bytes; with
    *on_input*, they also call it (in the driver's input thread) for every chunk of input, before
    it is decoded."""
    base = codecs.getincrementaldecoder(encoding)
    if on_input is None:
        return functools.partial(base, errors="replace")
    notice = on_input

    class NoticingDecoder(base):  # type: ignore[misc, valid-type]
        def decode(self, data: bytes, final: bool = False) -> str:
            if data:
                notice()
            return super().decode(data, final)

    return functools.partial(NoticingDecoder, errors="replace")


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

"""Text entering mentor-tui is cleaned, never refused, for a stray character.

Text copied from web pages and terminals often carries invisible control characters (U+0085 NEL,
DEL, ESC sequences, NUL). Refusing such text would block a save for one character the learner
cannot even see; storing it would let a stored note rewrite the terminal when printed. So every
text field runs through :func:`clean_text` before validation (see ``models.py``):

- tab and newline are kept;
- CR LF and a lone CR become a newline, and so does U+0085 (NEL, "next line");
- every other C0/C1 control character (U+0000-U+001F, U+007F-U+009F) is dropped;
- a lone surrogate (undecodable bytes from a file name or a broken paste) becomes U+FFFD.

Where a question was asked (working directory, repository, branch) is fitted, not refused:
:func:`fit_line` and :func:`fit_path` make it one line and shorten it to the field's limit.

Plain functions, no Textual: the CLI, the importer and the app all get the same rules.
"""

from __future__ import annotations

import re

#: Anything clean_text would change: C0/C1 controls except tab and newline, and lone surrogates.
#: Checked first so that clean text (nearly all of it) is returned untouched at the cost of a scan.
_NEEDS_CLEANING = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_DROPPED = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x84\x86-\x9f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_LINE_BREAKS = re.compile(r"\r\n?|\x85")

ELLIPSIS = "…"


def clean_text(value: str) -> str:
    """*value* with line breaks made ``\\n``, other control characters dropped and lone
    surrogates replaced by U+FFFD (tabs and newlines are kept)."""
    if not _NEEDS_CLEANING.search(value):
        return value
    value = _LINE_BREAKS.sub("\n", value)
    value = _DROPPED.sub("", value)
    return _SURROGATE.sub("\ufffd", value)


def one_line(value: str) -> str:
    """*value* cleaned, with each line break and tab turned into a space (for titles and names)."""
    return clean_text(value).replace("\n", " ").replace("\t", " ")


def pasted_line(value: str) -> str:
    """A paste of several lines for a one-line box: every line kept, joined by single spaces
    (line breaks at either end dropped, so a copied line with its newline pastes as that line).
    Textual's ``Input`` kept only the first line: the rest of a pasted error message vanished."""
    lines = _LINE_BREAKS.sub("\n", value).strip("\n").split("\n")
    return " ".join(line.strip() for line in lines if line.strip()) if len(lines) > 1 else lines[0]


def fit_line(value: str, limit: int) -> str:
    """One clean line of at most *limit* characters; a longer one keeps its start and ends in "…"."""
    value = one_line(value).strip()
    if len(value) <= limit:
        return value
    return value[: limit - 1].rstrip() + ELLIPSIS


def fit_path(value: str, limit: int) -> str:
    """One clean line of at most *limit* characters; a longer path keeps its end (the folders
    nearest to where the learner was), cut at a separator where one is near: ``…/last/parts``."""
    value = one_line(value).strip()
    if len(value) <= limit:
        return value
    tail = value[len(value) - (limit - 1):]
    cut = tail.find("/")
    if 0 <= cut < len(tail) - 1:
        tail = tail[cut:]
    return ELLIPSIS + tail

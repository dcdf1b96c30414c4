"""One rule for showing text that came from the learner or from disk: it is shown as typed, never
read as markup.

Textual parses a plain ``str`` given to an ``Option``, ``Static``, ``Label``, ``SelectionList`` or
``Select`` prompt, a DataTable cell or a palette hint as content markup. Learners ask about
``list[int]``, ``arr[0]``, BBCode and Markdown links, so a question holding ``[/url]`` raised
``MarkupError`` and ended the app, and ``[b]`` or ``[inbox]`` silently vanished. Every widget that
shows such text builds it here, as a :class:`~textual.content.Content`, which is never parsed:

- :func:`literal` for text that is wholly the learner's (or a path, or an exception message);
- :func:`styled` for a line mixing our own styled words with the learner's text: plain ``str``
  parts are literal, ``(text, style)`` tuples are styled, ``Content`` parts are kept;
- :func:`markup` for our own fixed words written as markup (no user text inside);
- :func:`md_text` and :func:`md_code` for the Markdown read views, where a one-line field (a
  question's title, a path) must not turn into a heading, a link or emphasis.

Toasts are plain text app-wide: :meth:`MentorApp.notify` never parses markup, since a toast so
often carries an exception message or a path.
"""

from __future__ import annotations

import re

from rich.text import Text
from textual.content import Content

__all__ = ["literal", "literal_rich", "styled", "markup", "md_text", "md_inline_code", "md_code", "one_line"]


def literal(text: str) -> Content:
    """*text* exactly as written: brackets, backslashes and all."""
    return Content(text)


def literal_rich(text: str) -> Text:
    """*text* as a Rich ``Text`` (also never parsed), for ``Select`` prompts: Textual's Select
    finds options by typing only when their prompts are ``str`` or ``Text``, not ``Content``."""
    return Text(text)


def styled(*parts: str | Content | tuple[str, str]) -> Content:
    """Join parts into one line: ``str`` parts are literal, ``(text, style)`` tuples are styled
    (the style is ours, e.g. ``"bold"``; the text may be the learner's), ``Content`` is kept."""
    return Content.assemble(*parts)


def markup(text: str) -> Content:
    """Our own fixed words written as markup (``"Press [b]a[/b] to add"``). Never pass text that
    holds anything the learner typed or a path: use :func:`styled` for that."""
    return Content.from_markup(text)


def one_line(text: str, limit: int) -> str:
    """The first line of *text*, cut to *limit* characters (for list rows)."""
    lines = text.splitlines()
    return (lines[0] if lines else "")[:limit]


# Characters that make Markdown syntax anywhere in a line. CommonMark allows a backslash before
# any ASCII punctuation, so the escaped character is shown as typed.
_MD_INLINE = re.compile(r"([\\`*_\[\]<>#~&|])")


def _md_block_start(line: str) -> str:
    """Escape what would make *line* a list item, quote or rule (``- x``, ``1. x``, ``+``, ``=``)."""
    m = re.match(r"(\s*)(\d+)([.)])", line)
    if m:
        return f"{m[1]}{m[2]}\\{m[3]}{line[m.end():]}"
    m = re.match(r"(\s*)([-+=])", line)
    if m:
        return f"{m[1]}\\{m[2]}{line[m.end():]}"
    return line


def _md_indent(line: str) -> str:
    """Leading spaces and tabs as no-break spaces: kept, but never an indented code block."""
    body = line.lstrip(" \t")
    indent = line[: len(line) - len(body)]
    return "\u00a0" * len(indent.expandtabs(4)) + body


def md_text(text: str) -> str:
    """A plain field (a question's title, a path, a tag) for a Markdown view: shown as typed, not
    as emphasis, a link, a heading, a list, code or HTML. Line breaks are kept as hard breaks."""
    lines = [_md_indent(_md_block_start(_MD_INLINE.sub(r"\\\1", line))) for line in text.splitlines()]
    return "  \n".join(lines)


def md_inline_code(text: str) -> str:
    """An inline code span that holds *text* as typed (a tag, a path), backticks included."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def md_code(text: str, language: str = "") -> str:
    """A fenced code block that holds *text* whole, even when the text itself holds backticks."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{language}\n{text}\n{fence}"

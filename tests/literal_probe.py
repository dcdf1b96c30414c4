"""Read what the app shows, as the learner sees it: the rendered plain text of options, labels,
table cells, Markdown views and toasts (after Textual has parsed, or not parsed, markup)."""

from __future__ import annotations

from textual.visual import visualize
from textual.widgets import DataTable, OptionList, SelectionList, Static
from textual.widgets._markdown import Markdown, MarkdownBlock, MarkdownFence
from textual.widgets._toast import Toast


def norm(text: str) -> str:
    """Whitespace collapsed (wrapping, tabs and Markdown line breaks are layout, not text)."""
    return " ".join(text.split())


def option_texts(option_list: OptionList) -> list[str]:
    """Each option's prompt as displayed (a str prompt is parsed as markup, as Textual does)."""
    out = []
    for option in option_list.options:
        markup = option_list._markup and not isinstance(option_list, SelectionList)
        out.append(visualize(option_list, option.prompt, markup=markup).plain)
    return out


def static_text(widget: Static) -> str:
    return widget.visual.plain


def table_texts(table: DataTable) -> list[str]:
    from textual.widgets._data_table import default_cell_formatter

    shown = [default_cell_formatter(cell) for row in range(table.row_count)
             for cell in table.get_row_at(row)]
    return [getattr(cell, "plain", str(cell)) for cell in shown]


def markdown_shown(markdown: Markdown) -> str:
    """The text a Markdown widget shows (its blocks' rendered content, code blocks whole)."""
    parts = []
    for block in markdown.query(MarkdownBlock):
        parts.append(block.code if isinstance(block, MarkdownFence) else block._content.plain)
    return "\n".join(parts)


def toast_texts(app) -> list[str]:
    return [toast.render().plain for toast in app.screen.query(Toast)]


def shown_in(needle: str, haystack: str | list[str]) -> bool:
    """True when *needle* appears literally (whitespace aside) in what is shown."""
    if isinstance(haystack, list):
        haystack = "\n".join(haystack)
    return norm(needle) in norm(haystack)

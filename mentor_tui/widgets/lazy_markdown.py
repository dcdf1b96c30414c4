"""A Markdown view whose Markdown widget (and markdown-it, pygments) loads with its first text.

Importing Textual's Markdown widget costs ~25-30 ms (markdown_it ~20, textual.highlight and
pygments ~6; ``python -X importtime``, this 2-core box), and the first screen often has nothing to
render in it (an empty inbox) or renders it a moment after the first paint (the inbox's detail
waits for typing to pause). So the widget mounts with the first non-empty text.
"""

from __future__ import annotations

from textual.widget import Widget


class LazyMarkdown(Widget):
    """Shows Markdown like Textual's ``Markdown``; nothing is imported until there is text."""

    DEFAULT_CSS = """
    LazyMarkdown {
        height: auto;
        layout: vertical;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._source = ""

    @property
    def source(self) -> str:
        """The Markdown shown (or about to be)."""
        return self._source

    def update(self, markdown: str) -> None:
        """Show *markdown* (the inner widget renders it asynchronously, as ``Markdown.update``)."""
        self._source = markdown
        inner = self.children[0] if self.children else None
        if inner is not None:
            inner.update(markdown)
        elif markdown:
            from textual.widgets import Markdown

            self.mount(Markdown(markdown))

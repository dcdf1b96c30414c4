"""A Markdown view whose Markdown widget (and markdown-it, pygments) loads with its first text.

Importing Textual's Markdown widget costs ~25-30 ms (markdown_it ~20, textual.highlight and
pygments ~6; ``python -X importtime``, this 2-core box), and the first screen often has nothing to
render in it (an empty inbox) or renders it a moment after the first paint (the inbox's detail
waits for typing to pause). So the widget mounts with the first non-empty text, and the import
itself runs in a thread: at five years the first question's detail came ~0.1 s after the first
paint, and its import on the UI thread held back a mode key pressed then (F3 right after start).
"""

from __future__ import annotations

import sys

from textual import work
from textual.widget import Widget

_MARKDOWN_MODULE = "textual.widgets._markdown"


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
        elif markdown and _MARKDOWN_MODULE in sys.modules:
            self._mount_inner()
        elif markdown:
            self._import_markdown()

    @work(thread=True, exclusive=True, group="markdown-import", exit_on_error=False)
    def _import_markdown(self) -> None:
        """Import Textual's Markdown (markdown-it, pygments) off the UI thread, then mount it.
        Not while a screen is being built: the inbox's first detail comes ~0.1 s after the first
        paint, and its import (~45 ms of CPU) fell inside During's first visit when F3 came
        then (the app's ``wait_while_held``)."""
        wait = getattr(self.app, "wait_while_held", None)
        if wait is not None:
            wait()
        from textual.widgets import Markdown  # noqa: F401

        self.app.call_from_thread(self._mount_inner)

    def _mount_inner(self) -> None:
        """Mount the Markdown widget with the latest text (once; later texts go to ``update``)."""
        if self.children or not self.is_attached or not self._source:
            return
        from textual.widgets import Markdown

        self.mount(Markdown(self._source))

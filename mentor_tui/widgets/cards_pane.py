"""After's Review tab: the due review cards one at a time (FSRS), front first, then the answer.

The pane shows and reveals; it asks the screen to rate, edit, suspend or delete a card by posting a
message (the screen opens the dialogs and runs ``review_cards`` in the store lane).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Static

from .. import takeaways as T
from ..literal import markup, styled
from ..models import ReviewCard
from ..plural import counted
from .after_pane import AfterPane

READING_CARDS = "Reading the review cards…"
HINTS = "[dim]e edits the card · s suspends it · x deletes it[/dim]"


class CardsPane(AfterPane, can_focus=True):
    """The first due card; v shows its answer, 1 to 4 rate it, e/s/x edit, suspend, delete."""

    HELP_TITLE = "Review (r)"

    BINDINGS = [
        Binding("v", "reveal", "Show answer"),
        Binding("1", "rate('again')", "Again: forgot"),
        Binding("2", "rate('hard')", "Hard: with effort"),
        Binding("3", "rate('good')", "Good: remembered"),
        Binding("4", "rate('easy')", "Easy: at once"),
        Binding("e", "edit_card", "Edit card"),
        Binding("s", "suspend_card", "Suspend"),
        Binding("x", "delete_card", "Delete card"),
    ]

    #: The answer of the shown card is visible (rating needs it; a new card hides it again).
    revealed: reactive[bool] = reactive(False, init=False)

    class CardMessage(Message):
        """Something asked about the shown card."""

        def __init__(self, card: ReviewCard) -> None:
            super().__init__()
            self.card = card

    class Rate(CardMessage):
        """Record how well the card was remembered."""

        def __init__(self, card: ReviewCard, rating: str) -> None:
            super().__init__(card)
            self.rating = rating

    class Edit(CardMessage):
        """Edit the card's front and back."""

    class Suspend(CardMessage):
        """Keep the card but stop showing it."""

    class Delete(CardMessage):
        """Delete the card (the screen asks first)."""

    def compose(self) -> ComposeResult:
        yield Static("", id="review-status")
        yield Static("", id="review-card")
        yield Static("", id="review-help")

    def due_cards(self) -> list[ReviewCard]:
        now = self.now()
        out = [c for c in self.data.cards or () if c.due_at <= now and not c.suspended]
        out.sort(key=lambda c: (c.due_at, c.id))
        return out

    def current_card(self) -> ReviewCard | None:
        due = self.due_cards()
        return due[0] if due else None

    def watch_revealed(self, _revealed: bool) -> None:
        self.redraw()

    def redraw(self) -> None:
        from ..review import RATINGS

        due = self.due_cards()
        status = self.query_one("#review-status", Static)
        card_view = self.query_one("#review-card", Static)
        help_view = self.query_one("#review-help", Static)
        cards = self.data.cards
        if cards is None:  # still being read: say so, not "nothing to review"
            status.update(READING_CARDS)
            card_view.update("")
            help_view.update("")
            return
        if not due:
            waiting = [c for c in cards if not c.suspended]
            upcoming = sorted(c.due_at for c in waiting)
            nxt = f" The next one is due {upcoming[0].astimezone():%a %d %b %H:%M}." if upcoming else ""
            suspended = len(cards) - len(waiting)
            if suspended:
                nxt += f" {suspended} suspended."
            status.update(f"Nothing to review now.{nxt}" if cards else
                          "No review cards yet: the takeaways of each ended session become cards here.")
            card_view.update("")
            help_view.update("")
            return
        card = due[0]
        session = next((s for s in self.data.sessions if s.id == card.session_id), None)
        status.update(f"{counted(len(due), 'card')} to review")
        front, back = T.card_faces(card)
        parts: list = [(front, "bold")]
        if self.revealed:
            parts += ["\n\n", back or "(no answer written yet: e edits the card)",
                      "\n\n", (T.source_line(session), "dim")]
        else:
            parts.append(("\n\n(recall it, then press v to see the answer)", "dim"))
        card_view.update(styled(*parts))
        if self.revealed:
            keys = "   ".join(f"[b]{key}[/b] {label}" for _n, _r, key, label in RATINGS)
            help_view.update(markup(f"How well did you remember it?\n{keys}\n"
                                    "[dim]Forgot it, even partly? Choose Again: FSRS then shows it sooner.[/dim]\n"
                                    + HINTS))
        else:
            help_view.update(markup("[b]v[/b] shows the answer; rate it after (1 to 4)\n" + HINTS))

    def action_reveal(self) -> None:
        if self.current_card() is not None:  # none yet: a card read later shows its front first
            self.revealed = True

    def action_rate(self, rating: str) -> None:
        card = self.current_card()
        if card is None:
            return
        if not self.revealed:
            self.notify("Reveal the answer first (v), then rate how well you remembered it.",
                        severity="warning")
            return
        self.revealed = False
        self.post_message(self.Rate(card, rating))

    def action_edit_card(self) -> None:
        card = self.current_card()
        if card is not None:
            self.post_message(self.Edit(card))

    def action_suspend_card(self) -> None:
        card = self.current_card()
        if card is not None:
            self.revealed = False
            self.post_message(self.Suspend(card))

    def action_delete_card(self) -> None:
        card = self.current_card()
        if card is not None:
            self.post_message(self.Delete(card))

"""Ask before something is deleted."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label

from pilotdesk.domain.text import visible
from pilotdesk.ui.keys import bind, key_in_words


class ConfirmModal(ModalScreen[bool]):
    """``y``/``enter`` confirms, ``n``/``escape`` cancels (dismisses with False)."""

    BINDINGS = [
        bind("confirm.yes", "y", "answer(True)", "Yes"),
        bind("confirm.no", "n,escape", "answer(False)", "No"),
    ]

    def __init__(self, question: str, detail: str = "", confirm_label: str = "Delete") -> None:
        super().__init__()
        self.question = question
        self.detail = detail
        self.confirm_label = confirm_label

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog"):
            # Questions quote the file ("Delete Maria Chen?"); markup is left as it is.
            yield Label(visible(self.question), id="question", classes="dialog-title")
            if self.detail:
                yield Label(visible(self.detail), classes="dialog-detail")
            with Horizontal(classes="dialog-buttons"):
                yes = key_in_words(self, "confirm.yes", first=True)
                yield Button(f"{self.confirm_label} ({yes})", variant="error", id="yes")
                yield Button(f"Keep ({key_in_words(self, 'confirm.no', first=True)})", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)

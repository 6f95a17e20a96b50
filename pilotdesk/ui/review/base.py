"""What every step of the Technical Win review shares: escape leaves, the footer shows its keys."""

from __future__ import annotations

from typing import Any

from textual.screen import ModalScreen
from textual.widgets import Footer

from pilotdesk.ui.keys import bind


class Step(ModalScreen[Any]):
    BINDINGS = [
        bind("review.leave", "escape", "leave", "Leave the review", "Leave; nothing is recorded")
    ]

    def on_mount(self) -> None:
        # The step's keys, not those of the pane behind it (each step's own on_mount runs too).
        self.mount(Footer())

    def action_leave(self) -> None:
        self.dismiss(None)

"""Quitting with changes that are not on disk (a save failed, a conflict was left undecided):
the user chooses what becomes of them, knowing which they are."""

from __future__ import annotations

from typing import Literal

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from pilotdesk.ui.style import escape

QuitChoice = Literal["retry", "copy", "discard"]


class QuitModal(ModalScreen[QuitChoice | None]):
    """1 try the save again, 2 save a copy, 3 quit and discard; escape stays."""

    BINDINGS = [
        Binding("1,r", "choose('retry')", "Try the save again"),
        Binding("2,c", "choose('copy')", "Save a copy and quit"),
        Binding("3,d", "choose('discard')", "Quit and discard"),
        Binding("escape", "choose(None)", "Stay"),
    ]

    def __init__(self, unsaved: list[str], problem: str, copy_where: str) -> None:
        super().__init__()
        self.unsaved = unsaved
        self.problem = problem
        self.copy_where = copy_where

    def compose(self) -> ComposeResult:
        lines = "\n".join(f"  • {line}" for line in self.unsaved[:8])
        more = f"\n  … and {len(self.unsaved) - 8} more" if len(self.unsaved) > 8 else ""
        count = len(self.unsaved)
        with Vertical(classes="dialog quit"):
            yield Label(
                f"{count} change{'s are' if count != 1 else ' is'} not in the file on disk",
                classes="dialog-title",
            )
            yield Static(f"{lines}{more}\n\nWhy: {self.problem}", markup=False, id="quit-unsaved")
            yield Static(
                "[b]1[/b]  Try the save again (and quit if it works)\n"
                f"[b]2[/b]  Save a copy and quit: {escape(self.copy_where)}\n"
                "[b]3[/b]  Quit and discard these changes",
                classes="review-question",
                id="quit-choices",
            )
            yield Static("escape stays in pilotdesk.", classes="dialog-detail")

    def action_choose(self, choice: QuitChoice | None) -> None:
        self.dismiss(choice)

"""Something the user must read before going on (what a rebase could not apply, and where it
is kept): a dialog that stays until it is closed, not a notification that fades."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static


class NoticeModal(ModalScreen[None]):
    """``enter`` or ``escape`` closes it."""

    BINDINGS = [Binding("enter,escape", "close", "Close")]

    def __init__(self, title: str, lines: list[str], detail: str) -> None:
        super().__init__()
        self.title_text = title
        self.lines = lines
        self.detail = detail

    def compose(self) -> ComposeResult:
        listed = "\n".join(f"  • {line}" for line in self.lines[:12])
        more = f"\n  … and {len(self.lines) - 12} more" if len(self.lines) > 12 else ""
        with Vertical(classes="dialog notice"):
            yield Label(self.title_text, classes="dialog-title", markup=False)
            yield Static(f"{listed}{more}", markup=False, id="notice-lines")
            yield Static(self.detail, markup=False, classes="dialog-detail", id="notice-detail")
            yield Static("enter or escape closes this.", classes="dialog-detail")

    def action_close(self) -> None:
        self.dismiss(None)

"""Typed messages the panes send to the app, which owns the store and applies them."""

from __future__ import annotations

from textual.message import Message

from pilotdesk.session.changes import Change


class ChangeRequested(Message):
    """A pane asks for ``change``; ``select`` is the entry to keep the cursor on afterwards."""

    def __init__(self, change: Change, select: str | None = None) -> None:
        super().__init__()
        self.change = change
        self.select = select


class JumpRequested(Message):
    """Show the pane of ``collection`` with ``entry_id`` selected (readiness findings)."""

    def __init__(self, collection: str, entry_id: str | None) -> None:
        super().__init__()
        self.collection = collection
        self.entry_id = entry_id

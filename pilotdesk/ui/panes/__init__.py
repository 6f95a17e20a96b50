"""The workbook's panes. Each renders from the pilot it is given and asks the app for changes."""

from __future__ import annotations

import datetime as dt

from textual.containers import Vertical

from ...model import Pilot


class Pane(Vertical):
    """A pane of the workbook: :meth:`show` re-renders it from the app's one pilot."""

    def show(self, pilot: Pilot, today: dt.date) -> None:
        raise NotImplementedError

    def select(self, entry_id: str | None) -> None:
        """Put the cursor on ``entry_id`` (after a jump or an add)."""

    def focus_list(self) -> None:
        """Focus the pane's main list."""

"""The workbook as the board opens it: the same App, with ``escape`` going back to the board
(``q`` does too: quitting the workbook returns to the board's loop)."""

from __future__ import annotations

from pilotdesk.session.store import PilotStore
from pilotdesk.ui.app import Clock, PilotdeskApp
from pilotdesk.ui.board import BACK_TO_BOARD
from pilotdesk.ui.crashing import farewell


class BoardWorkbook(PilotdeskApp):
    COMMAND = "board"
    BINDINGS = [BACK_TO_BOARD]


def run_workbook(store: PilotStore, *, theme: str | None, clock: Clock) -> int:
    app = BoardWorkbook(store, theme=theme, clock=clock)
    app.run()
    farewell(app)
    return app.return_code or 0

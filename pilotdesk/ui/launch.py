"""``pilotdesk open``: the workbook run in the terminal, and the one line it leaves behind.

Apart from :mod:`.app` so that the app's module stays one sitting's read; the command line
imports this lazily (Textual is imported only for the commands that show a screen).
"""

from __future__ import annotations

import datetime as dt

from pilotdesk.session.store import PilotStore
from pilotdesk.ui.app import Clock, PilotdeskApp
from pilotdesk.ui.crashing import farewell


def run(
    store: PilotStore,
    *,
    theme: str | None = None,
    today: dt.date | None = None,
    present: bool | None = None,
) -> int:
    clock: Clock = dt.datetime.now
    if today is not None:
        clock = lambda: dt.datetime.combine(today, dt.datetime.now().time())  # noqa: E731
    app = PilotdeskApp(store, theme=theme, clock=clock, present=present)
    app.run()
    farewell(app)
    return app.return_code or 0

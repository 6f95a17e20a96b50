"""The workbook's exports: the reports, the calendar and the status email, from the palette.

Each saves next to the pilot file as a new file (``acme-prospect-report.html``, or ``-2``,
``-3``... when the name is taken or is a link: never written over, never through a link, with
the pilot's permissions) and says where; the status email is copied as the Technical Win
email is (``y``), and saved too when the copy cannot be confirmed. What is made is
:mod:`pilotdesk.reports`'s business; this module only delivers it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from pilotdesk.ui.clipboard import copy

if TYPE_CHECKING:
    from pilotdesk.ui.workbook import Workbook

#: What each export is called, and the suffix its file gets after the pilot's name.
EXPORTS: dict[str, tuple[str, str]] = {
    "prospect": ("The prospect's report", "-prospect-report.html"),
    "team": ("The team's brief", "-team-brief.html"),
    "calendar": ("The calendar", "-dates.ics"),
}


def export(app: Workbook, what: str) -> Path | None:
    """Save one of :data:`EXPORTS` (or copy the status email for ``"status"``); returns the
    path saved, or None."""
    if what == "status":
        return copy_status_email(app)
    words, suffix = EXPORTS[what]
    saved = _save(app, suffix, _content(app, what))
    if saved is not None:
        app.notify(f"{words} is saved as {saved}.", title="Saved", markup=False)
    return saved


def _content(app: Workbook, what: str) -> bytes:
    from pilotdesk.reports import audiences, html
    from pilotdesk.reports.calendar import calendar

    pilot = app.store.pilot
    if what == "calendar":
        stamp = dt.datetime.now(dt.UTC).replace(microsecond=0)
        return calendar([pilot], stamp, sources=[str(app.store.path.resolve())])
    return html.render(audiences.build(pilot, what, app.today)).encode("utf-8")


def _save(app: Workbook, suffix: str, data: bytes) -> Path | None:
    from pilotdesk.pilotfile.atomic import numbered, os_reason, write_new_unique

    path = app.store.path.with_name(f"{app.store.path.stem}{suffix}")
    try:
        saved, _ = write_new_unique(numbered(path), data, like=app.store.path)
    except OSError as error:
        app.notify(f"Could not save {path}: {os_reason(error)}", severity="error", markup=False)
        return None
    return saved


def copy_status_email(app: Workbook) -> Path | None:
    """Copy the weekly status email's body; when the copy cannot be confirmed, save the
    email (subject and body) too, and say where."""
    from pilotdesk.reports.status import compose_status

    email = compose_status(app.store.pilot, app.today)
    result = copy(app.textual, email.clipboard_text(), app.system_copy)
    if result.confirmed:
        app.notify(result.message("The status email"), title="Copied", markup=False)
        return None
    saved = _save(app, "-status.txt", email.as_text().encode("utf-8"))
    where = f" Also saved as {saved}." if saved else ""
    app.notify(
        result.message("The status email") + where,
        title="Copied (unconfirmed)",
        timeout=10,
        markup=False,
    )
    return saved

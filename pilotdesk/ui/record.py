"""The pilot's record from the workbook: the agreement's sign-off, and the close-out.

Both are whole tables pilotdesk writes as one record (:class:`SetAgreement`,
:class:`SetCloseOut`), asked for in a dialog and applied through the app like every change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pilotdesk.domain import lifecycle
from pilotdesk.session.changes import SetAgreement, SetCloseOut
from pilotdesk.ui.modals.form import FormModal
from pilotdesk.ui.modals.sign_off import SignOff, SignOffModal
from pilotdesk.ui.panes.forms import close_out_fields

if TYPE_CHECKING:
    from pilotdesk.ui.workbook import Workbook


def record_sign_off(app: Workbook) -> None:
    """Ask who signed and when; record the scorecard as it stands as the agreement."""
    pilot = app.store.pilot

    def done(sign_off: SignOff | None) -> None:
        if sign_off is None:
            return
        values: dict[str, Any] = {
            "signed_on": sign_off.on,
            "signed_by": list(sign_off.signed_by),
            "targets": lifecycle.signed_targets(app.store.pilot),
        }
        app.apply_change(SetAgreement(values))

    app.push_screen(SignOffModal(pilot, app.today), done)


def close_out(app: Workbook) -> None:
    """Ask how the pilot ended; record it (again, to correct it)."""
    current = app.store.pilot.close_out
    initial: dict[str, Any] = current.model_dump() if current else {"on": app.today}

    def done(changed: dict[str, Any] | None) -> None:
        if changed is None:
            return
        values = {**initial, **changed}
        values = {k: v for k, v in values.items() if v not in (None, "")}
        if "outcome" not in values or "on" not in values:
            app.notify("Not recorded: an outcome and a date are needed.", severity="warning")
            return
        app.apply_change(SetCloseOut(values))

    app.push_screen(FormModal("Pilot: close out", close_out_fields(), initial), done)

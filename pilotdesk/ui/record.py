"""The pilot's record from the workbook: the agreement's sign-off, the handoff, the close-out.

Each is a whole table pilotdesk writes as one record (:class:`SetAgreement`,
:class:`SetHandoff`, :class:`SetCloseOut`), asked for in a dialog and applied through the app
like every change. The handoff also writes the handoff brief beside the pilot.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pilotdesk.domain import lifecycle
from pilotdesk.session.changes import SetAgreement, SetCloseOut, SetHandoff
from pilotdesk.ui.modals.form import FormModal
from pilotdesk.ui.modals.sign_off import SignOff, SignOffModal
from pilotdesk.ui.panes.forms import close_out_fields, handoff_fields

if TYPE_CHECKING:
    from pilotdesk.ui.app import PilotdeskApp


def record_sign_off(app: PilotdeskApp) -> None:
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


def close_out(app: PilotdeskApp) -> None:
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


def handoff(app: PilotdeskApp) -> None:
    """Ask when, to whom and what was promised; record ``[handoff]`` and write the handoff brief
    (``NAME-handoff.md`` beside the pilot, never over an existing file)."""
    pilot = app.store.pilot
    current = pilot.handoff
    initial: dict[str, Any] = (
        current.model_dump() if current else {"on": app.today, "to": pilot.pilot.ae}
    )

    def done(changed: dict[str, Any] | None) -> None:
        if changed is None:
            return
        values = {k: v for k, v in {**initial, **changed}.items() if v not in (None, "")}
        if "on" not in values:
            app.notify("Not recorded: the handoff needs a date.", severity="warning")
            return
        if app.apply_change(SetHandoff(values)) is not None:
            write_handoff_brief(app)

    app.push_screen(FormModal("Handoff: record and write brief", handoff_fields(), initial), done)


def write_handoff_brief(app: PilotdeskApp) -> None:
    from pilotdesk.pilotfile.atomic import os_reason, write_new
    from pilotdesk.reports import handoff as brief

    path = app.store.path.with_name(f"{app.store.path.stem}{brief.SUFFIX}")
    data = brief.render(app.store.pilot, app.today).encode("utf-8")
    try:
        write_new(path, data, like=app.store.path)
    except FileExistsError:
        app.notify(
            f"The handoff is recorded; {path.name} already exists and was not overwritten "
            "(move it away and record the handoff again for a new brief).",
            title="Brief not written",
            severity="warning",
            timeout=10,
            markup=False,
        )
        return
    except OSError as error:
        app.notify(f"Could not write {path}: {os_reason(error)}", severity="error", markup=False)
        return
    app.notify(f"The handoff is recorded; the brief is {path}.", title="Handed off", markup=False)

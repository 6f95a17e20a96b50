"""The pilot's record in the workbook: sign-off, drift in Readiness, gaps on 5, close-out.

(The review's side, drift at the criterion step and a gap from "Yes, but…", is in
test_review.py.)
"""

from __future__ import annotations

import datetime as dt
import tomllib

from textual.widgets import Input, SelectionList

from pilotdesk.ui.modals.form import FormModal
from pilotdesk.ui.modals.sign_off import SignOffModal
from pilotdesk.ui.panes.gaps import GapsPane
from pilotdesk.ui.panes.readiness import ReadinessPane


def data(wb) -> dict:  # type: ignore[no-untyped-def]
    return tomllib.loads(wb.text())


async def test_record_the_agreement_edit_a_target_see_the_drift_sign_again(open_workbook) -> None:
    async with open_workbook("acme") as wb:
        app = wb.app
        # Edit a target: the scorecard drifts from what Maria and Tom signed.
        await wb.pilot.press("enter")  # the first criterion, snr
        form = app.screen
        assert isinstance(form, FormModal)
        target = form.query_one("#field-target", Input)
        target.value = ">= 40 dB"
        await wb.pilot.press("ctrl+s")
        await wb.pilot.press("4")
        readiness = app.query_one(ReadinessPane)
        rules = [f.rule for f in readiness.findings]
        assert "criteria-changed-since-agreement" in rules
        finding = next(
            f for f in readiness.findings if f.rule == "criteria-changed-since-agreement"
        )
        assert "Signal-to-noise ratio at 2 m: signed '>= 42 dB', now '>= 40 dB'" in finding.finding
        # Record the sign-off again: the dialog shows the change first.
        app.action_record_sign_off()
        await wb.pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, SignOffModal)
        assert "Signal-to-noise ratio at 2 m: signed '>= 42 dB', now '>= 40 dB'" in str(
            dialog.query_one(".dialog-detail").render()
        )
        assert set(dialog.query_one(SelectionList).selected) == {"maria", "tom"}
        await wb.pilot.press("ctrl+s")
        agreement = data(wb)["agreement"]
        assert agreement["targets"]["snr"] == ">= 40 dB"
        assert agreement["signed_on"] == wb.app.today
        assert agreement["first_signed_on"] == dt.date(2026, 10, 30)
        assert "criteria-changed-since-agreement" not in [f.rule for f in readiness.findings]


async def test_escape_in_the_sign_off_records_nothing(open_workbook) -> None:
    async with open_workbook("acme") as wb:
        wb.app.action_record_sign_off()
        await wb.pilot.pause()
        await wb.pilot.press("escape")
        assert not isinstance(wb.app.screen, SignOffModal)
        assert wb.text() == wb.original


async def test_gaps_on_5_add_step_and_an_open_deal_breaker_blocks(open_workbook) -> None:
    async with open_workbook("acme") as wb:
        await wb.pilot.press("5")
        pane = wb.app.query_one(GapsPane)
        assert wb.app.focused is pane.table
        await wb.pilot.press("a")
        form = wb.app.screen
        assert isinstance(form, FormModal)
        form.query_one("#field-title", Input).value = "No thermal compensation API"
        form.query_one("#field-severity").value = "deal_breaker"
        await wb.pilot.press("ctrl+s")
        gaps = data(wb)["gaps"]
        new = next(g for g in gaps if g["title"] == "No thermal compensation API")
        assert new["severity"] == "deal_breaker" and new["status"] == "open"
        readiness = wb.app.query_one(ReadinessPane)
        await wb.pilot.press("4")  # panes render when shown
        assert "open-deal-breaker" in [f.rule for f in readiness.findings]
        await wb.pilot.press("5")
        assert wb.app.query_one(GapsPane).table.selected_key == new["id"]
        await wb.pilot.press("space")
        assert next(g for g in data(wb)["gaps"] if g["id"] == new["id"])["status"] == "planned"
        await wb.pilot.press("4")
        assert "open-deal-breaker" not in [f.rule for f in readiness.findings]
        assert data(wb)["log"][-1]["event"] == f"gap {new['id']}: edited status"


async def test_close_out_records_the_outcome_and_the_header_says_it(open_workbook) -> None:
    async with open_workbook("acme") as wb:
        wb.app.action_close_out()
        await wb.pilot.pause()
        form = wb.app.screen
        assert isinstance(form, FormModal)
        form.query_one("#field-outcome").value = "won"
        form.query_one("#field-next", Input).value = "PO 4711 received"
        await wb.pilot.press("ctrl+s")
        close = data(wb)["close_out"]
        assert close["outcome"] == "won" and close["on"] == wb.app.today
        assert close["next"] == "PO 4711 received"
        header = str(wb.app.query_one("#header").render())
        assert "Closed: won on" in header and "PO 4711 received" in header

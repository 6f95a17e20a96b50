"""The forms as a new SE meets them in the first week (issue 27, points 2 and 3): a problem is
shown where the eye is, a filled form is not thrown away by a stray escape, drop-downs unfold
inside their dialog, stakeholders and checklist items take notes, and a contact can be logged
on a day other than today."""

from __future__ import annotations

import tomllib
from typing import Any

from textual.widgets import Input, Select, Static

from pilotdesk.ui.modals.confirm import ConfirmModal
from pilotdesk.ui.modals.form import FormModal
from pilotdesk.ui.widgets.table import PilotTable


def entry(text: str, collection: str, entry_id: str) -> dict[str, Any]:
    return next(e for e in tomllib.loads(text)[collection] if e["id"] == entry_id)


async def type_text(wb: Any, text: str) -> None:
    await wb.pilot.press(*("space" if ch == " " else ch for ch in text))


async def focus_field(wb: Any, key: str) -> Any:
    """Tab to the form's field ``key`` (as a user would), and return it."""
    for _ in range(30):
        if wb.app.focused is not None and wb.app.focused.id == f"field-{key}":
            return wb.app.focused
        await wb.pilot.press("tab")
    raise AssertionError(f"never reached field {key}")


def inside(inner: Any, outer: Any) -> bool:
    a, b = inner.region, outer.region
    return a.y >= b.y and a.bottom <= b.bottom and a.x >= b.x and a.right <= b.right


async def test_a_bad_date_saved_from_the_last_field_is_shown_beside_it_in_view(
    open_workbook,
) -> None:
    """A date no parser takes in Last contact and ctrl+s: the form stays, and the field with its
    message is in the dialog's view at 80x24 (the message sat below, scrolled out of sight)."""
    async with open_workbook(size=(80, 24)) as wb:
        await wb.pilot.press("2", "a")
        form = wb.app.screen
        assert isinstance(form, FormModal)
        await focus_field(wb, "name")
        await type_text(wb, "Kim Olsen")
        await focus_field(wb, "last_contact")
        await type_text(wb, "2026-13-45")
        await focus_field(wb, "id")  # saved from elsewhere in the form
        await wb.pilot.press("ctrl+s")
        await wb.pilot.pause()
        await wb.pilot.pause()
        assert isinstance(wb.app.screen, FormModal)
        message = form.query_one("#error-last_contact", Static)
        assert "Last contact: a date like" in str(message.render())
        field = form.query_one("#field-last_contact", Input)
        assert wb.app.focused is field
        dialog = form.query_one("#dialog")
        assert inside(field, dialog) and inside(message, dialog)
        assert wb.text() == wb.original


async def test_escape_on_a_filled_form_asks_before_throwing_it_away(open_workbook) -> None:
    async with open_workbook() as wb:
        await wb.pilot.press("2", "a")
        await focus_field(wb, "name")
        await type_text(wb, "Kim Olsen")
        await wb.pilot.press("escape")
        assert isinstance(wb.app.screen, ConfirmModal)
        await wb.pilot.press("n")  # keep it: back in the form, the name as typed
        assert isinstance(wb.app.screen, FormModal)
        assert wb.app.screen.query_one("#field-name", Input).value == "Kim Olsen"
        await wb.pilot.press("escape", "y")
        assert not isinstance(wb.app.screen, (FormModal, ConfirmModal))
        assert wb.text() == wb.original


async def test_escape_on_an_untouched_form_closes_it_at_once(open_workbook) -> None:
    async with open_workbook() as wb:
        await wb.pilot.press("2", "enter")
        assert isinstance(wb.app.screen, FormModal)
        await wb.pilot.press("escape")
        assert not isinstance(wb.app.screen, (FormModal, ConfirmModal))


async def test_a_drop_down_unfolds_inside_its_dialog(open_workbook) -> None:
    """The last drop-down of the stakeholder form (Reports to), opened at 80x24: its list is
    drawn within the dialog's border, not over the pane below it."""
    async with open_workbook(size=(80, 24)) as wb:
        await wb.pilot.press("2", "enter")
        form = wb.app.screen
        select = await focus_field(wb, "reports_to")
        assert isinstance(select, Select)
        await wb.pilot.press("space")
        await wb.pilot.pause()
        await wb.pilot.pause()
        assert select.expanded
        overlay = select.query_one("SelectOverlay")
        assert overlay.region.height > 0
        assert inside(overlay, form.query_one("#dialog"))
        await wb.pilot.press("escape")  # closes the list, not the form
        assert isinstance(wb.app.screen, FormModal) and not select.expanded


async def test_stakeholder_and_checklist_forms_write_notes(open_workbook) -> None:
    async with open_workbook() as wb:
        await wb.pilot.press("2")
        people = wb.app.query_one("#technical-table", PilotTable)
        people.move_cursor(row=people.get_row_index("maria"))
        await wb.pilot.pause()
        await wb.pilot.press("enter")
        await focus_field(wb, "notes")
        await type_text(wb, "CFO wants a second source")
        await wb.pilot.press("ctrl+s")
        assert entry(wb.text(), "stakeholders", "maria")["notes"] == "CFO wants a second source"
        await wb.pilot.press("3")
        table = wb.app.query_one("#checklist-table", PilotTable)
        table.move_cursor(row=table.get_row_index("site_visit"))
        await wb.pilot.pause()
        await wb.pilot.press("enter")
        await focus_field(wb, "notes")
        await type_text(wb, "remote audit instead")
        await wb.pilot.press("ctrl+s")
        assert entry(wb.text(), "checklist", "site_visit")["notes"] == "remote audit instead"


async def test_shift_c_logs_a_contact_on_a_day_other_than_today(open_workbook) -> None:
    async with open_workbook() as wb:
        await wb.pilot.press("2")
        table = wb.app.query_one("#technical-table", PilotTable)
        table.move_cursor(row=table.get_row_index("kofi"))
        await wb.pilot.pause()
        await wb.pilot.press("C")
        assert isinstance(wb.app.screen, FormModal)
        await type_text(wb, "2026-11-21")  # the prompt's "today" is selected: typing replaces it
        await wb.pilot.press("enter")
        assert not isinstance(wb.app.screen, FormModal)
        assert str(entry(wb.text(), "stakeholders", "kofi")["last_contact"]) == "2026-11-21"
        # A day to come is refused, and the file keeps the day recorded.
        await wb.pilot.press("C")
        await type_text(wb, "tomorrow")
        await wb.pilot.press("enter")
        assert str(entry(wb.text(), "stakeholders", "kofi")["last_contact"]) == "2026-11-21"

"""The meeting as a sales engineer lives it, on screen: results on the record (``r``), review
lists readable on a projector, the Commercial pane, the forms, the review's flow and the chrome.

Each test is named after the point of the meeting issue it guards. The workbook runs over a
copy of a sample pilot with the clock pinned (see conftest.py's ``open_workbook``).
"""

from __future__ import annotations

import datetime as dt
import tomllib
from typing import Any

from textual import events
from textual.pilot import Pilot
from textual.widgets import Input, Static

from pilotdesk.domain.model import Pilot as PilotModel
from pilotdesk.ui.modals.form import FormModal, parse_date
from pilotdesk.ui.panes.commercial import commitment_text
from pilotdesk.ui.panes.forms import criterion_fields, new_id
from pilotdesk.ui.review.criterion import CriterionStep
from pilotdesk.ui.review.steps import AttendeesStep, DetailsStep, EmailPreview, QuestionStep
from pilotdesk.ui.style import stance_text
from pilotdesk.ui.themes import load_themes, resolve_theme_name
from pilotdesk.ui.widgets.picklist import TICKED, UNTICKED, PickList
from pilotdesk.ui.widgets.table import PilotTable

TODAY = dt.date(2026, 11, 22)  # conftest's pinned clock


def criteria(text: str) -> dict[str, dict[str, Any]]:
    return {c["id"]: c for c in tomllib.loads(text)["criteria"]}


async def until(pilot: Pilot[Any], test: Any, what: str) -> None:
    for _ in range(100):
        if test():
            return
        await pilot.pause(0.02)
    raise AssertionError(f"timed out waiting for {what}")


async def on(wb: Any, kind: type) -> Any:
    await until(
        wb.pilot,
        lambda: isinstance(wb.app.screen, kind) and wb.app.screen.is_mounted,
        kind.__name__,
    )
    return wb.app.screen


async def replace_focused(wb: Any, text: str) -> None:
    assert isinstance(wb.app.focused, Input)
    await wb.pilot.press("home", "ctrl+k")
    wb.app.focused.post_message(events.Paste(text))
    await wb.pilot.pause()


def goto(wb: Any, key: str, table_id: str = "criteria-table") -> PilotTable:
    table = wb.app.query_one(f"#{table_id}", PilotTable)
    table.move_cursor(row=table.get_row_index(key))
    return table


# --- r: results on the record -------------------------------------------------------------------


async def test_r_on_the_scorecard_edits_result_and_evidence_in_place_and_escape_cancels(
    open_workbook,
) -> None:
    async with open_workbook() as wb:
        goto(wb, "sunlight")
        await wb.pilot.press("r")
        form = await on(wb, FormModal)
        assert [f.key for f in form.fields] == ["result", "evidence"]
        assert wb.app.focused.id == "field-result"
        await wb.pilot.press("escape")
        assert wb.text() == wb.original
        await wb.pilot.press("r")
        await on(wb, FormModal)
        await replace_focused(wb, "97.2 % valid pixels at 80 klx")
        await wb.pilot.press("tab")
        await replace_focused(wb, "Outdoor run OR-4")
        await wb.pilot.press("ctrl+s")
        await until(wb.pilot, lambda: not isinstance(wb.app.screen, FormModal), "form closed")
        sunlight = criteria(wb.text())["sunlight"]
        assert sunlight["result"] == "97.2 % valid pixels at 80 klx"
        assert sunlight["evidence"] == "Outdoor run OR-4"
        assert sunlight["status"] == "pending"  # r puts a result on record, not a status


async def test_r_in_the_review_records_the_result_of_a_criterion_corrected_to_passed(
    open_workbook,
) -> None:
    async with open_workbook() as wb:
        await wb.pilot.press("w")
        await on(wb, AttendeesStep)
        await wb.pilot.press("enter")
        for _ in range(3):  # snr, depth_accuracy, ros2_driver: confirmed as recorded
            await on(wb, CriterionStep)
            await wb.pilot.press("enter")
        step = await on(wb, CriterionStep)
        assert step.criterion.id == "thermal_drift"
        facts = str(step.query_one("#fact-result", Static).render())
        assert "3.4 mm at 2 m" in facts  # the step shows the result on record...
        await wb.pilot.press("p")
        hint = step.query_one("#criterion-hint", Static)
        assert hint.display and "r updates it" in str(hint.render())  # ...asks if it still holds
        await wb.pilot.press("r")
        await on(wb, FormModal)
        await replace_focused(wb, "1.2 mm at 2 m up to 50 °C after the firmware fix")
        await wb.pilot.press("ctrl+s")
        step = await on(wb, CriterionStep)
        assert "after the firmware fix" in str(step.query_one("#fact-result", Static).render())
        assert not step.query_one("#criterion-hint", Static).display
        # Nothing is written before the verdict.
        assert wb.text() == wb.original
        await wb.pilot.press("enter")
        for _ in range(3):
            await on(wb, CriterionStep)
            await wb.pilot.press("enter")
        await on(wb, QuestionStep)
        await wb.pilot.press("3")
        await on(wb, DetailsStep)
        await wb.pilot.press("enter")
        await on(wb, EmailPreview)
        thermal = criteria(wb.text())["thermal_drift"]
        assert thermal["status"] == "passed"
        assert thermal["result"] == "1.2 mm at 2 m up to 50 °C after the firmware fix"
        # One undo takes back the result, the correction and the verdict together.
        await wb.pilot.press("escape")
        await wb.pilot.press("ctrl+z")
        assert criteria(wb.text())["thermal_drift"] == criteria(wb.original)["thermal_drift"]


async def test_escape_in_the_reviews_result_form_keeps_the_review_and_records_nothing(
    open_workbook,
) -> None:
    async with open_workbook() as wb:
        await wb.pilot.press("w")
        await on(wb, AttendeesStep)
        await wb.pilot.press("enter")
        await on(wb, CriterionStep)
        await wb.pilot.press("r")
        await on(wb, FormModal)
        await replace_focused(wb, "something else")
        await wb.pilot.press("escape", "y")  # something was typed: it asks, y discards
        step = await on(wb, CriterionStep)
        assert "48.3 dB" in str(step.query_one("#fact-result", Static).render())
        await wb.pilot.press("escape")
        assert wb.text() == wb.original


# --- 4: ticked and unticked rows ------------------------------------------------------------------


async def test_4_ticked_and_unticked_rows_differ_without_colour(open_workbook) -> None:
    async with open_workbook() as wb:
        await wb.pilot.press("w")
        step = await on(wb, AttendeesStep)
        picks = step.query_one(PickList)
        ticked = set(picks.selected)
        for index, person in enumerate(wb.app.store.pilot.stakeholders):
            line = picks.render_line(index)
            text = line.text
            mark = TICKED if person.id in ticked else UNTICKED
            assert text.startswith(mark + " "), text
            bold = any(seg.style and seg.style.bold for seg in list(line)[2:] if seg.text.strip())
            assert bold == (person.id in ticked)  # and a style, besides the mark
        assert ticked and len(ticked) < len(wb.app.store.pilot.stakeholders)


# --- 7: the Commercial pane ---------------------------------------------------------------------


async def test_7_commercial_detail_line_shows_the_whole_selected_item(open_workbook) -> None:
    async with open_workbook() as wb:
        await wb.pilot.press("3")
        table = wb.app.query_one("#checklist-table", PilotTable)
        item = wb.app.store.pilot.checklist[-1]
        table.move_cursor(row=table.get_row_index(item.id))
        await wb.pilot.pause()
        detail = str(wb.app.query_one("#item-detail", Static).render())
        assert item.item in detail  # whole, though the table cuts it with an ellipsis


def test_7_first_po_expected_never_ends_a_line_without_its_date(samples_dir) -> None:
    with open(samples_dir / "acme.toml", "rb") as f:
        pilot = PilotModel.model_validate(tomllib.load(f))
    for width in range(60, 161):
        lines = commitment_text(pilot, width, compact=False).plain.splitlines()
        assert not any(line.rstrip().endswith(":") for line in lines), (width, lines)
        assert any("First PO expected: 2027-03-01" in line for line in lines)
    compact = commitment_text(pilot, 78, compact=True).plain.splitlines()
    assert len(compact) == 2 and all(len(line) <= 78 for line in compact)
    assert "First PO: 2027-03-01" in compact[1]  # the date is never what the ellipsis eats


async def test_7_commercial_pane_at_80x24_shows_the_whole_paper_section_and_no_nobody(
    open_workbook,
) -> None:
    async with open_workbook(size=(80, 24)) as wb:
        await wb.pilot.press("3")
        await wb.pilot.pause()
        table = wb.app.query_one("#checklist-table", PilotTable)
        assert table.max_scroll_y == 0  # every row, the last Paper item too, is on screen
        owners = [table.get_row_at(i)[3] for i in range(table.row_count)]
        assert not any(str(o) == "nobody" for o in owners)


# --- 11: forms ----------------------------------------------------------------------------------


async def test_11_a_form_says_what_is_wrong_next_to_the_field_in_view(open_workbook) -> None:
    async with open_workbook(size=(80, 24)) as wb:
        await wb.pilot.press("enter")
        form = await on(wb, FormModal)
        await replace_focused(wb, "")
        await wb.pilot.press("ctrl+s")
        await wb.pilot.pause()
        beside = form.query_one("#error-title", Static)
        assert "Title: required" in str(beside.render())
        dialog = form.query_one("#dialog")
        region = beside.region
        assert dialog.region.contains_region(region), (dialog.region, region)
        await replace_focused(wb, "SNR")  # typing clears it
        assert not beside.has_class("shown-error")


async def test_11_a_multi_line_paste_is_joined_and_said(open_workbook) -> None:
    async with open_workbook() as wb:
        await wb.pilot.press("enter")
        form = await on(wb, FormModal)
        await replace_focused(wb, "Signal-to-noise ratio\nat 2 m,\n\nindoor lab")
        assert wb.app.focused.value == "Signal-to-noise ratio at 2 m, indoor lab"
        assert "joined" in str(form.query_one("#error-title", Static).render())


async def test_11_the_form_grows_with_the_terminal(open_workbook) -> None:
    async with open_workbook(size=(160, 40)) as wb:
        await wb.pilot.press("enter")
        form = await on(wb, FormModal)
        assert form.query_one("#dialog").outer_size.width >= 90


def test_11_ids_from_titles_are_short_and_readable() -> None:
    assert new_id("Shadow IT discovery from proxy logs", set()) == "shadow_it_discovery"
    assert new_id("Tax form W-9", set()) == "tax_form_w_9"
    assert new_id("Audit logs delivered to the SIEM within 60 s", set()) == "audit_logs_delivered"
    assert new_id("SSO", {"sso"}) == "sso_2"
    assert all(len(new_id(t, set())) <= 20 for t in ["a" * 40, "Data residency in the EU"])


def test_11_date_fields_accept_today_and_days_ahead() -> None:
    assert parse_date("today", TODAY) == TODAY
    assert parse_date(" Tomorrow ", TODAY) == TODAY + dt.timedelta(days=1)
    assert parse_date("+3d", TODAY) == TODAY + dt.timedelta(days=3)
    assert parse_date("+2w", TODAY) == TODAY + dt.timedelta(days=14)
    assert parse_date("2026-12-15", TODAY) == dt.date(2026, 12, 15)
    assert parse_date("next week", TODAY) is None


async def test_11_today_in_a_due_field_is_saved_as_the_date(open_workbook) -> None:
    async with open_workbook() as wb:
        await wb.pilot.press("3")
        await wb.pilot.press("enter")
        form = await on(wb, FormModal)
        form.query_one("#field-due", Input).focus()
        await wb.pilot.pause()
        await replace_focused(wb, "+3d")
        await wb.pilot.press("ctrl+s")
        await until(wb.pilot, lambda: not isinstance(wb.app.screen, FormModal), "form closed")
        items = tomllib.loads(wb.text())["checklist"]
        assert dt.date(2026, 11, 25) in [i.get("due") for i in items]


async def test_11_the_footer_behind_a_form_shows_the_forms_keys(open_workbook) -> None:
    async with open_workbook() as wb:
        await wb.pilot.press("enter")
        form = await on(wb, FormModal)
        await wb.pilot.pause()
        footer = " ".join(strip.text for strip in wb.app.screen._compositor.render_strips()[-1:])
        assert "Save" in footer and "Cancel" in footer
        assert "Passed" not in footer  # the scorecard's p, behind the form
        assert form.query("Footer")


def test_11_placeholders_fit_the_pilot_not_the_hardware_sample() -> None:
    software = PilotModel.model_validate(
        {
            "schema": 1,
            "pilot": {"title": "t", "prospect": "Bank", "product": "Cloud"},
            "criteria": [{"id": "sso", "title": "SSO", "target": "All users through Okta"}],
        }
    )
    target = next(f for f in criterion_fields(software, True) if f.key == "target")
    assert target.placeholder == "e.g. All users through Okta"
    empty = software.model_copy(update={"criteria": []})
    neutral = next(f for f in criterion_fields(empty, True) if f.key == "target")
    assert "dB" not in neutral.placeholder and neutral.placeholder


# --- 12: the review -----------------------------------------------------------------------------


async def test_12_the_scorecard_behind_the_dialog_shows_a_correction(open_workbook) -> None:
    async with open_workbook() as wb:
        await wb.pilot.press("w")
        await on(wb, AttendeesStep)
        await wb.pilot.press("enter")
        await on(wb, CriterionStep)
        await wb.pilot.press("f")  # snr: passed -> failed, here
        await wb.pilot.pause()
        table = wb.app.query_one("#criteria-table", PilotTable)
        assert table.get_cell("snr", "Status").plain.strip() == "✗ failed"
        assert table.selected_key == "snr"  # the row under review
        await wb.pilot.press("escape")  # nothing recorded: the file's marks again
        await wb.pilot.pause()
        assert table.get_cell("snr", "Status").plain.strip() == "✓ passed"
        assert wb.text() == wb.original


async def test_12_w_after_more_time_mentions_it_and_starts_from_the_unproven(
    open_workbook,
) -> None:
    async with open_workbook() as wb:
        await wb.pilot.press("w")
        await on(wb, AttendeesStep)
        await wb.pilot.press("enter")
        for _ in range(7):
            await on(wb, CriterionStep)
            await wb.pilot.press("enter")
        await on(wb, QuestionStep)
        await wb.pilot.press("3")
        await on(wb, DetailsStep)
        await wb.pilot.press("enter")
        await on(wb, EmailPreview)
        await wb.pilot.press("escape")
        await wb.pilot.press("w")
        attendees = await on(wb, AttendeesStep)
        note = " ".join(str(s.render()) for s in attendees.query(".review-note"))
        assert "We need more time" in note and "Depth drift across" in note
        await wb.pilot.press("enter")
        first = await on(wb, CriterionStep)
        assert first.criterion.id == "thermal_drift"  # the first unproven, not snr
        assert "Unproven" in first.note


async def test_12_a_long_target_wraps_under_itself(open_workbook) -> None:
    async with open_workbook(size=(80, 30)) as wb:
        await wb.pilot.press("w")
        await on(wb, AttendeesStep)
        await wb.pilot.press("enter")
        step = await on(wb, CriterionStep)
        label = step.query_one(".fact-label", Static)
        value = step.query_one("#fact-target", Static)
        assert value.region.x == label.region.right  # every line of it starts in its column


# --- 14: chrome ---------------------------------------------------------------------------------


async def test_14_the_status_column_keeps_its_width_when_the_last_pending_passes(
    open_workbook,
) -> None:
    async with open_workbook() as wb:
        table = wb.app.query_one("#criteria-table", PilotTable)
        before = [c.get_render_width(table) for c in table.columns.values()]
        for key in ("thermal_drift", "sunlight", "power", "shock_vibration"):
            goto(wb, key)
            await wb.pilot.press("p")
        await wb.pilot.pause()
        assert all(c.status == "passed" for c in wb.app.store.pilot.criteria)
        assert [c.get_render_width(table) for c in table.columns.values()] == before


def test_14_an_unknown_theme_falls_back_to_the_saved_one_and_says_so() -> None:
    themes, _ = load_themes()
    name, warning = resolve_theme_name("nosuch", themes, "high-contrast")
    assert name == "pilotdesk-high-contrast"
    assert warning and "nosuch" in warning and "saved theme" in warning
    assert resolve_theme_name(None, themes, "light") == ("pilotdesk-light", None)
    name, warning = resolve_theme_name("nosuch", themes, "gone")
    assert name == "pilotdesk-dark" and warning


def test_14_skeptic_reads_as_skeptic_not_a_question_mark() -> None:
    themes, _ = load_themes()
    symbol = stance_text("skeptic", themes[0]).plain.split()[0]
    assert symbol not in ("?", stance_text("unknown", themes[0]).plain.split()[0])
    assert symbol == "−"  # the opposite of the supporter's +
    assert stance_text("supporter", themes[0]).plain.startswith("+")


async def test_14_toasts_stay_off_the_detail_line(tmp_pilot, clock) -> None:
    from pilotdesk.session.store import PilotStore
    from pilotdesk.ui.app import PilotdeskApp

    app = PilotdeskApp(PilotStore.open(tmp_pilot("acme"), clock), clock=clock, remember_theme=False)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        app.notify("Copied the email to the clipboard, and a long second sentence.", timeout=10)
        await pilot.pause(0.3)
        toasts = list(app.screen.query("Toast"))
        detail = app.query_one("#criterion-detail").region
        assert toasts and not any(t.region.overlaps(detail) for t in toasts)
        app.disk.stop()


async def test_14_the_focused_stakeholder_table_is_marked(open_workbook) -> None:
    async with open_workbook() as wb:
        await wb.pilot.press("2")
        await wb.pilot.pause()
        titles = list(wb.app.query(".track-title"))

        def marked() -> list[bool]:
            background = wb.app.query_one("#tracks").styles.background
            return [t.styles.background != background for t in titles]

        assert len(titles) == 3
        assert marked().count(True) == 1 and marked()[0]
        await wb.pilot.press("right")
        await wb.pilot.pause()
        assert marked().count(True) == 1 and marked()[1]
        wb.app.query_one("#ours-table").focus()
        await wb.pilot.pause()
        assert marked().count(True) == 1 and marked()[2]


def test_a_criterion_step_dismissed_before_it_was_shown_does_not_crash(samples_dir) -> None:
    """Found in tmux under load: an enter typed ahead dismissed a criterion step before its
    widgets were mounted; its on_mount then looked for them and the workbook crashed
    (NoMatches '#fact-target')."""
    with open(samples_dir / "acme.toml", "rb") as f:
        pilot = PilotModel.model_validate(tomllib.load(f))
    step = CriterionStep(pilot, pilot.criteria[0], 0, "passed")
    step.on_mount()  # no widgets: nothing to show, and no exception
    step.action_set("failed")
    assert step.status == "failed"

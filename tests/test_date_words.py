"""The one reader of typed dates (pilotdesk.domain.dates), shared by the forms and the command line."""

from __future__ import annotations

import datetime as dt
import tomllib
from typing import Any

import pytest

from pilotdesk.domain import dates
from pilotdesk.domain.dates import DateWordError, parse_date, read_date

# Thursday 2026-11-19: an SE logging Tuesday's call on Thursday.
THU = dt.date(2026, 11, 19)
TUE, MON, FRI = dt.date(2026, 11, 17), dt.date(2026, 11, 16), dt.date(2026, 11, 20)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-15", dt.date(2026, 12, 15)),
        ("today", THU),
        (" Yesterday ", THU - dt.timedelta(days=1)),
        ("TOMORROW", FRI),
        ("+3d", THU + dt.timedelta(days=3)),
        ("-2d", TUE),
        ("+2w", THU + dt.timedelta(weeks=2)),
        ("-1w", THU - dt.timedelta(weeks=1)),
        ("+ 3 d", THU + dt.timedelta(days=3)),
        ("last tuesday", TUE),
        ("last tue", TUE),
        ("next friday", FRI),
        ("next  Fri", FRI),
        ("last thursday", THU - dt.timedelta(days=7)),  # "last" is never today
        ("next thursday", THU + dt.timedelta(days=7)),  # nor "next"
    ],
)
def test_date_words_every_form_means_its_day(text: str, expected: dt.date) -> None:
    assert read_date(text, THU) == expected


def test_date_words_a_bare_weekday_follows_the_fields_direction() -> None:
    assert read_date("tuesday", THU, "past") == TUE  # a contact: the last Tuesday
    assert read_date("monday", THU, "future") == MON + dt.timedelta(days=7)  # a due date
    assert read_date("friday", THU, "past") == FRI - dt.timedelta(days=7)
    assert read_date("friday", THU, "future") == FRI
    # Today's own name is today, whichever way the field points.
    assert read_date("thursday", THU, "past") == THU
    assert read_date("thu", THU, "future") == THU


def test_date_words_a_bare_weekday_without_a_direction_is_refused_with_what_to_say() -> None:
    with pytest.raises(DateWordError, match="say 'last monday' or 'next monday'"):
        read_date("monday", THU)
    assert parse_date("monday", THU) is None


def test_date_words_a_typo_says_what_was_meant() -> None:
    with pytest.raises(DateWordError, match="did you mean 'yesterday'"):
        read_date("yesterdy", THU)
    with pytest.raises(DateWordError, match="did you mean 'last tuesday'"):
        read_date("last tusday", THU)
    with pytest.raises(DateWordError, match="not a date like 2026-11-20, today"):
        read_date("next week", THU)


@pytest.mark.parametrize("text", ["9999-12-31", "-99999w", "-50000d", "0001-01-01"])
def test_date_words_out_of_range_is_an_error_not_a_crash(text: str) -> None:
    with pytest.raises(DateWordError, match="out of range"):
        read_date(text, THU)


def test_date_words_the_forms_and_the_command_line_share_the_parser() -> None:
    from pilotdesk.cli import common
    from pilotdesk.ui.modals import form, sign_off

    assert form.parse_date is dates.parse_date
    assert sign_off.parse_date is dates.parse_date
    assert common.read_date is dates.read_date


def test_date_words_every_date_field_of_the_forms_has_a_direction_and_the_hint() -> None:
    from pilotdesk.domain.model import Pilot
    from pilotdesk.ui.panes import forms

    pilot = Pilot.model_validate({"pilot": {"title": "T", "prospect": "P", "product": "X"}})
    fields = [
        *forms.stakeholder_fields(pilot, True),
        *forms.checklist_fields(pilot, True),
        *forms.commitment_fields(pilot),
    ]
    dated = {f.key: f for f in fields if f.kind == "date"}
    assert set(dated) == {"last_contact", "due", "first_po_expected", "commitment_met_on"}
    assert dated["last_contact"].direction == dated["commitment_met_on"].direction == "past"
    assert "yesterday" in dated["last_contact"].placeholder
    for key in ("due", "first_po_expected"):
        assert dated[key].direction == "future"
        assert "+2w" in dated[key].placeholder


async def test_date_words_a_stakeholders_last_contact_typed_as_a_weekday_is_the_last_one(
    open_workbook: Any,
) -> None:
    # The workbook's clock is pinned to Sunday 2026-11-22: "thursday" is the 19th, "-4d" the
    # 18th, "last sunday" the 15th.
    from textual.widgets import Input

    from pilotdesk.ui.modals.form import FormModal

    for typed, day in (
        ("thursday", dt.date(2026, 11, 19)),
        ("-4d", dt.date(2026, 11, 18)),
        ("last sunday", dt.date(2026, 11, 15)),
    ):
        async with open_workbook() as wb:
            await wb.pilot.press("2", "enter")
            form = await on(wb, FormModal)
            form.query_one("#field-last_contact", Input).focus()
            await wb.pilot.pause()
            await replace_focused(wb, typed)
            assert wb.app.focused.value == typed
            await wb.pilot.press("ctrl+s")
            await until(wb.pilot, lambda: not isinstance(wb.app.screen, FormModal), "form closed")
            before = {
                p["id"]: p.get("last_contact") for p in tomllib.loads(wb.original)["stakeholders"]
            }
            after = {
                p["id"]: p.get("last_contact") for p in tomllib.loads(wb.text())["stakeholders"]
            }
            changed = {k: v for k, v in after.items() if before[k] != v}
            assert list(changed.values()) == [day], typed


async def until(pilot: Any, test: Any, what: str) -> None:
    for _ in range(100):
        if test():
            return
        await pilot.pause(0.02)
    raise AssertionError(f"timed out waiting for {what}")


async def on(wb: Any, kind: type) -> Any:
    await until(
        wb.pilot, lambda: isinstance(wb.app.screen, kind) and wb.app.screen.is_mounted, "form"
    )
    return wb.app.screen


async def replace_focused(wb: Any, text: str) -> None:
    from textual import events

    await wb.pilot.press("home", "ctrl+k")
    wb.app.focused.post_message(events.Paste(text))
    await wb.pilot.pause()

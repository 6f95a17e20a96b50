"""The calendar as a calendar shows it (issue 27, point 10): summaries start with the prospect's
short name, done and skipped items are no events, the time-box's start is there, and the
48-hour follow-up is a moment in UTC, not a floating time."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest
from icalendar import Calendar

from pilotdesk.pilotfile.read import read_file
from pilotdesk.reports.calendar import calendar, short_name

NORDHAVN = Path(__file__).parent / "golden" / "nordhavn_power_module.toml"
STAMP = dt.datetime(2026, 12, 6, tzinfo=dt.UTC)


def _events() -> dict[str, object]:
    pilot = read_file(NORDHAVN)[1].pilot
    events = Calendar.from_ical(calendar([pilot], STAMP)).walk("VEVENT")
    return {str(e["SUMMARY"]): e["DTSTART"].dt for e in events}


def test_calendar_summaries_start_with_the_short_prospect_name() -> None:
    found = _events()
    assert all(summary.startswith("Nordhavn: ") for summary in found), list(found)
    assert "Nordhavn: Mutual NDA due" in found
    assert short_name("Nordhavn Heavy Commercial Vehicles Aktiebolag") == "Nordhavn"
    assert short_name("Acme Robotics Inc.") == "Acme Robotics"


def test_calendar_leaves_out_done_and_skipped_items_and_has_the_start() -> None:
    found = _events()
    # done by the record (the sponsor is named, the agreement signed): nothing is owed
    assert not any("Commercial sponsor identified" in s for s in found)
    assert not any("Evaluation agreement signed" in s for s in found)
    assert found["Nordhavn: Voltaris VX-900 pilot starts"] == dt.date(2026, 11, 9)


@pytest.fixture
def stockholm(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("TZ", "Europe/Stockholm")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_calendar_follow_up_is_a_moment_in_utc_not_a_floating_time(stockholm) -> None:
    follow_up = _events()["Nordhavn: Technical Win follow-up"]
    assert isinstance(follow_up, dt.datetime) and follow_up.tzinfo is not None
    # 15:00 in Stockholm (UTC+1 in December), as the file says it
    assert follow_up == dt.datetime(2026, 12, 8, 14, 0, tzinfo=dt.UTC)

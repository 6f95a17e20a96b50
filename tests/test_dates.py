"""Tests for pilotdesk.domain.deadlines: business days, the 48-hour follow-up, the prove-by date."""

from __future__ import annotations

import datetime as dt

import pytest

from pilotdesk.domain.deadlines import (
    add_business_days,
    days_between,
    follow_up_deadline,
    is_business_day,
    long_date,
    long_datetime,
    prove_by_date,
)

D = dt.date
T = dt.datetime

# Week of 2026-11-16: Mon 16 ... Thu 19, Fri 20, Sat 21, Sun 22, Mon 23 ... Fri 27.
THU, FRI, SAT, SUN, MON = (
    D(2026, 11, 19),
    D(2026, 11, 20),
    D(2026, 11, 21),
    D(2026, 11, 22),
    D(2026, 11, 23),
)


def test_the_calendar_is_what_these_tests_assume() -> None:
    assert [d.strftime("%a") for d in (THU, FRI, SAT, SUN, MON)] == [
        "Thu",
        "Fri",
        "Sat",
        "Sun",
        "Mon",
    ]


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (THU, 1, FRI),
        (THU, 2, MON),
        (THU, 5, D(2026, 11, 26)),  # Thursday -> next Thursday
        (FRI, 1, MON),
        (FRI, 5, D(2026, 11, 27)),  # Friday -> next Friday
        (FRI, 10, D(2026, 12, 4)),
        (SAT, 1, MON),  # from a Saturday, counting starts on Monday
        (SAT, 5, D(2026, 11, 27)),
        (SUN, 1, MON),
        (SUN, 5, D(2026, 11, 27)),
        (SUN, 6, D(2026, 11, 30)),
        (MON, 4, D(2026, 11, 27)),
        (MON, 5, D(2026, 11, 30)),
    ],
)
def test_add_business_days_skips_weekends(start: dt.date, n: int, expected: dt.date) -> None:
    assert add_business_days(start, n) == expected


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (MON, -1, FRI),
        (SAT, -1, FRI),
        (SUN, -1, FRI),
        (D(2026, 11, 27), -5, FRI),
        (THU, -4, D(2026, 11, 13)),
    ],
)
def test_add_business_days_backwards(start: dt.date, n: int, expected: dt.date) -> None:
    assert add_business_days(start, n) == expected


@pytest.mark.parametrize("start", [THU, SAT, SUN])
def test_zero_business_days_is_the_start_itself(start: dt.date) -> None:
    assert add_business_days(start, 0) == start


def _one_day_at_a_time(start: dt.date, n: int) -> dt.date:
    step = 1 if n > 0 else -1
    day, left = start, abs(n)
    while left:
        day += dt.timedelta(days=step)
        if day.weekday() < 5:
            left -= 1
    return day


def test_add_business_days_agrees_with_counting_day_by_day() -> None:
    for offset in range(14):
        start = D(2026, 12, 21) + dt.timedelta(days=offset)  # spans the year end
        for n in range(-23, 24):
            got = add_business_days(start, n)
            assert got == _one_day_at_a_time(start, n), (start, n)
            if n:
                assert is_business_day(got), (start, n)


def test_a_year_of_business_days() -> None:
    assert add_business_days(D(2026, 1, 5), 260) == D(2027, 1, 4)  # 52 weeks, Monday to Monday


def test_is_business_day() -> None:
    assert [is_business_day(d) for d in (THU, FRI, SAT, SUN, MON)] == [
        True,
        True,
        False,
        False,
        True,
    ]


@pytest.mark.parametrize(
    ("asked_on", "expected"),
    [
        (T(2026, 12, 8, 16, 5), T(2026, 12, 10, 16, 5)),  # Tuesday -> Thursday: 48 hours
        (T(2026, 12, 10, 16, 5), T(2026, 12, 14, 16, 5)),  # Thursday -> Saturday -> Monday
        (T(2026, 11, 20, 16, 5), T(2026, 11, 23, 16, 5)),  # Friday -> Sunday -> Monday
        (T(2026, 11, 21, 9, 0), T(2026, 11, 23, 9, 0)),  # Saturday -> Monday
        (T(2026, 11, 19, 12, 17), T(2026, 11, 23, 12, 17)),  # the Saturday 12:17
        (T(2026, 12, 29, 23, 30), T(2026, 12, 31, 23, 30)),  # across the year end
    ],
)
def test_deadlines_on_working_days_follow_up_moves_off_the_weekend(
    asked_on: dt.datetime, expected: dt.datetime
) -> None:
    # issue 14, point 3: 48 hours, then the next working day at the same time
    assert follow_up_deadline(asked_on) == expected


def test_follow_up_keeps_the_time_zone() -> None:
    tz = dt.timezone(dt.timedelta(hours=-5))
    got = follow_up_deadline(T(2026, 11, 20, 16, 5, tzinfo=tz))
    assert got == T(2026, 11, 23, 16, 5, tzinfo=tz)
    assert got.tzinfo is tz


@pytest.mark.parametrize(
    ("asked_on", "holidays", "expected"),
    [
        # Thanksgiving, Thursday 26 November 2026, in the US
        (T(2026, 11, 24, 16, 5), "US", T(2026, 11, 27, 16, 5)),
        (T(2026, 11, 24, 16, 5), "", T(2026, 11, 26, 16, 5)),
        (T(2026, 11, 24, 16, 5), "DE-BY", T(2026, 11, 26, 16, 5)),
        # Christmas and St Stephen's Day in Germany: Thursday 24 -> Monday 28 December
        (T(2026, 12, 22, 10, 0), "DE-BY", T(2026, 12, 24, 10, 0)),
        (T(2026, 12, 23, 10, 0), "DE-BY", T(2026, 12, 28, 10, 0)),
        # Epiphany (6 January) is a holiday in Bavaria, not in Berlin
        (T(2027, 1, 4, 10, 0), "DE-BY", T(2027, 1, 7, 10, 0)),
        (T(2027, 1, 4, 10, 0), "DE-BE", T(2027, 1, 6, 10, 0)),
    ],
)
def test_deadlines_on_working_days_follow_up_skips_public_holidays(
    asked_on: dt.datetime, holidays: str, expected: dt.datetime
) -> None:
    assert follow_up_deadline(asked_on, holidays) == expected


@pytest.mark.parametrize(
    ("asked_on", "holidays", "expected"),
    [
        (T(2026, 11, 20, 16, 5), "", D(2026, 11, 27)),
        (T(2026, 11, 20, 16, 5), "US", D(2026, 11, 30)),  # Thanksgiving is not a business day
        (T(2026, 12, 21, 9, 0), "US", D(2026, 12, 29)),  # Christmas Day off
        (T(2027, 1, 4, 9, 0), "DE-BY", D(2027, 1, 12)),  # Epiphany off in Bavaria
        (T(2027, 1, 4, 9, 0), "DE-BE", D(2027, 1, 11)),  # not in Berlin
    ],
)
def test_deadlines_on_working_days_prove_by_skips_public_holidays(
    asked_on: dt.datetime, holidays: str, expected: dt.date
) -> None:
    assert prove_by_date(asked_on, holidays) == expected
    assert is_business_day(expected, holidays)


@pytest.mark.parametrize(
    ("asked_on", "expected"),
    [
        (T(2026, 12, 10, 16, 5), D(2026, 12, 17)),  # Thursday -> next Thursday
        (T(2026, 11, 19, 8, 0), D(2026, 11, 26)),
        (T(2026, 11, 20, 23, 59), D(2026, 11, 27)),  # Friday -> next Friday
        (T(2026, 11, 21, 10, 0), D(2026, 11, 27)),  # Saturday: Mon..Fri is five
        (T(2026, 11, 22, 0, 1), D(2026, 11, 27)),  # Sunday too
        (D(2026, 11, 21), D(2026, 11, 27)),  # a plain date works as well
    ],
)
def test_prove_by_is_five_business_days_after_the_date(
    asked_on: dt.datetime, expected: dt.date
) -> None:
    got = prove_by_date(asked_on)
    assert got == expected
    assert type(got) is dt.date


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (D(2026, 11, 20), D(2026, 11, 27), 7),
        (D(2026, 11, 27), D(2026, 11, 20), -7),
        (D(2026, 11, 20), D(2026, 11, 20), 0),
        (T(2026, 11, 20, 23, 59), T(2026, 11, 21, 0, 1), 1),  # across midnight counts as a day
        (T(2026, 11, 20, 0, 1), T(2026, 11, 20, 23, 59), 0),
        (D(2026, 11, 20), T(2026, 12, 11, 9, 0), 21),  # mixed
        (D(2026, 12, 31), D(2027, 1, 1), 1),
    ],
)
def test_days_between(a: dt.date, b: dt.date, expected: int) -> None:
    assert days_between(a, b) == expected


def test_long_dates_are_english_and_unpadded() -> None:
    assert long_date(D(2026, 12, 3)) == "Thursday 3 December"
    assert long_date(D(2027, 1, 4), year=True) == "Monday 4 January 2027"
    assert long_datetime(T(2026, 12, 10, 16, 5)) == "Thursday 10 December, 16:05"
    assert long_datetime(T(2026, 11, 22, 9, 0), year=True) == "Sunday 22 November 2026, 09:00"

"""Calendar arithmetic for the Technical Win review.

Two deadlines come from the review (see ``shared/seeds``, "Declaring the Technical Win"):

* **"Yes, but…"** — the open concern gets a focused follow-up *within 48 hours*:
  :func:`follow_up_deadline`. 48 hours later, at the same time of day; when that falls on a day
  the prospect does not work (a weekend, a public holiday), on the next working day at that
  time: a review on Thursday 16:05 is followed up by Monday 16:05, not Saturday, since nobody
  will read the follow-up on Saturday.
* **"We need more time"** — the unproven criteria must be proven *in the next 5 business days*:
  :func:`prove_by_date`.

Business days are Monday to Friday except the prospect's public holidays, when the file names
their calendar (``[pilot] holidays = "US"``; see :mod:`pilotdesk.domain.workdays`). Every
function that counts days takes that code as ``holidays`` ("" for weekends only).
:func:`due` is the one place that says when a recorded verdict must be followed up: the date
written in the file, else the rule's. The email, the header and readiness all ask it.

Dates and times are the naive local values of the pilot file; nothing here converts time zones.
The ``long_*`` helpers spell dates in English whatever the machine's locale, so that the email
reads the same on every computer.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from pilotdesk.domain.errors import DateOutOfRange
from pilotdesk.domain.model import Pilot
from pilotdesk.domain.workdays import is_working_day

__all__ = [
    "FOLLOW_UP_HOURS",
    "PROVE_BUSINESS_DAYS",
    "add_business_days",
    "days_between",
    "due",
    "follow_up_deadline",
    "is_business_day",
    "long_date",
    "long_datetime",
    "next_working_day",
    "prove_by_date",
]

#: "Yes, but…": follow up on the concern within this many (calendar) hours.
FOLLOW_UP_HOURS = 48
#: "We need more time": prove the remaining criteria within this many business days.
PROVE_BUSINESS_DAYS = 5

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def is_business_day(day: dt.date, holidays: str = "") -> bool:
    """Monday to Friday, and not one of the ``holidays`` calendar's public holidays."""
    return is_working_day(day, holidays)


_P = ParamSpec("_P")
_T = TypeVar("_T")


def _no_overflow(compute: Callable[_P, _T]) -> Callable[_P, _T]:
    """A deadline past 9999-12-31 is a :class:`DateOutOfRange` saying so, not a traceback
    (the file reader keeps dates far from it; this is the arithmetic's own guard)."""

    @functools.wraps(compute)
    def guarded(*args: _P.args, **kwargs: _P.kwargs) -> _T:
        try:
            return compute(*args, **kwargs)
        except OverflowError:
            raise DateOutOfRange(
                f"{compute.__name__.replace('_', ' ')} of {args[0]} is past the last date "
                "pilotdesk can compute (9999-12-31)"
            ) from None

    return guarded


@_no_overflow
def add_business_days(start: dt.date, n: int, holidays: str = "") -> dt.date:
    """The date ``n`` business days after ``start``; before it when ``n`` < 0.

    Counting starts on the next business day: 1 business day after a Friday is the Monday,
    5 after a Friday is the next Friday. A start on a day off counts as the business day before
    it (after it, counting backwards), so 1 business day after Saturday 2026-11-21 is Monday
    2026-11-23 and 5 is Friday 2026-11-27. The result is always a business day, except for
    ``n == 0``, which returns ``start`` unchanged. Public holidays of ``holidays`` are skipped.
    """
    step = 1 if n > 0 else -1
    day = start
    for _ in range(abs(n)):
        day += dt.timedelta(days=step)
        while not is_working_day(day, holidays):
            day += dt.timedelta(days=step)
    return day


def next_working_day(day: dt.date, holidays: str = "") -> dt.date:
    """``day`` itself when it is a business day, else the first business day after it."""
    while not is_working_day(day, holidays):
        day += dt.timedelta(days=1)
    return day


@_no_overflow
def follow_up_deadline(asked_on: dt.datetime, holidays: str = "") -> dt.datetime:
    """When a "Yes, but…" concern must have had its follow-up.

    48 hours after ``asked_on``; on a day off, the next business day at the same time
    (Thursday 2026-12-10 16:05 -> Monday 2026-12-14 16:05; Tuesday 16:05 -> Thursday 16:05;
    with ``holidays="US"``, Tuesday 2026-11-24 16:05 -> Friday 2026-11-27 16:05, the Thursday
    being Thanksgiving).
    """
    moment = asked_on + dt.timedelta(hours=FOLLOW_UP_HOURS)
    day = next_working_day(moment.date(), holidays)
    return moment + dt.timedelta(days=(day - moment.date()).days)


def prove_by_date(asked_on: dt.datetime | dt.date, holidays: str = "") -> dt.date:
    """When "We need more time" runs out: 5 business days after the date of ``asked_on``.

    The time of day does not matter (Thursday 2026-12-10 -> Thursday 2026-12-17; Friday
    2026-11-20 -> Friday 2026-11-27); see :func:`add_business_days` for days off.
    """
    return add_business_days(_day(asked_on), PROVE_BUSINESS_DAYS, holidays)


def due(pilot: Pilot) -> dt.datetime | dt.date | None:
    """When the recorded verdict must be followed up: a date-time for "Yes, but…", a date for
    "We need more time", None for the others (or no verdict).

    The file's ``follow_up_by`` / ``prove_by`` when written; else the rule, with the pilot's
    holiday calendar.
    """
    win = pilot.technical_win
    if win is None:
        return None
    if win.verdict == "yes_but":
        return win.follow_up_by or follow_up_deadline(win.asked_on, pilot.pilot.holidays)
    if win.verdict == "more_time":
        return win.prove_by or prove_by_date(win.asked_on, pilot.pilot.holidays)
    return None


def days_between(a: dt.date | dt.datetime, b: dt.date | dt.datetime) -> int:
    """Calendar days from ``a`` to ``b``: positive when ``b`` is later, 0 on the same day.

    A date-time counts as its date, so 23:59 to 00:01 the next morning is 1 day and two times on
    the same day are 0 days apart. Dates and date-times may be mixed.
    """
    return (_day(b) - _day(a)).days


def long_date(day: dt.date, *, year: bool = False) -> str:
    """``Thursday 17 December`` (``Thursday 17 December 2026`` with ``year``), in English."""
    text = f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]}"
    return f"{text} {day.year}" if year else text


def long_datetime(moment: dt.datetime, *, year: bool = False) -> str:
    """``Thursday 10 December, 16:05`` (24-hour clock, the time as written), in English."""
    return f"{long_date(moment, year=year)}, {moment.hour:02d}:{moment.minute:02d}"


def _day(value: dt.date | dt.datetime) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value

"""Calendar arithmetic for the Technical Win review.

Two deadlines come from the review (see ``shared/seeds``, "Declaring the Technical Win"):

* **"Yes, but…"** — the open concern gets a focused follow-up *within 48 hours*:
  :func:`follow_up_deadline`. These are calendar hours, weekends included (a review on a
  Thursday at 16:05 is followed up by Saturday 16:05), because the point is that the "but" does
  not sit unresolved over a weekend.
* **"We need more time"** — the unproven criteria must be proven *in the next 5 business days*:
  :func:`prove_by_date`. Business days are Monday to Friday; public holidays are not known to
  pilotdesk and count as business days.

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

__all__ = [
    "FOLLOW_UP_HOURS",
    "PROVE_BUSINESS_DAYS",
    "add_business_days",
    "days_between",
    "follow_up_deadline",
    "is_business_day",
    "long_date",
    "long_datetime",
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


def is_business_day(day: dt.date) -> bool:
    """Monday to Friday."""
    return day.weekday() < 5


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
def add_business_days(start: dt.date, n: int) -> dt.date:
    """The date ``n`` business days (Monday–Friday) after ``start``; before it when ``n`` < 0.

    Counting starts on the next business day: 1 business day after a Friday is the Monday,
    5 after a Friday is the next Friday. A weekend start counts as if it were the Friday before
    (the Monday after, when counting backwards), so 1 business day after Saturday 2026-11-21 is
    Monday 2026-11-23 and 5 is Friday 2026-11-27. The result is never a Saturday or a Sunday,
    except for ``n == 0``, which returns ``start`` unchanged. Holidays are not skipped.
    """
    if n == 0:
        return start
    step = 1 if n > 0 else -1
    day = start
    weekday = day.weekday()
    if weekday >= 5:  # a weekend start: move to the weekday it counts as
        day += dt.timedelta(days=(4 - weekday) if step > 0 else (7 - weekday))
    weeks, rest = divmod(abs(n), 5)
    day += dt.timedelta(weeks=weeks * step)  # five business days are one calendar week
    for _ in range(rest):
        day += dt.timedelta(days=step)
        while day.weekday() >= 5:
            day += dt.timedelta(days=step)
    return day


@_no_overflow
def follow_up_deadline(asked_on: dt.datetime) -> dt.datetime:
    """When a "Yes, but…" concern must have had its follow-up: 48 hours after ``asked_on``.

    Calendar hours, weekends included: the same time of day, two days later
    (Thursday 2026-12-10 16:05 -> Saturday 2026-12-12 16:05; Friday 16:05 -> Sunday 16:05).
    """
    return asked_on + dt.timedelta(hours=FOLLOW_UP_HOURS)


def prove_by_date(asked_on: dt.datetime | dt.date) -> dt.date:
    """When "We need more time" runs out: 5 business days after the date of ``asked_on``.

    The time of day does not matter (Thursday 2026-12-10 -> Thursday 2026-12-17; Friday
    2026-11-20 -> Friday 2026-11-27); see :func:`add_business_days` for weekends.
    """
    return add_business_days(_day(asked_on), PROVE_BUSINESS_DAYS)


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

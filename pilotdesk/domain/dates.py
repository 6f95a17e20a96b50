"""Dates as a person types them: one reader for the workbook's forms and the command line.

An SE logs Tuesday's call on Thursday, or sets a due date "in two weeks", in a meeting; an ISO
date is exact but slow to type. Both places accept the same words, so what works in a form works
in ``pilotdesk contact --on`` and the other way round:

* ``2026-11-20`` (ISO);
* ``today``, ``yesterday``, ``tomorrow``;
* ``+3d``, ``-2d``, ``+2w``, ``-1w``: days or weeks from today;
* ``monday`` … ``sunday`` (or ``mon``, ``tue`` …): the nearest such day *in the field's
  direction*, today included: the past for a contact (``contact --on friday``), the future for a
  due date; a field with no direction (``--today``) refuses the bare name as ambiguous;
* ``last monday``: strictly before today (1 to 7 days back); ``next monday``: strictly after
  (1 to 7 days ahead); these work in every field.

Pure: the caller gives ``today`` (the workbook's clock, or the machine's date).
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from typing import Literal

from pilotdesk.domain.limits import date_in_range, range_words

__all__ = [
    "DATE_WORDS",
    "FUTURE_HINT",
    "PAST_HINT",
    "Direction",
    "DateWordError",
    "parse_date",
    "read_date",
]

#: Which way a bare weekday name points: ``past`` (contacts), ``future`` (due dates), or
#: ``None`` (no way to tell: the bare name is refused, "last"/"next" are not).
Direction = Literal["past", "future"] | None

#: The forms, in a few words: every ``--help`` and form hint that takes a date says this.
DATE_WORDS = "2026-11-20, today, yesterday, tomorrow, +3d, -2d, +2w, monday, last friday"

#: A form's hint for a date in the past (a contact), and in the future (a due date).
PAST_HINT = "2026-11-20, today, yesterday, -2d, monday, last friday"
FUTURE_HINT = "2026-12-15, today, tomorrow, +3d, +2w, friday, next monday"

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_SHORT = {
    "mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3,
    "fri": 4, "sat": 5, "sun": 6,
}  # fmt: skip
_RELATIVE = re.compile(r"^([+-])\s*(\d{1,5})\s*([dw])$")
_WORDS = ("today", "yesterday", "tomorrow", *WEEKDAYS)


class DateWordError(ValueError):
    """Text that is no date pilotdesk reads, with what was probably meant."""


def parse_date(text: str, today: dt.date, direction: Direction = None) -> dt.date | None:
    """The date ``text`` means, or None when it is none of the forms (see the module)."""
    try:
        return read_date(text, today, direction)
    except DateWordError:
        return None


def read_date(text: str, today: dt.date, direction: Direction = None) -> dt.date:
    """The date ``text`` means; :class:`DateWordError` says why not, in words for a person."""
    words = " ".join(text.strip().lower().split())
    day = _read(words, today, direction)
    if not date_in_range(day):
        raise DateWordError(
            f"{text.strip()} is out of range: pilotdesk reads dates {range_words()}"
        )
    return day


def _read(words: str, today: dt.date, direction: Direction) -> dt.date:
    fixed = {
        "today": today,
        "yesterday": today - dt.timedelta(days=1),
        "tomorrow": today + dt.timedelta(days=1),
    }
    if words in fixed:
        return fixed[words]
    relative = _RELATIVE.match(words)
    if relative:
        sign, count, unit = relative.groups()
        days = int(count) * (7 if unit == "w" else 1) * (-1 if sign == "-" else 1)
        try:
            return today + dt.timedelta(days=days)
        except OverflowError:
            raise DateWordError(
                f"{words} is out of range: pilotdesk reads dates {range_words()}"
            ) from None
    which, _, name = words.rpartition(" ")
    weekday = _weekday(name)
    if weekday is not None and which in ("", "last", "next"):
        return _nearest(today, weekday, which, direction, name)
    try:
        return dt.date.fromisoformat(words)
    except ValueError:
        pass
    near = difflib.get_close_matches(name, _WORDS, n=1, cutoff=0.6)
    hint = f"; did you mean {((which + ' ') if which else '') + near[0]!r}?" if near else ""
    raise DateWordError(f"{words!r} is not a date like {DATE_WORDS}{hint}")


def _weekday(name: str) -> int | None:
    if name in WEEKDAYS:
        return WEEKDAYS.index(name)
    return _SHORT.get(name)


def _nearest(today: dt.date, weekday: int, which: str, direction: Direction, name: str) -> dt.date:
    back = (today.weekday() - weekday) % 7  # 0..6 days ago
    ahead = (weekday - today.weekday()) % 7  # 0..6 days on
    if which == "last":
        return today - dt.timedelta(days=back or 7)
    if which == "next":
        return today + dt.timedelta(days=ahead or 7)
    if direction == "past":
        return today - dt.timedelta(days=back)
    if direction == "future":
        return today + dt.timedelta(days=ahead)
    raise DateWordError(
        f"{name!r} could be last week's or next week's: say 'last {name}' or 'next {name}'"
    )

"""The dates pilotdesk accepts, in one place.

Python's dates end at 9999-12-31, and the review's deadlines are computed from the dates of a
file (48 hours, five business days on): a date near that end would overflow. Real pilots are
dated in living memory; everything from 1900 to 9000 is accepted, which keeps every deadline
and every "days left" far inside what Python can compute.
"""

from __future__ import annotations

import datetime as dt

FIRST_DATE = dt.date(1900, 1, 1)
LAST_DATE = dt.date(9000, 12, 31)


def date_in_range(value: dt.date) -> bool:
    """True when ``value`` (a date or a date-time) is one pilotdesk computes with."""
    day = value.date() if isinstance(value, dt.datetime) else value
    return FIRST_DATE <= day <= LAST_DATE


def range_words() -> str:
    """``from 1900-01-01 to 9000-12-31``, for messages."""
    return f"from {FIRST_DATE.isoformat()} to {LAST_DATE.isoformat()}"

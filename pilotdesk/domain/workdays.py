"""Which days the prospect works: weekends off, and their public holidays when the file names them.

``[pilot] holidays = "US"`` (a country) or ``"DE-BY"`` (a country and a subdivision) names the
prospect's public holidays; they come from the ``holidays`` package, which tracks the rules of
every country (moving feasts, substitute days, new holidays) far better than a list pilotdesk
could keep. It is the only package outside the standard library and pydantic that the domain
uses, and it is imported only when a file names a calendar, so ``pilotdesk check`` on a file
without one pays nothing for it.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from functools import cache
from typing import Any

__all__ = ["calendar_problem", "is_working_day"]

_CODE = re.compile(r"([A-Za-z]{2})(?:-([A-Za-z0-9]{1,4}))?")


def _split(code: str) -> tuple[str, str | None]:
    found = _CODE.fullmatch(code.strip())
    if found is None:
        raise ValueError(code)
    country, subdivision = found.group(1).upper(), found.group(2)
    return country, subdivision.upper() if subdivision else None


@cache
def _countries() -> frozenset[str]:
    """The country codes the package knows, from its registry: no country module is loaded."""
    from holidays import registry  # lazily: a file without a calendar never pays for the import

    return frozenset(entry[1] for entry in registry.COUNTRIES.values())


@cache
def _subdivisions(country: str) -> tuple[str, ...]:
    """The subdivision codes of one known country (loads that country's module only)."""
    import holidays

    return tuple(getattr(holidays, country).subdivisions)


def calendar_problem(code: str) -> str | None:
    """Why ``code`` names no holiday calendar (None: it does, or it is empty)."""
    if not code.strip():
        return None
    example = 'a country code like "US", or a country and a subdivision like "DE-BY"'
    try:
        country, subdivision = _split(code)
    except ValueError:
        return f"{code!r} is not {example}"
    countries = _countries()
    if country not in countries:
        near = difflib.get_close_matches(country, sorted(countries), n=1, cutoff=0.5)
        hint = f"; did you mean {near[0]!r}?" if near else ""
        return f"{country!r} is not a country the holidays calendar knows ({example}){hint}"
    if subdivision is not None:
        known = _subdivisions(country)
        subdivisions = [s.upper() for s in known]
        if subdivision not in subdivisions:
            shown = ", ".join(known[:12])
            more = ", …" if len(subdivisions) > 12 else ""
            return (
                f"{subdivision!r} is not a subdivision of {country} (known: {shown}{more})"
                if subdivisions
                else f"{country} has no subdivisions in the holidays calendar; write {country!r}"
            )
    return None


@cache
def _calendar(code: str) -> Any:
    import holidays

    country, subdivision = _split(code)
    names = {s.upper(): s for s in _subdivisions(country)}
    return holidays.country_holidays(
        country, subdiv=names.get(subdivision) if subdivision else None
    )


def is_working_day(day: dt.date, holidays: str = "") -> bool:
    """Monday to Friday, and not a public holiday of the calendar ``holidays`` names ("" none).

    An unknown calendar counts as none: files are validated when read (:func:`calendar_problem`),
    so only a caller's own mistake gets here, and a deadline is better a day early than a crash.
    """
    if day.weekday() >= 5:
        return False
    if not holidays.strip() or calendar_problem(holidays) is not None:
        return True
    return day not in _calendar(holidays.strip())

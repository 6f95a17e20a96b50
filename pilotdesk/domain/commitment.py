"""The second clock: what the prospect committed to do after a Technical Win, and by when.

Seed 000 ("Why the pilot was perfect and the deal still died") says a pilot needs a commercial
timeline attached from the start: "if results are positive, procurement will initiate supplier
qualification within 30 days". ``[commercial].if_positive`` records that sentence; this module
gives it its clock, and is the one place every view reads it from (the header, ``check``'s
summary, readiness, the reports, the status rows, the board):

* **When it starts.** A "Yes" (``[technical_win] verdict = "yes"``) starts the clock at the
  date of its ``asked_on``. A "Yes, but…" does not: it is resolved by recording the final
  verdict again (``w``), and that "Yes", with its own ``asked_on``, starts the clock.
* **How long.** ``[commercial].within_days`` (calendar days); without it, the number the
  commitment's text gives ("within 30 days", "within 4 weeks", "within a month" is not read:
  months differ), and :attr:`Clock.source` says it was read from the text so every view can say
  so.
* **When it stops.** ``[commercial].commitment_met_on`` (the committed step happened), or the
  pilot's close-out (``[close_out]``): the clock ends, whatever became of it.

Also here: when the handoff to the AE is due (:func:`handoff_due`) and whether the commercial
track has been quiet since the win (:func:`last_commercial_activity`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from pilotdesk.domain.deadlines import add_business_days, long_date
from pilotdesk.domain.model import MAX_WITHIN_DAYS, Pilot

__all__ = [
    "HANDOFF_WORKING_DAYS",
    "QUIET_AFTER_WIN_DAYS",
    "Clock",
    "State",
    "by_words",
    "clock",
    "days_in_text",
    "due_date",
    "handoff_due",
    "last_commercial_activity",
]

#: The handoff to the AE is due this many working days after a "Yes" (seed 002: "the SE
#: schedules the internal handoff" straight after the review).
HANDOFF_WORKING_DAYS = 3
#: The commercial track is quiet after a win when nothing happened on it for this many days.
QUIET_AFTER_WIN_DAYS = 14

State = Literal["none", "running", "met", "overdue"]
STATES: tuple[State, ...] = ("none", "running", "met", "overdue")

_WITHIN = re.compile(
    r"\bwithin\s+(?:the\s+next\s+)?(\d{1,4}|[a-z]+)\s+(calendar\s+|business\s+|working\s+)?"
    r"(days?|weeks?)\b",
    re.IGNORECASE,
)
_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "twelve": 12, "fourteen": 14, "fifteen": 15, "twenty": 20,
    "thirty": 30, "forty": 40, "forty-five": 45, "sixty": 60, "ninety": 90, "a": 1,
}  # fmt: skip


def days_in_text(text: str) -> int | None:
    """The calendar days a commitment's text gives: "within 30 days" -> 30, "within 4 weeks"
    -> 28, "within two weeks" -> 14; None when it names none (or an impossible number).

    "business days" and "working days" are read as calendar days: a rough clock is better than
    none, and the file's ``within_days`` says it exactly when it matters."""
    match = _WITHIN.search(text)
    if match is None:
        return None
    number, _, unit = match.groups()
    count = int(number) if number.isdigit() else _NUMBERS.get(number.lower())
    if count is None:
        return None
    days = count * (7 if unit.lower().startswith("week") else 1)
    return days if 1 <= days <= MAX_WITHIN_DAYS else None


@dataclass(frozen=True)
class Clock:
    """The commitment's clock for one pilot, as of ``today``.

    ``started`` is None until a "Yes" is recorded; ``days`` None when neither the file nor the
    text gives a number ("no clock"); ``due`` is ``started + days``.
    """

    commitment: str
    started: dt.date | None
    days: int | None
    #: "file" (``within_days``), "text" (read from ``if_positive``) or "" (no number).
    source: str
    due: dt.date | None
    met_on: dt.date | None
    closed: bool
    state: State
    #: Days past ``due`` (0 unless overdue).
    days_overdue: int
    #: Days left to ``due`` while running (0 on the due date).
    days_left: int

    @property
    def has_clock(self) -> bool:
        return self.days is not None

    def length_words(self) -> str:
        """``30 days`` or ``30 days, read from the commitment's text``; "" without a number."""
        if self.days is None:
            return ""
        words = f"{self.days} day{'' if self.days == 1 else 's'}"
        return f"{words}, read from the commitment's text" if self.source == "text" else words

    def since_words(self) -> str:
        """``30 days after the Technical Win of 2026-10-20`` (``, read from the commitment's
        text`` when it was); "" until the clock has started or without a number."""
        if self.started is None or self.days is None:
            return ""
        words = f"{_days(self.days)} after the Technical Win of {self.started.isoformat()}"
        return words + (", read from the commitment's text" if self.source == "text" else "")

    def status_words(self) -> str:
        """The clock in a few words: ``due 2026-11-30 (5 days left)``, ``17 days overdue (due
        2026-10-20)``, ``met on 2026-11-02 (due 2026-11-30)``; "" when it has not started."""
        if self.started is None or self.due is None:
            if self.started is not None and self.met_on is not None:
                return f"met on {self.met_on.isoformat()}"
            return "no date agreed" if self.started is not None else ""
        due = self.due.isoformat()
        if self.met_on is not None:
            late = (self.met_on - self.due).days
            when = f"{late} day{'' if late == 1 else 's'} late" if late > 0 else "on time"
            return f"met on {self.met_on.isoformat()} ({when}; due {due})"
        if self.state == "overdue":
            return f"{_days(self.days_overdue)} overdue (due {due})"
        if self.closed:
            return f"ended by the close-out (was due {due})"
        if self.days_left == 0:
            return f"due today ({due})"
        return f"due {due} ({_days(self.days_left)} left)"

    def summary(self) -> str:
        """``check``'s summary row: the status and where the number came from."""
        if self.started is None:
            if not self.commitment:
                return "none agreed"
            if self.days is None:
                return "no number of days agreed"
            text = ", read from the commitment's text" if self.source == "text" else ""
            return f"{_days(self.days)} from a Yes{text}"
        since = self.since_words()
        return f"{self.status_words()} · {since}" if since else self.status_words()


def _days(n: int) -> str:
    return "1 day" if n == 1 else f"{n} days"


def clock(pilot: Pilot, today: dt.date) -> Clock:
    """The commitment's clock as of ``today`` (see the module's rules)."""
    commercial, win = pilot.commercial, pilot.technical_win
    commitment = commercial.if_positive.strip()
    days: int | None
    if commercial.within_days is not None:
        days, source = commercial.within_days, "file"
    else:
        days = days_in_text(commitment)
        source = "text" if days is not None else ""
    started = win.asked_on.date() if win is not None and win.verdict == "yes" else None
    due = started + dt.timedelta(days=days) if started is not None and days is not None else None
    met_on, closed = commercial.commitment_met_on, pilot.close_out is not None
    state: State = "none"
    overdue = left = 0
    if started is not None:
        if met_on is not None:
            state = "met"
        elif due is not None and not closed:
            if today > due:
                state, overdue = "overdue", (today - due).days
            else:
                state, left = "running", (due - today).days
    return Clock(commitment, started, days, source, due, met_on, closed, state, overdue, left)


def due_date(pilot: Pilot) -> dt.date | None:
    """The commitment's due date, which does not depend on the day it is asked on (for the
    calendar and a timeline); None before a "Yes" or without a number of days."""
    return clock(pilot, dt.date.min).due


def by_words(pilot: Pilot) -> str:
    """`` (by Thursday 17 December 2026)``: the commitment's due date for a sentence that names
    the commitment (the Technical Win email); "" without one."""
    due = due_date(pilot)
    return "" if due is None else f" (by {long_date(due, year=True)})"


def handoff_due(pilot: Pilot) -> dt.date | None:
    """When the handoff to the AE is due: 3 working days after a "Yes" (our side's working
    days: weekends are skipped, the prospect's holidays are not ours); None without a "Yes"."""
    win = pilot.technical_win
    if win is None or win.verdict != "yes":
        return None
    return add_business_days(win.asked_on.date(), HANDOFF_WORKING_DAYS)


def last_commercial_activity(pilot: Pilot) -> dt.date | None:
    """The latest sign of life on the commercial track since the "Yes": the Yes itself, a
    contact with a prospect stakeholder on the commercial track, a change to the commercial
    checklist (from the ``[[log]]``). None without a "Yes"."""
    win = pilot.technical_win
    if win is None or win.verdict != "yes":
        return None
    dates = [win.asked_on.date()]
    dates += [
        s.last_contact
        for s in pilot.stakeholders
        if s.side == "prospect" and s.track == "commercial" and s.last_contact is not None
    ]
    dates += [e.at.date() for e in pilot.log if e.event.startswith("checklist")]
    return max(dates)

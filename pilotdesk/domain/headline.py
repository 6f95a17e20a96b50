"""The pilot at a glance, in words: shared by the workbook's header and ``pilotdesk check``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pilotdesk.domain import deadlines
from pilotdesk.domain.model import ChecklistItem, Pilot

VERDICT_WORDS = {
    "yes": "Technical Win",
    "yes_but": "Yes, but…",
    "more_time": "We need more time",
    "no": "No",
}


@dataclass(frozen=True)
class Tally:
    passed: int
    failed: int
    pending: int

    @property
    def total(self) -> int:
        return self.passed + self.failed + self.pending

    def label(self) -> str:
        """``4/7 passed · 1 failed`` (pending is what is left)."""
        text = f"{self.passed}/{self.total} passed"
        if self.failed:
            text += f" · {self.failed} failed"
        return text


def tally(pilot: Pilot) -> Tally:
    statuses = [c.status for c in pilot.criteria]
    return Tally(statuses.count("passed"), statuses.count("failed"), statuses.count("pending"))


def time_box(pilot: Pilot, today: dt.date) -> str:
    """``19 days left``, ``ends today``, ``3 days over``, ``starts in 2 days``, ``no end date``,
    or ``closed on 2027-01-15`` once closed out: the time-box of a pilot that has ended is not
    "54 days left" nor "220 days over"."""
    if pilot.close_out is not None:
        return f"closed on {pilot.close_out.on.isoformat()}"
    starts, ends = pilot.pilot.starts, pilot.pilot.ends
    if starts and today < starts:
        return f"starts in {_days((starts - today).days)}"
    if ends is None:
        return "no end date"
    left = (ends - today).days
    if left > 0:
        return f"{_days(left)} left"
    if left == 0:
        return "ends today"
    return f"{_days(-left)} over"


def _days(n: int) -> str:
    return "1 day" if n == 1 else f"{n} days"


def deadline(pilot: Pilot) -> dt.datetime | dt.date | None:
    """The date the recorded verdict must be followed up by, if it has one: the file's date, or
    the brief's 48 hours / 5 business days when a hand-written record leaves it out (the same
    rule the readiness check applies, so the header and the findings never disagree)."""
    return deadlines.due(pilot)


def is_overdue(pilot: Pilot, now: dt.datetime) -> bool:
    due = deadline(pilot)
    if due is None:
        return False
    if isinstance(due, dt.datetime):
        return now > due
    return now.date() > due


def verdict(pilot: Pilot) -> str:
    """The verdict so far, with its deadline: ``Yes, but… · follow up by Thu 10 Dec 16:05``."""
    win = pilot.technical_win
    if win is None:
        return "not asked yet"
    words = VERDICT_WORDS[win.verdict]
    due = deadline(pilot)
    if isinstance(due, dt.datetime):
        return f"{words} · follow up by {due:%a %d %b %H:%M}"
    if isinstance(due, dt.date):
        return f"{words} · prove by {due:%a %d %b}"
    return words


def checklist_progress(pilot: Pilot, today: dt.date) -> tuple[int, int, int]:
    """(done, counted, overdue): skipped items do not count; overdue = due before today, open."""
    counted = [i for i in pilot.checklist if i.status != "skipped"]
    done = sum(1 for i in counted if i.status == "done")
    overdue = sum(1 for i in counted if i.status != "done" and i.due is not None and i.due < today)
    return done, len(counted), overdue


def why_done(pilot: Pilot, item: ChecklistItem) -> str:
    """Why an item the file leaves open counts as done, in words ("" when it does not):
    ``the commitment names Li Wei as sponsor``, ``the agreement's sign-off is recorded
    (2026-10-30)``. Shown wherever the item is, so "done" never contradicts the file unseen."""
    if not item.done_by:
        return ""
    if item.done_by == "[agreement]":
        on = pilot.agreement.signed_on.isoformat() if pilot.agreement else "?"
        return f"the agreement's sign-off is recorded ({on})"
    field = item.done_by.removeprefix("[commercial].")
    value = str(getattr(pilot.commercial, field, ""))
    person = pilot.stakeholder(value)
    words = field.replace("_", " ")
    return f"the commitment names {person.name if person else value} as {words}"


def derived_done(pilot: Pilot) -> int:
    """How many checklist items the commitment or the agreement makes done (the file: open)."""
    return sum(1 for item in pilot.checklist if item.done_by)

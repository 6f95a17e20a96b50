"""The pilot's dates, once: what happens when, on which track, and whether it is late.

A pilot is a race against dates: the time-box, the sign-off, the checklist's due dates, the
verdict's follow-up (48 hours) or prove-by date (5 business days), the commitment after the
win, the first purchase order. Every view that draws or lists them (the Timeline pane, the
reports' SVG and Mermaid chart, the board's bar) reads :func:`build`, so they cannot disagree
about a date or a label.

**Audiences.** ``build(pilot, today, prospect=True)`` keeps only what the prospect's report may
show: the time-box, the sign-off, the verdict's deadline, the commitment, and the checklist
items owned by someone on the prospect's side. The team's timeline adds every checklist item
and the first purchase order. The criteria passed over time (:func:`progress`) are counts, as
the prospect's report shows the criteria themselves.

May import: the standard library and the rest of the domain.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from pilotdesk.domain import commitment, deadlines
from pilotdesk.domain.model import Pilot

Track = Literal["time-box", "technical", "commercial", "verdict", "commitment"]
State = Literal["done", "open", "overdue"]

#: The tracks in the order they are drawn, with the words a person reads.
TRACKS: tuple[tuple[Track, str], ...] = (
    ("time-box", "Time-box"),
    ("technical", "Technical"),
    ("verdict", "Verdict"),
    ("commercial", "Commercial"),
    ("commitment", "Commitment"),
)

#: How a state reads without colour (a projector in black and white, a printout).
STATE_WORDS: dict[State, str] = {"done": "done", "open": "due", "overdue": "OVERDUE"}


@dataclass(frozen=True)
class Mark:
    """One dated item: its day, what it is, its track and state, and the entry it belongs to
    (``("checklist", "financials")``, ``("criteria", "")`` for the scorecard as a whole), so
    that a view can go to it."""

    day: dt.date
    label: str
    track: Track
    state: State
    target: tuple[str, str] | None = None


@dataclass(frozen=True)
class Step:
    """The number of criteria passed from ``day`` on (until the next step)."""

    day: dt.date
    passed: int


@dataclass(frozen=True)
class Timeline:
    today: dt.date
    starts: dt.date | None
    ends: dt.date | None
    marks: tuple[Mark, ...]
    steps: tuple[Step, ...]
    criteria: int  # how many there are: the top of the progress line

    @property
    def first(self) -> dt.date | None:
        """The first day drawn: the earliest of the time-box, the marks and the progress."""
        days = self._days()
        return min(days) if days else None

    @property
    def last(self) -> dt.date | None:
        days = self._days()
        return max(days) if days else None

    def _days(self) -> list[dt.date]:
        days = [d for d in (self.starts, self.ends) if d is not None]
        days += [m.day for m in self.marks] + [s.day for s in self.steps]
        return days + [self.today] if days else []

    @property
    def overdue(self) -> tuple[Mark, ...]:
        return tuple(m for m in self.marks if m.state == "overdue")


def build(pilot: Pilot, today: dt.date, *, prospect: bool = False) -> Timeline:
    """Every dated item of ``pilot`` as of ``today``, sorted by day; ``prospect``: only what
    the prospect may see (see the module's docstring)."""
    info = pilot.pilot
    marks = [*_time_box(pilot, today), *_verdict(pilot, today), *_checklist(pilot, today, prospect)]
    if pilot.agreement is not None:
        marks.append(
            Mark(
                pilot.agreement.signed_on,
                "Evaluation agreement signed",
                "technical",
                "done",
                ("agreement", ""),
            )  # fmt: skip
        )
    if not prospect and pilot.commercial.first_po_expected is not None:
        po = pilot.commercial.first_po_expected
        marks.append(
            Mark(
                po,
                "First purchase order expected",
                "commitment",
                _state(po, today, False),
                ("commercial", ""),
            )  # fmt: skip
        )
    marks.sort(key=lambda m: (m.day, [t for t, _ in TRACKS].index(m.track), m.label))
    return Timeline(
        today, info.starts, info.ends, tuple(marks), progress(pilot), len(pilot.criteria)
    )


def _state(day: dt.date, today: dt.date, done: bool) -> State:
    return "done" if done else ("overdue" if day < today else "open")


def _time_box(pilot: Pilot, today: dt.date) -> list[Mark]:
    info = pilot.pilot
    marks = []
    if info.starts is not None:
        marks.append(Mark(info.starts, "Evaluation starts", "time-box",
                          "done" if info.starts <= today else "open"))  # fmt: skip
    if info.ends is not None:
        decided = pilot.technical_win is not None or pilot.close_out is not None
        marks.append(Mark(info.ends, "Evaluation ends", "time-box",
                          _state(info.ends, today, decided or info.ends == today)))  # fmt: skip
    return marks


def _verdict(pilot: Pilot, today: dt.date) -> list[Mark]:
    win = pilot.technical_win
    if win is None:
        return []
    asked = win.asked_on.date()
    words = {"yes": "Technical Win: Yes", "yes_but": "Technical Win: Yes, but…",
             "more_time": "Technical Win: more time", "no": "Technical Win: No"}  # fmt: skip
    marks = [Mark(asked, words[win.verdict], "verdict", "done", ("technical_win", ""))]
    due = deadlines.due(pilot)
    if due is not None:
        day = due.date() if isinstance(due, dt.datetime) else due
        label = "Follow-up on the concern" if win.verdict == "yes_but" else "Prove the rest by"
        closed = pilot.close_out is not None
        marks.append(Mark(day, label, "verdict", _state(day, today, closed), ("technical_win", "")))
    clock = commitment.clock(pilot, today)  # the second clock, from the one place that has it
    target = ("commercial", "commitment_met_on")
    if clock.due is not None:
        done = clock.met_on is not None or clock.closed
        marks.append(
            Mark(clock.due, "Commitment due", "commitment", _state(clock.due, today, done), target)
        )
    if clock.started is not None and clock.met_on is not None:
        marks.append(Mark(clock.met_on, "Commitment met", "commitment", "done", target))
    return marks


def _checklist(pilot: Pilot, today: dt.date, prospect: bool) -> list[Mark]:
    marks = []
    for item in pilot.checklist:
        if item.due is None or item.status == "skipped":
            continue
        if prospect:
            owner = pilot.stakeholder(item.owner)
            if owner is None or owner.side != "prospect":
                continue
        state = _state(item.due, today, item.status == "done")
        marks.append(Mark(item.due, item.item, "commercial", state, ("checklist", item.id)))
    return marks


_STATUS_EVENT = re.compile(r"^criterion (\S+): (pending|passed|failed) -> (pending|passed|failed)$")


def progress(pilot: Pilot) -> tuple[Step, ...]:
    """The criteria passed over time, one step per day the count changed, read from the log.

    Read backwards from the count the file has now, undoing each recorded status change: a
    status set by hand (no log entry) then shows as passed from the start, rather than the
    line ending at a count the scorecard does not have. Empty without a logged change."""
    now = sum(c.status == "passed" for c in pilot.criteria)
    changes = []
    for entry in pilot.log:
        match = _STATUS_EVENT.match(entry.event.strip())
        if match is not None and (match.group(2) == "passed") != (match.group(3) == "passed"):
            changes.append((entry.at, 1 if match.group(3) == "passed" else -1))
    if not changes:
        return ()
    changes.sort(key=lambda change: change[0])
    counts: dict[dt.date, int] = {}
    passed = now
    for at, delta in reversed(changes):
        counts.setdefault(at.date(), passed)  # the count at the end of that day
        passed = max(0, min(len(pilot.criteria), passed - delta))
    first = changes[0][0].date()
    steps = [Step(first - dt.timedelta(days=1), passed)]
    steps += [Step(day, count) for day, count in sorted(counts.items())]
    return tuple(steps)


def time_and_score(pilot: Pilot, today: dt.date) -> tuple[float, float] | None:
    """How far through its time-box the pilot is (0 to 1) and the share of criteria passed,
    for the board's bar; None without a time-box. A closed or decided pilot counts as through."""
    info = pilot.pilot
    if info.starts is None or info.ends is None or info.ends < info.starts:
        return None
    length = (info.ends - info.starts).days + 1
    spent = min(1.0, max(0.0, ((today - info.starts).days + 1) / length))
    if pilot.close_out is not None:
        spent = 1.0
    passed = sum(c.status == "passed" for c in pilot.criteria)
    return spent, (passed / len(pilot.criteria) if pilot.criteria else 0.0)


def pace_bar(spent: float, passed: float, width: int = 8) -> str:
    """A small bar for the board: ``█`` the criteria passed, ``▒`` the time spent beyond them
    (the pilot is behind), ``·`` the time left. A pilot 80 % through its time with 20 % passed
    reads ``██▒▒▒▒▒▒··``; one ahead of its time shows ``█`` past a ``│`` at the time spent.
    Shapes, not colour, so it reads on any terminal."""
    done = round(max(0.0, min(1.0, passed)) * width)
    used = round(max(0.0, min(1.0, spent)) * width)
    cells = ["·"] * width
    for x in range(width):
        if x < done:
            cells[x] = "█"
        elif x < used:
            cells[x] = "▒"
    if done > used and 0 < used < width:
        cells[used] = "│"  # ahead: where the time stands, inside the passed part
    return "".join(cells)

"""A pilot's dates as an iCalendar file (RFC 5545), built with the ``icalendar`` package.

One all-day event per date: the time-box's end, each checklist item's due date (marked
``done:`` or ``skipped:`` once it is), the verdict's follow-up (a timed event) or prove-by
date, the expected first purchase order. Each event's summary names the pilot. UIDs are
derived, never random: a hash of the pilot file's resolved path, its prospect and title and of
what the event is (``checklist:pricing``), so importing the file again updates the events already
in the calendar instead of adding copies, a date that moves keeps its UID, and two pilots with
the same prospect and title (two files) never share one.

**For the prospect by default.** A calendar is sent to the prospect as readily as a report, so
it is built from the same allow-list (:mod:`pilotdesk.domain.audience`): only the checklist items
owned on the prospect's side, no expected purchase order. The team's calendar
(``audience="team"``, ``calendar --for team``) has every date.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator, Sequence

from icalendar import Calendar, Event

from pilotdesk.domain import commitment, deadlines
from pilotdesk.domain.audience import PROSPECT, prospect_owner
from pilotdesk.domain.model import Pilot
from pilotdesk.domain.text import one_line, visible

_PRODID = "-//pilotdesk//pilot dates//EN"
_ITEM_WORD = {"done": "done", "skipped": "skipped"}


def uid(pilot: Pilot, what: str, source: str = "") -> str:
    """The event's stable identity: the same pilot (``source``, the file's resolved path) and
    the same thing give the same UID."""
    key = "\x1f".join((source, one_line(pilot.pilot.prospect), one_line(pilot.pilot.title), what))
    return f"{hashlib.sha256(key.encode('utf-8')).hexdigest()[:32]}@pilotdesk"


def dates(
    pilot: Pilot, audience: str = PROSPECT
) -> Iterator[tuple[str, str, dt.date | dt.datetime]]:
    """``(what, summary, when)`` for every dated event of the pilot ``audience`` may see."""
    team = audience == "team"
    name = one_line(pilot.pilot.title)
    if pilot.pilot.ends:
        yield "ends", f"{name}: time-box ends", pilot.pilot.ends
    for item in pilot.checklist:
        # Done and skipped items stay in, marked so: a re-import then updates the event
        # already in the calendar rather than leaving it there as if still owed.
        if item.due and (team or prospect_owner(pilot, item) is not None):
            state = _ITEM_WORD.get(item.status, "due")
            yield f"checklist:{item.id}", f"{name}: {state}: {one_line(item.item)}", item.due
    follow_up = deadlines.due(pilot)
    if isinstance(follow_up, dt.datetime):
        yield "verdict:follow_up", f"{name}: Technical Win follow-up", follow_up
    elif follow_up is not None:
        yield "verdict:prove_by", f"{name}: prove the remaining criteria", follow_up
    committed = commitment.due_date(pilot)
    if committed is not None:
        state = "met" if pilot.commercial.commitment_met_on else "due"
        step = one_line(pilot.commercial.if_positive)
        yield "commitment:due", f"{name}: commitment {state}: {step}", committed
    if team and pilot.commercial.first_po_expected:
        yield (
            "first_po",
            f"{name}: first purchase order expected",
            pilot.commercial.first_po_expected,
        )


def calendar(
    pilots: Iterable[Pilot],
    stamp: dt.datetime,
    *,
    sources: Sequence[str] = (),
    audience: str = PROSPECT,
) -> bytes:
    """The iCalendar file for ``pilots`` (read from ``sources``, their resolved paths, in order;
    none given: UIDs from the pilots alone); ``stamp`` is DTSTAMP (when it was made), in UTC."""
    cal = Calendar()
    cal.add("prodid", _PRODID)
    cal.add("version", "2.0")
    for index, pilot in enumerate(pilots):
        source = sources[index] if index < len(sources) else ""
        for what, summary, when in dates(pilot, audience):
            event = Event()
            event.add("uid", uid(pilot, what, source))
            event.add("dtstamp", stamp)
            event.add("summary", visible(summary))
            if isinstance(when, dt.datetime):
                event.add("dtstart", when)
                event.add("duration", dt.timedelta(minutes=30))
            else:
                event.add("dtstart", when)
                event.add("dtend", when + dt.timedelta(days=1))
            event.add("transp", "TRANSPARENT")
            cal.add_component(event)
    return cal.to_ical()

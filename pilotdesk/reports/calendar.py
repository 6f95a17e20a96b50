"""A pilot's dates as an iCalendar file (RFC 5545), built with the ``icalendar`` package.

One all-day event per date: the time-box's start and end, each open checklist item's due date
(an item done or skipped owes nothing: it is no event), the verdict's follow-up (a timed event,
in UTC: the file's time is the SE's local time, and a floating time would move with whoever
imports it) or prove-by date, the expected first purchase order. Each summary starts with what
a calendar view has room for: the prospect's short name, then what is due ("Nordhavn: Mutual NDA
due"), never the pilot's whole title. UIDs are derived, never random: a hash of the pilot
file's resolved path, its prospect and title and of what the event is (``checklist:pricing``),
so importing the file again updates the events already in the calendar instead of adding
copies; a date that moves keeps its UID, and two pilots with the same prospect and title (two
files) never share one.

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
#: Words that end a company's name without telling companies apart.
_LEGAL = frozenset(
    "ab ag as asa bv co corp corporation gmbh group inc kg llc ltd nv oy plc sa sarl se spa".split()
)
#: The longest a short prospect name may be before it is cut to its first word.
SHORT_NAME = 16


def short_name(prospect: str) -> str:
    """The prospect as a calendar view has room for: ``Nordhavn Heavy Commercial Vehicles
    Aktiebolag`` -> ``Nordhavn``, ``Acme Robotics`` -> ``Acme Robotics``."""
    words = [w for w in one_line(prospect).split() if w.lower().strip(".,") not in _LEGAL]
    name = " ".join(words) or one_line(prospect)
    return name if len(name) <= SHORT_NAME else (words[0] if words else name[:SHORT_NAME])


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
    name = short_name(pilot.pilot.prospect)
    product = one_line(pilot.pilot.product)
    if pilot.pilot.starts:
        yield "starts", f"{name}: {product} pilot starts", pilot.pilot.starts
    if pilot.pilot.ends:
        yield "ends", f"{name}: {product} pilot time-box ends", pilot.pilot.ends
    for item in pilot.checklist:
        # An item done or skipped owes nothing: it is no event. Only the prospect's own items
        # in their calendar (our tasks and unowned ones are internal work).
        if item.due and item.status in ("todo", "doing"):
            if team or prospect_owner(pilot, item) is not None:
                yield f"checklist:{item.id}", f"{name}: {one_line(item.item)} due", item.due
    follow_up = deadlines.due(pilot)
    if pilot.close_out is None:  # a closed pilot follows nothing up
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
                # The file's time is local to the SE who recorded it (this machine's zone):
                # written in UTC, every calendar shows it at the right moment.
                event.add("dtstart", when.astimezone(dt.UTC) if when.tzinfo is None else when)
                event.add("duration", dt.timedelta(minutes=30))
            else:
                event.add("dtstart", when)
                event.add("dtend", when + dt.timedelta(days=1))
            event.add("transp", "TRANSPARENT")
            cal.add_component(event)
    return cal.to_ical()

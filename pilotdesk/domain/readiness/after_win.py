"""Rules after the Technical Win: the commitment's clock and the handoff (seeds 000 and 002).

A "Yes" only earns entry to the commercial process; the deal dies when nobody with commercial
authority starts it. So once the clock runs (:mod:`pilotdesk.domain.commitment`): the committed
step overdue is a blocker (``commitment-overdue``); a commercial track gone quiet since the win
is the warning before it (``quiet-since-win``); a commitment with no number of days has no clock
at all (``no-commitment-date``); and the AE must have been handed the win (``no-handoff``).
None of these run once the pilot is closed out: the close-out ends the clock.
"""

from __future__ import annotations

import datetime as dt

from pilotdesk.domain import commitment
from pilotdesk.domain.model import Pilot
from pilotdesk.domain.readiness.base import Issue, Severity, plural_of, rule
from pilotdesk.domain.recipients import our_name
from pilotdesk.domain.text import one_line


def _who_to_call(pilot: Pilot) -> str:
    """``Li Wei (the sponsor) and Raj Patel (owns supplier qualification)``, by name."""
    roles: dict[str, list[str]] = {}
    for sid, role in (
        (pilot.commercial.sponsor, "the sponsor"),
        (pilot.commercial.qualification_owner, "owns supplier qualification"),
    ):
        if sid:
            person = pilot.stakeholder(sid)
            roles.setdefault(one_line(person.name) if person else one_line(sid), []).append(role)
    named = [f"{name} ({', '.join(what)})" for name, what in roles.items()]
    return " and ".join(named) or "the sponsor (none is named: find who owns the decision)"


@rule("commitment-overdue", Severity.BLOCKER, "The commitment after the Technical Win is overdue")
def _commitment_overdue(pilot: Pilot, today: dt.date) -> Issue | None:
    clock = commitment.clock(pilot, today)
    if clock.state != "overdue" or clock.due is None:
        return None
    return Issue(
        f'the commitment "{one_line(clock.commitment)}" was due on {clock.due.isoformat()} '
        f"({clock.since_words()}) and is {plural_of(clock.days_overdue, 'day')} overdue: "
        "nothing recorded in commitment_met_on",
        f"call {_who_to_call(pilot)} today: has it started, and when? When it has, record "
        "[commercial].commitment_met_on",
        ("commercial", "commitment_met_on"),
    )


@rule("quiet-since-win", Severity.WARNING, "Commercial track quiet since the Technical Win")
def _quiet_since_win(pilot: Pilot, today: dt.date) -> Issue | None:
    clock = commitment.clock(pilot, today)
    last = commitment.last_commercial_activity(pilot)
    if clock.state != "running" or clock.due is None or last is None:
        return None
    quiet = (today - last).days
    if quiet < commitment.QUIET_AFTER_WIN_DAYS:
        return None
    return Issue(
        f"nothing on the commercial track for {plural_of(quiet, 'day')} (since {last.isoformat()}: "
        f"no commercial contact, no checklist change) and the commitment is due on "
        f"{clock.due.isoformat()}",
        f"call {_who_to_call(pilot)} this week about the next step, before it is overdue",
        ("commercial", "sponsor"),
    )


@rule("no-commitment-date", Severity.WARNING, "The commitment has no clock")
def _no_commitment_date(pilot: Pilot, today: dt.date) -> Issue | None:
    clock = commitment.clock(pilot, today)
    if clock.started is None or not clock.commitment or clock.has_clock or clock.met_on:
        return None
    return Issue(
        f"the Technical Win of {clock.started.isoformat()} started no clock: the commitment "
        f'"{one_line(clock.commitment)}" says no number of days',
        f"agree with {_who_to_call(pilot)} by when it happens, and write the days in "
        "[commercial].within_days",
        ("commercial", "within_days"),
    )


@rule("no-handoff", Severity.WARNING, "The Technical Win is not handed off to the AE")
def _no_handoff(pilot: Pilot, today: dt.date) -> Issue | None:
    due = commitment.handoff_due(pilot)
    if due is None or pilot.handoff is not None or today <= due:
        return None
    ae = our_name(pilot, pilot.pilot.ae) or "the AE"
    return Issue(
        f"no handoff to {ae} recorded {commitment.HANDOFF_WORKING_DAYS} working days after the "
        f"Technical Win (due {due.isoformat()})",
        "hold the internal handoff debrief and record it (palette: Handoff: record and write brief)",
        None,
    )

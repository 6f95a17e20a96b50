"""What the reports say about the outcome: the verdict in words, and the commitment's clock.

Seed 002: "A Technical Win that is not explicitly declared does not exist." A report that lists
passed criteria but not the verdict leaves the win implied; so both reports state it:
"Technical Win confirmed on 10 December 2026", "Yes, but… follow-up by …", "More time: prove
by …", and, after a "Yes", the commitment agreed with the sponsor and its due date (from
:mod:`pilotdesk.domain.commitment`, the one place that computes it).

For the prospect this reads only what the prospect's report may show (see
:mod:`pilotdesk.reports.audiences`): the verdict and its date, the follow-up dates, the
unproven criteria's titles, the commitment's sentence and its dates. The team's version adds the
reason of a No, the concern of a "Yes, but…", the handoff and how the commitment's days were
found.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from pilotdesk.domain import commitment, deadlines
from pilotdesk.domain.deadlines import long_date, long_datetime
from pilotdesk.domain.model import Pilot
from pilotdesk.domain.recipients import our_name
from pilotdesk.domain.text import one_line


def verdict_lines(pilot: Pilot, today: dt.date, *, team: bool) -> Iterator[str]:
    """The outcome, one statement a line."""
    win = pilot.technical_win
    if win is None:
        yield "Technical Win: not declared yet."
        return
    asked = long_date(win.asked_on.date(), year=True)
    due = deadlines.due(pilot)
    if win.verdict == "yes":
        yield f"Technical Win confirmed on {asked}."
        yield from _commitment(pilot, today, team=team)
    elif win.verdict == "yes_but":
        when = long_datetime(due, year=True) if isinstance(due, dt.datetime) else ""
        yield f"“Yes, but…” on {asked}: follow-up by {when}."
        if team and win.concern.strip():
            yield f"The concern: {one_line(win.concern)}"
    elif win.verdict == "more_time":
        when = long_date(due, year=True) if isinstance(due, dt.date) else ""
        yield f"More time asked on {asked}: prove by {when}."
        titles = [one_line(c.title) for c in pilot.criteria if c.id in set(win.unproven)]
        if titles:
            yield f"Still to prove: {', '.join(titles)}."
    else:
        yield f"Not recommended at this point (answered on {asked})."
        if team and win.reason.strip():
            yield f"The reason given: {one_line(win.reason)}"


def _commitment(pilot: Pilot, today: dt.date, *, team: bool) -> Iterator[str]:
    clock = commitment.clock(pilot, today)
    if not clock.commitment:
        if team:
            yield "No commitment was agreed for a positive result."
        return
    step = f"Next step agreed: {one_line(clock.commitment)}"
    if clock.met_on is not None:
        yield f"{step} — done on {long_date(clock.met_on, year=True)}."
    elif clock.due is not None:
        yield f"{step} — due by {long_date(clock.due, year=True)}."
    else:
        yield f"{step}."
    if team:
        since = clock.since_words()
        yield f"Commitment: {clock.status_words()}" + (f"; {since}." if since else ".")
        handoff = pilot.handoff
        if handoff is not None:
            to = our_name(pilot, handoff.to or pilot.pilot.ae) or "the AE"
            yield f"Handed off to {to} on {long_date(handoff.on, year=True)}."
        else:
            yield "Not handed off to the AE yet."


def status_after_win(pilot: Pilot, today: dt.date) -> list[list[str]] | None:
    """The weekly status email's paragraphs once a "Yes" started the commitment's clock (the
    greeting, the checklist and the sign-off are the email's own); None before. The email is
    then about the commercial next step and its date, not the criteria any more."""
    clock = commitment.clock(pilot, today)
    if clock.started is None:
        return None
    won = long_date(clock.started, year=True)
    opening = f"Since your team confirmed the Technical Win on {won}"
    if not clock.commitment:
        return [[f"{opening}, could we agree the next step and its date with you?"]]
    step = one_line(clock.commitment).rstrip(".")
    if clock.met_on is not None:
        done = long_date(clock.met_on, year=True)
        return [
            [f"{opening}, the next step we agreed has happened: {step} (on {done}). Thank you."]
        ]
    text = f"{opening}, the next step we agreed is: {step}."
    if clock.due is None:
        return [[text], ["Could you tell us when it will start, and who we should work with?"]]
    due = long_date(clock.due, year=True)
    if clock.state == "overdue":
        ask = (
            f"It was due by {due}. Could you tell us where it stands, and who we should work with?"
        )
    else:
        ask = f"It is due by {due}. Is it on track, and is there anything you need from us?"
    return [[text], [ask]]

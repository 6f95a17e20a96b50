"""One row per pilot: what the board, ``status`` and ``gaps`` show, in the domain's own words.

Pure (domain only): every figure comes from the rule that owns it (the header's words in
:mod:`pilotdesk.domain.headline`, readiness, lifecycle, deadlines), never recomputed here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from pilotdesk.domain import commitment, deadlines, headline, lifecycle, readiness, timeline
from pilotdesk.domain.model import Pilot
from pilotdesk.domain.recipients import our_name
from pilotdesk.domain.text import one_line
from pilotdesk.portfolio.contacts import ContactRow, contact_rows, vendor_of


@dataclass(frozen=True)
class GapRow:
    """One ``[[gaps]]`` entry, with the pilot it came from."""

    path: str
    prospect: str
    id: str
    title: str
    severity: str
    status: str
    criterion: str
    request: str


@dataclass(frozen=True)
class Row:
    """A valid pilot, summarised (see the README's "Every pilot at a glance" for each field)."""

    path: str
    prospect: str
    product: str
    se: str
    ae: str
    starts: dt.date | None
    ends: dt.date | None
    #: Days to the end of the time-box: negative when over, None without an end date.
    days_left: int | None
    time_box: str
    passed: int
    failed: int
    pending: int
    verdict: str | None
    verdict_words: str
    verdict_on: dt.date | None
    deadline: dt.date | dt.datetime | None
    #: Deadlines passed (0 once closed): the verdict's follow-up, open checklist items due
    #: before today.
    overdue: int
    blockers: int
    warnings: int
    next_due: dt.date | None
    outcome: str | None
    closed_on: dt.date | None
    open_deal_breakers: int
    #: The commitment's clock after a "Yes" (:mod:`pilotdesk.domain.commitment`): its due date,
    #: ``none``/``running``/``met``/``overdue``, when it was met, and the clock in words.
    commitment_due: dt.date | None = None
    commitment_state: str = "none"
    commitment_met_on: dt.date | None = None
    commitment_words: str = ""
    gaps: list[GapRow] = field(default_factory=list)
    #: How far through its time-box (0 to 1) and the share of criteria passed; None without a
    #: time-box (:func:`pilotdesk.domain.timeline.time_and_score`).
    pace: tuple[float, float] | None = None
    #: ``[opportunity] crm_id``: what matches the row to the CRM's opportunity.
    crm_id: str = ""
    #: ``[pilot] title``, and ``[pilot] vendor`` where the file has it ("" otherwise).
    title: str = ""
    vendor: str = ""
    #: The stakeholders as CRM contacts (``pilotdesk contacts``): never a stance or a note.
    contacts: list[ContactRow] = field(default_factory=list)

    @property
    def state(self) -> str:
        """``closed``, ``not started``, ``overdue`` or ``running``: what the filter matches."""
        if self.outcome is not None:
            return "closed"
        if self.time_box.startswith("starts in"):
            return "not started"
        return "overdue" if self.overdue else "running"

    @property
    def tally(self) -> str:
        return headline.Tally(self.passed, self.failed, self.pending).label()


@dataclass(frozen=True)
class Broken:
    """A pilot file that cannot be read: its ``FILE:LINE: field: message`` error."""

    path: str
    error: str


def row(path: Path | str, pilot: Pilot, now: dt.datetime) -> Row:
    today = now.date()
    info = pilot.pilot
    tally = headline.tally(pilot)
    _, _, overdue_items = headline.checklist_progress(pilot, today)
    counts = readiness.counts(readiness.evaluate(pilot, today))
    win, close = pilot.technical_win, pilot.close_out
    due = deadlines.due(pilot)
    clock = commitment.clock(pilot, today)
    prospect = one_line(info.prospect)
    return Row(
        path=str(path),
        prospect=prospect,
        product=one_line(info.product),
        se=our_name(pilot, info.se),
        ae=our_name(pilot, info.ae),
        starts=info.starts,
        ends=info.ends,
        days_left=None if info.ends is None else deadlines.days_between(today, info.ends),
        time_box=headline.time_box(pilot, today),
        pace=timeline.time_and_score(pilot, today),
        passed=tally.passed,
        failed=tally.failed,
        pending=tally.pending,
        verdict=None if win is None else win.verdict,
        verdict_words=headline.verdict(pilot),
        verdict_on=None if win is None else win.asked_on.date(),
        deadline=due,
        overdue=0
        if close
        else overdue_items + int(headline.is_overdue(pilot, now)) + int(clock.state == "overdue"),
        blockers=counts.get(readiness.Severity.BLOCKER, 0),
        warnings=counts.get(readiness.Severity.WARNING, 0),
        next_due=_next_due(pilot, due, clock),
        outcome=None if close is None else close.outcome,
        closed_on=None if close is None else close.on,
        open_deal_breakers=sum(
            1 for g in pilot.gaps if g.status == "open" and g.severity == "deal_breaker"
        ),
        commitment_due=clock.due,
        commitment_state=clock.state,
        commitment_met_on=clock.met_on,
        commitment_words=clock.status_words(),
        gaps=[
            GapRow(
                str(path),
                prospect,
                g.id,
                one_line(g.title),
                g.severity,
                g.status,
                one_line(g.criterion),
                one_line(g.request),
            )
            for g in pilot.gaps
        ],
        crm_id=one_line(pilot.opportunity.crm_id),
        title=one_line(info.title),
        vendor=vendor_of(pilot),
        contacts=contact_rows(path, pilot),
    )


def _next_due(
    pilot: Pilot, due: dt.date | dt.datetime | None, clock: commitment.Clock
) -> dt.date | None:
    """The earliest date still to meet: an open checklist item's, the verdict's follow-up, the
    commitment's due date while its clock runs (past ones included: they are the most urgent).
    None once the pilot is closed."""
    if lifecycle.is_closed(pilot):
        return None
    dates = [i.due for i in pilot.checklist if i.status not in ("done", "skipped") and i.due]
    if clock.state in ("running", "overdue") and clock.due is not None:
        dates.append(clock.due)
    if due is not None:
        dates.append(due.date() if isinstance(due, dt.datetime) else due)
    return min(dates, default=None)


def attention(item: Row | Broken) -> tuple[int, int, int, int, str]:
    """Sort key, most urgent first: broken files, then overdue deadlines (an overdue commitment
    among them, even silenced), blockers, the fewest days left; closed pilots last."""
    if isinstance(item, Broken):
        return (0, 0, 0, 0, item.path)
    days = item.days_left if item.days_left is not None else 1 << 30
    rank = 3 if item.outcome is not None else (1 if item.overdue or item.blockers else 2)
    return (rank, -item.overdue, -item.blockers, days, item.path)

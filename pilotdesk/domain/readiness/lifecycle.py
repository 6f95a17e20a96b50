"""Rules of the pilot's record: the evaluation agreement, drift since it, product gaps."""

from __future__ import annotations

import datetime as dt

from pilotdesk.domain import lifecycle
from pilotdesk.domain.model import Pilot
from pilotdesk.domain.readiness.base import Issue, Severity, rule


@rule(
    "criteria-changed-since-agreement",
    Severity.WARNING,
    "Scorecard changed since the evaluation agreement",
    after_close=True,
)
def _criteria_changed_since_agreement(pilot: Pilot, today: dt.date) -> Issue | None:
    changes = lifecycle.drift(pilot)
    if not changes or pilot.agreement is None:
        return None
    first = changes.changed[0][0].id if changes.changed else None
    first = first or (changes.added[0].id if changes.added else None)
    return Issue(
        f"since the sign-off of {pilot.agreement.signed_on.isoformat()}: "
        + "; ".join(changes.describe()),
        "agree the change with the prospect and record the sign-off again "
        "(palette: Agreement: record sign-off), or put the signed target back",
        ("criteria", first) if first else ("agreement", "targets"),
    )


@rule("no-evaluation-agreement", Severity.WARNING, "No signed evaluation agreement")
def _no_evaluation_agreement(pilot: Pilot, today: dt.date) -> Issue | None:
    starts = pilot.pilot.starts
    if pilot.agreement is not None or starts is None or starts > today:
        return None
    return Issue(
        f"the time-box started on {starts.isoformat()} and the criteria were never signed off: "
        "what 'passed' means can move",
        "have the evaluator sign the scorecard and record it (palette: Agreement: record sign-off)",
        ("pilot", "starts"),
    )


@rule("open-deal-breaker", Severity.BLOCKER, "Open deal-breaker product gap", after_close=True)
def _open_deal_breaker(pilot: Pilot, today: dt.date) -> Issue | None:
    open_gaps = [g for g in pilot.gaps if g.severity == "deal_breaker" and g.status == "open"]
    if not open_gaps:
        return None
    names = ", ".join(f"{g.title} ({g.id})" for g in open_gaps)
    return Issue(
        f"deal breaker{'s' if len(open_gaps) > 1 else ''} still open: {names}",
        "get a plan or a workaround the prospect accepts, then set the gap's status (5)",
        ("gaps", open_gaps[0].id),
    )

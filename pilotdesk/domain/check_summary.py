"""The one-screen summary ``pilotdesk check`` prints before its readiness findings."""

from __future__ import annotations

import datetime as dt

from pilotdesk.domain import commitment, lifecycle
from pilotdesk.domain import headline as summary
from pilotdesk.domain.model import Pilot
from pilotdesk.domain.recipients import our_name
from pilotdesk.domain.text import one_line


def summary_lines(pilot: Pilot, today: dt.date) -> list[str]:
    info = pilot.pilot
    title, prospect, product = (
        one_line(info.title),
        one_line(info.prospect),
        one_line(info.product),
    )
    se, ae = our_name(pilot, info.se), our_name(pilot, info.ae)  # an id reads as the name
    tally = summary.tally(pilot)
    must = sum(1 for c in pilot.criteria if c.must_have)
    done, counted, overdue = summary.checklist_progress(pilot, today)
    prospect_side = [s for s in pilot.stakeholders if s.side == "prospect"]
    technical = sum(1 for s in prospect_side if s.track == "technical")
    ours = len(pilot.stakeholders) - len(prospect_side)

    span = (
        f"{info.starts or '?'} to {info.ends or '?'}" if (info.starts or info.ends) else "not set"
    )
    people = [f"SE {se}" if se else "", f"AE {ae}" if ae else ""]
    scorecard = tally.label() + (f" · {tally.pending} pending" if tally.pending else "")
    if must:
        scorecard += f" ({must} must-have)"
    commercial = f"{done}/{counted} done" + (f" · {overdue} overdue" if overdue else "")
    rows = [
        ("prospect", " · ".join(p for p in [f"{prospect}, product {product}", *people] if p)),
        ("time-box", f"{span} · {summary.time_box(pilot, today)}"),
        ("scorecard", scorecard if tally.total else "no criteria yet"),
        ("verdict", summary.verdict(pilot)),
        ("commitment", commitment.clock(pilot, today).summary()),
        (
            "people",
            f"{len(prospect_side)} at the prospect ({technical} technical, {len(prospect_side) - technical} commercial)"
            f" · {ours} ours",
        ),
        ("commercial", commercial if counted else "no checklist items"),
        ("agreement", _agreement(pilot)),
        ("gaps", _gaps(pilot)),
    ]
    closed = lifecycle.close_out_words(pilot)
    if closed is not None:
        rows.insert(0, ("closed", one_line(closed)))
    width = max(len(label) for label, _ in rows)
    return [title, *(f"  {label:<{width}}  {value}" for label, value in rows)]


def _agreement(pilot: Pilot) -> str:
    agreement = pilot.agreement
    if agreement is None:
        return "not signed"
    signed = f"signed {agreement.signed_on.isoformat()}"
    if agreement.signed_by:
        names = [(pilot.stakeholder(sid) or sid) for sid in agreement.signed_by]
        signed += " by " + ", ".join(one_line(n if isinstance(n, str) else n.name) for n in names)
    changed = lifecycle.drift(pilot)
    return signed + (f" · {len(changed.describe())} changed since" if changed else "")


def _gaps(pilot: Pilot) -> str:
    if not pilot.gaps:
        return "none recorded"
    open_gaps = [g for g in pilot.gaps if g.status == "open"]
    breakers = sum(1 for g in open_gaps if g.severity == "deal_breaker")
    words = f"{len(pilot.gaps)} recorded · {len(open_gaps)} open"
    return words + (f" ({breakers} deal breaker{'s' if breakers > 1 else ''})" if breakers else "")

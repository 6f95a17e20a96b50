"""Rules of the commercial track and the opportunity (seeds 000 and 001)."""

from __future__ import annotations

import datetime as dt

from pilotdesk.domain.model import COMMERCIAL_AUTHORITY_ROLES, Pilot
from pilotdesk.domain.readiness.base import (
    QUIET_DAYS,
    Issue,
    Severity,
    contact_age,
    one_line,
    overdue_items,
    person_name,
    plural_of,
    prospect_side,
    rule,
    silent_commercial_track,
)


@rule("no-opportunity", Severity.BLOCKER, "No active sales opportunity")
def _no_opportunity(pilot: Pilot, today: dt.date) -> Issue | None:
    opportunity = pilot.opportunity
    if opportunity.crm_id.strip() or opportunity.purchasing_process.strip():
        return None
    return Issue(
        "no CRM opportunity and no documented purchasing process (RFP or equivalent): "
        "this may be free research or leverage against another vendor",
        "get the CRM opportunity id from the AE and the RFP or purchasing plan from the prospect; "
        "without either, decline the pilot politely",
        ("opportunity", "crm_id"),
    )


@rule("no-sponsor", Severity.BLOCKER, "No commercial sponsor")
def _no_sponsor(pilot: Pilot, today: dt.date) -> Issue | None:
    if pilot.commercial.sponsor:
        return None
    return Issue(
        "no commercial sponsor: nobody with commercial authority has decided to pursue this supplier",
        "ask who owns the decision to buy if the pilot passes, and name them as [commercial].sponsor",
        ("commercial", "sponsor"),
    )


@rule("sponsor-not-commercial", Severity.WARNING, "Sponsor is not on the commercial track")
def _sponsor_not_commercial(pilot: Pilot, today: dt.date) -> Issue | None:
    sponsor = pilot.stakeholder(pilot.commercial.sponsor) if pilot.commercial.sponsor else None
    if sponsor is None:
        return None
    if sponsor.side != "prospect":
        where = "on our side, not the prospect's"
    elif sponsor.track != "commercial":
        where = f"on the {sponsor.track} track"
    else:
        return None
    return Issue(
        f"sponsor {sponsor.name} is {where}",
        f"find the prospect's person with commercial authority and make them the sponsor "
        f"(or correct {sponsor.first_name}'s side and track)",
        ("stakeholders", sponsor.id),
    )


@rule("no-qualification-owner", Severity.WARNING, "Nobody owns supplier qualification")
def _no_qualification_owner(pilot: Pilot, today: dt.date) -> Issue | None:
    if pilot.commercial.qualification_owner:
        return None
    return Issue(
        "nobody owns supplier qualification on the prospect's side",
        "ask the sponsor who in procurement owns new supplier qualification, and record them",
        ("commercial", "qualification_owner"),
    )


@rule("no-procurement", Severity.WARNING, "No procurement contact")
def _no_procurement(pilot: Pilot, today: dt.date) -> Issue | None:
    if any(s.role == "procurement" for s in prospect_side(pilot)):
        return None
    return Issue(
        "no prospect stakeholder with role procurement",
        'ask the sponsor to introduce you to procurement, and add them with role = "procurement"',
        None,
    )


@rule("no-commitment", Severity.BLOCKER, 'No "if the pilot passes, then …" commitment')
def _no_commitment(pilot: Pilot, today: dt.date) -> Issue | None:
    if pilot.commercial.if_positive.strip():
        return None
    return Issue(
        'no "if the pilot passes, then …" commitment: a technical pass would start nothing',
        "agree with the sponsor what happens if the pilot passes, who owns it and by when; "
        "write it in [commercial].if_positive",
        ("commercial", "if_positive"),
    )


@rule("no-first-po-date", Severity.WARNING, "No expected first purchase order date")
def _no_first_po_date(pilot: Pilot, today: dt.date) -> Issue | None:
    if pilot.commercial.first_po_expected is not None:
        return None
    return Issue(
        "no expected date for the first purchase order",
        "ask for the timeline from evaluation close to first PO and record first_po_expected",
        ("commercial", "first_po_expected"),
    )


@rule("commercial-track-silent", Severity.WARNING, "Only the technical track is engaged")
def _commercial_track_silent(pilot: Pilot, today: dt.date) -> Issue | None:
    if not prospect_side(pilot):
        return None  # nobody mapped yet: no-sponsor and no-procurement say what to do first
    commercial = silent_commercial_track(pilot, today)
    if commercial is None:
        return None
    if not commercial:
        return Issue(
            "only the technical track is engaged: no prospect stakeholder on the commercial track",
            "map the commercial track (sponsor, procurement, finance) and talk to one of them this week",
            None,
        )
    sponsor = pilot.commercial.sponsor
    first = next((s for s in commercial if s.id == sponsor), commercial[0])
    people = ", ".join(f"{s.name} ({contact_age(s, today)})" for s in commercial)
    return Issue(
        f"only the technical track is engaged: nobody on the commercial track contacted "
        f"in the last {QUIET_DAYS} days: {people}",
        "talk to the sponsor or procurement this week about the qualification timeline",
        ("stakeholders", first.id),
    )


@rule("checklist-overdue", Severity.WARNING, "Commercial checklist items past their due date")
def _checklist_overdue(pilot: Pilot, today: dt.date) -> Issue | None:
    # ``today`` is a date: an item due today is not overdue until tomorrow.
    overdue = overdue_items(pilot, today)
    if not overdue:
        return None
    items = "; ".join(
        f"{one_line(i.item)} ({person_name(pilot, i.owner) if i.owner else 'no owner'}, "
        f"{plural_of(days, 'day')} overdue)"
        for i, days in overdue
    )
    first = overdue[0][0]
    owner = pilot.stakeholder(first.owner) if first.owner else None
    one_owner = owner is not None and all(i.owner == first.owner for i, _ in overdue)
    who = owner.first_name if one_owner and owner is not None else "the owners"
    return Issue(
        f"overdue on the commercial checklist: {items}",
        f"ask {who} for the status and a new date, then update the checklist (done, skipped or a new due)",
        ("checklist", first.id),
    )


@rule("champion-without-authority", Severity.WARNING, "Champion without commercial authority")
def _champion_without_authority(pilot: Pilot, today: dt.date) -> Issue | None:
    champion = pilot.stakeholder(pilot.pilot.champion) if pilot.pilot.champion else None
    if champion is None or pilot.commercial.sponsor or champion.role in COMMERCIAL_AUTHORITY_ROLES:
        return None
    role = champion.role or "no role"
    return Issue(
        f"champion {champion.name} ({role}) has no commercial authority and no sponsor is known",
        f"ask {champion.first_name} who decides to buy, and get that person named as the sponsor",
        ("stakeholders", champion.id),
    )

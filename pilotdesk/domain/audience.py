"""What the prospect may see: the one allow-list behind everything that goes to them.

The prospect's report (both formats, :mod:`pilotdesk.reports.audiences`), the weekly status
email and its ``--eml`` (:mod:`pilotdesk.reports.status`), the Technical Win email
(:mod:`pilotdesk.domain.mail`) and the prospect's calendar (:mod:`pilotdesk.reports.calendar`)
each read the pilot through these functions, so that what one of them may show is what all of
them may show. A field is private until it is named here on purpose: a stakeholder's stance and
influence, the readiness findings, gaps, evidence and verifiers, the expected purchase order,
``[internal]`` and every key pilotdesk does not read never are.

**Checklist items.** Only an item owned by someone on the prospect's side is theirs to see: an
item owned by one of our own people (``Sam Lee: get VP approval for 40% discount``) or by nobody
(an id that names no one, or no owner at all) is internal work, and stays ours.
"""

from __future__ import annotations

from pilotdesk.domain.model import ChecklistItem, Pilot, Stakeholder

__all__ = ["PROSPECT", "prospect_items", "prospect_owner", "prospect_people", "vendor_people"]

#: The audience every output goes to unless the team is asked for by name.
PROSPECT = "prospect"


def prospect_owner(pilot: Pilot, item: ChecklistItem) -> Stakeholder | None:
    """The prospect-side person who owns ``item``; None when the item is not the prospect's."""
    person = pilot.stakeholder(item.owner) if item.owner else None
    return person if person is not None and person.side == "prospect" else None


def prospect_items(pilot: Pilot) -> list[tuple[ChecklistItem, Stakeholder]]:
    """The checklist items the prospect may see, each with its (prospect-side) owner."""
    out = []
    for item in pilot.checklist:
        person = prospect_owner(pilot, item)
        if person is not None:
            out.append((item, person))
    return out


def prospect_people(pilot: Pilot) -> list[Stakeholder]:
    """The prospect's people (name and title may be shown; stance and influence never)."""
    return [s for s in pilot.stakeholders if s.side == "prospect"]


def vendor_people(pilot: Pilot) -> list[Stakeholder]:
    """Our own people (name and title may be shown to the prospect)."""
    return [s for s in pilot.stakeholders if s.side == "vendor"]

"""Checklist items the record itself completes (see ``Pilot``'s validator in
:mod:`pilotdesk.domain.model`): naming the sponsor, recording the agreement's sign-off.

Derived when the file is read, never written back: pilotdesk does not rewrite a person's file
behind their back, and clearing the record undoes it. The UI and ``check`` say why such an item
counts as done (:func:`pilotdesk.domain.headline.why_done`).
"""

from __future__ import annotations

#: Checklist items (by the templates' ids) that the commitment itself completes: once
#: ``[commercial].sponsor`` names someone, "Commercial sponsor identified" is done, whatever the
#: item's own status says. Derived when the file is read, never written back: pilotdesk does
#: not rewrite a person's file behind their back, and clearing the field undoes it.
FOLLOWS_COMMITMENT: dict[str, str] = {
    "sponsor": "sponsor",
    "qual_owner": "qualification_owner",
    "qualification_owner": "qualification_owner",
}
#: Checklist items (by the templates' ids) that recording the agreement's sign-off completes,
#: the same way: "Evaluation agreement signed" is done once ``[agreement]`` is recorded, so the
#: checklist never says "doing, overdue" about an agreement the file holds as signed.
FOLLOWS_AGREEMENT = frozenset({"eval_agreement", "evaluation_agreement"})


def done_by(item_id: str, commercial: object, signed: bool) -> str:
    """What makes the open item ``item_id`` done (``[commercial].sponsor``, ``[agreement]``),
    or "" when nothing does."""
    field = FOLLOWS_COMMITMENT.get(item_id)
    if field and getattr(commercial, field, ""):
        return f"[commercial].{field}"
    if item_id in FOLLOWS_AGREEMENT and signed:
        return "[agreement]"
    return ""

"""What the prospect may see: one allow-list, for the prospect's report and the presenting screen.

The SE's file holds two kinds of facts: what was agreed and measured with the prospect (the
scorecard, the time-box, the commitment, who is who), and the SE's private read of the deal
(each person's stance and influence, product gaps, readiness findings, ``[internal]`` notes,
who changed what). The prospect's report (:mod:`pilotdesk.reports.audiences`) and the workbook
while presenting (on the prospect's projector) both show the first kind only, and both get it
from :func:`for_prospect`, so the two can never disagree.

**An allow-list.** :data:`PROSPECT_FIELDS` names, per table or collection of the model, the
fields the room may see. A table or collection not named is dropped whole (gaps, the log, the
close-out, ``[readiness]``); a field not named is reset to its default; a key the models do not
know (``model_extra``: ``internal`` among them, and any note the SE keeps) never passes. A field
the format gains later is therefore private until it is added here on purpose.

Two rules are about rows and words rather than fields: a checklist item is the prospect's to
see only when someone on their side owns it (the rest are the vendor's own tasks), and a role
of ``champion`` is the SE's label for a person, not a job, so it is blanked.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from pydantic import BaseModel

from pilotdesk.domain.model import ChecklistItem, Pilot

#: The fields the prospect may see, per table (``pilot``) or collection (``criteria``) of
#: :class:`~pilotdesk.domain.model.Pilot`. Not named: not seen.
PROSPECT_FIELDS: Mapping[str, frozenset[str]] = {
    "schema_": frozenset(),
    # Not ``champion``: which of them the SE counts on is the SE's read.
    "pilot": frozenset({"title", "prospect", "product", "starts", "ends", "se", "ae", "holidays"}),
    # Not ``crm_id``: the vendor's own bookkeeping.
    "opportunity": frozenset({"purchasing_process"}),
    # Not ``first_po_expected``: the vendor's forecast.
    "commercial": frozenset({"if_positive", "sponsor", "qualification_owner"}),
    "criteria": frozenset(
        {"id", "title", "target", "result", "status", "evidence", "verifier", "must_have"}
    ),
    # Not ``stance``, ``influence`` (the SE's read) nor ``last_contact`` ("gone quiet").
    "stakeholders": frozenset(
        {"id", "name", "title", "side", "track", "role", "email", "reports_to"}
    ),
    "checklist": frozenset({"id", "item", "section", "status", "owner", "due"}),
    # What was said in the room, and the dates it set.
    "technical_win": frozenset(
        {
            "verdict",
            "asked_on",
            "attendees",
            "concern",
            "follow_up_by",
            "unproven",
            "prove_by",
            "reason",
        }
    ),
    "agreement": frozenset({"signed_on", "signed_by", "targets", "first_signed_on"}),
    # The confirmation email's wording: the email is written to them.
    "email": frozenset(
        {"subject", "opening", "closing", "signature", "result_vs_target", "result_only"}
    ),
}

#: Words that are the SE's read even in a field the prospect may see.
PRIVATE_WORDS: Mapping[tuple[str, str], frozenset[str]] = {
    ("stakeholders", "role"): frozenset({"champion"}),
}

M = TypeVar("M", bound=BaseModel)


def may_see(collection: str, field: str | None = None) -> bool:
    """Whether the prospect may see ``collection`` (any of it), or its ``field``."""
    allowed = PROSPECT_FIELDS.get(collection)
    if allowed is None:
        return False
    return field is None or field in allowed


def _owned_by_prospect(pilot: Pilot) -> Callable[[Any], bool]:
    sides = {s.id: s.side for s in pilot.stakeholders}

    def keep(item: Any) -> bool:
        return not isinstance(item, ChecklistItem) or sides.get(item.owner) == "prospect"

    return keep


def _only(entry: M, collection: str) -> M:
    """``entry`` with only the fields the prospect may see; the rest at their defaults."""
    allowed = PROSPECT_FIELDS[collection]
    update: dict[str, Any] = {}
    for name, info in type(entry).model_fields.items():
        value = getattr(entry, name)
        if name not in allowed:
            if info.is_required():
                raise ValueError(f"{collection}.{name} is required: it must be in PROSPECT_FIELDS")
            update[name] = info.get_default(call_default_factory=True)
        elif value in PRIVATE_WORDS.get((collection, name), ()):
            update[name] = info.get_default(call_default_factory=True)
    kept = entry.model_copy(update=update)
    kept.__pydantic_extra__ = {}  # [internal], internal = "...", and every unknown key
    return kept


def for_prospect(pilot: Pilot) -> Pilot:
    """``pilot`` as the prospect may see it (see the module's docstring); ``pilot`` unchanged."""
    keep_row = _owned_by_prospect(pilot)
    update: dict[str, Any] = {}
    for name, info in Pilot.model_fields.items():
        value = getattr(pilot, name)
        if name not in PROSPECT_FIELDS:
            update[name] = info.get_default(call_default_factory=True)
        elif isinstance(value, list):
            update[name] = [_only(entry, name) for entry in value if keep_row(entry)]
        elif isinstance(value, BaseModel):
            update[name] = _only(value, name)
    shown = pilot.model_copy(update=update)
    shown.__pydantic_extra__ = {}
    return shown


def private_part(pilot: Pilot) -> dict[str, Any]:
    """Everything :func:`for_prospect` leaves out (but the log, which every change adds to), as
    plain data: two pilots with the same private part differ only in what the room may see."""
    shown = for_prospect(pilot).model_dump(exclude={"log"})
    full = pilot.model_dump(exclude={"log"})
    return {key: _left_out(value, shown.get(key)) for key, value in full.items()}


def _left_out(full: Any, shown: Any) -> Any:
    """What of ``full`` (plain data) is not in ``shown``: None, or what is left out; an entry
    of a list keeps its id when something of it is left out."""
    if isinstance(full, dict) and isinstance(shown, dict):
        left = {k: v for k, v in full.items() if k != "id" and shown.get(k, _MISSING) != v}
        if not left:
            return None
        return {"id": full["id"], **left} if "id" in full else left
    if isinstance(full, list) and isinstance(shown, list):
        by_id = {e.get("id"): e for e in shown if isinstance(e, dict)}
        out = []
        for entry in full:
            if isinstance(entry, dict) and entry.get("id") in by_id:
                left = _left_out(entry, by_id[entry.get("id")])
                if left is not None:
                    out.append(left)
            else:  # a row the room does not see at all
                out.append(entry)
        return out
    return full if full != shown else None


_MISSING = object()

"""What the prospect may see: one allow-list, for the prospect's report and the presenting screen.

The SE's file holds two kinds of facts: what was agreed and measured with the prospect (the
scorecard, the time-box, the commitment, who is who), and the SE's private read of the deal
(each person's stance and influence, product gaps, readiness findings, ``[internal]`` notes,
who changed what). The prospect's report (:mod:`pilotdesk.reports.audiences`) and the workbook
while presenting (on the prospect's projector) both show the first kind only, and both get it
from :func:`for_prospect`, so the two can never disagree; so do the status email and the
calendar, through the row helpers at the end (the same rule for checklist items).

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

from pilotdesk.domain.model import ChecklistItem, Pilot, Stakeholder

#: The fields the prospect may see, per table (``pilot``) or collection (``criteria``) of
#: :class:`~pilotdesk.domain.model.Pilot`. Not named: not seen.
PROSPECT_FIELDS: Mapping[str, frozenset[str]] = {
    "schema_": frozenset(),
    # Not ``champion``: which of them the SE counts on is the SE's read.
    "pilot": frozenset(
        {"title", "prospect", "product", "vendor", "starts", "ends", "se", "ae", "holidays"}
    ),
    # Not ``crm_id``: the vendor's own bookkeeping.
    "opportunity": frozenset({"purchasing_process"}),
    # Not ``first_po_expected``: the vendor's forecast. The commitment's clock is what was
    # agreed with them (``within_days``) and whether it was kept (``commitment_met_on``).
    # ``[handoff]`` is not named: the handoff to the AE is the vendor's own business.
    "commercial": frozenset(
        {"if_positive", "sponsor", "qualification_owner", "within_days", "commitment_met_on"}
    ),
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


def private_names() -> frozenset[str]:
    """The names of what the prospect may not see (``gaps``, ``stance``, ``internal``, ...):
    a message that names one may be about it (the log, which pilotdesk writes, aside)."""
    names = {"internal"}
    for collection, info in Pilot.model_fields.items():
        if collection not in PROSPECT_FIELDS:
            names.add(collection)
            continue
        for kind in getattr(info.annotation, "__args__", (info.annotation,)):
            inner = getattr(kind, "__args__", (kind,))[0]
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                names |= {f for f in inner.model_fields if not may_see(collection, f)}
    return frozenset(names - {"log"})


def _owned_by_prospect(pilot: Pilot) -> Callable[[Any], bool]:
    sides = {s.id: s.side for s in pilot.stakeholders}

    def keep(item: Any) -> bool:
        return not isinstance(item, ChecklistItem) or sides.get(item.owner) == "prospect"

    return keep


def _hidden_fields(model: type[BaseModel], collection: str) -> dict[str, Any]:
    """The fields of ``model`` the prospect may not see, with their defaults (a required field
    must be on the allow-list: there is no value to show instead)."""
    allowed = PROSPECT_FIELDS[collection]
    hidden: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if name in allowed:
            continue
        if info.is_required():
            raise ValueError(f"{collection}.{name} is required: it must be in PROSPECT_FIELDS")
        hidden[name] = info.get_default(call_default_factory=True)
    return hidden


def _left_out_of(entry: BaseModel, collection: str) -> dict[str, Any]:
    """What of ``entry`` the prospect may not see, as field: value (defaults left out)."""
    left = {
        name: value
        for name, default in _hidden_fields(type(entry), collection).items()
        if (value := getattr(entry, name)) != default
    }
    for (where, name), words in PRIVATE_WORDS.items():
        if where == collection and getattr(entry, name) in words:
            left[name] = getattr(entry, name)
    return {**left, **(entry.model_extra or {})}


def _only(entry: M, collection: str) -> M:
    """``entry`` with only the fields the prospect may see; the rest at their defaults. The
    entry itself when it holds nothing else (a criterion usually): no copy per keystroke."""
    left = _left_out_of(entry, collection)
    if not left:
        return entry
    defaults = _hidden_fields(type(entry), collection)
    for (where, name), _words in PRIVATE_WORDS.items():
        if where == collection and name in left:
            defaults[name] = type(entry).model_fields[name].get_default(call_default_factory=True)
    kept = entry.model_copy(update={k: v for k, v in defaults.items() if k in left})
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
    """Everything :func:`for_prospect` leaves out (but the log, which every change adds to):
    two pilots with the same private part differ only in what the room may see."""
    keep_row = _owned_by_prospect(pilot)
    out: dict[str, Any] = {"": pilot.model_extra}
    for name in Pilot.model_fields:
        value = getattr(pilot, name)
        if name == "log":
            continue
        if name not in PROSPECT_FIELDS:
            out[name] = value
        elif isinstance(value, list):
            rows = [
                (getattr(e, "id", i), _left_out_of(e, name) if keep_row(e) else e)
                for i, e in enumerate(value)
            ]
            out[name] = [row for row in rows if row[1]]
        elif isinstance(value, BaseModel):
            out[name] = _left_out_of(value, name)
    return out


# --- rows for the outputs -----------------------------------------------------------------------
#
# The reports, the status email and the calendar list rows rather than copy the pilot; these
# say which rows are the prospect's by the same rule as :func:`for_prospect` (a checklist item
# only when someone on their side owns it: one owned by our own people or by nobody is internal
# work, ``Sam Lee: get VP approval for 40% discount``).

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

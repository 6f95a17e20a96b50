"""The forms of each kind of entry, built from the pilot (for the stakeholder choices)."""

from __future__ import annotations

import re

from pydantic import BaseModel

from pilotdesk.domain.dates import FUTURE_HINT, PAST_HINT
from pilotdesk.domain.model import (
    GAP_SEVERITIES,
    GAP_STATUSES,
    INFLUENCES,
    ITEM_STATUSES,
    KNOWN_ROLES,
    OUTCOMES,
    SECTIONS,
    SIDES,
    STANCES,
    TRACKS,
    ChecklistItem,
    Criterion,
    Pilot,
    Stakeholder,
)
from pilotdesk.ui.modals.form import FormField


def _people(pilot: Pilot, side: str | None = None) -> tuple[tuple[str, str], ...]:
    return tuple(
        (f"{s.name} ({s.id})", s.id) for s in pilot.stakeholders if side is None or s.side == side
    )


def _words(values: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    return tuple((v.replace("_", " "), v) for v in values)


def _example(values: list[str], fallback: str) -> str:
    """A placeholder from the pilot's own entries (``e.g. …``), else a neutral one: a software
    pilot must not be shown a hardware sample's ``>= 42 dB``."""
    for value in values:
        if value and len(value) <= 40:
            return f"e.g. {value}"
    return fallback


def notes_fields(current: BaseModel | None = None) -> list[FormField]:
    """A ``notes`` field: why the site visit was skipped, what the CFO said. The file could
    always hold them (``notes = "..."``, kept as written, in the team's report, never in the
    prospect's); the forms now can too. Left out when the file's ``notes`` is not a text (a
    table or a list a person wrote): the form would write it back as one line."""
    existing = (current.model_extra or {}).get("notes") if current is not None else None
    if existing is not None and not isinstance(existing, str):
        return []
    return [
        FormField(
            "notes",
            "Notes",
            placeholder="for you and your team; never in the prospect's report",
        )
    ]


def criterion_fields(pilot: Pilot, adding: bool) -> list[FormField]:
    fields = [FormField("id", "Id (one word; from the title if empty)", "id")] if adding else []
    target = _example(
        [c.target for c in pilot.criteria], "what must be shown: a threshold, a behaviour"
    )
    return fields + [
        FormField("title", "Title", required=True),
        FormField("target", "Target", placeholder=target),
        *result_fields(None),
        FormField(
            "verifier", "Verified by (prospect side)", "choice", choices=_people(pilot, "prospect")
        ),
        FormField("must_have", "Must-have", "bool"),
    ]


def result_fields(criterion: Criterion | None) -> list[FormField]:
    """What was found: the fields ``r`` edits, with the target beside them when known."""
    hint = f"Target: {criterion.target}" if criterion and criterion.target else ""
    return [
        FormField("result", "Result", placeholder="what was measured or seen", hint=hint),
        FormField("evidence", "Evidence", placeholder="report, log, screenshot or recording"),
    ]


def stakeholder_fields(
    pilot: Pilot, adding: bool, current: Stakeholder | None = None
) -> list[FormField]:
    fields = [FormField("id", "Id (one word; from the name if empty)", "id")] if adding else []
    return fields + [
        FormField("name", "Name", required=True),
        FormField("title", "Job title"),
        FormField("side", "Side", "choice", required=True, choices=_words(SIDES)),
        FormField("track", "Track", "choice", required=True, choices=_words(TRACKS)),
        FormField(
            "role", "Role", suggestions=KNOWN_ROLES, placeholder="evaluator, sponsor, procurement…"
        ),
        FormField("stance", "Stance", "choice", required=True, choices=_words(STANCES)),
        FormField("influence", "Influence", "choice", required=True, choices=_words(INFLUENCES)),
        FormField("email", "Email"),
        FormField("last_contact", "Last contact", "date", placeholder=PAST_HINT, direction="past"),
        FormField("reports_to", "Reports to", "choice", choices=_people(pilot)),
        *notes_fields(current),
    ]


def contact_date_field() -> FormField:
    """The one field of the "contacted on" prompt (``C`` on a stakeholder)."""
    return FormField(
        "last_contact",
        "Contacted on (enter records it)",
        "date",
        required=True,
        placeholder="2026-11-30, today",
    )


def checklist_fields(
    pilot: Pilot, adding: bool, current: ChecklistItem | None = None
) -> list[FormField]:
    fields = [FormField("id", "Id (one word; from the item if empty)", "id")] if adding else []
    return fields + [
        FormField("item", "Item", required=True),
        FormField("section", "Section", "choice", required=True, choices=_words(SECTIONS)),
        FormField("status", "Status", "choice", required=True, choices=_words(ITEM_STATUSES)),
        FormField("owner", "Owner", "choice", choices=_people(pilot)),
        FormField("due", "Due", "date", placeholder=FUTURE_HINT, direction="future"),
        *notes_fields(current),
    ]


def commitment_fields(pilot: Pilot) -> list[FormField]:
    return [
        FormField(
            "if_positive",
            "If the pilot passes, then…",
            placeholder="what the prospect commits to, e.g. a purchase decision within 30 days",
        ),
        FormField("sponsor", "Commercial sponsor", "choice", choices=_people(pilot, "prospect")),
        FormField(
            "qualification_owner",
            "Owns supplier qualification",
            "choice",
            choices=_people(pilot, "prospect"),
        ),
        FormField(
            "first_po_expected",
            "First purchase order expected",
            "date",
            placeholder=FUTURE_HINT,
            direction="future",
        ),
        FormField(
            "commitment_met_on",
            "Commitment met on (after a Yes)",
            "date",
            placeholder="the day the committed step happened: stops its clock",
            direction="past",
        ),
    ]


def gap_fields(pilot: Pilot, adding: bool) -> list[FormField]:
    fields = [FormField("id", "Id (one word; from the title if empty)", "id")] if adding else []
    criteria = tuple((f"{c.title} ({c.id})", c.id) for c in pilot.criteria)
    return fields + [
        FormField("title", "What the product cannot do", required=True),
        FormField("severity", "Severity", "choice", required=True, choices=_words(GAP_SEVERITIES)),
        FormField("status", "Status", "choice", required=True, choices=_words(GAP_STATUSES)),
        FormField("criterion", "Criterion it affects", "choice", choices=criteria),
        FormField("impact", "Impact on the deal", placeholder="what the prospect loses without it"),
        FormField("workaround", "Workaround", placeholder="what they can do meanwhile"),
        FormField("request", "Product request", placeholder="ticket reference"),
    ]


def handoff_fields() -> list[FormField]:
    return [
        FormField("on", "Handed off on", "date", required=True),
        FormField("to", "To (the AE)", placeholder="who takes over the deal"),
        FormField("notes", "What you promised", placeholder="follow-ups, answers owed, demos"),
    ]


def close_out_fields() -> list[FormField]:
    return [
        # Not preselected: an outcome is a decision, never a default (the form refuses none).
        FormField("outcome", "Outcome *", "choice", choices=_words(OUTCOMES)),
        FormField("on", "On", "date", required=True),
        FormField("reason", "Why", placeholder="what decided it"),
        FormField("competitor", "Competitor chosen (if lost)"),
        FormField("next", "Next", placeholder="PO received, follow-up planned…"),
    ]


#: Words an id can do without: ``shadow_it_discovery``, not ``shadow_it_discovery_from``.
_FILLER = frozenset("a an and at by for from in into of on or per the to via with within".split())
ID_WORDS = 3
ID_LENGTH = 20


def new_id(text: str, taken: set[str]) -> str:
    """A short unique id from a title, in whole words: ``Shadow IT discovery from SIEM logs``
    -> ``shadow_it_discovery``, ``Tax form W-9`` -> ``tax_form_w_9`` (a hyphenated word is
    one word)."""
    words = [w.replace("-", "_") for w in re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", text.lower())]
    kept = [w for w in words if w not in _FILLER] or words or ["entry"]
    base = kept[0][:ID_LENGTH].strip("_") or "entry"
    for word in kept[1:ID_WORDS]:
        if len(base) + 1 + len(word) > ID_LENGTH:
            break
        base = f"{base}_{word}"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}_{n}", n + 1
    return candidate

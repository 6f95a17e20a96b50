"""The pilot file, format version 1, as pydantic models.

The models describe what pilotdesk understands; they are never written back to disk (the store
edits the TOML document in place so that comments and unknown keys survive). Every model allows
extra keys, because users keep their own notes in the file.

Validation is strict: a date must be a TOML date, not a string that looks like one, so that what
the file says and what pilotdesk shows never differ; an instant is a TOML *local* date-time (an
offset one could not be compared with the clock). References between entries (a criterion's
verifier, the champion, ...) are checked by :func:`integrity_problems`, which reports the exact
path of each dangling reference.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, NaiveDatetime, field_validator

SCHEMA_VERSION = 1

CriterionStatus = Literal["pending", "passed", "failed"]
ItemStatus = Literal["todo", "doing", "done", "skipped"]
Section = Literal["commitment", "qualification", "paper"]
Side = Literal["prospect", "vendor"]
Track = Literal["technical", "commercial"]
Stance = Literal["champion", "supporter", "neutral", "skeptic", "blocker", "unknown"]
Influence = Literal["high", "medium", "low"]
Verdict = Literal["yes", "yes_but", "more_time", "no"]

CRITERION_STATUSES: tuple[str, ...] = ("pending", "passed", "failed")
ITEM_STATUSES: tuple[str, ...] = ("todo", "doing", "done", "skipped")
SECTIONS: tuple[str, ...] = ("commitment", "qualification", "paper")
SIDES: tuple[str, ...] = ("prospect", "vendor")
TRACKS: tuple[str, ...] = ("technical", "commercial")
STANCES: tuple[str, ...] = ("champion", "supporter", "neutral", "skeptic", "blocker", "unknown")
INFLUENCES: tuple[str, ...] = ("high", "medium", "low")
VERDICTS: tuple[str, ...] = ("yes", "yes_but", "more_time", "no")

#: Roles with a meaning to pilotdesk. Any other word is kept and shown as written.
KNOWN_ROLES: tuple[str, ...] = (
    "evaluator",
    "evaluator_manager",
    "champion",
    "economic_buyer",
    "sponsor",
    "procurement",
    "finance",
    "supply_chain",
    "legal",
    "quality",
    "ae",
    "se",
)

#: Roles whose holders can commit the prospect's money or supplier process.
COMMERCIAL_AUTHORITY_ROLES: tuple[str, ...] = (
    "economic_buyer",
    "sponsor",
    "procurement",
    "finance",
)


class _Table(BaseModel):
    model_config = ConfigDict(strict=True, extra="allow", validate_default=False)


def _no_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value


def _id_word(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    if any(ch.isspace() for ch in value):
        raise ValueError(f"{value!r} has spaces; an id is one word, like 'snr' or 'maria'")
    return value


class PilotInfo(_Table):
    title: str
    prospect: str
    product: str
    starts: dt.date | None = None
    ends: dt.date | None = None
    se: str = ""
    ae: str = ""
    champion: str = ""

    _check_text = field_validator("title", "prospect", "product")(_no_blank)


class Opportunity(_Table):
    crm_id: str = ""
    purchasing_process: str = ""


class Commercial(_Table):
    if_positive: str = ""
    sponsor: str = ""
    qualification_owner: str = ""
    first_po_expected: dt.date | None = None


class Criterion(_Table):
    id: str
    title: str
    target: str = ""
    result: str = ""
    status: CriterionStatus = "pending"
    evidence: str = ""
    verifier: str = ""
    must_have: bool = False

    _check_id = field_validator("id")(_id_word)
    _check_title = field_validator("title")(_no_blank)


class Stakeholder(_Table):
    id: str
    name: str
    title: str = ""
    side: Side = "prospect"
    track: Track = "technical"
    role: str = ""
    stance: Stance = "unknown"
    influence: Influence = "medium"
    email: str = ""
    last_contact: dt.date | None = None
    reports_to: str = ""

    _check_id = field_validator("id")(_id_word)
    _check_name = field_validator("name")(_no_blank)

    @property
    def first_name(self) -> str:
        return self.name.split()[0] if self.name.split() else self.name


class ChecklistItem(_Table):
    id: str
    item: str
    section: Section = "qualification"
    status: ItemStatus = "todo"
    owner: str = ""
    due: dt.date | None = None

    _check_id = field_validator("id")(_id_word)
    _check_item = field_validator("item")(_no_blank)


class TechnicalWin(_Table):
    verdict: Verdict
    asked_on: NaiveDatetime
    attendees: list[str] = Field(default_factory=list)
    concern: str = ""
    follow_up_by: NaiveDatetime | None = None
    unproven: list[str] = Field(default_factory=list)
    prove_by: dt.date | None = None
    reason: str = ""


class LogEntry(_Table):
    at: NaiveDatetime
    event: str
    by: str = ""  # who made the change (optional: older logs do not say)


class EmailWording(_Table):
    """Per-pilot wording of the confirmation email (``[email]``); empty means the default."""

    subject: str = ""
    opening: str = ""
    closing: str = ""
    signature: str = ""


class ReadinessSettings(_Table):
    """``[readiness]``: rules silenced for this pilot, each with the reason why."""

    ignore: dict[str, str] = Field(default_factory=dict)


class Pilot(_Table):
    schema_: int = Field(default=SCHEMA_VERSION, alias="schema")
    pilot: PilotInfo
    opportunity: Opportunity = Field(default_factory=Opportunity)
    commercial: Commercial = Field(default_factory=Commercial)
    criteria: list[Criterion] = Field(default_factory=list)
    stakeholders: list[Stakeholder] = Field(default_factory=list)
    checklist: list[ChecklistItem] = Field(default_factory=list)
    technical_win: TechnicalWin | None = None
    log: list[LogEntry] = Field(default_factory=list)
    email: EmailWording = Field(default_factory=EmailWording)
    readiness: ReadinessSettings = Field(default_factory=ReadinessSettings)

    model_config = ConfigDict(strict=True, extra="allow", populate_by_name=True)

    def stakeholder(self, sid: str) -> Stakeholder | None:
        return next((s for s in self.stakeholders if s.id == sid), None)

    def criterion(self, cid: str) -> Criterion | None:
        return next((c for c in self.criteria if c.id == cid), None)

    def checklist_item(self, iid: str) -> ChecklistItem | None:
        return next((i for i in self.checklist if i.id == iid), None)


#: Where a field is: ``("criteria", 1, "status")``, for messages and for finding its line.
FieldPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a pilot's content, at a path such as ``("criteria", 1, "status")``."""

    path: FieldPath
    message: str


def format_path(path: FieldPath) -> str:
    """``("criteria", 1, "status")`` -> ``criteria[1].status``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def integrity_problems(pilot: Pilot) -> list[Problem]:
    """Duplicate ids and references that name no stakeholder or criterion."""
    problems: list[Problem] = []
    for collection in ("criteria", "stakeholders", "checklist"):
        seen: dict[str, int] = {}
        for index, entry in enumerate(getattr(pilot, collection)):
            if entry.id in seen:
                problems.append(
                    Problem(
                        (collection, index, "id"),
                        f"duplicate id {entry.id!r} (also {collection}[{seen[entry.id]}]); ids must be unique",
                    )
                )
            else:
                seen[entry.id] = index

    people = {s.id for s in pilot.stakeholders}
    criteria_ids = {c.id for c in pilot.criteria}
    for path, value in _stakeholder_references(pilot):
        if value and value not in people:
            problems.append(Problem(path, f"{value!r} is not a stakeholder id{_known(people)}"))
    for index, stakeholder in enumerate(pilot.stakeholders):
        if stakeholder.reports_to and stakeholder.reports_to == stakeholder.id:
            problems.append(
                Problem(
                    ("stakeholders", index, "reports_to"), "a person cannot report to themselves"
                )
            )
    if pilot.technical_win is not None:
        for index, cid in enumerate(pilot.technical_win.unproven):
            if cid not in criteria_ids:
                problems.append(
                    Problem(
                        ("technical_win", "unproven", index),
                        f"{cid!r} is not a criterion id{_known(criteria_ids)}",
                    )
                )
    return problems


def _stakeholder_references(pilot: Pilot) -> Iterator[tuple[FieldPath, str]]:
    yield ("pilot", "champion"), pilot.pilot.champion
    yield ("commercial", "sponsor"), pilot.commercial.sponsor
    yield ("commercial", "qualification_owner"), pilot.commercial.qualification_owner
    for index, criterion in enumerate(pilot.criteria):
        yield ("criteria", index, "verifier"), criterion.verifier
    for index, item in enumerate(pilot.checklist):
        yield ("checklist", index, "owner"), item.owner
    for index, stakeholder in enumerate(pilot.stakeholders):
        yield ("stakeholders", index, "reports_to"), stakeholder.reports_to
    if pilot.technical_win is not None:
        for index, sid in enumerate(pilot.technical_win.attendees):
            yield ("technical_win", "attendees", index), sid


def _known(ids: set[str]) -> str:
    if not ids:
        return " (there are none yet)"
    shown = sorted(ids)
    more = f", … ({len(shown)} in all)" if len(shown) > 8 else ""
    return f" (known: {', '.join(shown[:8])}{more})"


def references_to(pilot: Pilot, collection: str, entry_id: str) -> list[str]:
    """Where an entry is referred to, in words; used to refuse deleting what is still in use."""
    found: list[str] = []
    if collection == "stakeholders":
        for path, value in _stakeholder_references(pilot):
            if value == entry_id:
                found.append(_describe_reference(pilot, path))
    elif collection == "criteria" and pilot.technical_win is not None:
        if entry_id in pilot.technical_win.unproven:
            found.append("the Technical Win's unproven criteria")
    return found


def _describe_reference(pilot: Pilot, path: FieldPath) -> str:
    if path[0] == "criteria":
        return f"verifier of criterion {pilot.criteria[path[1]].id}"  # type: ignore[index]
    if path[0] == "checklist":
        return f"owner of checklist item {pilot.checklist[path[1]].id}"  # type: ignore[index]
    if path[0] == "stakeholders":
        return f"manager of {pilot.stakeholders[path[1]].id}"  # type: ignore[index]
    if path[0] == "technical_win":
        return "attendee of the Technical Win review"
    return {
        ("pilot", "champion"): "the pilot's champion",
        ("commercial", "sponsor"): "the commercial sponsor",
        ("commercial", "qualification_owner"): "the supplier qualification owner",
    }.get(path[:2], format_path(path))  # type: ignore[arg-type]

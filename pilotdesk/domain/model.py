"""The pilot file, format version 1, as pydantic models.

The models describe what pilotdesk understands; they are never written back to disk (the store
edits the TOML document in place so that comments and unknown keys survive). Every model allows
extra keys, because users keep their own notes in the file.

Validation is strict: a date must be a TOML date, not a string that looks like one, so that what
the file says and what pilotdesk shows never differ; an instant is a TOML *local* date-time (an
offset one could not be compared with the clock). References between entries (a criterion's
verifier, the champion, ...) are checked by :func:`integrity_problems`, which reports the exact
path of each dangling reference.

**Private notes.** An ``[internal]`` table, and an ``internal`` key in any entry, hold the SE's
private notes (:data:`INTERNAL_KEY`). Like any key the models do not name, they are kept as
written (``model_extra``); unlike the others, they are part of the format: what is in them
never reaches a document made for the prospect (:mod:`pilotdesk.reports`).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal, cast

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    NaiveDatetime,
    PrivateAttr,
    field_validator,
    model_validator,
)

from pilotdesk.domain.follows import done_by
from pilotdesk.domain.integrity import (
    FieldPath,
    Problem,
    content_problems,
    format_path,
    stakeholder_references,
)
from pilotdesk.domain.lookup import Index, find
from pilotdesk.domain.workdays import calendar_problem

__all__ = ["FieldPath", "Problem", "format_path", "integrity_problems", "references_to"]

SCHEMA_VERSION = 1

#: The table (``[internal]``) and the key in any entry (``internal = "..."``) for private notes.
INTERNAL_KEY = "internal"

CriterionStatus = Literal["pending", "passed", "failed"]
ItemStatus = Literal["todo", "doing", "done", "skipped"]
Section = Literal["commitment", "qualification", "paper"]
Side = Literal["prospect", "vendor"]
Track = Literal["technical", "commercial"]
Stance = Literal["champion", "supporter", "neutral", "skeptic", "blocker", "unknown"]
Influence = Literal["high", "medium", "low"]
Verdict = Literal["yes", "yes_but", "more_time", "no"]
GapSeverity = Literal["deal_breaker", "deal_challenge", "nice_to_have"]
GapStatus = Literal["open", "planned", "shipped", "wont_fix"]
Outcome = Literal["won", "lost", "no_decision", "withdrawn"]

CRITERION_STATUSES: tuple[str, ...] = ("pending", "passed", "failed")
ITEM_STATUSES: tuple[str, ...] = ("todo", "doing", "done", "skipped")
SECTIONS: tuple[str, ...] = ("commitment", "qualification", "paper")
SIDES: tuple[str, ...] = ("prospect", "vendor")
TRACKS: tuple[str, ...] = ("technical", "commercial")
STANCES: tuple[str, ...] = ("champion", "supporter", "neutral", "skeptic", "blocker", "unknown")
INFLUENCES: tuple[str, ...] = ("high", "medium", "low")
VERDICTS: tuple[str, ...] = ("yes", "yes_but", "more_time", "no")
GAP_SEVERITIES: tuple[str, ...] = ("deal_breaker", "deal_challenge", "nice_to_have")
GAP_STATUSES: tuple[str, ...] = ("open", "planned", "shipped", "wont_fix")
OUTCOMES: tuple[str, ...] = ("won", "lost", "no_decision", "withdrawn")

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
    #: The prospect's public holidays, which deadlines skip: "US", "DE-BY" ("" weekends only).
    holidays: str = ""
    #: Our company's name (the vendor), for emails and reports; "" falls back to the product.
    vendor: str = ""

    _check_text = field_validator("title", "prospect", "product")(_no_blank)

    @field_validator("holidays")
    @classmethod
    def _check_holidays(cls, value: str) -> str:
        problem = calendar_problem(value)
        if problem is not None:
            raise ValueError(problem)
        return value.strip()


class Opportunity(_Table):
    crm_id: str = ""
    purchasing_process: str = ""


#: The longest commitment clock pilotdesk accepts, in calendar days (ten years).
MAX_WITHIN_DAYS = 3650


class Commercial(_Table):
    if_positive: str = ""
    sponsor: str = ""
    qualification_owner: str = ""
    first_po_expected: dt.date | None = None
    #: The commitment's clock: calendar days from a "Yes" (``[technical_win].asked_on``) for
    #: ``if_positive`` to happen; None reads it from the text (:mod:`pilotdesk.domain.commitment`).
    within_days: int | None = None
    #: When the committed step happened (procurement opened supplier qualification): stops the clock.
    commitment_met_on: dt.date | None = None

    @field_validator("within_days")
    @classmethod
    def _check_within_days(cls, value: int | None) -> int | None:
        if value is not None and not 1 <= value <= MAX_WITHIN_DAYS:
            raise ValueError(
                f"should be a number of calendar days from 1 to {MAX_WITHIN_DAYS}, not {value}"
            )
        return value


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
    #: What makes this open item done (:mod:`pilotdesk.domain.follows`): the UI says why.
    _done_by: str = PrivateAttr(default="")
    #: The status as the file writes it (``status`` may be done by the record, see above).
    _in_file: str = PrivateAttr(default="")

    @property
    def done_by(self) -> str:
        return self._done_by

    @property
    def status_in_file(self) -> str:
        return self._in_file or self.status


class TechnicalWin(_Table):
    verdict: Verdict
    asked_on: NaiveDatetime
    attendees: list[str] = Field(default_factory=list)
    concern: str = ""
    follow_up_by: NaiveDatetime | None = None
    unproven: list[str] = Field(default_factory=list)
    prove_by: dt.date | None = None
    reason: str = ""


class Agreement(_Table):
    """``[agreement]``: the scorecard as the prospect signed it (the evaluation agreement).

    ``targets`` holds each criterion's target as signed, by criterion id: what "passed" was
    agreed to mean. A target edited since, a criterion added or removed since, is drift."""

    signed_on: dt.date
    signed_by: list[str] = Field(default_factory=list)
    targets: dict[str, str] = Field(default_factory=dict)
    #: Written by pilotdesk when the sign-off is recorded again: the date of the first one.
    first_signed_on: dt.date | None = None


class Gap(_Table):
    """``[[gaps]]``: a product gap the pilot uncovered, for the product team."""

    id: str
    title: str
    severity: GapSeverity
    criterion: str = ""
    impact: str = ""
    workaround: str = ""
    request: str = ""
    status: GapStatus = "open"

    _check_id = field_validator("id")(_id_word)
    _check_title = field_validator("title")(_no_blank)


class Handoff(_Table):
    """``[handoff]``: the Technical Win handed over to the AE (seed 002: "the AE takes over; the
    SE schedules the internal handoff")."""

    on: dt.date
    #: Who took it over: the AE's stakeholder id or name ("" means ``[pilot].ae``).
    to: str = ""
    #: What the SE promised, what to watch: carried into the handoff brief.
    notes: str = ""


class CloseOut(_Table):
    """``[close_out]``: how the pilot ended."""

    outcome: Outcome
    on: dt.date
    reason: str = ""
    competitor: str = ""
    next: str = ""


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
    #: How a criterion's result reads against its target: "{result} vs {target}" by default.
    result_vs_target: str = ""
    #: How a result reads when the criterion has no target: "{result}" by default.
    result_only: str = ""


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
    agreement: Agreement | None = None
    handoff: Handoff | None = None
    gaps: list[Gap] = Field(default_factory=list)
    close_out: CloseOut | None = None
    log: list[LogEntry] = Field(default_factory=list)
    email: EmailWording = Field(default_factory=EmailWording)
    readiness: ReadinessSettings = Field(default_factory=ReadinessSettings)

    model_config = ConfigDict(strict=True, extra="allow", populate_by_name=True)
    _ids: Index = PrivateAttr(default_factory=dict)  # id lookups: pilotdesk.domain.lookup

    @model_validator(mode="after")
    def _checklist_follows_the_commitment(self) -> Pilot:
        for item in self.checklist:
            why = done_by(item.id, self.commercial, self.agreement is not None)
            if why and item.status in ("todo", "doing"):
                item._in_file, item.status, item._done_by = item.status, "done", why
        return self

    def stakeholder(self, sid: str) -> Stakeholder | None:
        return cast("Stakeholder | None", find(self, "stakeholders", sid))

    def criterion(self, cid: str) -> Criterion | None:
        return cast("Criterion | None", find(self, "criteria", cid))

    def checklist_item(self, iid: str) -> ChecklistItem | None:
        return cast("ChecklistItem | None", find(self, "checklist", iid))

    def gap(self, gid: str) -> Gap | None:
        return cast("Gap | None", find(self, "gaps", gid))


def integrity_problems(pilot: Pilot) -> list[Problem]:
    """Duplicate ids, references that name nothing, a time-box that ends before it starts."""
    return content_problems(pilot)


def references_to(pilot: Pilot, collection: str, entry_id: str) -> list[str]:
    """Where an entry is referred to, in words; used to refuse deleting what is still in use."""
    found: list[str] = []
    if collection == "stakeholders":
        for path, value in stakeholder_references(pilot):
            if value == entry_id:
                found.append(_describe_reference(pilot, path))
    elif collection == "criteria":
        if pilot.technical_win is not None and entry_id in pilot.technical_win.unproven:
            found.append("the Technical Win's unproven criteria")
        found += [f"the criterion of gap {g.id}" for g in pilot.gaps if g.criterion == entry_id]
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
    if path[0] == "agreement":
        return "signatory of the evaluation agreement"
    return {
        ("pilot", "champion"): "the pilot's champion",
        ("commercial", "sponsor"): "the commercial sponsor",
        ("commercial", "qualification_owner"): "the supplier qualification owner",
    }.get(path[:2], format_path(path))  # type: ignore[arg-type]

"""The readiness engine: findings, severities, the rule registry, and the helpers rules share.

Rule modules register with :func:`rule`; :mod:`pilotdesk.domain.readiness` runs them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import IntEnum

from pilotdesk.domain.model import (
    ChecklistItem,
    Criterion,
    Pilot,
    Stakeholder,
)

#: A prospect stakeholder with no contact for this many days (or never) has gone quiet.
QUIET_DAYS = 14
#: The scorecard should have between these many criteria (inclusive).
MIN_CRITERIA = 3
MAX_CRITERIA = 7
#: How close a role word must be to a known role to be reported as a likely typo.
ROLE_MATCH_CUTOFF = 0.75


class Severity(IntEnum):
    """How bad a finding is. Compares by gravity: ``BLOCKER > WARNING > INFO``."""

    INFO = 1
    WARNING = 2
    BLOCKER = 3

    @property
    def label(self) -> str:
        """``"blocker"``, ``"warning"`` or ``"info"``."""
        return self.name.lower()

    def __str__(self) -> str:
        return self.label


Target = tuple[str, str]


@dataclass(frozen=True)
class Finding:
    """One readiness problem.

    ``target`` is the collection and entry id the finding is about (``("stakeholders", "li")``,
    ``("criteria", "snr")``) or a table and field (``("commercial", "sponsor")``), for the UI to
    jump to; ``None`` when there is nothing to point at. ``silenced`` is the reason given in
    ``[readiness].ignore`` when the rule is silenced for this pilot.
    """

    rule: str
    severity: Severity
    finding: str
    fix: str
    target: Target | None = None
    silenced: str | None = None


@dataclass(frozen=True)
class Issue:
    """What a rule function reports; :func:`evaluate` turns it into a :class:`Finding`."""

    finding: str
    fix: str
    target: Target | None = None


Check = Callable[[Pilot, dt.date], Issue | None]


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    title: str
    check: Check
    #: Still applies once the pilot is closed out (open gaps, promised deadlines); the rest
    #: (the time-box, who went quiet) no longer matter then.
    after_close: bool = False


REGISTERED: list[Rule] = []


def rule(
    rule_id: str, severity: Severity, title: str, *, after_close: bool = False
) -> Callable[[Check], Check]:
    """Register a rule; registration order is the order findings of equal severity appear in."""

    def register(check: Check) -> Check:
        if any(r.id == rule_id for r in REGISTERED):
            raise ValueError(f"duplicate readiness rule id {rule_id!r}")
        REGISTERED.append(Rule(rule_id, severity, title, check, after_close))
        return check

    return register


# --- helpers ------------------------------------------------------------------------------


def prospect_side(pilot: Pilot) -> list[Stakeholder]:
    return [s for s in pilot.stakeholders if s.side == "prospect"]


def days_since(day: dt.date | None, today: dt.date) -> int | None:
    return None if day is None else (today - day).days


def is_quiet(person: Stakeholder, today: dt.date) -> bool:
    days = days_since(person.last_contact, today)
    return days is None or days >= QUIET_DAYS


def contact_age(person: Stakeholder, today: dt.date) -> str:
    days = days_since(person.last_contact, today)
    if days is None:
        return "never contacted"
    return f"{days} day{'' if days == 1 else 's'}"


def silent_commercial_track(pilot: Pilot, today: dt.date) -> list[Stakeholder] | None:
    """The prospect's commercial-track people when none of them has been contacted lately
    (``[]``: there are none); None when one of them has. ``commercial-track-silent`` names them,
    so ``gone-quiet`` leaves them out rather than name them twice."""
    commercial = [s for s in prospect_side(pilot) if s.track == "commercial"]
    if any(not is_quiet(s, today) for s in commercial):
        return None
    return commercial


def person_name(pilot: Pilot, sid: str) -> str:
    person = pilot.stakeholder(sid)
    return person.name if person is not None else sid


def pending_criteria(pilot: Pilot) -> list[Criterion]:
    return [c for c in pilot.criteria if c.status == "pending"]


def title_list(criteria: Iterable[Criterion]) -> str:
    """Criteria as a finding names them: by title, as every other finding and screen does (an
    id such as ``latency`` is the file's, not the reader's)."""
    return ", ".join(c.title.strip() or c.id for c in criteria)


def titles_of(pilot: Pilot, ids: Iterable[str]) -> str:
    """The titles of the criteria with ``ids`` (an id no criterion has is kept as written)."""
    found = {c.id: c for c in pilot.criteria}
    return ", ".join((found[i].title.strip() or i) if i in found else i for i in ids)


def overdue_items(pilot: Pilot, today: dt.date) -> list[tuple[ChecklistItem, int]]:
    """Open checklist items (not done or skipped) past their due date, with the days overdue."""
    return [
        (i, (today - i.due).days)
        for i in pilot.checklist
        if i.due is not None and i.due < today and i.status not in ("done", "skipped")
    ]


def plural_of(count: int, noun: str, plural: str | None = None) -> str:
    return f"{count} {noun if count == 1 else (plural or noun + 's')}"


def midpoint(starts: dt.date, ends: dt.date) -> dt.date:
    """The last day of the time-box's first half; ``today`` after it is past the midpoint.

    For an odd number of days between ``starts`` and ``ends`` the midpoint falls at noon of a
    day; that day still counts as the first half.
    """
    return starts + dt.timedelta(days=(ends - starts).days // 2)


def past_midpoint(starts: dt.date, ends: dt.date, today: dt.date) -> bool:
    # Exact: today - starts > (ends - starts) / 2, in whole days without rounding.
    return 2 * (today - starts).days > (ends - starts).days

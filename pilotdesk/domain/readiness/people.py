"""Rules about the people: who has gone quiet, who is hostile, which roles are misspelt."""

from __future__ import annotations

import datetime as dt
import difflib

from pilotdesk.domain.model import KNOWN_ROLES, Pilot
from pilotdesk.domain.readiness.base import (
    QUIET_DAYS,
    ROLE_MATCH_CUTOFF,
    Issue,
    Severity,
    contact_age,
    is_quiet,
    prospect_side,
    rule,
    silent_commercial_track,
)


@rule("gone-quiet", Severity.WARNING, f"Prospect stakeholders quiet for {QUIET_DAYS}+ days")
def _gone_quiet(pilot: Pilot, today: dt.date) -> Issue | None:
    named_elsewhere = {s.id for s in silent_commercial_track(pilot, today) or ()}
    quiet = [s for s in prospect_side(pilot) if is_quiet(s, today) and s.id not in named_elsewhere]
    if not quiet:
        return None
    # Never contacted first, then the longest silence first; file order breaks ties.
    quiet.sort(key=lambda s: (s.last_contact is not None, s.last_contact or dt.date.min))
    people = ", ".join(f"{s.name} ({contact_age(s, today)})" for s in quiet)
    return Issue(
        f"no contact for {QUIET_DAYS}+ days: {people}",
        f"reach out to {'them' if len(quiet) > 1 else quiet[0].first_name} this week, then update last_contact",
        ("stakeholders", quiet[0].id),
    )


@rule("hostile-high-influence", Severity.WARNING, "High-influence blockers and skeptics")
def _hostile_high_influence(pilot: Pilot, today: dt.date) -> Issue | None:
    hostile = [
        s
        for s in prospect_side(pilot)
        if s.influence == "high" and s.stance in ("blocker", "skeptic")
    ]
    if not hostile:
        return None
    people = ", ".join(f"{s.name} ({s.stance})" for s in hostile)
    return Issue(
        f"high influence against you: {people}",
        "find out what would change their mind and plan with the champion who addresses it",
        ("stakeholders", hostile[0].id),
    )


def _normal_role(role: str) -> str:
    return "_".join(role.strip().lower().replace("-", " ").split())


def role_suggestion(role: str) -> str | None:
    """The known role ``role`` was probably meant to be, or ``None`` (known, empty or unlike any)."""
    if not role or role in KNOWN_ROLES:
        return None
    match = difflib.get_close_matches(
        _normal_role(role), KNOWN_ROLES, n=1, cutoff=ROLE_MATCH_CUTOFF
    )
    return match[0] if match else None


@rule("unknown-role", Severity.INFO, "Role words that look like a known role")
def _unknown_role(pilot: Pilot, today: dt.date) -> Issue | None:
    typos = [(s, hint) for s in pilot.stakeholders if (hint := role_suggestion(s.role))]
    if not typos:
        return None
    return Issue(
        "; ".join(f"{s.name}'s role {s.role}: did you mean {hint}?" for s, hint in typos),
        "correct the role word: pilotdesk only acts on the exact role",
        ("stakeholders", typos[0][0].id),
    )

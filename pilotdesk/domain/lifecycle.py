"""The pilot's record from agreement to close-out: what was signed, what drifted since, how it
ended.

The third source text's email says the platform "has met all success criteria as defined in
our evaluation agreement". That sentence is true only if the targets the prospect signed are
the targets the scorecard holds now: a target edited after sign-off silently changes what
"passed" means (goalpost drift, in either direction). :func:`drift` compares the two, and
:func:`agreement_phrase` gives the email the honest words.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from pilotdesk.domain.model import Criterion, Pilot

OUTCOME_WORDS = {
    "won": "won",
    "lost": "lost",
    "no_decision": "no decision",
    "withdrawn": "withdrawn",
}
SEVERITY_WORDS = {
    "deal_breaker": "deal breaker",
    "deal_challenge": "deal challenge",
    "nice_to_have": "nice to have",
}


@dataclass(frozen=True)
class Drift:
    """How the scorecard differs from the signed agreement."""

    #: Criteria whose target differs from the signed one, each with the signed target.
    changed: list[tuple[Criterion, str]] = field(default_factory=list)
    #: Criteria added after sign-off (no signed target).
    added: list[Criterion] = field(default_factory=list)
    #: Ids signed but no longer on the scorecard.
    removed: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.changed or self.added or self.removed)

    def describe(self) -> list[str]:
        """One phrase per difference, a criterion named by its title as everywhere a person
        reads: ``Signal-to-noise ratio at 2 m: signed '>= 42 dB', now '>= 40 dB'`` (a removed
        one by the id the agreement kept: its title is gone)."""
        lines = [
            f"{c.title.strip() or c.id}: signed {signed!r}, now {c.target!r}"
            for c, signed in self.changed
        ]
        lines += [f"{c.title.strip() or c.id}: added after sign-off" for c in self.added]
        lines += [f"{cid}: removed since sign-off" for cid in self.removed]
        return lines


def drift(pilot: Pilot) -> Drift:
    """The differences between the scorecard and ``[agreement]`` (none without an agreement)."""
    agreement = pilot.agreement
    if agreement is None:
        return Drift()
    signed = agreement.targets
    current = {c.id for c in pilot.criteria}
    return Drift(
        changed=[
            (c, signed[c.id]) for c in pilot.criteria if c.id in signed and c.target != signed[c.id]
        ],
        added=[c for c in pilot.criteria if c.id not in signed],
        removed=[cid for cid in signed if cid not in current],
    )


def signed_targets(pilot: Pilot) -> dict[str, str]:
    """Each criterion's target as it stands now: what a new sign-off records."""
    return {c.id: c.target for c in pilot.criteria}


def agreement_phrase(pilot: Pilot) -> str:
    """How the email names the agreement, honestly.

    ``as agreed on 2 November 2026``; ``as amended on 20 November 2026`` when the sign-off was
    recorded again after a first one (``first_signed_on``); and when the scorecard drifted
    since, it says so rather than claim the agreement still holds."""
    agreement = pilot.agreement
    if agreement is None:
        return "as defined for this evaluation"
    first = agreement.first_signed_on
    verb = "amended" if first is not None and first != agreement.signed_on else "agreed"
    phrase = f"as {verb} on {_long(agreement.signed_on)}"
    changes = drift(pilot)
    if changes:
        ids = ", ".join([c.id for c, _ in changes.changed] + [c.id for c in changes.added])
        if ids:
            phrase += f" (the targets of {ids} have changed since and are not yet agreed)"
        if changes.removed:
            phrase += f" (criteria removed since: {', '.join(changes.removed)})"
    return phrase


def is_closed(pilot: Pilot) -> bool:
    return pilot.close_out is not None


def close_out_words(pilot: Pilot) -> str | None:
    """``won on 2027-01-15 (PO 4711 received)``, or None while the pilot runs."""
    close = pilot.close_out
    if close is None:
        return None
    words = f"{OUTCOME_WORDS[close.outcome]} on {close.on.isoformat()}"
    extra = close.next or close.reason
    return f"{words} ({extra})" if extra.strip() else words


def _long(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"

"""Readiness: where this pilot is likely to die, found early enough to do something about it.

pilotdesk was designed from three lessons, and every rule here comes from one of them.

**A pilot runs on two tracks** (seed 000). The technical evaluation (the evaluator, the specs, the
scorecard) and the commercial qualification (the sponsor, procurement, finance, supply chain,
legal) are different processes with different people and different clocks. Technical success
only earns entry to the commercial process; nothing on the commercial side starts unless
someone with commercial authority decides to pursue the supplier. So, before and during the
pilot, the SE needs: a commercial sponsor (``no-sponsor``) who is really on the commercial track
(``sponsor-not-commercial``); an agreed answer to "if the pilot passes, then what, who owns it,
by when" (``no-commitment``, ``no-qualification-owner``, ``no-first-po-date``); someone in
procurement to talk to (``no-procurement``) and actually talking to them
(``commercial-track-silent``), and the qualification steps kept to their dates
(``checklist-overdue``). An enthusiastic technical champion without commercial authority
is the classic trap (``champion-without-authority``).

**No pilot without a real opportunity** (seed 001). An RFP or a documented purchasing process
is the evidence that a sale exists; without one the pilot may be free research or leverage
against another vendor, and walking away politely is the stronger position
(``no-opportunity``).

**Declare the Technical Win** (seed 002). The scorecard is a short list of pass/fail criteria
(``criteria-count``) that the prospect's own people verify (``unverified-criteria``), run inside
a time-box (``time-box-midpoint``, ``time-box-over``). A failed must-have is settled with the
evaluator before the review, by a retest or a changed target (``failed-must-have``). At the end
the SE asks the decisive question and records the answer. Silence is not a verdict: every
criterion passed with no answer recorded is an assumed win, not a win (``assumed-win``). "Yes,
but…" must be resolved within 48 hours, "We need more time" is a soft no that must name the
unproven criteria and prove them within 5 business days (``soft-no``, ``verdict-overdue``); a No
is recorded and shown (``verdict-no``).

**After the Technical Win** (seeds 000 and 002) a second clock runs: the commitment
(``[commercial].if_positive``) must happen within its days (``commitment-overdue``); a
commercial track quiet since the win is the warning before (``quiet-since-win``); a commitment
without a number of days has no clock (``no-commitment-date``); and the AE takes over from the
SE at a recorded handoff (``no-handoff``). See :mod:`pilotdesk.domain.commitment`.

Around both tracks, people: prospect stakeholders nobody has talked to for two weeks
(``gone-quiet``), powerful skeptics and blockers (``hostile-high-influence``), and role words
that are almost, but not quite, a role pilotdesk understands (``unknown-role``).

Design:

* Each rule is a small function registered with an id (kebab-case, what ``[readiness].ignore``
  names), a :class:`Severity` and a one-line title. A rule yields at most one :class:`Finding`,
  which names every person or item concerned; its ``target`` points at the first of them.
* ``today`` is always passed in; nothing here reads the clock, so results are exact and tests
  can sit on any boundary.
* A rule silenced in ``[readiness].ignore`` still yields its finding, with ``silenced`` set to
  the reason; the finding is shown, just not counted (:func:`counts`).

Severity choices worth knowing:

* ``blocker`` is for what the lessons say kills the deal outright: no opportunity, no sponsor,
  no if-positive commitment, a failed must-have criterion, a time-box over with criteria
  pending, an assumed win, a verdict follow-up that is overdue.
* ``verdict-no`` is ``info``: a recorded No is the honest outcome pilotdesk asks for (a declared
  verdict instead of silence); there is nothing left to fix on the pilot, only a decision for
  the AE. Making it a blocker would push people to silence it, which hides it.
* Time-box rules apply only until a verdict is recorded: once the question has been asked, the
  verdict's own deadlines (``follow_up_by``, ``prove_by``) are the clock (``verdict-overdue``).
  ``failed-must-have`` likewise: its fix is for before the review; after it, the verdict speaks.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable

from pilotdesk.domain.model import Pilot
from pilotdesk.domain.readiness import after_win, commercial, lifecycle, people, scorecard
from pilotdesk.domain.readiness.base import (
    MAX_CRITERIA,
    MIN_CRITERIA,
    QUIET_DAYS,
    REGISTERED,
    Finding,
    Issue,
    Rule,
    Severity,
    is_quiet,
)
from pilotdesk.domain.readiness.people import role_suggestion
from pilotdesk.domain.text import one_line

__all__ = [
    "MAX_CRITERIA",
    "MIN_CRITERIA",
    "QUIET_DAYS",
    "RULES",
    "RULE_IDS",
    "Finding",
    "Issue",
    "Rule",
    "Severity",
    "closest_rule",
    "counts",
    "evaluate",
    "format_report",
    "is_quiet",
    "role_suggestion",
    "unknown_ignores",
]

#: Every rule, in the order findings of equal severity are listed.
#: The order of the seeds: the commercial track and the opportunity, then the scorecard and the
#: verdict, the record (agreement, gaps), then the people; within a module, the order the rules
#: are written in.
_MODULES = (
    commercial.__name__,
    scorecard.__name__,
    after_win.__name__,
    lifecycle.__name__,
    people.__name__,
)
RULES: tuple[Rule, ...] = tuple(
    r for module in _MODULES for r in REGISTERED if r.check.__module__ == module
)
if len(RULES) != len(REGISTERED):
    raise RuntimeError("a readiness rule module is missing from _MODULES")
RULE_IDS: tuple[str, ...] = tuple(r.id for r in RULES)
_ORDER = {rid: index for index, rid in enumerate(RULE_IDS)}


def evaluate(pilot: Pilot, today: dt.date) -> list[Finding]:
    """Every finding for ``pilot`` as of ``today``: blockers first, then in rule order.

    Findings of silenced rules are included, with ``silenced`` set to the reason. Once the
    pilot is closed out, only the rules that still matter run (:attr:`Rule.after_close`).
    """
    ignore = pilot.readiness.ignore
    closed = pilot.close_out is not None
    findings: list[Finding] = []
    for r in RULES:
        if closed and not r.after_close:
            continue
        issue = r.check(pilot, today)
        if issue is None:
            continue
        findings.append(
            Finding(
                rule=r.id,
                severity=r.severity,
                finding=one_line(issue.finding),
                fix=one_line(issue.fix),
                target=issue.target,
                silenced=(one_line(ignore[r.id]) or "no reason given") if r.id in ignore else None,
            )
        )
    findings.sort(key=lambda f: (-f.severity, _ORDER[f.rule]))
    return findings


def counts(findings: Iterable[Finding]) -> dict[Severity, int]:
    """Unsilenced findings per severity, every severity present, worst first."""
    tally = {severity: 0 for severity in sorted(Severity, reverse=True)}
    for finding in findings:
        if finding.silenced is None:
            tally[finding.severity] += 1
    return tally


def unknown_ignores(pilot: Pilot) -> list[str]:
    """Ids in ``[readiness].ignore`` that name no rule (typos), in file order."""
    return [rid for rid in pilot.readiness.ignore if rid not in _ORDER]


def closest_rule(rule_id: str) -> str | None:
    """The rule id an unknown ignore id was probably meant to be, for "did you mean …?"."""
    match = difflib.get_close_matches(rule_id.strip().lower(), RULE_IDS, n=1, cutoff=0.6)
    return match[0] if match else None


_LABEL_WIDTH = len("BLOCKER") + 2


def format_report(findings: Iterable[Finding]) -> str:
    """Plain text for ``pilotdesk check``: two lines per finding, a third when silenced.

    No colour codes (it goes to pipes and git hooks too); an empty list says so in words. ::

        BLOCKER  assumed-win: every one of the 5 criteria passed and no Technical Win is recorded: …
                 fix: ask the decisive question and record the answer (w)
    """
    indent = " " * _LABEL_WIDTH
    lines: list[str] = []
    for f in findings:
        lines.append(f"{f.severity.name:<{_LABEL_WIDTH}}{f.rule}: {f.finding}")
        lines.append(f"{indent}fix: {f.fix}")
        if f.silenced is not None:
            lines.append(f"{indent}silenced ({f.silenced})")
    return "\n".join(lines) if lines else "no readiness findings"

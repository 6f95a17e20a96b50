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
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import IntEnum

from pilotdesk.domain import deadlines as dates
from pilotdesk.domain.model import (
    COMMERCIAL_AUTHORITY_ROLES,
    KNOWN_ROLES,
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


_RULES: list[Rule] = []


def rule(rule_id: str, severity: Severity, title: str) -> Callable[[Check], Check]:
    """Register a rule; registration order is the order findings of equal severity appear in."""

    def register(check: Check) -> Check:
        if any(r.id == rule_id for r in _RULES):
            raise ValueError(f"duplicate readiness rule id {rule_id!r}")
        _RULES.append(Rule(rule_id, severity, title, check))
        return check

    return register


# --- helpers ------------------------------------------------------------------------------


def _prospects(pilot: Pilot) -> list[Stakeholder]:
    return [s for s in pilot.stakeholders if s.side == "prospect"]


def _days_since(day: dt.date | None, today: dt.date) -> int | None:
    return None if day is None else (today - day).days


def _quiet(person: Stakeholder, today: dt.date) -> bool:
    days = _days_since(person.last_contact, today)
    return days is None or days >= QUIET_DAYS


def _since(person: Stakeholder, today: dt.date) -> str:
    days = _days_since(person.last_contact, today)
    if days is None:
        return "never contacted"
    return f"{days} day{'' if days == 1 else 's'}"


def _name(pilot: Pilot, sid: str) -> str:
    person = pilot.stakeholder(sid)
    return person.name if person is not None else sid


def _pending(pilot: Pilot) -> list[Criterion]:
    return [c for c in pilot.criteria if c.status == "pending"]


def _ids(criteria: Iterable[Criterion]) -> str:
    return ", ".join(c.id for c in criteria)


def _overdue_items(pilot: Pilot, today: dt.date) -> list[tuple[ChecklistItem, int]]:
    """Open checklist items (not done or skipped) past their due date, with the days overdue."""
    return [
        (i, (today - i.due).days)
        for i in pilot.checklist
        if i.due is not None and i.due < today and i.status not in ("done", "skipped")
    ]


def _plural(count: int, noun: str, plural: str | None = None) -> str:
    return f"{count} {noun if count == 1 else (plural or noun + 's')}"


def midpoint(starts: dt.date, ends: dt.date) -> dt.date:
    """The last day of the time-box's first half; ``today`` after it is past the midpoint.

    For an odd number of days between ``starts`` and ``ends`` the midpoint falls at noon of a
    day; that day still counts as the first half.
    """
    return starts + dt.timedelta(days=(ends - starts).days // 2)


def _past_midpoint(starts: dt.date, ends: dt.date, today: dt.date) -> bool:
    # Exact: today - starts > (ends - starts) / 2, in whole days without rounding.
    return 2 * (today - starts).days > (ends - starts).days


def _one_line(text: str) -> str:
    return " ".join(text.split())


# --- the commercial track and the opportunity (seeds 000 and 001) -------------------------------


@rule("no-opportunity", Severity.BLOCKER, "No active sales opportunity")
def _no_opportunity(pilot: Pilot, today: dt.date) -> Issue | None:
    opportunity = pilot.opportunity
    if opportunity.crm_id.strip() or opportunity.purchasing_process.strip():
        return None
    return Issue(
        "no CRM opportunity and no documented purchasing process (RFP or equivalent): "
        "this may be free research or leverage against another vendor",
        "get the CRM opportunity id from the AE and the RFP or purchasing plan from the prospect; "
        "without either, decline the pilot politely",
        ("opportunity", "crm_id"),
    )


@rule("no-sponsor", Severity.BLOCKER, "No commercial sponsor")
def _no_sponsor(pilot: Pilot, today: dt.date) -> Issue | None:
    if pilot.commercial.sponsor:
        return None
    return Issue(
        "no commercial sponsor: nobody with commercial authority has decided to pursue this supplier",
        "ask who owns the decision to buy if the pilot passes, and name them as [commercial].sponsor",
        ("commercial", "sponsor"),
    )


@rule("sponsor-not-commercial", Severity.WARNING, "Sponsor is not on the commercial track")
def _sponsor_not_commercial(pilot: Pilot, today: dt.date) -> Issue | None:
    sponsor = pilot.stakeholder(pilot.commercial.sponsor) if pilot.commercial.sponsor else None
    if sponsor is None:
        return None
    if sponsor.side != "prospect":
        where = "on our side, not the prospect's"
    elif sponsor.track != "commercial":
        where = f"on the {sponsor.track} track"
    else:
        return None
    return Issue(
        f"sponsor {sponsor.name} is {where}",
        f"find the prospect's person with commercial authority and make them the sponsor "
        f"(or correct {sponsor.first_name}'s side and track)",
        ("stakeholders", sponsor.id),
    )


@rule("no-qualification-owner", Severity.WARNING, "Nobody owns supplier qualification")
def _no_qualification_owner(pilot: Pilot, today: dt.date) -> Issue | None:
    if pilot.commercial.qualification_owner:
        return None
    return Issue(
        "nobody owns supplier qualification on the prospect's side",
        "ask the sponsor who in procurement owns new supplier qualification, and record them",
        ("commercial", "qualification_owner"),
    )


@rule("no-procurement", Severity.WARNING, "No procurement contact")
def _no_procurement(pilot: Pilot, today: dt.date) -> Issue | None:
    if any(s.role == "procurement" for s in _prospects(pilot)):
        return None
    return Issue(
        "no prospect stakeholder with role procurement",
        'ask the sponsor to introduce you to procurement, and add them with role = "procurement"',
        None,
    )


@rule("no-commitment", Severity.BLOCKER, 'No "if the pilot passes, then …" commitment')
def _no_commitment(pilot: Pilot, today: dt.date) -> Issue | None:
    if pilot.commercial.if_positive.strip():
        return None
    return Issue(
        'no "if the pilot passes, then …" commitment: a technical pass would start nothing',
        "agree with the sponsor what happens if the pilot passes, who owns it and by when; "
        "write it in [commercial].if_positive",
        ("commercial", "if_positive"),
    )


@rule("no-first-po-date", Severity.WARNING, "No expected first purchase order date")
def _no_first_po_date(pilot: Pilot, today: dt.date) -> Issue | None:
    if pilot.commercial.first_po_expected is not None:
        return None
    return Issue(
        "no expected date for the first purchase order",
        "ask for the timeline from evaluation close to first PO and record first_po_expected",
        ("commercial", "first_po_expected"),
    )


@rule("commercial-track-silent", Severity.WARNING, "Only the technical track is engaged")
def _commercial_track_silent(pilot: Pilot, today: dt.date) -> Issue | None:
    commercial = [s for s in _prospects(pilot) if s.track == "commercial"]
    if any(not _quiet(s, today) for s in commercial):
        return None
    if not commercial:
        return Issue(
            "only the technical track is engaged: no prospect stakeholder on the commercial track",
            "map the commercial track (sponsor, procurement, finance) and talk to one of them this week",
            None,
        )
    sponsor = pilot.commercial.sponsor
    first = next((s for s in commercial if s.id == sponsor), commercial[0])
    people = ", ".join(f"{s.name} ({_since(s, today)})" for s in commercial)
    return Issue(
        f"only the technical track is engaged: nobody on the commercial track contacted "
        f"in the last {QUIET_DAYS} days: {people}",
        "talk to the sponsor or procurement this week about the qualification timeline",
        ("stakeholders", first.id),
    )


@rule("checklist-overdue", Severity.WARNING, "Commercial checklist items past their due date")
def _checklist_overdue(pilot: Pilot, today: dt.date) -> Issue | None:
    # ``today`` is a date: an item due today is not overdue until tomorrow.
    overdue = _overdue_items(pilot, today)
    if not overdue:
        return None
    items = ", ".join(
        f"{i.id} ({_name(pilot, i.owner) if i.owner else 'no owner'}, {_plural(days, 'day')} overdue)"
        for i, days in overdue
    )
    first = overdue[0][0]
    owner = pilot.stakeholder(first.owner) if first.owner else None
    one_owner = owner is not None and all(i.owner == first.owner for i, _ in overdue)
    who = owner.first_name if one_owner and owner is not None else "the owners"
    return Issue(
        f"overdue on the commercial checklist: {items}",
        f"ask {who} for the status and a new date, then update the checklist (done, skipped or a new due)",
        ("checklist", first.id),
    )


@rule("champion-without-authority", Severity.WARNING, "Champion without commercial authority")
def _champion_without_authority(pilot: Pilot, today: dt.date) -> Issue | None:
    champion = pilot.stakeholder(pilot.pilot.champion) if pilot.pilot.champion else None
    if champion is None or pilot.commercial.sponsor or champion.role in COMMERCIAL_AUTHORITY_ROLES:
        return None
    role = champion.role or "no role"
    return Issue(
        f"champion {champion.name} ({role}) has no commercial authority and no sponsor is known",
        f"ask {champion.first_name} who decides to buy, and get that person named as the sponsor",
        ("stakeholders", champion.id),
    )


# --- the scorecard and the time-box (seed 002) ------------------------------------------------


@rule("unverified-criteria", Severity.WARNING, "Criteria without a prospect-side verifier")
def _unverified_criteria(pilot: Pilot, today: dt.date) -> Issue | None:
    problems: list[tuple[Criterion, str]] = []
    for criterion in pilot.criteria:
        if not criterion.verifier:
            problems.append((criterion, f"{criterion.id} has no verifier"))
            continue
        person = pilot.stakeholder(criterion.verifier)
        if person is not None and person.side != "prospect":
            problems.append(
                (criterion, f"{criterion.id} is verified by {person.name}, on our side")
            )
    if not problems:
        return None
    return Issue(
        "; ".join(text for _, text in problems),
        "name a verifier on the prospect's side for each criterion: the prospect calls the result",
        ("criteria", problems[0][0].id),
    )


@rule(
    "criteria-count",
    Severity.INFO,
    f"Fewer than {MIN_CRITERIA} or more than {MAX_CRITERIA} criteria",
)
def _criteria_count(pilot: Pilot, today: dt.date) -> Issue | None:
    count = len(pilot.criteria)
    if MIN_CRITERIA <= count <= MAX_CRITERIA:
        return None
    if count == 0:
        text = "no success criteria yet"
    elif count < MIN_CRITERIA:
        text = f"only {_plural(count, 'success criterion', 'success criteria')}"
    else:
        text = f"{count} success criteria: a long scorecard dilutes the verdict"
    return Issue(
        text,
        f"agree {MIN_CRITERIA} to {MAX_CRITERIA} measurable pass/fail criteria with the evaluator",
        None,
    )


@rule("failed-must-have", Severity.BLOCKER, "A must-have criterion failed")
def _failed_must_have(pilot: Pilot, today: dt.date) -> Issue | None:
    if pilot.technical_win is not None:
        return None  # the review has happened; the verdict speaks
    failed = [c for c in pilot.criteria if c.must_have and c.status == "failed"]
    if not failed:
        return None
    return Issue(
        f"{_plural(len(failed), 'must-have criterion', 'must-have criteria')} failed: "
        f"{', '.join(c.title.strip() or c.id for c in failed)}",
        "agree a retest or a changed target with the evaluator before the review",
        ("criteria", failed[0].id),
    )


@rule("time-box-over", Severity.BLOCKER, "Time-box over with criteria pending")
def _time_box_over(pilot: Pilot, today: dt.date) -> Issue | None:
    ends = pilot.pilot.ends
    pending = _pending(pilot)
    if pilot.technical_win is not None or ends is None or today <= ends or not pending:
        return None
    days = (today - ends).days
    return Issue(
        f"the time-box ended on {ends.isoformat()} ({_plural(days, 'day')} ago) with "
        f"{_plural(len(pending), 'criterion', 'criteria')} pending: {_ids(pending)}",
        "agree a new end date with the evaluator, or hold the review and ask for the verdict (w)",
        ("criteria", pending[0].id),
    )


@rule("time-box-midpoint", Severity.WARNING, "Past the midpoint with most criteria pending")
def _time_box_midpoint(pilot: Pilot, today: dt.date) -> Issue | None:
    starts, ends = pilot.pilot.starts, pilot.pilot.ends
    if pilot.technical_win is not None or starts is None or ends is None or ends <= starts:
        return None
    if today > ends or not _past_midpoint(starts, ends, today):
        return None  # after the end, time-box-over speaks
    pending = _pending(pilot)
    if 2 * len(pending) <= len(pilot.criteria):
        return None
    return Issue(
        f"past the midpoint of the time-box ({midpoint(starts, ends).isoformat()}) with "
        f"{len(pending)} of {len(pilot.criteria)} criteria pending: {_ids(pending)}",
        f"plan the remaining tests with the evaluator before {ends.isoformat()}, or narrow the scope now",
        ("criteria", pending[0].id),
    )


@rule("assumed-win", Severity.BLOCKER, "Every criterion passed and no verdict recorded")
def _assumed_win(pilot: Pilot, today: dt.date) -> Issue | None:
    criteria = pilot.criteria
    if (
        pilot.technical_win is not None
        or not criteria
        or any(c.status != "passed" for c in criteria)
    ):
        return None
    every = (
        "the only criterion" if len(criteria) == 1 else f"every one of the {len(criteria)} criteria"
    )
    return Issue(
        f"{every} passed and no Technical Win is recorded: silence is not a verdict",
        "ask the decisive question and record the answer (w)",
        None,
    )


# --- the verdict (seed 002) -------------------------------------------------------------------


def follow_up_deadline(pilot: Pilot) -> dt.datetime | None:
    """When a "Yes, but…" must be resolved: ``follow_up_by``, else 48 hours after the question."""
    win = pilot.technical_win
    if win is None or win.verdict != "yes_but":
        return None
    return win.follow_up_by or dates.follow_up_deadline(win.asked_on)


def prove_deadline(pilot: Pilot) -> dt.date | None:
    """When "We need more time" must be proven: ``prove_by``, else 5 business days after."""
    win = pilot.technical_win
    if win is None or win.verdict != "more_time":
        return None
    return win.prove_by or dates.prove_by_date(win.asked_on)


@rule("verdict-overdue", Severity.BLOCKER, "Verdict follow-up overdue")
def _verdict_overdue(pilot: Pilot, today: dt.date) -> Issue | None:
    # ``today`` is a date: a deadline passes at the end of its day, so it is overdue the day after.
    win = pilot.technical_win
    if win is None:
        return None
    if win.verdict == "yes_but":
        deadline = follow_up_deadline(pilot)
        assert deadline is not None
        if deadline.date() >= today:
            return None
        concern = f" ({win.concern})" if win.concern.strip() else ""
        return Issue(
            f'the "Yes, but…" concern{concern} was to be resolved by '
            f"{deadline.strftime('%Y-%m-%d %H:%M')} and no final verdict is recorded",
            "resolve the concern with the evaluator and record the final verdict (w)",
            ("technical_win", "follow_up_by"),
        )
    if win.verdict == "more_time":
        prove_by = prove_deadline(pilot)
        assert prove_by is not None
        if prove_by >= today:
            return None
        what = (
            f"the unproven criteria ({', '.join(win.unproven)})"
            if win.unproven
            else "the open criteria"
        )
        return Issue(
            f"{what} were to be proven by {prove_by.isoformat()} and no final verdict is recorded",
            "hold the follow-up review and record the verdict (w)",
            ("technical_win", "prove_by"),
        )
    return None


@rule("soft-no", Severity.WARNING, '"We need more time" is a soft no')
def _soft_no(pilot: Pilot, today: dt.date) -> Issue | None:
    win = pilot.technical_win
    if win is None or win.verdict != "more_time":
        return None
    asked = win.asked_on.date().isoformat()
    prove_by = prove_deadline(pilot)
    assert prove_by is not None
    if not win.unproven:
        return Issue(
            f'"We need more time" on {asked} is a soft no, and no unproven criteria were named',
            f"ask which criteria remain unproven and what would prove them in "
            f"{dates.PROVE_BUSINESS_DAYS} business days",
            ("technical_win", "unproven"),
        )
    return Issue(
        f'"We need more time" on {asked} is a soft no; unproven: {", ".join(win.unproven)}',
        f"agree with the evaluator what proves each of them by {prove_by.isoformat()}",
        ("technical_win", "unproven"),
    )


@rule("verdict-no", Severity.INFO, "The prospect said No")
def _verdict_no(pilot: Pilot, today: dt.date) -> Issue | None:
    win = pilot.technical_win
    if win is None or win.verdict != "no":
        return None
    reason = f": {win.reason}" if win.reason.strip() else ""
    return Issue(
        f"the prospect answered No on {win.asked_on.date().isoformat()}{reason}",
        "decide with the AE: close the opportunity, or re-scope the evaluation with the sponsor",
        ("technical_win", "verdict"),
    )


# --- people -----------------------------------------------------------------------------------


@rule("gone-quiet", Severity.WARNING, f"Prospect stakeholders quiet for {QUIET_DAYS}+ days")
def _gone_quiet(pilot: Pilot, today: dt.date) -> Issue | None:
    quiet = [s for s in _prospects(pilot) if _quiet(s, today)]
    if not quiet:
        return None
    # Never contacted first, then the longest silence first; file order breaks ties.
    quiet.sort(key=lambda s: (s.last_contact is not None, s.last_contact or dt.date.min))
    people = ", ".join(f"{s.name} ({_since(s, today)})" for s in quiet)
    return Issue(
        f"no contact for {QUIET_DAYS}+ days: {people}",
        f"reach out to {'them' if len(quiet) > 1 else quiet[0].first_name} this week, then update last_contact",
        ("stakeholders", quiet[0].id),
    )


@rule("hostile-high-influence", Severity.WARNING, "High-influence blockers and skeptics")
def _hostile_high_influence(pilot: Pilot, today: dt.date) -> Issue | None:
    hostile = [
        s for s in _prospects(pilot) if s.influence == "high" and s.stance in ("blocker", "skeptic")
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


# --- public API -------------------------------------------------------------------------------

#: Every rule, in the order findings of equal severity are listed.
RULES: tuple[Rule, ...] = tuple(_RULES)
RULE_IDS: tuple[str, ...] = tuple(r.id for r in RULES)
_ORDER = {rid: index for index, rid in enumerate(RULE_IDS)}


def evaluate(pilot: Pilot, today: dt.date) -> list[Finding]:
    """Every finding for ``pilot`` as of ``today``: blockers first, then in rule order.

    Findings of silenced rules are included, with ``silenced`` set to the reason.
    """
    ignore = pilot.readiness.ignore
    findings: list[Finding] = []
    for r in RULES:
        issue = r.check(pilot, today)
        if issue is None:
            continue
        findings.append(
            Finding(
                rule=r.id,
                severity=r.severity,
                finding=_one_line(issue.finding),
                fix=_one_line(issue.fix),
                target=issue.target,
                silenced=(_one_line(ignore[r.id]) or "no reason given") if r.id in ignore else None,
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

"""Rules of the scorecard, the time-box and the verdict (seed 002)."""

from __future__ import annotations

import datetime as dt

from pilotdesk.domain import deadlines as dates
from pilotdesk.domain.model import Criterion, Pilot
from pilotdesk.domain.readiness.base import (
    MAX_CRITERIA,
    MIN_CRITERIA,
    Issue,
    Severity,
    midpoint,
    past_midpoint,
    pending_criteria,
    plural_of,
    rule,
    title_list,
    titles_of,
)


@rule("unverified-criteria", Severity.WARNING, "Criteria without a prospect-side verifier")
def _unverified_criteria(pilot: Pilot, today: dt.date) -> Issue | None:
    problems: list[tuple[Criterion, str]] = []
    for criterion in pilot.criteria:
        if not criterion.verifier:
            problems.append(
                (criterion, f"{criterion.title.strip() or criterion.id} has no verifier")
            )
            continue
        person = pilot.stakeholder(criterion.verifier)
        if person is not None and person.side != "prospect":
            problems.append(
                (
                    criterion,
                    f"{criterion.title.strip() or criterion.id} is verified by {person.name}, on our side",
                )
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
        text = f"only {plural_of(count, 'success criterion', 'success criteria')}"
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
        f"{plural_of(len(failed), 'must-have criterion', 'must-have criteria')} failed: "
        f"{', '.join(c.title.strip() or c.id for c in failed)}",
        "agree a retest or a changed target with the evaluator before the review",
        ("criteria", failed[0].id),
    )


@rule("time-box-over", Severity.BLOCKER, "Time-box over with criteria pending")
def _time_box_over(pilot: Pilot, today: dt.date) -> Issue | None:
    ends = pilot.pilot.ends
    pending = pending_criteria(pilot)
    if pilot.technical_win is not None or ends is None or today <= ends or not pending:
        return None
    days = (today - ends).days
    return Issue(
        f"the time-box ended on {ends.isoformat()} ({plural_of(days, 'day')} ago) with "
        f"{plural_of(len(pending), 'criterion', 'criteria')} pending: {title_list(pending)}",
        "agree a new end date with the evaluator, or hold the review and ask for the verdict (w)",
        ("criteria", pending[0].id),
    )


@rule("time-box-midpoint", Severity.WARNING, "Past the midpoint with most criteria pending")
def _time_box_midpoint(pilot: Pilot, today: dt.date) -> Issue | None:
    starts, ends = pilot.pilot.starts, pilot.pilot.ends
    if pilot.technical_win is not None or starts is None or ends is None or ends <= starts:
        return None
    if today > ends or not past_midpoint(starts, ends, today):
        return None  # after the end, time-box-over speaks
    pending = pending_criteria(pilot)
    if 2 * len(pending) <= len(pilot.criteria):
        return None
    return Issue(
        f"past the midpoint of the time-box ({midpoint(starts, ends).isoformat()}) with "
        f"{len(pending)} of {len(pilot.criteria)} criteria pending: {title_list(pending)}",
        f"plan the remaining tests with the evaluator before {ends.isoformat()}, or narrow the scope now",
        ("criteria", pending[0].id),
    )


@rule("passed-without-evidence", Severity.WARNING, "Passed criteria with no result or evidence")
def _passed_without_evidence(pilot: Pilot, today: dt.date) -> Issue | None:
    bare = [
        c
        for c in pilot.criteria
        if c.status == "passed" and not c.result.strip() and not c.evidence.strip()
    ]
    if not bare:
        return None
    return Issue(
        f"{plural_of(len(bare), 'criterion', 'criteria')} passed with no result and no evidence "
        f"on record: {title_list(bare)}",
        "write the measured result (and the report or log that shows it) against each target, "
        "so the email and the record say what passed and by how much",
        ("criteria", bare[0].id),
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


@rule("verdict-overdue", Severity.BLOCKER, "Verdict follow-up overdue", after_close=True)
def _verdict_overdue(pilot: Pilot, today: dt.date) -> Issue | None:
    # ``today`` is a date: a deadline passes at the end of its day, so it is overdue the day after.
    win = pilot.technical_win
    if win is None:
        return None
    if win.verdict == "yes_but":
        deadline = dates.due(pilot)
        assert isinstance(deadline, dt.datetime)
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
        prove_by = dates.due(pilot)
        assert isinstance(prove_by, dt.date)
        if prove_by >= today:
            return None
        what = (
            f"the unproven criteria ({titles_of(pilot, win.unproven)})"
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
    prove_by = dates.due(pilot)
    assert isinstance(prove_by, dt.date)
    if not win.unproven:
        return Issue(
            f'"We need more time" on {asked} is a soft no, and no unproven criteria were named',
            f"ask which criteria remain unproven and what would prove them in "
            f"{dates.PROVE_BUSINESS_DAYS} business days",
            ("technical_win", "unproven"),
        )
    return Issue(
        f'"We need more time" on {asked} is a soft no; unproven: {titles_of(pilot, win.unproven)}',
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

"""Declaring the Technical Win: the guided review at the end of a pilot.

Who is in the room, each criterion in turn, the decisive question with the real count of
criteria, the details of the answer, then the email. The steps are modal screens awaited one by
one from a worker; escape at any step ends the review and records nothing. What the review
found (status corrections and the verdict) is applied at the end as one change: one save, one
undo, a log line each.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, cast

from pilotdesk.domain.deadlines import follow_up_deadline, long_date, prove_by_date
from pilotdesk.domain.headline import VERDICT_WORDS
from pilotdesk.domain.mail import NoVerdict, VerdictConflict, compose
from pilotdesk.domain.model import Criterion, CriterionStatus, Pilot
from pilotdesk.session.changes import (
    AddEntry,
    Batch,
    Change,
    SetFields,
    SetStatus,
    SetTechnicalWin,
)
from pilotdesk.ui.clipboard import copy
from pilotdesk.ui.keys import key_in_words
from pilotdesk.ui.review.steps import (
    AttendeesStep,
    CriterionStep,
    DetailsStep,
    EmailPreview,
    QuestionStep,
)

if TYPE_CHECKING:
    from pilotdesk.ui.workbook import Workbook

BACK = "back"
GROUP = "technical-win"  # the worker that runs the review


def start_review(app: Workbook) -> None:
    if any(worker.group == GROUP and not worker.is_finished for worker in app.workers):
        # The palette (ctrl+p) is open over the review's steps: starting again would cancel the
        # review under way and leave its step on screen with nobody waiting for the answer.
        app.notify("The Technical Win review is already under way.", severity="warning")
        return
    if not app.store.pilot.criteria:
        app.notify(
            "There are no criteria to review yet: add them on the scorecard "
            f"({key_in_words(app.textual, 'app.pane.scorecard')}, "
            f"{key_in_words(app.pane('scorecard'), 'list.add')}).",
            severity="warning",
        )
        return
    app.run_worker(_review(app), exclusive=True, group=GROUP)


async def _review(app: Workbook) -> None:
    # While presenting, the steps show the room's part of the pilot (see presenting.py): the
    # scorecard, who is who, the verdict on record. The email is written to them: all of it.
    pilot = app.shown_pilot
    attendees = await app.push_screen_wait(AttendeesStep(pilot, earlier_verdict(pilot)))
    if attendees is None:
        return _cancelled(app)

    statuses = {c.id: c.status for c in pilot.criteria}
    edits: dict[str, dict[str, Any]] = {c.id: {} for c in pilot.criteria}
    order, unproven = walk_order(pilot)
    index = 0
    while index < len(order):
        criterion = order[index]
        note = "Unproven at the last review." if criterion.id in unproven else ""

        def corrected(status: str, cid: str = criterion.id) -> None:
            statuses[cid] = cast(CriterionStatus, status)
            _preview(app, statuses, edits)

        app.pane("scorecard").select(criterion.id)  # behind the dialog, the row under review
        step = CriterionStep(
            pilot, criterion, index, statuses[criterion.id], edits[criterion.id], note, corrected
        )
        answer = await app.push_screen_wait(step)
        if answer is None:
            return _cancelled(app)
        if answer == BACK:
            index = max(0, index - 1)
            continue
        statuses[criterion.id] = answer
        _preview(app, statuses, edits)
        index += 1

    verdict = await app.push_screen_wait(QuestionStep(pilot, statuses))
    if verdict is None:
        return _cancelled(app)
    asked_on = app.clock().replace(second=0, microsecond=0)
    details: dict[str, Any] | None = {}
    if verdict != "yes":  # a yes needs nothing more: straight to the email
        details = await app.push_screen_wait(DetailsStep(pilot, statuses, verdict, asked_on))
    if details is None:
        return _cancelled(app)
    gap = details.pop("gap", None)  # a concern or a reason also recorded as a product gap

    record: dict[str, Any] = {
        "verdict": verdict,
        "asked_on": asked_on,
        "attendees": attendees,
        **details,
    }
    gaps = [AddEntry("gaps", gap)] if gap else []
    outcome = app.apply_change(
        Batch((*review_changes(pilot, statuses, edits), *gaps, SetTechnicalWin(record)))
    )
    if outcome is None:
        return
    await app.push_screen_wait(EmailPreview(app, compose(app.store.pilot)))


def review_changes(
    pilot: Pilot, statuses: Mapping[str, str], edits: Mapping[str, dict[str, Any]]
) -> list[Change]:
    """What the review found, besides the verdict: results entered with ``r``, then status
    corrections, in the scorecard's order."""
    changes: list[Change] = []
    for criterion in pilot.criteria:
        found = {
            key: value
            for key, value in edits.get(criterion.id, {}).items()
            if value != getattr(criterion, key)
        }
        if found:
            changes.append(SetFields("criteria", criterion.id, found))
        status = statuses.get(criterion.id, criterion.status)
        if status != criterion.status:
            changes.append(SetStatus("criteria", criterion.id, cast(CriterionStatus, status)))
    return changes


def walk_order(pilot: Pilot) -> tuple[list[Criterion], set[str]]:
    """The criteria in the order the review walks them, and those left unproven last time.

    After "We need more time" the next review starts from the unproven criteria (what the
    meeting is about), then the others, each in the scorecard's order."""
    win = pilot.technical_win
    unproven = set(win.unproven) if win is not None and win.verdict == "more_time" else set()
    first = [c for c in pilot.criteria if c.id in unproven]
    return first + [c for c in pilot.criteria if c.id not in unproven], unproven


def earlier_verdict(pilot: Pilot) -> str:
    """A line about the verdict on record, for the first step of a new review ("" if none)."""
    win = pilot.technical_win
    if win is None:
        return ""
    words = VERDICT_WORDS[win.verdict]
    line = f"Last review, {long_date(win.asked_on.date(), year=True)}: {words}"
    line += "" if words.endswith("…") else "."  # "Yes, but…", not "Yes, but…."
    if win.verdict == "more_time" and win.unproven:
        titles = [c.title for c in pilot.criteria if c.id in set(win.unproven)]
        line += f" Unproven: {', '.join(titles)}"
        if win.prove_by:
            line += f" (to be proven by {long_date(win.prove_by)})"
        line += ". This review starts with them."
    elif win.verdict == "yes_but" and win.concern:
        line += f" The concern: {win.concern}."
    line += " Recording a new verdict replaces it."
    return line


def _preview(
    app: Workbook, statuses: Mapping[str, str], edits: Mapping[str, dict[str, Any]]
) -> None:
    """Show the scorecard behind the dialog as the review has corrected it so far (nothing is
    recorded yet; leaving the review shows the file's pilot again)."""
    pilot = app.shown_pilot
    criteria = [
        c.model_copy(update={"status": statuses.get(c.id, c.status), **edits.get(c.id, {})})
        for c in pilot.criteria
    ]
    app.pane("scorecard").show(pilot.model_copy(update={"criteria": criteria}), app.today)


def details_for(
    verdict: str,
    asked_on: dt.datetime,
    concern: str,
    unproven: list[str],
    reason: str,
    holidays: str = "",
) -> dict[str, Any]:
    """The ``[technical_win]`` keys an answer adds: deadlines from the brief's 48 h / 5 days,
    on the prospect's working days (``holidays``: their public-holiday calendar)."""
    if verdict == "yes_but":
        return {"concern": concern, "follow_up_by": follow_up_deadline(asked_on, holidays)}
    if verdict == "more_time":
        return {"unproven": unproven, "prove_by": prove_by_date(asked_on, holidays)}
    if verdict == "no":
        return {"reason": reason}
    return {}


def _cancelled(app: Workbook) -> None:
    app.refresh_views()  # the scorecard as the file has it, not the review's preview
    app.notify("Technical Win review left; nothing was recorded.", timeout=4)


def copy_recorded_email(app: Workbook) -> None:
    """``y`` in the workbook: copy the email of the verdict on record."""
    try:
        email = compose(app.store.pilot)
    except VerdictConflict as error:
        # A yes on record that the scorecard no longer shows: say so, never "not declared".
        app.notify(
            f"No email copied: {error}.",
            title="Verdict and scorecard disagree",
            severity="warning",
            timeout=10,
            markup=False,
        )
        return
    except NoVerdict:
        review = key_in_words(app.textual, "app.review")
        app.notify(
            f"No Technical Win declared yet: press {review} to run the review.", severity="warning"
        )
        return
    result = copy(app.textual, email.clipboard_text(), app.system_copy)
    if result.confirmed:
        app.notify(result.message("The email"), title="Copied")
        return
    saved = save_email(app, email.as_text())
    where = f" Also saved as {saved}." if saved else ""
    app.notify(result.message("The email") + where, title="Copied (unconfirmed)", timeout=10)


def save_email(app: Workbook, text: str) -> str | None:
    """Save the email next to the pilot file as a new file (``NAME-technical-win.txt``, or
    ``-2``, ``-3``... when that name is taken or is a link: never written over, never through
    a link, with the pilot's permissions); returns its path, or None (and says why)."""
    from pilotdesk.pilotfile.atomic import numbered, os_reason, write_new_unique

    path = app.store.path.with_name(f"{app.store.path.stem}-technical-win.txt")
    try:
        saved, _ = write_new_unique(numbered(path), text.encode("utf-8"), like=app.store.path)
    except OSError as error:
        app.notify(f"Could not save {path}: {os_reason(error)}", severity="error", markup=False)
        return None
    return str(saved)

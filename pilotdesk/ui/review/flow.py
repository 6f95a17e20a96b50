"""Declaring the Technical Win: the guided review at the end of a pilot.

Who is in the room, each criterion in turn, the decisive question with the real count of
criteria, the details of the answer, then the email. The steps are modal screens awaited one by
one from a worker; escape at any step ends the review and records nothing. What the review
found (status corrections and the verdict) is applied at the end as one change: one save, one
undo, a log line each.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from pilotdesk.domain.deadlines import follow_up_deadline, prove_by_date
from pilotdesk.domain.mail import NoVerdict, VerdictConflict, compose
from pilotdesk.session.changes import Batch, SetStatus, SetTechnicalWin
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
    from pilotdesk.ui.app import PilotdeskApp

BACK = "back"
GROUP = "technical-win"  # the worker that runs the review


def start_review(app: PilotdeskApp) -> None:
    if any(worker.group == GROUP and not worker.is_finished for worker in app.workers):
        # The palette (ctrl+p) is open over the review's steps: starting again would cancel the
        # review under way and leave its step on screen with nobody waiting for the answer.
        app.notify("The Technical Win review is already under way.", severity="warning")
        return
    if not app.store.pilot.criteria:
        app.notify(
            "There are no criteria to review yet: add them on the scorecard "
            f"({key_in_words(app, 'app.pane.scorecard')}, "
            f"{key_in_words(app.pane('scorecard'), 'list.add')}).",
            severity="warning",
        )
        return
    app.run_worker(_review(app), exclusive=True, group=GROUP)


async def _review(app: PilotdeskApp) -> None:
    pilot = app.store.pilot
    attendees = await app.push_screen_wait(AttendeesStep(pilot))
    if attendees is None:
        return _cancelled(app)

    statuses = {c.id: c.status for c in pilot.criteria}
    index = 0
    while index < len(pilot.criteria):
        criterion = pilot.criteria[index]
        answer = await app.push_screen_wait(
            CriterionStep(pilot, criterion, index, statuses[criterion.id])
        )
        if answer is None:
            return _cancelled(app)
        if answer == BACK:
            index = max(0, index - 1)
            continue
        statuses[criterion.id] = answer
        index += 1

    verdict = await app.push_screen_wait(QuestionStep(pilot, statuses))
    if verdict is None:
        return _cancelled(app)
    asked_on = app.clock().replace(second=0, microsecond=0)
    details = await app.push_screen_wait(DetailsStep(pilot, statuses, verdict, asked_on))
    if details is None:
        return _cancelled(app)

    record: dict[str, Any] = {
        "verdict": verdict,
        "asked_on": asked_on,
        "attendees": attendees,
        **details,
    }
    recorded = {c.id: c.status for c in pilot.criteria}
    corrections = [
        SetStatus("criteria", cid, status)
        for cid, status in statuses.items()
        if recorded.get(cid) != status
    ]
    outcome = app.apply_change(Batch((*corrections, SetTechnicalWin(record))))
    if outcome is None:
        return
    await app.push_screen_wait(EmailPreview(app, compose(app.store.pilot)))


def details_for(
    verdict: str, asked_on: dt.datetime, concern: str, unproven: list[str], reason: str
) -> dict[str, Any]:
    """The ``[technical_win]`` keys an answer adds: deadlines from the brief's 48 h / 5 days."""
    if verdict == "yes_but":
        return {"concern": concern, "follow_up_by": follow_up_deadline(asked_on)}
    if verdict == "more_time":
        return {"unproven": unproven, "prove_by": prove_by_date(asked_on)}
    if verdict == "no":
        return {"reason": reason}
    return {}


def _cancelled(app: PilotdeskApp) -> None:
    app.notify("Technical Win review left; nothing was recorded.", timeout=4)


def copy_recorded_email(app: PilotdeskApp) -> None:
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
        review = key_in_words(app, "app.review")
        app.notify(
            f"No Technical Win declared yet: press {review} to run the review.", severity="warning"
        )
        return
    result = copy(app, email.as_text(), app.system_copy)
    if result.confirmed:
        app.notify(result.message("The email"), title="Copied")
        return
    saved = save_email(app, email.as_text())
    where = f" Also saved as {saved}." if saved else ""
    app.notify(result.message("The email") + where, title="Copied (unconfirmed)", timeout=10)


def save_email(app: PilotdeskApp, text: str) -> str | None:
    """Save the email next to the pilot file; returns its path, or None (and says why)."""
    from pilotdesk.pilotfile.atomic import atomic_write

    path = app.store.path.with_name(f"{app.store.path.stem}-technical-win.txt")
    try:
        atomic_write(path, text.encode("utf-8"))
    except OSError as error:
        app.notify(
            f"Could not save {path}: {error.strerror or error}", severity="error", markup=False
        )
        return None
    return str(path)

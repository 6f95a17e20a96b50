"""The screens of the Technical Win review. Each is a typed modal; escape returns None."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Input, Label, Select, Static
from textual.widgets.selection_list import Selection

from pilotdesk.domain.deadlines import follow_up_deadline, long_date, long_datetime, prove_by_date
from pilotdesk.domain.headline import VERDICT_WORDS
from pilotdesk.domain.lifecycle import SEVERITY_WORDS
from pilotdesk.domain.mail import Email
from pilotdesk.domain.model import Pilot
from pilotdesk.domain.text import visible
from pilotdesk.ui.keys import bind, key_in_words
from pilotdesk.ui.modals.form import NO_CONTROL
from pilotdesk.ui.panes.forms import new_id
from pilotdesk.ui.presenting import presenting
from pilotdesk.ui.review.base import Step as _Step
from pilotdesk.ui.review.criterion import CriterionStep as CriterionStep
from pilotdesk.ui.style import escape
from pilotdesk.ui.widgets.dropdown import DropDown
from pilotdesk.ui.widgets.picklist import PickList

if TYPE_CHECKING:
    from pilotdesk.ui.workbook import Workbook

#: Who the brief wants in the room, besides the evaluator: their manager, the AE, the SE.
SUGGESTED_ROLES = ("evaluator", "evaluator_manager", "champion", "ae", "se")


class AttendeesStep(_Step):
    """Step 1: who is in the room. Warns, never blocks, when the evaluator is missing."""

    BINDINGS = [bind("review.next", "enter", "next", "Continue")]

    def __init__(self, pilot: Pilot, earlier: str = "") -> None:
        super().__init__()
        self.pilot = pilot
        self.earlier = earlier  # the verdict on record, when this review is not the first

    def compose(self) -> ComposeResult:
        suggested = {
            s.id
            for s in self.pilot.stakeholders
            if s.role in SUGGESTED_ROLES or s.id == self.pilot.pilot.champion
        }
        options = [
            Selection(
                # Content, not markup: a name such as "Kofi [contractor] Mensah" shows as written.
                Content(
                    visible(
                        f"{s.name} — {s.role.replace('_', ' ') or 'no role'}, "
                        f"{'our side' if s.side == 'vendor' else s.track + ' track'}"
                    )
                ),
                s.id,
                s.id in suggested,
            )
            for s in self.pilot.stakeholders
        ]
        with Vertical(classes="dialog review"):
            yield Label(
                "Technical Win review · 1 of 4 · Who is in the room?", classes="dialog-title"
            )
            if self.earlier:
                yield Static(visible(self.earlier), classes="review-note", markup=False)
            yield Static(
                "The evaluator at least, their manager ideally, the AE and the SE. "
                f"{key_in_words(self, 'review.tick', also=PickList)} ticks, "
                f"{key_in_words(self, 'review.next')} continues.",
                classes="dialog-detail",
            )
            yield PickList(*options, id="attendees")
            yield Static("", id="attendee-warning", classes="form-error")

    def on_mount(self) -> None:
        self.query_one(PickList).focus()
        self._warn()

    def on_selection_list_selected_changed(self) -> None:
        self._warn()

    def _warn(self) -> None:
        chosen = set(self.query_one(PickList).selected)
        people = [s for s in self.pilot.stakeholders if s.id in chosen]
        roles = {s.role for s in people}
        notes = []
        if "evaluator" not in roles and self.pilot.pilot.champion not in chosen:
            notes.append(
                "No evaluator is in the room: the verdict needs the prospect's evaluator at least."
            )
        missing = [
            s.name
            for s in self.pilot.stakeholders
            if s.role in ("evaluator_manager", "ae", "se") and s.id not in chosen
        ]
        if missing:
            notes.append("Suggested too: " + ", ".join(missing) + ".")
        self.query_one("#attendee-warning", Static).update(escape("\n".join(notes)))

    def action_next(self) -> None:
        # In the file's order, not the order they were ticked in: the record reads the same
        # however the SE got there.
        chosen = set(self.query_one(PickList).selected)
        self.dismiss([s.id for s in self.pilot.stakeholders if s.id in chosen])


class QuestionStep(_Step):
    """Step 3: the decisive question. Yes only when every criterion has passed."""

    BINDINGS = [
        bind("review.yes", "1", "answer('yes')", "Yes"),
        bind("review.yes_but", "2", "answer('yes_but')", "Yes, but…"),
        bind("review.more_time", "3", "answer('more_time')", "More time"),
        bind("review.no", "4", "answer('no')", "No"),
    ]

    def __init__(self, pilot: Pilot, statuses: Mapping[str, str]) -> None:
        super().__init__()
        self.pilot = pilot
        self.statuses = statuses
        self.not_passed = [c for c in pilot.criteria if statuses[c.id] != "passed"]

    def compose(self) -> ComposeResult:
        count = len(self.pilot.criteria)
        with Vertical(classes="dialog review"):
            yield Label(
                "Technical Win review · 3 of 4 · The decisive question", classes="dialog-title"
            )
            yield Static(
                f"“Based on the results your team has recorded across all {count} success criteria, "
                "do we have your team's recommendation to move forward? In other words — do we have a "
                "Technical Win?”",
                classes="review-question",
            )
            if self.not_passed:
                names = ", ".join(f"{c.title} ({self.statuses[c.id]})" for c in self.not_passed)
                yield Static(
                    f"[$error]1  Yes — not possible: {len(self.not_passed)} of {count} have "
                    f"not passed: {escape(names)}[/]"
                )
            else:
                yield Static("[b]1[/b]  Yes — every criterion passed")
            yield Static("[b]2[/b]  “Yes, but…” — a concern to resolve within 48 hours")
            yield Static(
                "[b]3[/b]  “We need more time” — a soft no: which criteria, proven in 5 business days"
            )
            yield Static("[b]4[/b]  No")
            yield Static("", id="question-error", classes="form-error")
            yield Static(
                "Silence is not a verdict: record the answer they give. "
                f"{key_in_words(self, 'review.leave')} leaves.",
                classes="dialog-detail",
            )

    def action_answer(self, verdict: str) -> None:
        if verdict == "yes" and self.not_passed:
            self.app.bell()
            self.query_one("#question-error", Static).update(
                "Yes needs every criterion passed. Choose 2, 3 or 4."
            )
            return
        self.dismiss(verdict)


#: The severities a "Yes, but…" concern or a "No" reason can be recorded as a gap with.
GAP_CHOICES = [(SEVERITY_WORDS[s], s) for s in ("deal_breaker", "deal_challenge", "nice_to_have")]


def gap_from_answer(pilot: Pilot, text: str, severity: str) -> dict[str, str]:
    """A ``[[gaps]]`` entry for what the prospect said in the review, open, named by it."""
    taken = {g.id for g in pilot.gaps}
    return {"id": new_id(text, taken), "title": text, "severity": severity, "status": "open"}


class DetailsStep(_Step):
    """Step 4: what the answer needs: the concern, the unproven criteria, or the reason."""

    BINDINGS = [bind("review.record", "enter,ctrl+s", "save", "Record")]

    def __init__(
        self, pilot: Pilot, statuses: Mapping[str, str], verdict: str, asked_on: dt.datetime
    ) -> None:
        super().__init__()
        self.pilot = pilot
        self.statuses = statuses
        self.verdict = verdict
        self.asked_on = asked_on

    def compose(self) -> ComposeResult:
        words = VERDICT_WORDS[self.verdict]
        with VerticalScroll(classes="dialog review"):
            yield Label(f"Technical Win review · 4 of 4 · {words}", classes="dialog-title")
            if self.verdict == "yes":
                yield Static(
                    "Every criterion passed and the prospect said yes. "
                    f"{key_in_words(self, 'review.record', first=True)} records it and shows the email."
                )
            elif self.verdict == "yes_but":
                due = follow_up_deadline(self.asked_on, self.pilot.pilot.holidays)
                yield Static("What is the “but”? Probe it and write it down.")
                yield Input(placeholder="the unresolved concern", id="concern", restrict=NO_CONTROL)
                yield Static(
                    f"Follow-up due within 48 hours: {long_datetime(due)}", classes="dialog-detail"
                )
            elif self.verdict == "more_time":
                prove_by = prove_by_date(self.asked_on, self.pilot.pilot.holidays)
                yield Static("Which criteria remain unproven? (space ticks)")
                options = [
                    Selection(Content(visible(c.title)), c.id, self.statuses[c.id] != "passed")
                    for c in self.pilot.criteria
                ]
                yield PickList(*options, id="unproven")
                yield Static(
                    f"To be proven within 5 business days: by {long_date(prove_by)}",
                    classes="dialog-detail",
                )
            else:
                yield Static("Why not? Their words, for the record.")
                yield Input(placeholder="the reason", id="reason", restrict=NO_CONTROL)
            if self.verdict in ("yes_but", "no") and not presenting(self):
                # What the product could not do reaches the product team in the same step.
                yield Static("Also a product gap? (for the Gaps pane and the product team)")
                yield DropDown(GAP_CHOICES, value=Select.NULL, allow_blank=True, id="gap-severity")
            yield Static("", id="details-error", classes="form-error")
            yield Static(
                f"{key_in_words(self, 'review.record', first=True)} records the verdict · "
                f"{key_in_words(self, 'review.leave')} leaves and records nothing",
                classes="dialog-detail",
            )

    def on_mount(self) -> None:
        focusable = self.query("Input, PickList")
        if focusable:
            focusable.first().focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        from pilotdesk.ui.review.flow import details_for

        concern = self._text("#concern")
        reason = self._text("#reason")
        unproven: list[str] = []
        if self.verdict == "more_time":  # in the scorecard's order, not the order ticked
            ticked = set(self.query_one(PickList).selected)
            unproven = [c.id for c in self.pilot.criteria if c.id in ticked]
        problem = {
            "yes_but": "Write down the concern first." if not concern else "",
            "no": "Write down the reason first." if not reason else "",
            "more_time": "Tick at least one unproven criterion." if not unproven else "",
        }.get(self.verdict, "")
        if problem:
            self.query_one("#details-error", Static).update(problem)
            return
        details = details_for(
            self.verdict, self.asked_on, concern, unproven, reason, self.pilot.pilot.holidays
        )
        severity = self.query("#gap-severity")
        chosen = severity.first(Select).value if severity else Select.NULL
        if isinstance(chosen, str):
            details["gap"] = gap_from_answer(self.pilot, concern or reason, chosen)
        self.dismiss(details)

    def _text(self, selector: str) -> str:
        found = self.query(selector)
        return found.first(Input).value.strip() if found else ""


class EmailPreview(_Step):
    """The email of the recorded verdict: y copies its body (what is pasted into the message),
    Y its subject (what goes in the subject field), s saves it next to the pilot file."""

    BINDINGS = [
        bind("email.copy", "y", "copy", "Copy", "Copy the email's body"),
        bind("email.copy_subject", "Y", "copy_subject", "Copy subject", "Copy the subject line"),
        bind("email.save", "s", "save", "Save to file", "Save the email next to the pilot file"),
        bind("email.close", "escape,enter,q", "leave", "Close"),
    ]

    def __init__(self, app: Workbook, email: Email) -> None:
        super().__init__()
        self.owner = app
        self.email = email

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog review email"):
            copies, saves = key_in_words(self, "email.copy"), key_in_words(self, "email.save")
            closes = key_in_words(self, "email.close", first=True)
            subject = key_in_words(self, "email.copy_subject")
            yield Label(
                f"The email — {copies} copies it · {subject} the subject · {saves} saves · "
                f"{closes} closes",
                classes="dialog-title",
            )
            yield Static(
                Text.assemble(("Subject: ", "bold"), visible(self.email.subject)),
                id="email-subject",
            )
            with VerticalScroll(id="email-body"):
                yield Static(visible(self.email.clipboard_text()), markup=False)
            yield Static("", id="email-status", classes="dialog-detail")

    def action_copy(self) -> None:
        from pilotdesk.ui.clipboard import copy
        from pilotdesk.ui.review.flow import save_email

        result = copy(self.owner.textual, self.email.clipboard_text(), self.owner.system_copy)
        message = result.message("The email")
        if not result.confirmed:
            saved = save_email(self.owner, self.email.as_text())
            if saved:
                message += f" Also saved as {saved}."
        self.query_one("#email-status", Static).update(escape(message))

    def action_copy_subject(self) -> None:
        from pilotdesk.ui.clipboard import copy

        result = copy(self.owner.textual, self.email.subject, self.owner.system_copy)
        self.query_one("#email-status", Static).update(escape(result.message("The subject")))

    def action_save(self) -> None:
        from pilotdesk.ui.review.flow import save_email

        saved = save_email(self.owner, self.email.as_text())
        if saved:
            self.query_one("#email-status", Static).update(escape(f"Saved as {saved}."))

"""Step 2 of the Technical Win review: one criterion, its status and its result on the record."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Label, Static

from pilotdesk.domain.model import Criterion, Pilot
from pilotdesk.domain.text import visible
from pilotdesk.ui.keys import bind, key_in_words
from pilotdesk.ui.modals.form import FormModal
from pilotdesk.ui.panes.forms import result_fields
from pilotdesk.ui.review.base import Step
from pilotdesk.ui.style import STATUS_SYMBOL, escape


class CriterionStep(Step):
    """Step 2: one criterion; enter confirms the recorded status, p/f/u correct it first, r
    puts its result and evidence on the record.

    ``edits`` is this criterion's result and evidence as changed in this review (the flow's
    dict, filled here by ``r``): nothing is written before the verdict is recorded."""

    BINDINGS = [
        bind("review.confirm", "enter", "confirm", "Confirm and next"),
        bind("review.pass", "p", "set('passed')", "Passed", "Correct the status: passed"),
        bind("review.fail", "f", "set('failed')", "Failed", "Correct the status: failed"),
        bind("review.pending", "u", "set('pending')", "Pending", "Correct the status: pending"),
        bind("review.result", "r", "result", "Result", "Put the result and evidence on the record"),
        bind("review.back", "b,backspace", "back", "Back", "The criterion before"),
    ]

    def __init__(
        self,
        pilot: Pilot,
        criterion: Criterion,
        index: int,
        status: str,
        edits: dict[str, Any] | None = None,
        note: str = "",
        on_change: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__()
        #: Told of each correction and result entered, so the scorecard behind shows them.
        self.on_change = on_change
        self.pilot = pilot
        self.criterion = criterion
        self.index = index
        self.status = status
        self.edits = {} if edits is None else edits
        self.note = note

    def compose(self) -> ComposeResult:
        c = self.criterion
        with VerticalScroll(classes="dialog review"):
            yield Label(
                f"Technical Win review · 2 of 4 · Criterion {self.index + 1} of {len(self.pilot.criteria)}",
                classes="dialog-title",
            )
            if self.note:
                yield Static(visible(self.note), classes="review-note", markup=False)
            yield Static(f"[b]{escape(c.title)}[/b]" + (" · must-have" if c.must_have else ""))
            with Vertical(classes="review-facts"):
                for label, key in FACTS:
                    # A label column and a value that wraps under itself: a long target reads
                    # as one block, with a hanging indent.
                    with Horizontal(classes="fact"):
                        yield Static(label, classes="fact-label")
                        yield Static("", id=f"fact-{key}", classes="fact-value", markup=False)
            yield Static("", id="criterion-status", classes="review-status")
            yield Static("", id="criterion-hint", classes="form-error")
            yield Static(
                f"{key_in_words(self, 'review.confirm')} confirms and moves on · "
                + " ".join(key_in_words(self, f"review.{s}") for s in ("pass", "fail", "pending"))
                + f" correct the status · {key_in_words(self, 'review.result')} result and "
                f"evidence · {key_in_words(self, 'review.back', first=True)} back · "
                f"{key_in_words(self, 'review.leave')} leaves",
                classes="dialog-detail",
            )

    def on_mount(self) -> None:
        self._show()

    def value(self, key: str) -> str:
        """The criterion's ``result``/``evidence`` as it stands in this review."""
        if key in self.edits:
            return str(self.edits[key] or "")
        return str(getattr(self.criterion, key) or "")

    def _show(self) -> None:
        if not self.query("#fact-target"):
            # Dismissed before it was shown (an enter typed ahead in a busy moment): the
            # widgets are gone, and nothing is left to show.
            return
        verifier = self.pilot.stakeholder(self.criterion.verifier)
        values = {
            "target": self.criterion.target + signed_note(self.pilot, self.criterion),
            "result": self.value("result"),
            "evidence": self.value("evidence"),
            "verifier": verifier.name if verifier else "nobody",
        }
        for _, key in FACTS:
            edited = " (entered here)" if key in self.edits else ""
            self.query_one(f"#fact-{key}", Static).update(visible(values[key] or "—") + edited)
        colour = {"passed": "$success", "failed": "$error", "pending": "$warning"}[self.status]
        changed = " (corrected here)" if self.status != self.criterion.status else ""
        self.query_one("#criterion-status", Static).update(
            # The space inside the span: markup drops one that follows a closing tag.
            f"Status: [{colour} b]{STATUS_SYMBOL[self.status]} {self.status} [/]{changed.strip()}"
        )
        # Corrected to passed with the result of the earlier run still on record: say so, once.
        stale = changed and self.status == "passed" and "result" not in self.edits
        hint = self.query_one("#criterion-hint", Static)
        hint.update(
            "Passed now: does the result on record still say so? "
            f"{key_in_words(self, 'review.result')} updates it."
        )
        hint.display = bool(stale)

    def action_set(self, status: str) -> None:
        self.status = status
        self._show()
        if self.on_change is not None:
            self.on_change(status)

    def action_result(self) -> None:
        initial = {key: self.value(key) for key in ("result", "evidence")}
        initial = {key: value for key, value in initial.items() if value}

        def done(values: dict[str, Any] | None) -> None:
            if values:
                self.edits.update(values)
                self._show()
                if self.on_change is not None:
                    self.on_change(self.status)

        self.app.push_screen(
            FormModal(
                f"Result of “{self.criterion.title}”",
                result_fields(self.criterion),
                initial,
                collection="criteria",
            ),
            done,
        )

    def action_confirm(self) -> None:
        self.dismiss(self.status)

    def action_back(self) -> None:
        self.dismiss("back")


#: What the criterion step shows of a criterion, in order: (label, key).
FACTS = (
    ("Target:", "target"),
    ("Result:", "result"),
    ("Evidence:", "evidence"),
    ("Verified by:", "verifier"),
)


def signed_note(pilot: Pilot, criterion: Criterion) -> str:
    """What the agreement says of this target when it differs: the signed one beside it."""
    agreement = pilot.agreement
    if agreement is None:
        return ""
    if criterion.id not in agreement.targets:
        return f"   (added after the sign-off of {agreement.signed_on.isoformat()})"
    signed = agreement.targets[criterion.id]
    if signed == criterion.target:
        return ""
    return f"   (signed {agreement.signed_on.isoformat()}: {signed or '—'})"

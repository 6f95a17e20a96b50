"""Record the evaluation agreement: who at the prospect signed the scorecard, and when.

The scorecard as it stands is what gets recorded as signed, so the dialog shows what differs
from the last sign-off first: re-recording is how a change the prospect agreed to becomes the
agreement, and it should never happen without seeing the change.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.validation import Function
from textual.widgets import Button, Footer, Input, Label, Static
from textual.widgets.selection_list import Selection

from pilotdesk.domain import lifecycle
from pilotdesk.domain.dates import PAST_HINT, parse_date
from pilotdesk.domain.model import Pilot
from pilotdesk.domain.text import visible
from pilotdesk.ui.keys import bind
from pilotdesk.ui.modals.form import NO_CONTROL
from pilotdesk.ui.widgets.picklist import PickList


@dataclass(frozen=True)
class SignOff:
    on: dt.date
    signed_by: tuple[str, ...]


def _date(text: str, today: dt.date) -> dt.date | None:
    """The day it was signed: the forms' date words, a bare weekday being the last one."""
    return parse_date(text, today, "past")


class SignOffModal(ModalScreen[SignOff | None]):
    """``ctrl+s`` records, ``escape`` cancels; space ticks who signed."""

    BINDINGS = [
        bind("sign_off.cancel", "escape", "cancel", "Cancel", "Leave; nothing is recorded"),
        bind("sign_off.save", "ctrl+s", "save", "Record", "Record the sign-off"),
    ]

    def __init__(self, pilot: Pilot, today: dt.date) -> None:
        super().__init__()
        self.pilot = pilot
        self.today = today

    def compose(self) -> ComposeResult:
        agreement = self.pilot.agreement
        signed = set(agreement.signed_by) if agreement else set()
        if not signed:
            signed = {s.id for s in self.pilot.stakeholders if s.role in ("evaluator_manager",)}
            signed |= {self.pilot.pilot.champion} if self.pilot.pilot.champion else set()
        people = [
            Selection(
                visible(f"{s.name} — {s.title or s.role or 'prospect'}"), s.id, s.id in signed
            )
            for s in self.pilot.stakeholders
            if s.side == "prospect"
        ]
        with VerticalScroll(id="dialog", classes="dialog form"):
            yield Label("Agreement: record sign-off", classes="dialog-title")
            yield Static(visible(self._what()), classes="dialog-detail")
            yield Label("Signed on *", classes="form-label")
            yield Input(
                self.today.isoformat(),
                validators=[
                    Function(lambda t: _date(t, self.today) is not None, f"a date like {PAST_HINT}")
                ],
                restrict=NO_CONTROL,
                id="signed-on",
            )
            yield Label("Signed by (space ticks)", classes="form-label")
            yield PickList(*people, id="signed-by")
            yield Label("", id="form-error", classes="form-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Record (ctrl+s)", variant="primary", id="save")
                yield Button("Cancel (esc)", id="cancel")
        yield Footer()  # this dialog's keys, not the pane's behind it

    def _what(self) -> str:
        count = len(self.pilot.criteria)
        agreement = self.pilot.agreement
        if agreement is None:
            return f"Records the {count} criteria and their targets as they stand, as signed."
        changes = lifecycle.drift(self.pilot).describe()
        if not changes:
            return (
                f"Signed on {agreement.signed_on.isoformat()}; nothing changed since. "
                "Recording again only changes who signed and when."
            )
        return (
            f"Changed since the sign-off of {agreement.signed_on.isoformat()}:\n  "
            + "\n  ".join(changes)
            + "\nRecording makes these the agreement (the first sign-off's date is kept)."
        )

    def on_mount(self) -> None:
        self.query_one("#signed-on", Input).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one("#signed-by", PickList).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:
        on = _date(self.query_one("#signed-on", Input).value, self.today)
        if on is None:
            self.query_one("#form-error", Label).update(f"Signed on: a date like {PAST_HINT}")
            return
        chosen = set(self.query_one("#signed-by", PickList).selected)
        # In the file's order, not the order ticked: the record reads the same however made.
        self.dismiss(SignOff(on, tuple(s.id for s in self.pilot.stakeholders if s.id in chosen)))

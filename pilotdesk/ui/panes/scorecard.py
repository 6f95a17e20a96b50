"""Scorecard: the pass/fail criteria in the order agreed with the prospect."""

from __future__ import annotations

import datetime as dt
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from pilotdesk.domain.model import Criterion, CriterionStatus, Pilot
from pilotdesk.session.changes import AddEntry, DeleteEntry, MoveEntry, SetFields, SetStatus
from pilotdesk.ui.keys import bind, key_in_words
from pilotdesk.ui.modals.form import FormModal
from pilotdesk.ui.panes import ListPane, entry_keys, move_keys
from pilotdesk.ui.panes.forms import criterion_fields, new_id, result_fields
from pilotdesk.ui.style import STATUS_WIDTH, escape, status_text
from pilotdesk.ui.widgets.inplace import update_in_place
from pilotdesk.ui.widgets.table import PilotTable, Row

#: An empty "Verified by": quieter than a word on every row.
NOBODY = Text("—", style="dim")


class ScorecardPane(ListPane):
    BINDINGS = [
        bind(
            "scorecard.pass",
            "p",
            "status('passed')",
            "Passed",
            "Selected criterion passed",
            command="Criterion: mark passed",
        ),
        bind(
            "scorecard.fail",
            "f",
            "status('failed')",
            "Failed",
            "Selected criterion failed",
            command="Criterion: mark failed",
        ),
        bind(
            "scorecard.pending",
            "u",
            "status('pending')",
            "Pending",
            "Selected criterion pending",
            command="Criterion: mark pending",
        ),
        bind(
            "scorecard.result",
            "r",
            "result",
            "Result",
            "Put the selected criterion's result and evidence on the record",
            command="Criterion: record result",
        ),
        *entry_keys("criterion", "A new success criterion", "Criterion"),
        *move_keys("scorecard", "criterion", "Criterion"),
    ]

    ON_SELECTED = frozenset({"status", "move", "edit", "delete"})

    def __init__(self) -> None:
        super().__init__(id="scorecard")
        self.pilot: Pilot | None = None

    def compose(self) -> ComposeResult:
        yield PilotTable(id="criteria-table")
        yield Static("", id="criterion-detail", classes="detail")

    def show(self, pilot: Pilot, today: dt.date) -> None:
        self.pilot = pilot
        theme = self.app.current_theme
        table = self.table
        table.set_columns(
            "#",
            "Criterion",
            "Target",
            "Result",
            "Status",
            "Verified by",
            "Must",
            flex={"Criterion": 4, "Target": 2, "Result": 2, "Verified by": 1},
        )
        names = {s.id: s.name for s in pilot.stakeholders}

        def row(n: int, c: Criterion) -> Row:
            verifier = names.get(c.verifier, c.verifier) if c.verifier else None
            return table.cached_row(
                c.id,
                (n, c.title, c.target, c.result, c.status, verifier, c.must_have, theme.name),
                lambda: (
                    str(n),
                    c.title,
                    c.target,
                    c.result,
                    # Padded to the widest status, so the column keeps its width when the
                    # last pending criterion passes and its neighbours do not shift.
                    status_text(c.status, theme, STATUS_WIDTH),
                    verifier if verifier is not None else NOBODY,
                    "★" if c.must_have else "",
                ),
            )

        table.sync([row(n, c) for n, c in enumerate(pilot.criteria, start=1)])
        self._show_detail()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        detail = self.query_one("#criterion-detail", Static)
        criterion = self._selected()
        if self.pilot is None or not self.pilot.criteria:
            update_in_place(
                detail,
                f"No criteria yet: press {key_in_words(self, 'list.add')} to add the first one, "
                "in the order agreed with the prospect.",
            )
            return
        if criterion is None:
            update_in_place(detail, "")
            return
        verifier = self.pilot.stakeholder(criterion.verifier)
        who = (
            f"{verifier.name}, {verifier.title}"
            if verifier and verifier.title
            else (verifier.name if verifier else "nobody yet")
        )
        must = " · must-have" if criterion.must_have else ""
        update_in_place(
            detail,
            f"[b]{escape(criterion.title)}[/b]{must}\n"
            f"Target: {escape(criterion.target or '—')}   Result: {escape(criterion.result or '—')}\n"
            f"Evidence: {escape(criterion.evidence or '—')}   Verified by: {escape(who)}",
        )

    def _selected(self) -> Any:
        if self.pilot is None:
            return None
        key = self.table.selected_key
        return self.pilot.criterion(key) if key else None

    # --- actions ---------------------------------------------------------------------------

    def action_status(self, status: CriterionStatus) -> None:
        criterion = self._selected()
        if criterion is not None and criterion.status != status:
            self.request(SetStatus("criteria", criterion.id, status), criterion.id)

    def action_move(self, offset: int) -> None:
        criterion = self._selected()
        if criterion is not None:
            self.request(MoveEntry("criteria", criterion.id, offset), criterion.id)

    def action_edit(self) -> None:
        criterion = self._selected()
        if criterion is None or self.pilot is None:
            return
        form = FormModal(
            f"Criterion {criterion.id}",
            criterion_fields(self.pilot, False),
            criterion.model_dump(),
            collection="criteria",
        )
        self.edit_in_form(
            form, lambda values: (SetFields("criteria", criterion.id, values), criterion.id)
        )

    def action_result(self) -> None:
        """``r``: what was measured and the evidence, on the record, without the whole form."""
        criterion = self._selected()
        if criterion is None:
            return
        form = FormModal(
            f"Result of “{criterion.title}”",
            result_fields(criterion),
            criterion.model_dump(),
            collection="criteria",
        )
        self.edit_in_form(
            form, lambda values: (SetFields("criteria", criterion.id, values), criterion.id)
        )

    def action_add(self) -> None:
        if self.pilot is None:
            return
        taken = {c.id for c in self.pilot.criteria}
        after = self.table.cursor_row + 1 if self.pilot.criteria else 0

        def done(values: dict[str, Any] | None) -> None:
            if not values or not values.get("title"):
                return
            values = {"id": values.get("id") or new_id(values["title"], taken), **values}
            values = {"id": values["id"], "title": values["title"], "status": "pending", **values}
            values.setdefault("must_have", False)
            self.request(AddEntry("criteria", values, after), values["id"])

        self.app.push_screen(
            FormModal(
                "New criterion",
                criterion_fields(self.pilot, True),
                {},
                taken,
                collection="criteria",
            ),
            done,
        )

    def action_delete(self) -> None:
        criterion = self._selected()
        if criterion is None:
            return

        self.confirm_delete(
            f"Delete criterion “{criterion.title}”?",
            f"{key_in_words(self, 'app.undo')} brings it back.",
            DeleteEntry("criteria", criterion.id),
        )

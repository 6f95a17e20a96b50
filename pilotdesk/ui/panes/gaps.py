"""Gaps: what the product could not do for this prospect, by severity, for the product team.

Presales teams record a pilot's product gaps as Deal Breaker / Deal Challenge / Nice to Have,
with the ask, its impact and the workaround; an open deal breaker is a readiness blocker.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from pilotdesk.domain.model import Gap, GapStatus, Pilot
from pilotdesk.session.changes import AddEntry, DeleteEntry, MoveEntry, SetFields
from pilotdesk.ui.keys import bind
from pilotdesk.ui.modals.form import FormModal
from pilotdesk.ui.panes import ListPane, entry_keys, move_keys
from pilotdesk.ui.panes.forms import gap_fields, new_id
from pilotdesk.ui.style import escape, severity_text, status_text
from pilotdesk.ui.widgets.table import PilotTable, Row

NEXT_STATUS: dict[GapStatus, GapStatus] = {
    "open": "planned",
    "planned": "shipped",
    "shipped": "wont_fix",
    "wont_fix": "open",
}


class GapsPane(ListPane):
    BINDINGS = [
        bind(
            "gaps.step",
            "space",
            "step",
            "Step status",
            "Step the gap's status: open → planned → shipped → won't fix",
            command="Gap: step status",
        ),
        *entry_keys("gap", "A new product gap", "Gap"),
        *move_keys("gaps", "gap", "Gap"),
    ]

    ON_SELECTED = frozenset({"step", "edit", "delete", "move"})

    def __init__(self) -> None:
        super().__init__(id="gaps")
        self.pilot: Pilot | None = None

    def compose(self) -> ComposeResult:
        yield PilotTable(id="gaps-table")
        yield Static("", id="gap-detail", classes="detail")

    def show(self, pilot: Pilot, today: dt.date) -> None:
        self.pilot = pilot
        theme = self.app.current_theme
        table = self.table
        table.set_columns(
            "Gap",
            "Severity",
            "Status",
            "Criterion",
            "Request",
            flex={"Gap": 4, "Criterion": 2, "Request": 1},
        )
        titles = {c.id: c.title for c in pilot.criteria}

        def row(g: Gap) -> Row:
            criterion = titles.get(g.criterion, g.criterion) if g.criterion else "—"
            return table.cached_row(
                g.id,
                (g.title, g.severity, g.status, criterion, g.request, theme.name),
                lambda: (
                    g.title,
                    severity_text(g.severity, theme),
                    status_text(g.status.replace("_", " "), theme),
                    criterion,
                    g.request or "—",
                ),
            )

        table.sync([row(g) for g in pilot.gaps])
        self._show_detail()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        detail = self.query_one("#gap-detail", Static)
        gap = self._selected()
        if self.pilot is None or not self.pilot.gaps:
            detail.update(
                "No product gaps recorded. Press a when the pilot shows something the product "
                "cannot do: its severity, impact and workaround go to the product team."
            )
            return
        if gap is None:
            detail.update("")
            return
        detail.update(
            f"[b]{escape(gap.title)}[/b] · {escape(gap.severity.replace('_', ' '))}\n"
            f"Impact: {escape(gap.impact or '—')}\n"
            f"Workaround: {escape(gap.workaround or '—')}   Request: {escape(gap.request or '—')}"
        )

    def _selected(self) -> Gap | None:
        if self.pilot is None:
            return None
        key = self.table.selected_key
        return self.pilot.gap(key) if key else None

    # --- actions ---------------------------------------------------------------------------

    def action_step(self) -> None:
        gap = self._selected()
        if gap is not None:
            self.request(SetFields("gaps", gap.id, {"status": NEXT_STATUS[gap.status]}), gap.id)

    def action_move(self, offset: int) -> None:
        gap = self._selected()
        if gap is not None:
            self.request(MoveEntry("gaps", gap.id, offset), gap.id)

    def action_edit(self) -> None:
        gap = self._selected()
        if gap is None or self.pilot is None:
            return
        form = FormModal(
            f"Gap {gap.id}", gap_fields(self.pilot, False), gap.model_dump(), collection="gaps"
        )
        self.edit_in_form(form, lambda values: (SetFields("gaps", gap.id, values), gap.id))

    def action_add(self) -> None:
        if self.pilot is None:
            return
        taken = {g.id for g in self.pilot.gaps}

        def done(values: dict[str, Any] | None) -> None:
            if not values or not values.get("title"):
                return
            gap_id = values.get("id") or new_id(values["title"], taken)
            values = {"id": gap_id, "title": values["title"], **values}
            values.setdefault("severity", "deal_challenge")
            values.setdefault("status", "open")
            self.request(AddEntry("gaps", values), gap_id)

        defaults = {"severity": "deal_challenge", "status": "open"}
        self.app.push_screen(
            FormModal(
                "New product gap",
                gap_fields(self.pilot, True),
                defaults,
                taken,
                collection="gaps",
            ),
            done,
        )

    def action_delete(self) -> None:
        gap = self._selected()
        if gap is None:
            return
        self.confirm_delete(
            f"Delete gap “{gap.title}”?", "ctrl+z brings it back.", DeleteEntry("gaps", gap.id)
        )

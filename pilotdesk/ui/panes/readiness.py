"""Readiness: what will kill the deal if nobody acts, worst first."""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from pilotdesk.domain import commitment
from pilotdesk.domain.model import Pilot
from pilotdesk.domain.readiness import Finding, Severity, evaluate
from pilotdesk.ui.keys import bind, key_in_words
from pilotdesk.ui.messages import JumpRequested
from pilotdesk.ui.panes import Pane
from pilotdesk.ui.style import safe
from pilotdesk.ui.widgets.table import PilotTable


class ReadinessPane(Pane):
    BINDINGS = [
        bind(
            "readiness.jump",
            "enter",
            "jump",
            "Go to entry",
            "Go to the entry the finding is about",
            command="Readiness: go to entry",
        ),
    ]

    ON_SELECTED = frozenset({"jump"})

    def __init__(self) -> None:
        super().__init__(id="readiness")
        self.findings: list[Finding] = []
        self.clock = ""

    def compose(self) -> ComposeResult:
        yield PilotTable(id="findings-table")
        yield Static("", id="finding-detail", classes="detail")

    @property
    def table(self) -> PilotTable:
        return self.query_one(PilotTable)

    def show(self, pilot: Pilot, today: dt.date) -> None:
        self.findings = evaluate(pilot, today)
        clock = commitment.clock(pilot, today)
        since = clock.since_words()
        self.clock = (
            f"{clock.status_words()}" + (f" · {since}" if since else "") if clock.started else ""
        )
        theme = self.app.current_theme
        colour = {
            Severity.BLOCKER: theme.error,
            Severity.WARNING: theme.warning,
            Severity.INFO: theme.primary,
        }
        table = self.table
        table.set_columns("Severity", "Rule", "Finding", flex={"Finding": 1})
        rows = []
        for index, finding in enumerate(self.findings):
            word = finding.severity.name.lower()
            if finding.silenced is not None:
                severity = Text(f"silenced {word}", style="dim")
                text = Text(finding.finding, style="dim")
            else:
                severity = Text(word.upper(), style=f"bold {colour[finding.severity] or ''}")
                text = Text(finding.finding)
            rows.append((f"{index}:{finding.rule}", (severity, finding.rule, text)))
        table.sync(rows)
        self._show_detail()

    def _selected(self) -> Finding | None:
        key = self.table.selected_key
        if key is None:
            return None
        return self.findings[int(key.split(":", 1)[0])]

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        detail = self.query_one("#finding-detail", Static)
        finding = self._selected()
        # After a Yes, the commitment's clock heads the detail, whatever finding is selected.
        clock = [Text.assemble(("Commitment: ", "bold"), self.clock)] if self.clock else []
        if not self.findings:
            clock.append(Text("Nothing to worry about today: both tracks look ready."))
            detail.update(safe(Text("\n").join(clock)))
            return
        if finding is None:
            detail.update(safe(Text("\n").join(clock)))
            return
        lines = [
            *clock,
            Text.assemble(("Finding: ", "bold"), finding.finding),
            Text.assemble(("Fix: ", "bold"), finding.fix),
        ]
        if finding.silenced is not None:
            lines.append(Text.assemble(("Silenced: ", "bold"), finding.silenced))
        if finding.target is not None:
            go = key_in_words(self, "readiness.jump", markup=False)
            lines.append(Text(f"{go} goes to it", style="italic"))
        detail.update(safe(Text("\n").join(lines)))

    def has_selection(self) -> bool:
        finding = self._selected()
        return finding is not None and finding.target is not None

    def focus_list(self) -> None:
        self.table.focus()

    def action_jump(self) -> None:
        finding = self._selected()
        if finding is not None and finding.target is not None:
            self.post_message(JumpRequested(*finding.target))

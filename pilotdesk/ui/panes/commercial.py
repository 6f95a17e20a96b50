"""Commercial track: the commitment agreed before the pilot, and the qualification checklist."""

from __future__ import annotations

import datetime as dt
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static

from pilotdesk.domain.model import SECTIONS, ChecklistItem, ItemStatus, Pilot
from pilotdesk.session.changes import AddEntry, DeleteEntry, SetFields, SetStatus
from pilotdesk.ui.keys import bind, key_in_words
from pilotdesk.ui.modals.form import FormModal
from pilotdesk.ui.panes import Pane
from pilotdesk.ui.panes.forms import checklist_fields, commitment_fields, new_id
from pilotdesk.ui.style import escape, short_date, status_text, warn_text
from pilotdesk.ui.widgets.table import PilotTable

NEXT_STATUS: dict[ItemStatus, ItemStatus] = {
    "todo": "doing",
    "doing": "done",
    "done": "todo",
    "skipped": "todo",
}


def ordered(pilot: Pilot) -> list[ChecklistItem]:
    """Items grouped by section in the brief's order, file order within a section."""
    return sorted(pilot.checklist, key=lambda i: SECTIONS.index(i.section))


class CommercialPane(Pane):
    BINDINGS = [
        bind(
            "commercial.step",
            "space",
            "step",
            "Step status",
            "Step the item's status: todo → doing → done",
            command="Checklist: step status",
        ),
        bind(
            "list.edit",
            "enter",
            "edit",
            "Edit",
            "Edit the selected item",
            command="Checklist: edit",
        ),
        bind("list.add", "a", "add", "Add", "A new commercial item", command="Checklist: add"),
        bind(
            "list.delete",
            "d",
            "delete",
            "Delete",
            "Delete the selected item (asks first)",
            command="Checklist: delete",
        ),
        bind(
            "commercial.commitment",
            "e",
            "edit_commitment",
            "Edit commitment",
            "If it passes, then…; sponsor; owner; first PO",
            command="Commercial: edit commitment",
        ),
    ]

    ON_SELECTED = frozenset({"step", "edit", "delete"})

    def __init__(self) -> None:
        super().__init__(id="commercial")
        self.pilot: Pilot | None = None

    def compose(self) -> ComposeResult:
        yield Static("", id="commitment", classes="commitment")
        yield PilotTable(id="checklist-table")

    @property
    def table(self) -> PilotTable:
        return self.query_one(PilotTable)

    def show(self, pilot: Pilot, today: dt.date) -> None:
        self.pilot = pilot
        self._show_commitment(pilot)
        theme = self.app.current_theme
        table = self.table
        table.set_columns("Section", "Item", "Status", "Owner", "Due", flex={"Item": 4, "Owner": 1})
        names = {s.id: s.name for s in pilot.stakeholders}
        rows = []
        previous = None
        for item in ordered(pilot):
            label: Any = ""
            if item.section != previous:
                in_section = [
                    i
                    for i in pilot.checklist
                    if i.section == item.section and i.status != "skipped"
                ]
                done = sum(1 for i in in_section if i.status == "done")
                label = Text(f"{item.section.title()} {done}/{len(in_section)}", style="bold")
                previous = item.section
            overdue = (
                item.due is not None and item.due < today and item.status not in ("done", "skipped")
            )
            due: Any = short_date(item.due)
            if overdue:
                due = warn_text(f"⚠ {due} overdue", theme)
            owner = (
                names.get(item.owner, item.owner) if item.owner else Text("nobody", style="italic")
            )
            rows.append((item.id, (label, item.item, status_text(item.status, theme), owner, due)))
        table.sync(rows)

    def _show_commitment(self, pilot: Pilot) -> None:
        commercial = pilot.commercial

        def person(sid: str) -> str:
            found = pilot.stakeholder(sid)
            return (
                escape(found.name + (f" ({found.title})" if found.title else ""))
                if found
                else "[i]nobody named[/i]"
            )

        then = (
            escape(commercial.if_positive)
            or "[i]not agreed yet: ask the sponsor what happens if the pilot passes "
            f"({key_in_words(self, 'commercial.commitment')})[/i]"
        )
        when = (
            commercial.first_po_expected.isoformat()
            if commercial.first_po_expected
            else "[i]no date yet[/i]"
        )
        self.query_one("#commitment", Static).update(
            f"[b]If the pilot passes:[/b] {then}\n"
            f"[b]Sponsor:[/b] {person(commercial.sponsor)}   "
            f"[b]Qualification owner:[/b] {person(commercial.qualification_owner)}   "
            f"[b]First PO expected:[/b] {when}"
        )

    def _selected(self) -> ChecklistItem | None:
        key = self.table.selected_key
        return self.pilot.checklist_item(key) if self.pilot and key else None

    def has_selection(self) -> bool:
        return self._selected() is not None

    def select(self, entry_id: str | None) -> None:
        self.table.select_key(entry_id)

    def focus_list(self) -> None:
        self.table.focus()

    # --- actions ---------------------------------------------------------------------------

    def action_step(self) -> None:
        item = self._selected()
        if item is not None:
            self.request(SetStatus("checklist", item.id, NEXT_STATUS[item.status]), item.id)

    def action_edit(self) -> None:
        item = self._selected()
        if item is None or self.pilot is None:
            return

        form = FormModal(
            f"Checklist item {item.id}", checklist_fields(self.pilot, False), item.model_dump()
        )
        self.edit_in_form(form, lambda values: (SetFields("checklist", item.id, values), item.id))

    def action_add(self) -> None:
        if self.pilot is None:
            return
        taken = {i.id for i in self.pilot.checklist}
        current = self._selected()
        initial = {"section": current.section if current else "qualification", "status": "todo"}

        def done(values: dict[str, Any] | None) -> None:
            if values is None:
                return
            merged = {**initial, **values}
            if not merged.get("item"):
                return
            merged = {"id": merged.get("id") or new_id(merged["item"], taken), **merged}
            self.request(AddEntry("checklist", merged), merged["id"])

        self.app.push_screen(
            FormModal("New checklist item", checklist_fields(self.pilot, True), initial, taken),
            done,
        )

    def action_delete(self) -> None:
        item = self._selected()
        if item is None:
            return

        self.confirm_delete(
            f"Delete “{item.item}”?",
            f"{key_in_words(self, 'app.undo')} brings it back.",
            DeleteEntry("checklist", item.id),
        )

    def action_edit_commitment(self) -> None:
        if self.pilot is None:
            return

        form = FormModal(
            "Commercial commitment",
            commitment_fields(self.pilot),
            self.pilot.commercial.model_dump(),
        )
        self.edit_in_form(form, lambda values: (SetFields("commercial", None, values), None))

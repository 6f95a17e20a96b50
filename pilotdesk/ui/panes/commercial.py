"""Commercial track: the commitment agreed before the pilot, and the qualification checklist."""

from __future__ import annotations

import datetime as dt
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from pilotdesk.domain.deadlines import long_date
from pilotdesk.domain.headline import why_done
from pilotdesk.domain.model import SECTIONS, ChecklistItem, ItemStatus, Pilot
from pilotdesk.session.changes import AddEntry, DeleteEntry, SetFields, SetStatus
from pilotdesk.ui.keys import bind, key_in_words
from pilotdesk.ui.modals.form import FormModal
from pilotdesk.ui.panes import ListPane, entry_keys
from pilotdesk.ui.panes.forms import checklist_fields, commitment_fields, new_id
from pilotdesk.ui.presenting import HIDDEN, presenting
from pilotdesk.ui.style import safe, short_date, status_text, warn_text
from pilotdesk.ui.widgets.table import PilotTable

NEXT_STATUS: dict[ItemStatus, ItemStatus] = {
    "todo": "doing",
    "doing": "done",
    "done": "todo",
    "skipped": "todo",
}


#: Below this pane height the commitment takes two lines, each cut to the width, so the
#: checklist (the Paper section included) and the detail line keep their room at 80x24.
COMPACT_BELOW_HEIGHT = 18
#: An item nobody owns: quieter than a word on every row.
NOBODY = Text("—", style="dim")


def ordered(pilot: Pilot) -> list[ChecklistItem]:
    """Items grouped by section in the brief's order, file order within a section."""
    return sorted(pilot.checklist, key=lambda i: SECTIONS.index(i.section))


class CommercialPane(ListPane):
    BINDINGS = [
        bind(
            "commercial.step",
            "space",
            "step",
            "Step status",
            "Step the item's status: todo → doing → done",
            command="Checklist: step status",
        ),
        *entry_keys("item", "A new commercial item", "Checklist"),
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
        yield Static("", id="item-detail", classes="detail")

    def on_resize(self) -> None:
        if self.pilot is not None:
            self._show_commitment(self.pilot)

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
            owner = names.get(item.owner, item.owner) if item.owner else NOBODY
            status = status_text(item.status, theme)
            if item.done_by:  # done by the record, open in the file: the row says so
                status.append(" (recorded)", style="italic")
            rows.append((item.id, (label, item.item, status, owner, due)))
        table.sync(rows)
        self._show_detail()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        """The selected item in full: a long item is read here, not in its form."""
        detail = self.query_one("#item-detail", Static)
        item = self._selected()
        if self.pilot is None or item is None:
            empty = "No checklist items yet: press a to add one."
            if self.pilot is not None and presenting(self):  # the room sees their side's items
                empty = f"No items owned at {self.pilot.pilot.prospect} to show: {HIDDEN}."
            detail.update(safe(Text(empty)) if self.pilot else "")
            return
        owner = self.pilot.stakeholder(item.owner)
        who = (
            (owner.name + (f", {owner.title}" if owner.title else ""))
            if owner
            else (item.owner or "nobody owns it yet")
        )
        due = f"due {long_date(item.due, year=True)}" if item.due else "no due date"
        line = Text.assemble((item.item, "bold"))
        line.append(f" · {item.section} · {item.status} · {who} · {due}")
        why = why_done(self.pilot, item)
        if why:
            line.append(f"\nDone because {why}; the file says {item.status_in_file}.")
        detail.update(safe(line))

    def _show_commitment(self, pilot: Pilot) -> None:
        height = self.size.height or self.app.size.height
        compact = 0 < height < COMPACT_BELOW_HEIGHT
        width = max((self.size.width or self.app.size.width) - 2, 20)  # the padding
        key = key_in_words(self, "commercial.commitment", markup=False)
        self.query_one("#commitment", Static).update(
            safe(commitment_text(pilot, width, compact, key, forecast=not presenting(self)))
        )

    def _selected(self) -> ChecklistItem | None:
        key = self.table.selected_key
        return self.pilot.checklist_item(key) if self.pilot and key else None

    # --- actions ---------------------------------------------------------------------------

    def action_step(self) -> None:
        item = self._selected()
        if item is None or self.pilot is None:
            return
        why = why_done(self.pilot, item)
        if why:  # stepping it would log "todo -> todo" and change nothing on screen
            self.app.notify(
                f"“{item.item}” is done because {why}. To reopen it, change that record.",
                title="Done by the record",
                timeout=8,
                markup=False,
            )
            return
        self.request(SetStatus("checklist", item.id, NEXT_STATUS[item.status]), item.id)

    def action_edit(self) -> None:
        item = self._selected()
        if item is None or self.pilot is None:
            return

        form = FormModal(
            f"Checklist item {item.id}",
            checklist_fields(self.pilot, False, item),
            item.model_dump(),
            collection="checklist",
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
            FormModal(
                "New checklist item",
                checklist_fields(self.pilot, True),
                initial,
                taken,
                collection="checklist",
            ),
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
            collection="commercial",
        )
        self.edit_in_form(form, lambda values: (SetFields("commercial", None, values), None))


def commitment_text(
    pilot: Pilot, width: int, compact: bool, key: str = "e", forecast: bool = True
) -> Text:
    """The commitment agreed before the pilot, in ``width`` columns (without the first PO's
    date unless ``forecast``: the vendor's forecast is not the room's, while presenting).

    Each "label: value" is kept whole on a line (``First PO expected:`` never ends a line
    without its date); ``compact`` gives two lines, each cut with an ellipsis, and the people
    without their job titles."""
    commercial = pilot.commercial

    def person(sid: str) -> Text:
        found = pilot.stakeholder(sid)
        if found is None:
            return Text("nobody named", style="italic")
        title = f" ({found.title})" if found.title and not compact else ""
        return Text(found.name + title)

    def pair(label: str, value: Text) -> Text:
        return Text.assemble((f"{label}: ", "bold"), value)

    then = (
        Text(commercial.if_positive)
        if commercial.if_positive
        else Text(
            f"not agreed yet: ask the sponsor what happens if the pilot passes ({key})", "italic"
        )
    )
    when = (
        Text(commercial.first_po_expected.isoformat())
        if commercial.first_po_expected
        else Text("no date yet", "italic")
    )
    pairs = [
        pair("Sponsor", person(commercial.sponsor)),
        pair("Qualification owner", person(commercial.qualification_owner)),
        *([pair("First PO expected", when)] if forecast else []),
    ]
    first = pair("If the pilot passes", then)
    if compact:  # the date first: the one value an ellipsis must not eat
        date = [pair("First PO", when)] if forecast else []
        rest = Text("   ").join([*date, *pairs[:2]])
        lines = [first, rest]
        for line in lines:
            line.truncate(width, overflow="ellipsis")
        return Text("\n").join(lines)
    lines = [first]
    current: Text | None = None
    for part in pairs:
        if current is not None and current.cell_len + 3 + part.cell_len <= width:
            current.append("   ")
            current.append_text(part)
            continue
        if current is not None:
            lines.append(current)
        current = part.copy()
    if current is not None:
        lines.append(current)
    return Text("\n").join(lines)

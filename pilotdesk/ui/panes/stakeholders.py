"""Stakeholders: a map of who is who, the technical and commercial tracks side by side.

Each track lists the prospect's people as a tree of who reports to whom, so the SE sees at a
glance whether anyone with commercial authority is engaged; our own people sit apart below.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Label, Static

from pilotdesk.domain.model import Pilot, Stakeholder, references_to
from pilotdesk.domain.readiness import is_quiet
from pilotdesk.session.changes import AddEntry, DeleteEntry, SetFields
from pilotdesk.ui.keys import bind, key_in_words
from pilotdesk.ui.modals.form import FormModal
from pilotdesk.ui.panes import Pane, entry_keys
from pilotdesk.ui.panes.forms import contact_date_field, new_id, stakeholder_fields
from pilotdesk.ui.presenting import presenting
from pilotdesk.ui.style import escape, since, stance_text, warn_text
from pilotdesk.ui.widgets.table import PilotTable

#: Below this pane width the track tables go compact (stance symbol, influence letter) so the
#: names keep their room; the detail line below spells everything out.
COMPACT_BELOW = 110
ROLE_WORDS = {
    "evaluator_manager": "eval. mgr",
    "economic_buyer": "econ. buyer",
    "supply_chain": "supply chain",
}


def _tree(people: list[Stakeholder]) -> list[tuple[Stakeholder, int]]:
    """People ordered as a reports-to tree: (person, depth). Cycles and outsiders stay flat."""
    ids = {p.id for p in people}
    children: dict[str, list[Stakeholder]] = {}
    roots = []
    for person in people:
        if person.reports_to in ids and person.reports_to != person.id:
            children.setdefault(person.reports_to, []).append(person)
        else:
            roots.append(person)
    out: list[tuple[Stakeholder, int]] = []
    seen: set[str] = set()

    def walk(person: Stakeholder, depth: int) -> None:
        if person.id in seen:
            return
        seen.add(person.id)
        out.append((person, depth))
        for child in children.get(person.id, []):
            walk(child, depth + 1)

    for root in roots:
        walk(root, 0)
    for person in people:  # people in a reports-to cycle have no root; show them anyway
        walk(person, 0)
    return out


class StakeholdersPane(Pane):
    BINDINGS = [
        *entry_keys("person", "A new person", "Stakeholder"),
        bind(
            "stakeholders.contacted",
            "c",
            "contacted",
            "Contacted today",
            "Record a contact made today",
            command="Stakeholder: log contact today",
        ),
        bind(
            "stakeholders.contacted_on",
            "C",
            "contacted_on",
            "Contacted on…",
            "Record a contact made on another day (yesterday's call, last week's visit)",
            show=False,
            command="Stakeholder: log contact on a date",
        ),
        bind(
            "stakeholders.track_left",
            "left,h",
            "focus_track(-1)",
            "Other track",
            "The track on the left (or our side)",
            show=False,
        ),
        bind(
            "stakeholders.track_right",
            "right,l",
            "focus_track(1)",
            "Other track",
            "The track on the right (or our side)",
            show=False,
        ),
    ]

    ON_SELECTED = frozenset({"edit", "delete", "contacted", "contacted_on"})

    def __init__(self) -> None:
        super().__init__(id="stakeholders")
        self.pilot: Pilot | None = None
        self.today = dt.date.today()
        self._last_table = "technical-table"
        self._compact: bool | None = None
        self._presenting = False  # stance, influence and last contact left out

    def compose(self) -> ComposeResult:
        with Horizontal(id="tracks"):
            with Vertical(classes="track"):
                yield Label("Technical track — evaluates the product", classes="track-title")
                yield PilotTable(id="technical-table")
            with Vertical(classes="track"):
                yield Label("Commercial track — decides to buy", classes="track-title")
                yield PilotTable(id="commercial-table")
        yield Label("Our side", id="ours-title", classes="track-title")
        yield PilotTable(id="ours-table")
        yield Static("", id="stakeholder-detail", classes="detail")

    def _tables(self) -> list[PilotTable]:
        return [
            self.query_one(f"#{name}-table", PilotTable)
            for name in ("technical", "commercial", "ours")
        ]

    def show(self, pilot: Pilot, today: dt.date) -> None:
        self.pilot, self.today = pilot, today
        theme = self.app.current_theme
        technical, commercial, ours = self._tables()
        compact = 0 < (self.size.width or self.app.size.width) < COMPACT_BELOW
        room = presenting(self)
        if compact != self._compact or room != self._presenting:
            self._compact, self._presenting = compact, room
            for table in self._tables():
                table.reset_columns()
        for table in (technical, commercial):
            if room:
                table.set_columns("Name", "Title", "Role", flex={"Name": 3, "Title": 3, "Role": 2})
            elif compact:
                table.set_columns("Name", "Role", "", "Inf", "Seen", flex={"Name": 3, "Role": 2})
            else:
                table.set_columns(
                    "Name", "Role", "Stance", "Infl.", "Seen", flex={"Name": 3, "Role": 2}
                )
            track = "technical" if table is technical else "commercial"
            people = [s for s in pilot.stakeholders if s.side == "prospect" and s.track == track]
            table.sync([(s.id, self._row(s, depth, theme)) for s, depth in _tree(people)])
        seen = () if room else ("Seen",)
        ours.set_columns("Name", "Role", "Track", "Email", *seen, flex={"Name": 2, "Email": 2})
        ours.sync(
            [
                (s.id, (s.name, self._role(s), s.track, s.email, since(s.last_contact, today)))
                if not room
                else (s.id, (s.name, self._role(s), s.track, s.email))
                for s in pilot.stakeholders
                if s.side == "vendor"
            ]
        )
        self._show_detail()

    def _role(self, person: Stakeholder) -> str:
        return ROLE_WORDS.get(person.role, person.role.replace("_", " "))

    def _row(self, person: Stakeholder, depth: int, theme: Any) -> tuple[Any, ...]:
        name = ("  " * (depth - 1) + "└ " if depth else "") + person.name
        if self.pilot is not None and self.pilot.pilot.champion == person.id:
            name += " ★"
        if self._presenting:  # the room's part of them only: who they are
            return (name, person.title, self._role(person))
        contact = since(person.last_contact, self.today)
        quiet = is_quiet(person, self.today)  # the readiness rule's own test
        stance = stance_text(person.stance, theme)
        if self._compact:
            stance = stance[:1]  # the symbol alone: ★ + = ? ✗ ·
        return (
            name,
            self._role(person),
            stance,
            person.influence[:1].upper() if self._compact else person.influence,
            warn_text(contact, theme) if quiet else contact,
        )

    def on_resize(self) -> None:
        if self.pilot is not None:
            self.show(self.pilot, self.today)

    def on_descendant_focus(self, event: Any) -> None:
        if isinstance(event.widget, PilotTable):
            self._last_table = event.widget.id or self._last_table
            self._show_detail()
        self._mark_focused(event.widget.id)

    def on_descendant_blur(self, event: Any) -> None:
        # The blur of one table may arrive after the focus of the next: mark what has focus now.
        focused = self.screen.focused
        self._mark_focused(focused.id if isinstance(focused, PilotTable) else None)

    def _mark_focused(self, table_id: str | None) -> None:
        """Mark the title of the table with focus: three tables, one of them takes the keys."""
        titles = {"technical-table": 0, "commercial-table": 1, "ours-table": 2}
        for index, title in enumerate(self.query(".track-title")):
            title.set_class(titles.get(table_id or "") == index, "focused")

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    def _current_table(self) -> PilotTable:
        return self.query_one(f"#{self._last_table}", PilotTable)

    def _selected(self) -> Stakeholder | None:
        key = self._current_table().selected_key
        return self.pilot.stakeholder(key) if self.pilot and key else None

    def _show_detail(self) -> None:
        detail = self.query_one("#stakeholder-detail", Static)
        person = self._selected()
        if self.pilot is None or person is None:
            detail.update(
                f"No one here yet: press {key_in_words(self, 'list.add')} to add a person."
                if self.pilot and not self.pilot.stakeholders
                else ""
            )
            return
        boss = self.pilot.stakeholder(person.reports_to)
        if self._presenting:
            who = f"[b]{escape(person.name)}[/b]" + (
                f", {escape(person.title)}" if person.title else ""
            )
            detail.update(
                f"{who} · {person.side}, {person.track} track\n"
                f"Role: {escape(self._role(person) or '—')}"
                + (f" · reports to {escape(boss.name)}" if boss else "")
                + f"\nEmail: {escape(person.email or '—')}"
            )
            return
        lines = [
            f"[b]{escape(person.name)}[/b]"
            + (f", {escape(person.title)}" if person.title else "")
            + f" · {person.side}, {person.track} track",
            f"Role: {escape(self._role(person) or '—')} · stance {person.stance} · influence {person.influence}"
            + (f" · reports to {escape(boss.name)}" if boss else ""),
            f"Email: {escape(person.email or '—')} · last contact: "
            + (
                f"{person.last_contact.isoformat()} ({since(person.last_contact, self.today)})"
                if person.last_contact
                else "never"
            ),
        ]
        detail.update("\n".join(lines))

    def has_selection(self) -> bool:
        return self._selected() is not None

    def select(self, entry_id: str | None) -> None:
        if self.pilot is None or entry_id is None:
            return
        person = self.pilot.stakeholder(entry_id)
        if person is None:
            return
        name = "ours-table" if person.side == "vendor" else f"{person.track}-table"
        self._last_table = name
        table = self.query_one(f"#{name}", PilotTable)
        table.select_key(entry_id)
        table.focus()

    def focus_list(self) -> None:
        self._current_table().focus()

    def action_focus_track(self, step: int) -> None:
        names = ["technical-table", "commercial-table", "ours-table"]
        index = (names.index(self._last_table) + step) % len(names)
        self._last_table = names[index]
        self.query_one(f"#{names[index]}", PilotTable).focus()

    # --- actions ---------------------------------------------------------------------------

    def action_edit(self) -> None:
        person = self._selected()
        if person is None or self.pilot is None:
            return

        form = FormModal(
            f"Stakeholder {person.id}",
            stakeholder_fields(self.pilot, False, person),
            person.model_dump(),
            collection="stakeholders",
        )
        self.edit_in_form(
            form, lambda values: (SetFields("stakeholders", person.id, values), person.id)
        )

    def action_add(self) -> None:
        if self.pilot is None:
            return
        taken = {s.id for s in self.pilot.stakeholders}
        side = "vendor" if self._last_table == "ours-table" else "prospect"
        track = "commercial" if self._last_table == "commercial-table" else "technical"
        initial = {"side": side, "track": track, "stance": "unknown", "influence": "medium"}

        def done(values: dict[str, Any] | None) -> None:
            if values is None:
                return
            merged = {**initial, **values}
            if not merged.get("name"):
                return
            merged = {"id": merged.get("id") or new_id(merged["name"].split()[0], taken), **merged}
            self.request(AddEntry("stakeholders", merged), merged["id"])

        self.app.push_screen(
            FormModal(
                "New stakeholder",
                stakeholder_fields(self.pilot, True),
                initial,
                taken,
                collection="stakeholders",
            ),
            done,
        )

    def action_delete(self) -> None:
        person = self._selected()
        if person is None or self.pilot is None:
            return
        # The whole file's references: the room's part of it does not name the champion.
        store = self.app.store  # type: ignore[attr-defined]
        used = references_to(store.pilot, "stakeholders", person.id)
        if used:
            where = "named in the file" if self._presenting else ", ".join(used)
            self.app.notify(
                f"{person.name} is still {where}; change that first.",
                severity="warning",
                markup=False,
            )
            return

        self.confirm_delete(
            f"Delete {person.name}?",
            f"{key_in_words(self, 'app.undo')} brings them back.",
            DeleteEntry("stakeholders", person.id),
        )

    def action_contacted(self) -> None:
        person = self._selected()
        if person is not None and person.last_contact != self.today:
            self.request(
                SetFields("stakeholders", person.id, {"last_contact": self.today}), person.id
            )

    def action_contacted_on(self) -> None:
        """A small dated prompt: the day of the contact (today, -1d, 2026-11-30), then enter."""
        person = self._selected()
        if person is None:
            return
        today = self.today
        form = FormModal(
            f"Contact with {person.name}",
            [contact_date_field()],
            {"last_contact": today},
            today=today,
        )

        def done(values: dict[str, Any] | None) -> None:
            if values is None:
                return
            on = values.get("last_contact", today)
            if not isinstance(on, dt.date) or on > today:
                self.app.notify(
                    "Not recorded: a contact is on a day that has come (today or before).",
                    severity="warning",
                )
                return
            if on != person.last_contact:
                self.request(SetFields("stakeholders", person.id, {"last_contact": on}), person.id)

        self.app.push_screen(form, done)

"""The workbook's panes. Each renders from the pilot it is given and asks the app for changes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from textual import on
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from pilotdesk.domain.model import Pilot
from pilotdesk.session.changes import Change
from pilotdesk.ui.keys import PilotBinding, bind
from pilotdesk.ui.messages import ChangeRequested
from pilotdesk.ui.modals.confirm import ConfirmModal
from pilotdesk.ui.modals.form import FormModal
from pilotdesk.ui.widgets.table import PilotTable


class Pane(Vertical):
    """A pane of the workbook: :meth:`show` re-renders it from the app's one pilot."""

    #: Actions on the selected entry: greyed out in the footer (and refused) when none is.
    ON_SELECTED: frozenset[str] = frozenset()
    #: Whether the pane shows one line instead of its content (what it holds is not the
    #: room's, while presenting): then none of its keys act.
    hidden: bool = False

    def has_selection(self) -> bool:
        """Whether the pane's list has an entry under the cursor for ON_SELECTED to act on."""
        return False

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.hidden:
            return False
        if action in self.ON_SELECTED and not self.has_selection():
            return None
        return True

    def hide_all(self, line: str | None) -> None:
        """Show ``line`` instead of the pane's content, or (None) the content again."""
        if line is None and not self.hidden:
            return  # shown already: nothing to undo
        self.hidden = line is not None
        found = self.query("#hidden-line").results(Static)
        shown = next(found, None)
        if shown is None and line is not None:
            shown = Static("", id="hidden-line", classes="detail", markup=False)
            self.mount(shown, before=0)
        for child in self.children:
            child.display = child is shown if self.hidden else child is not shown
        if shown is not None and line is not None:
            shown.update(line)
        self.refresh_bindings()

    @on(DataTable.RowHighlighted)
    def _selection_moved(self) -> None:
        self.refresh_bindings()

    def show(self, pilot: Pilot, today: dt.date) -> None:
        raise NotImplementedError

    def select(self, entry_id: str | None) -> None:
        """Put the cursor on ``entry_id`` (after a jump or an add)."""

    def focus_list(self) -> None:
        """Focus the pane's main list."""

    def request(self, change: Change, select: str | None = None) -> None:
        """Have the app make ``change`` now, while this key is handled: a message would reach
        the app after the keys already typed behind it, and a ``q`` among them would quit
        before the change was made (and lose it). An app without ``apply_change`` gets the
        :class:`ChangeRequested` message."""
        apply = getattr(self.app, "apply_change", None)
        if apply is None:
            self.post_message(ChangeRequested(change, select))
        else:
            apply(change, select, paint_first=True)

    def confirm_delete(self, question: str, detail: str, change: Change) -> None:
        """Ask first; delete only on yes."""

        def done(confirmed: bool | None) -> None:
            if confirmed:
                self.request(change)

        self.app.push_screen(ConfirmModal(question, detail), done)

    def edit_in_form(
        self,
        form: FormModal,
        to_change: Callable[[dict[str, Any]], tuple[Change, str | None] | None],
    ) -> None:
        """Show ``form``; what the user saved becomes a change (or nothing, when unchanged)."""

        def done(values: dict[str, Any] | None) -> None:
            if values:
                made = to_change(values)
                if made is not None:
                    self.request(*made)

        self.app.push_screen(form, done)


class ListPane(Pane):
    """A pane whose main list is one table of entries keyed by id (the scorecard, the checklist,
    the gaps): the cursor, the focus and "is an entry selected" are the table's."""

    @property
    def table(self) -> PilotTable:
        return self.query_one(PilotTable)

    def _selected(self) -> Any:
        """The entry under the cursor, or None."""
        raise NotImplementedError

    def has_selection(self) -> bool:
        return self._selected() is not None

    def select(self, entry_id: str | None) -> None:
        self.table.select_key(entry_id)

    def focus_list(self) -> None:
        self.table.focus()


def entry_keys(noun: str, new: str, category: str) -> list[PilotBinding]:
    """``enter``, ``a`` and ``d``: the keys every list pane shares, in its entries' words
    (``noun``: "criterion"; ``new``: what ``a`` adds; ``category``: the palette's "Criterion")."""
    return [
        bind(
            "list.edit",
            "enter",
            "edit",
            "Edit",
            f"Edit the selected {noun}",
            command=f"{category}: edit",
        ),
        bind("list.add", "a", "add", "Add", new, command=f"{category}: add"),
        bind(
            "list.delete",
            "d",
            "delete",
            "Delete",
            f"Delete the selected {noun} (asks first)",
            command=f"{category}: delete",
        ),
    ]


def move_keys(pane: str, noun: str, category: str) -> list[PilotBinding]:
    """``K`` and ``J``: move the selected entry up or down, in a pane whose order means
    something (the scorecard's agreed order, the gaps' priority)."""
    return [
        bind(
            f"{pane}.move_{way}",
            keys,
            f"move({offset})",
            f"Move {way}",
            f"Move the selected {noun} {way}",
            command=f"{category}: move {way}",
            show=False,
        )
        for way, keys, offset in (("up", "K,shift+up", -1), ("down", "J,shift+down", 1))
    ]

"""Typed changes to a pilot: each a small value that applies itself through the editor.

A change is a small frozen value ("set criterion snr to passed"). Applying it returns its
inverse, which is how undo works, and because changes name entries by id rather than by
position they can be replayed on a file that someone else changed meanwhile.

A change is written in terms of the :class:`~pilotdesk.session.editor.Editor`'s primitive
edits, which keep the plain data and the file's text in step.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import ClassVar, Literal, Protocol, cast, get_args

from pilotdesk.domain.errors import ChangeRejected
from pilotdesk.domain.model import Agreement, CloseOut, Handoff, TechnicalWin
from pilotdesk.pilotfile import toml_edit as document
from pilotdesk.session.editor import (
    NOUN,
    Collection,
    Editor,
    Restorable,
    Status,
    StatusCollection,
    TableName,
    Value,
    trial_copy,
    unchanged,
)

#: The top-level tables pilotdesk records whole (see :class:`_RecordTable`).
RecordName = Literal["technical_win", "agreement", "close_out", "handoff"]

COLLECTIONS: tuple[Collection, ...] = get_args(Collection)
TABLE_NAMES: tuple[TableName, ...] = get_args(TableName)


class Change(Protocol):
    def apply(self, editor: Editor) -> Change:
        """Apply to ``editor``; return the change that undoes this one."""
        ...

    def describe(self, editor: Editor) -> str:
        """The log line, in words, computed before the change is applied."""
        ...

    def fields_edited(self) -> list[tuple[str, str]] | None:
        """The entries (collection, id) whose fields this change sets, when that is all it
        does; None when it does more (the store then needs the whole document)."""
        ...


@dataclass(frozen=True)
class SetStatus:
    """Set a criterion's or a checklist item's status (the scorecard's p/f/u, commercial space).

    ``raw``: the undo's status line as it was written (see :class:`SetFields`)."""

    collection: StatusCollection
    entry_id: str
    status: Status
    raw: document.Taken | None = field(default=None, hash=False, compare=False)

    def describe(self, editor: Editor) -> str:
        noun = "criterion" if self.collection == "criteria" else "checklist"
        default = "pending" if self.collection == "criteria" else "todo"
        old = editor.entry(self.collection, self.entry_id).get("status", default)
        return f"{noun} {self.entry_id}: {old} -> {self.status}"

    def fields_edited(self) -> list[tuple[str, str]] | None:
        return [(self.collection, self.entry_id)]

    def apply(self, editor: Editor) -> Change:
        index = editor.index_of(self.collection, self.entry_id)
        old = editor.entries(self.collection)[index].get("status")
        taken = editor.set_entry_field(self.collection, index, "status", self.status, self.raw)
        if old is None:
            return SetFields(self.collection, self.entry_id, {"status": None})
        return SetStatus(self.collection, self.entry_id, old, raw=taken)


@dataclass(frozen=True)
class SetFields:
    """Edit fields of an entry (``collection`` + ``entry_id``) or of a table (``entry_id`` None).

    A value of ``None`` removes the key. Changing an entry's id is allowed: the inverse names
    the new id.

    The inverse carries what makes its undo exact: ``raw``, the lines the change removed or
    replaced (:class:`document.Taken` by key), written back as they were, where they were (as
    far as the table still reads as the change left it); ``created``, the table the change
    created, removed again once blank (only that very table: replayed on another version of
    the file, the undo leaves a table of the same name alone).
    """

    collection: Collection | TableName
    entry_id: str | None
    values: dict[str, Value] = field(hash=False)
    raw: dict[str, document.Taken] | None = field(default=None, hash=False, compare=False)
    created: document.Created | None = field(default=None, hash=False, compare=False)

    def __post_init__(self) -> None:
        if (self.entry_id is None) != (self.collection in TABLE_NAMES):
            kind = "a table" if self.entry_id is None else "an entry"
            raise ValueError(f"SetFields of {kind} names {self.collection!r}")

    def describe(self, editor: Editor) -> str:
        subject: str
        if self.entry_id is None:
            current, subject = editor.table(self._table), self.collection
        else:
            current = editor.entry(self._collection, self.entry_id)
            subject = f"{NOUN[self.collection]} {self.entry_id}"
        # Name only what changes: a form may send a field it shows as empty (no "reports to")
        # that the file does not have at all.
        changing = [key for key, value in self.values.items() if not unchanged(current, key, value)]
        return f"{subject}: edited {', '.join(changing or self.values)}"

    def fields_edited(self) -> list[tuple[str, str]] | None:
        if self.entry_id is None or "id" in self.values:
            return None  # a table's keys, or a new id (references may follow it)
        return [(self.collection, self.entry_id)]

    @property
    def _table(self) -> TableName:
        return cast(TableName, self.collection)  # __post_init__ checked it

    @property
    def _collection(self) -> Collection:
        return cast(Collection, self.collection)  # __post_init__ checked it

    def apply(self, editor: Editor) -> Change:
        # The inverse sets the keys back in the reverse order (the last one set is undone
        # first): each line taken then goes back among the very lines it was taken from.
        undo_order = list(reversed(self.values))
        if self.entry_id is None:
            return self._apply_to_table(editor, undo_order)
        index = editor.index_of(self._collection, self.entry_id)
        current = editor.entries(self._collection)[index]
        old = {key: copy.deepcopy(current.get(key)) for key in undo_order}
        raw, taken = self.raw or {}, {}
        for key, value in self.values.items():
            took = editor.set_entry_field(self._collection, index, key, value, raw.get(key))
            if took is not None:
                taken[key] = took
        new_id = self.values.get("id", self.entry_id)
        return SetFields(self.collection, str(new_id), old, raw=taken or None)

    def _apply_to_table(self, editor: Editor, undo_order: list[str]) -> Change:
        current = editor.table(self._table)
        old = {key: copy.deepcopy(current.get(key)) for key in undo_order}
        raw, taken = self.raw or {}, {}
        created = None
        for key, value in self.values.items():
            took, made = editor.set_table_field(self._table, key, value, raw.get(key))
            if took is not None:
                taken[key] = took
            created = created or made
        if self.created is not None:
            editor.drop_created_table(self._table, self.created)
        return SetFields(self.collection, None, old, raw=taken or None, created=created)


@dataclass(frozen=True)
class AddEntry:
    """Add an entry at ``index`` (the end when None). ``raw`` restores a deleted entry exactly."""

    collection: Collection
    values: dict[str, Value] = field(hash=False)
    index: int | None = None
    raw: Restorable | None = field(default=None, hash=False, compare=False)

    def describe(self, editor: Editor) -> str:
        return f"{NOUN[self.collection]} {self.values.get('id')}: added"

    def fields_edited(self) -> list[tuple[str, str]] | None:
        return None

    def apply(self, editor: Editor) -> Change:
        entry_id = self.values.get("id")
        if any(e.get("id") == entry_id for e in editor.entries(self.collection)):
            raise ChangeRejected(
                f"there is already a {NOUN[self.collection]} {entry_id!r}; ids must be unique"
            )
        count = len(editor.entries(self.collection))
        index = count if self.index is None else max(0, min(self.index, count))
        created = editor.insert_entry(self.collection, index, self.values, self.raw)
        return DeleteEntry(self.collection, str(entry_id), restore=created)


@dataclass(frozen=True)
class DeleteEntry:
    """Delete an entry. ``restore``: when this empties the list, the text to put back where
    it was (the undo of adding the first entry restores the file exactly)."""

    collection: Collection
    entry_id: str
    restore: document.Gap | None = field(default=None, hash=False, compare=False)

    def describe(self, editor: Editor) -> str:
        return f"{NOUN[self.collection]} {self.entry_id}: deleted"

    def fields_edited(self) -> list[tuple[str, str]] | None:
        return None

    def apply(self, editor: Editor) -> Change:
        index = editor.index_of(self.collection, self.entry_id)
        plain, raw = editor.remove_entry(self.collection, index, self.restore)
        return AddEntry(self.collection, plain, index, raw)


@dataclass(frozen=True)
class MoveEntry:
    """Move an entry ``offset`` places (negative: up), clamped to the list."""

    collection: Collection
    entry_id: str
    offset: int

    def describe(self, editor: Editor) -> str:
        direction = "up" if self.offset < 0 else "down"
        return f"{NOUN[self.collection]} {self.entry_id}: moved {direction}"

    def fields_edited(self) -> list[tuple[str, str]] | None:
        return None

    def apply(self, editor: Editor) -> Change:
        index = editor.index_of(self.collection, self.entry_id)
        last = len(editor.entries(self.collection)) - 1
        new_index = max(0, min(last, index + self.offset))
        if new_index == index:
            raise ChangeRejected(
                f"{NOUN[self.collection]} {self.entry_id} is already {'first' if index == 0 else 'last'}"
            )
        editor.move_entry(self.collection, index, new_index)
        return MoveEntry(self.collection, self.entry_id, index - new_index)


@dataclass(frozen=True)
class _RecordTable:
    """Record (or, with ``values`` None, remove) a whole top-level table that pilotdesk writes
    as one record: the verdict, the agreement, the close-out.

    Recording it again keeps the keys a person added that pilotdesk does not know (notes,
    links); the ones it knows are exactly ``values``. ``raw`` and ``restore`` make the undo
    exact (see :class:`AddEntry` and :class:`DeleteEntry`)."""

    NAME: ClassVar[RecordName]
    KNOWN: ClassVar[frozenset[str]]

    values: dict[str, Value] | None = field(hash=False)
    raw: Restorable | None = field(default=None, hash=False, compare=False)
    restore: document.Gap | None = field(default=None, hash=False, compare=False)

    def describe(self, editor: Editor) -> str:
        if self.values is None:
            return f"{self.NAME.replace('_', ' ')}: record removed"
        return self._recorded(self.values)

    def _recorded(self, values: dict[str, Value]) -> str:
        return f"{self.NAME.replace('_', ' ')}: recorded"

    def fields_edited(self) -> list[tuple[str, str]] | None:
        return None

    def _values(self, editor: Editor) -> dict[str, Value] | None:
        values, current = self.values, editor.data.get(self.NAME)
        if values is not None and self.raw is None and isinstance(current, dict):
            kept = {k: v for k, v in current.items() if k not in self.KNOWN and k not in values}
            values = {**values, **copy.deepcopy(kept)}
        return values

    def apply(self, editor: Editor) -> Change:
        old_plain, old_raw, created = editor.replace_table(
            self.NAME, self._values(editor), self.raw, self.restore
        )
        return type(self)(old_plain, old_raw, restore=created)


@dataclass(frozen=True)
class SetTechnicalWin(_RecordTable):
    """Record (or remove) the ``[technical_win]`` table: the answer to the decisive question."""

    NAME: ClassVar[RecordName] = "technical_win"
    KNOWN: ClassVar[frozenset[str]] = frozenset(TechnicalWin.model_fields)

    def _recorded(self, values: dict[str, Value]) -> str:
        attendees = ", ".join(map(str, cast(list[str], values.get("attendees") or [])))
        return f"technical win: {values.get('verdict')}" + (
            f" (in the room: {attendees})" if attendees else ""
        )


@dataclass(frozen=True)
class SetAgreement(_RecordTable):
    """Record (or remove) ``[agreement]``: the scorecard as the prospect signed it.

    Recording it again (the prospect agreed a change) keeps the first sign-off's date as
    ``first_signed_on``, so the record says the agreement was amended, never that it always
    read this way."""

    NAME: ClassVar[RecordName] = "agreement"
    KNOWN: ClassVar[frozenset[str]] = frozenset(Agreement.model_fields)

    def _values(self, editor: Editor) -> dict[str, Value] | None:
        values = super()._values(editor)
        current = editor.data.get("agreement")
        if values is None or self.raw is not None or not isinstance(current, dict):
            return values
        first = current.get("first_signed_on", current.get("signed_on"))
        if first is not None and "first_signed_on" not in values and first != values["signed_on"]:
            values = {**values, "first_signed_on": first}
        return values

    def _recorded(self, values: dict[str, Value]) -> str:
        signed_by = ", ".join(map(str, cast(list[str], values.get("signed_by") or [])))
        on = values.get("signed_on")
        return f"agreement: signed on {on}" + (f" by {signed_by}" if signed_by else "")


@dataclass(frozen=True)
class SetCloseOut(_RecordTable):
    """Record (or remove) ``[close_out]``: how the pilot ended."""

    NAME: ClassVar[RecordName] = "close_out"
    KNOWN: ClassVar[frozenset[str]] = frozenset(CloseOut.model_fields)

    def _recorded(self, values: dict[str, Value]) -> str:
        return f"close-out: {values.get('outcome')} on {values.get('on')}"


@dataclass(frozen=True)
class SetHandoff(_RecordTable):
    """Record (or remove) ``[handoff]``: the Technical Win handed over to the AE."""

    NAME: ClassVar[RecordName] = "handoff"
    KNOWN: ClassVar[frozenset[str]] = frozenset(Handoff.model_fields)

    def _recorded(self, values: dict[str, Value]) -> str:
        to = f" to {values['to']}" if values.get("to") else ""
        return f"handoff: recorded{to} on {values.get('on')}"


@dataclass(frozen=True)
class Batch:
    """Several changes as one step (one undo): the Technical Win review records its status
    corrections and the verdict together. Each part gets its own log line."""

    parts: tuple[Change, ...]

    def describe(self, editor: Editor) -> str:
        # Each part in the state the parts before it leave (a part may need an entry an
        # earlier part adds back: the undo of "set a's status, delete a"), so they are tried
        # one after the other on a copy of the plain data; the document is not touched.
        scratch = Editor(trial_copy(editor.data), editor.target, dry=True)
        lines = []
        for part in self.parts:
            lines.append(part.describe(scratch))
            part.apply(scratch)
        return "\n".join(lines)

    def fields_edited(self) -> list[tuple[str, str]] | None:
        found: list[tuple[str, str]] = []
        for part in self.parts:
            edited = part.fields_edited()
            if edited is None:
                return None
            found += edited
        return found

    def apply(self, editor: Editor) -> Change:
        inverses: list[Change] = []
        try:
            for part in self.parts:
                inverses.append(part.apply(editor))
        except ChangeRejected:
            for inverse in reversed(inverses):
                inverse.apply(editor)
            raise
        return Batch(tuple(reversed(inverses)))

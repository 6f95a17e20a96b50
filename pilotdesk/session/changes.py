"""Typed changes to a pilot, and the editor that applies them.

A change is a small frozen value ("set criterion snr to passed"). Applying it returns its
inverse, which is how undo works, and because changes name entries by id rather than by
position they can be replayed on a file that someone else changed meanwhile.

The :class:`Editor` applies each primitive edit twice, side by side: to the plain data (what
tomllib read, what the model validates) and to the tomlkit document (what is saved). The plain
side lets a change be validated before anything is written, without re-parsing the file.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Protocol

from tomlkit.items import AoT, Table
from tomlkit.toml_document import TOMLDocument

from pilotdesk.domain.errors import ChangeRejected
from pilotdesk.domain.model import TechnicalWin
from pilotdesk.pilotfile import toml_edit as document

COLLECTIONS = ("criteria", "stakeholders", "checklist")
TABLES = ("pilot", "opportunity", "commercial", "email", "readiness")

NOUN = {"criteria": "criterion", "stakeholders": "stakeholder", "checklist": "checklist item"}


def trial_copy(data: dict[str, Any]) -> dict[str, Any]:
    """A copy of the plain data that a dry :class:`Editor` may change without touching ``data``.

    A deep copy would do, but it costs tens of milliseconds per keystroke on a large pilot. One
    level is enough because the Editor never changes anything deeper in place: it replaces
    values in an entry's or a table's dict, inserts, removes and moves items of a top-level
    list, and replaces or pops top-level keys; what it puts in is a copy or the change's own
    value, never something reachable from ``data``. So: the top-level dict, each top-level list
    and table, and each dict in those lists, are copied; the values in them are shared."""
    copied: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, list):
            copied[key] = [dict(item) if isinstance(item, dict) else item for item in value]
        elif isinstance(value, dict):
            copied[key] = dict(value)
        else:
            copied[key] = value
    return copied


class Editor:
    """Primitive edits on the plain data and the TOML document at once.

    A ``dry`` editor changes only the plain data (the document is only looked at): the store
    tries each change on a copy of the data first, so that a refused change never touches the
    document, not even to put it back (putting back could rewrite what a person wrote).
    """

    def __init__(self, data: dict[str, Any], doc: TOMLDocument, dry: bool = False):
        self.data = data
        self.doc = doc
        self.dry = dry

    # lookups (plain side: cheap and always in step with the document)
    def entries(self, collection: str) -> list[dict[str, Any]]:
        return self.data.get(collection, [])

    def index_of(self, collection: str, entry_id: str) -> int:
        for index, entry in enumerate(self.entries(collection)):
            if entry.get("id") == entry_id:
                return index
        raise ChangeRejected(f"there is no {NOUN[collection]} {entry_id!r}")

    def entry(self, collection: str, entry_id: str) -> dict[str, Any]:
        return self.entries(collection)[self.index_of(collection, entry_id)]

    def table(self, name: str) -> dict[str, Any]:
        return self.data.get(name, {})

    # edits
    #
    # Setting a field returns what the change took from the document (the line of a key it
    # removed or replaced); given back as ``raw`` with the same value, it puts that line back
    # exactly, where it was (the undo), instead of writing a new one at the end of the entry.

    def set_entry_field(
        self, collection: str, index: int, key: str, value: Any, raw: Any = None
    ) -> document.Taken | None:
        self._check_editable(collection, AoT)
        plain = self.data[collection][index]
        if _unchanged(plain, key, value):
            return None  # a form saves every field: the lines of the unchanged ones stay as written
        if value is None:
            plain.pop(key, None)
        else:
            plain[key] = value
        if self.dry:
            return None
        return document.set_key(self.doc[collection][index], key, value, _restoring(raw, value))  # type: ignore[index]

    def set_table_field(
        self, name: str, key: str, value: Any, raw: Any = None
    ) -> tuple[document.Taken | None, document.Created | None]:
        """Set a key of a top-level table, creating the table if needed: then also returns
        what :meth:`drop_created_table` needs to remove it again (the undo)."""
        self._check_editable(name, Table)
        if _unchanged(self.data.get(name, {}), key, value):
            return None, None
        plain = self.data.setdefault(name, {})
        if value is None:
            plain.pop(key, None)
        else:
            plain[key] = value
        if self.dry:
            return None, None
        table = document.get_table(self.doc, name)
        created = None
        if table is None:
            created = document.create_table(self.doc, name)
            table = created.table
        return document.set_key(table, key, value, _restoring(raw, value)), created

    def drop_created_table(self, name: str, created: document.Created) -> None:
        """The undo of a change that created table ``name``: remove that table if it is left
        blank. Only that one: a table a person wrote stays, even empty (``[commercial]`` to
        fill in later), and so does one found in another version of the file (a replay)."""
        if self.data.get(name) or name not in self.doc or self.doc.item(name) is not created.table:
            return
        if self.dry or document.remove_created_table(self.doc, name, created):
            self.data.pop(name, None)

    def insert_entry(
        self, collection: str, index: int, values: dict[str, Any], raw: Any
    ) -> document.Gap | None:
        """Insert; when this creates the list, returns the text it replaced (for the undo)."""
        self._check_editable(collection, AoT)
        self.data.setdefault(collection, []).insert(index, copy.deepcopy(values))
        if self.dry:
            return None
        if raw is not None:
            return document.insert_entry(self.doc, collection, index, raw, fresh=False)
        return document.insert_entry(self.doc, collection, index, document.new_entry(values))

    def remove_entry(
        self, collection: str, index: int, restore: document.Gap | None = None
    ) -> tuple[dict[str, Any], Any]:
        self._check_editable(collection, AoT)
        plain = self.data[collection].pop(index)
        if not self.data[collection]:
            del self.data[collection]
        if self.dry:
            return plain, None
        return plain, document.remove_entry(self.doc, collection, index, restore)

    def move_entry(self, collection: str, index: int, new_index: int) -> None:
        self._check_editable(collection, AoT)
        items = self.data[collection]
        items.insert(new_index, items.pop(index))
        if not self.dry:
            document.move_entry(self.doc, collection, index, new_index)

    def replace_table(
        self,
        name: str,
        values: dict[str, Any] | None,
        raw: Any,
        restore: document.Gap | None = None,
    ) -> tuple[dict[str, Any] | None, Any, document.Gap | None]:
        """Replace, create or (``values`` None) remove a top-level table.

        Returns the old plain values, what restores the old table exactly, and, when the table
        was created, the text it replaced (``restore`` of the change that removes it again)."""
        self._check_editable(name, Table)
        old_plain = self.data.pop(name, None)
        if values is not None:
            self.data[name] = copy.deepcopy(values)
        if self.dry:
            return old_plain, None, None
        table = (
            raw if raw is not None else (document.new_entry(values) if values is not None else None)
        )
        if table is None:
            return old_plain, document.remove_table(self.doc, name, restore), None
        if name in self.doc and isinstance(table, Table):
            return old_plain, document.swap_table(self.doc, name, table), None
        old_raw = document.remove_table(self.doc, name)
        return old_plain, old_raw, document.put_table(self.doc, name, table, fresh=raw is None)

    def _check_editable(self, name: str, kind: type) -> None:
        # ``criteria = [{...}]`` or ``pilot = {...}`` are valid TOML that pilotdesk reads but
        # cannot edit in place without rewriting them; refuse before anything is touched.
        if name in self.doc and not isinstance(self.doc.item(name), kind):
            form = f"[[{name}]] blocks" if kind is AoT else f"a [{name}] table"
            raise ChangeRejected(
                f"{name} is not written as {form} in the file; pilotdesk can only edit it in that form"
            )

    def append_log(self, at: dt.datetime, event: str, by: str | None = None) -> None:
        values: dict[str, Any] = {"at": at, "event": event, **({"by": by} if by else {})}
        self.data.setdefault("log", []).append(dict(values))
        if not self.dry:
            document.append_log(self.doc, values)


def _restoring(raw: document.Taken | None, value: Any) -> document.Taken | None:
    """``raw`` when ``value`` is the value of the line it took (the undo puts that line back);
    None when the value is another one (a new line is written for it)."""
    if raw is None or value is None or not _same(raw.value, value):
        return None
    return raw


def _unchanged(plain: dict[str, Any], key: str, value: Any) -> bool:
    if value is None:
        return key not in plain
    return key in plain and _same(plain[key], value)


def _same(a: Any, b: Any) -> bool:
    """Equal and of the same TOML type (``1`` is not ``true``, a date is not a date-time)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    return bool(a == b)


class Change(Protocol):
    def apply(self, editor: Editor) -> Change:
        """Apply to ``editor``; return the change that undoes this one."""
        ...

    def describe(self, editor: Editor) -> str:
        """The log line, in words, computed before the change is applied."""
        ...


@dataclass(frozen=True)
class SetStatus:
    """Set a criterion's or a checklist item's status (the scorecard's p/f/u, commercial space).

    ``raw``: the undo's status line as it was written (see :class:`SetFields`)."""

    collection: str
    entry_id: str
    status: str
    raw: Any = field(default=None, hash=False, compare=False)

    def describe(self, editor: Editor) -> str:
        noun = "criterion" if self.collection == "criteria" else "checklist"
        default = "pending" if self.collection == "criteria" else "todo"
        old = editor.entry(self.collection, self.entry_id).get("status", default)
        return f"{noun} {self.entry_id}: {old} -> {self.status}"

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

    collection: str
    entry_id: str | None
    values: dict[str, Any] = field(hash=False)
    raw: Any = field(default=None, hash=False, compare=False)
    created: Any = field(default=None, hash=False, compare=False)

    def describe(self, editor: Editor) -> str:
        if self.entry_id is None:
            current, subject = editor.table(self.collection), self.collection
        else:
            current, subject = (
                editor.entry(self.collection, self.entry_id),
                f"{NOUN[self.collection]} {self.entry_id}",
            )
        # Name only what changes: a form may send a field it shows as empty (no "reports to")
        # that the file does not have at all.
        changing = [
            key for key, value in self.values.items() if not _unchanged(current, key, value)
        ]
        return f"{subject}: edited {', '.join(changing or self.values)}"

    def apply(self, editor: Editor) -> Change:
        raw = self.raw or {}
        taken: dict[str, document.Taken] = {}
        # The inverse sets the keys back in the reverse order (the last one set is undone
        # first): each line taken then goes back among the very lines it was taken from.
        undo_order = list(reversed(self.values))
        if self.entry_id is None:
            current = editor.table(self.collection)
            old = {key: copy.deepcopy(current.get(key)) for key in undo_order}
            created = None
            for key, value in self.values.items():
                took, made = editor.set_table_field(self.collection, key, value, raw.get(key))
                if took is not None:
                    taken[key] = took
                created = created or made
            if self.created is not None:
                editor.drop_created_table(self.collection, self.created)
            return SetFields(self.collection, None, old, raw=taken or None, created=created)
        index = editor.index_of(self.collection, self.entry_id)
        current = editor.entries(self.collection)[index]
        old = {key: copy.deepcopy(current.get(key)) for key in undo_order}
        for key, value in self.values.items():
            took = editor.set_entry_field(self.collection, index, key, value, raw.get(key))
            if took is not None:
                taken[key] = took
        return SetFields(
            self.collection, self.values.get("id", self.entry_id), old, raw=taken or None
        )


@dataclass(frozen=True)
class AddEntry:
    """Add an entry at ``index`` (the end when None). ``raw`` restores a deleted entry exactly."""

    collection: str
    values: dict[str, Any] = field(hash=False)
    index: int | None = None
    raw: Any = field(default=None, hash=False, compare=False)

    def describe(self, editor: Editor) -> str:
        return f"{NOUN[self.collection]} {self.values.get('id')}: added"

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

    collection: str
    entry_id: str
    restore: Any = field(default=None, hash=False, compare=False)

    def describe(self, editor: Editor) -> str:
        return f"{NOUN[self.collection]} {self.entry_id}: deleted"

    def apply(self, editor: Editor) -> Change:
        index = editor.index_of(self.collection, self.entry_id)
        plain, raw = editor.remove_entry(self.collection, index, self.restore)
        return AddEntry(self.collection, plain, index, raw)


@dataclass(frozen=True)
class MoveEntry:
    """Move an entry ``offset`` places (negative: up), clamped to the list."""

    collection: str
    entry_id: str
    offset: int

    def describe(self, editor: Editor) -> str:
        direction = "up" if self.offset < 0 else "down"
        return f"{NOUN[self.collection]} {self.entry_id}: moved {direction}"

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
class SetTechnicalWin:
    """Record (or, with ``values`` None, remove) the ``[technical_win]`` table."""

    values: dict[str, Any] | None = field(hash=False)
    raw: Any = field(default=None, hash=False, compare=False)
    restore: Any = field(default=None, hash=False, compare=False)  # see DeleteEntry

    def describe(self, editor: Editor) -> str:
        if self.values is None:
            return "technical win: record removed"
        verdict = self.values.get("verdict")
        attendees = ", ".join(self.values.get("attendees", []))
        return f"technical win: {verdict}" + (f" (in the room: {attendees})" if attendees else "")

    def apply(self, editor: Editor) -> Change:
        values = self.values
        current = editor.data.get("technical_win")
        if values is not None and self.raw is None and isinstance(current, dict):
            # Recording the verdict again keeps the keys a person added that pilotdesk does
            # not know (notes, links); the ones it knows are exactly ``values``.
            known = set(TechnicalWin.model_fields)
            kept = {k: v for k, v in current.items() if k not in known and k not in values}
            values = {**values, **copy.deepcopy(kept)}
        old_plain, old_raw, created = editor.replace_table(
            "technical_win", values, self.raw, self.restore
        )
        return SetTechnicalWin(old_plain, old_raw, restore=created)


@dataclass(frozen=True)
class Batch:
    """Several changes as one step (one undo): the Technical Win review records its status
    corrections and the verdict together. Each part gets its own log line."""

    parts: tuple[Any, ...]

    def describe(self, editor: Editor) -> str:
        # Each part in the state the parts before it leave (a part may need an entry an
        # earlier part adds back: the undo of "set a's status, delete a"), so they are tried
        # one after the other on a copy of the plain data; the document is not touched.
        scratch = Editor(trial_copy(editor.data), editor.doc, dry=True)
        lines = []
        for part in self.parts:
            lines.append(part.describe(scratch))
            part.apply(scratch)
        return "\n".join(lines)

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

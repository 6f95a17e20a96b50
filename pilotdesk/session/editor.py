"""The editor: every primitive edit of a pilot, made to the plain data and the text side by side.

The plain data (what tomllib read, what the model validates) lets a change be validated before
anything is written, without parsing the file again; the text is an
:class:`~pilotdesk.pilotfile.edit_target.EditTarget`, the whole tomlkit document or only the
pieces a field edit touches. Changes (:mod:`pilotdesk.session.changes`) are written in terms of
these primitives and never touch either side directly.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any, Literal

from tomlkit.items import AoT, Table

from pilotdesk.domain.errors import ChangeRejected
from pilotdesk.domain.model import CriterionStatus, ItemStatus
from pilotdesk.pilotfile import toml_edit as document
from pilotdesk.pilotfile.edit_target import EditTarget

#: The arrays of entries a change can edit, each entry named by its ``id``.
Collection = Literal["criteria", "stakeholders", "checklist", "gaps"]
#: The collections whose entries have a status (the scorecard's p/f/u, the checklist's space).
StatusCollection = Literal["criteria", "checklist"]
Status = CriterionStatus | ItemStatus
#: The top-level tables a change can edit key by key.
TableName = Literal["pilot", "opportunity", "commercial", "email", "readiness"]
#: A value a change writes: what TOML can hold (None removes the key).
Value = str | int | float | bool | dt.date | dt.datetime | list[Any] | dict[str, Any] | None
#: What puts a removed entry or table back exactly (its text, comments and neighbours).
Restorable = Table | document.Removed

NOUN: dict[str, str] = {
    "criteria": "criterion",
    "stakeholders": "stakeholder",
    "checklist": "checklist item",
    "gaps": "gap",
}


def trial_copy(data: dict[str, Any]) -> dict[str, Any]:
    """A copy of the plain data that a dry :class:`Editor` may change without touching ``data``.

    A deep copy would do, but it costs tens of milliseconds per keystroke on a large pilot. One
    level is enough because the Editor never changes anything deeper in place: it replaces
    values in an entry's or a table's dict, inserts, removes and moves items of a top-level
    list, and replaces or pops top-level keys; what it puts in is a copy or the change's own
    value, never something reachable from ``data``. So: the top-level dict, each top-level list
    and table, and each dict in those lists, are copied; the values in them are shared.

    The ``[[log]]``'s entries are shared too: no change edits them (the store appends to the
    log of the real data only), and the store knows the log is unchanged by finding the very
    same entries in the trial (it then does not validate them again)."""
    copied: dict[str, Any] = {}
    for key, value in data.items():
        if key == "log" and isinstance(value, list):
            copied[key] = list(value)
        elif isinstance(value, list):
            copied[key] = [dict(item) if isinstance(item, dict) else item for item in value]
        elif isinstance(value, dict):
            copied[key] = dict(value)
        else:
            copied[key] = value
    return copied


class Editor:
    """Primitive edits on the plain data and the file's text (an :class:`EditTarget`) at once.

    A ``dry`` editor changes only the plain data (the text is only looked at): the store
    tries each change on a copy of the data first, so that a refused change never touches the
    document, not even to put it back (putting back could rewrite what a person wrote).
    """

    def __init__(self, data: dict[str, Any], target: EditTarget, dry: bool = False):
        self.data = data
        self.target = target
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
        self,
        collection: Collection,
        index: int,
        key: str,
        value: Value,
        raw: document.Taken | None = None,
    ) -> document.Taken | None:
        self._check_editable(collection, AoT)
        plain = self.data[collection][index]
        if unchanged(plain, key, value):
            return None  # a form saves every field: the lines of the unchanged ones stay as written
        if value is None:
            plain.pop(key, None)
        else:
            plain[key] = value
        if self.dry:
            return None
        return document.set_key(
            self.target.entry(collection, index), key, value, _restoring(raw, value)
        )

    def set_table_field(
        self, name: TableName, key: str, value: Value, raw: document.Taken | None = None
    ) -> tuple[document.Taken | None, document.Created | None]:
        """Set a key of a top-level table, creating the table if needed: then also returns
        what :meth:`drop_created_table` needs to remove it again (the undo)."""
        self._check_editable(name, Table)
        if unchanged(self.data.get(name, {}), key, value):
            return None, None
        plain = self.data.setdefault(name, {})
        if value is None:
            plain.pop(key, None)
        else:
            plain[key] = value
        if self.dry:
            return None, None
        table = document.get_table(self.target.document(), name)
        created = None
        if table is None:
            created = document.create_table(self.target.document(), name)
            table = created.table
        return document.set_key(table, key, value, _restoring(raw, value)), created

    def drop_created_table(self, name: str, created: document.Created) -> None:
        """The undo of a change that created table ``name``: remove that table if it is left
        blank. Only that one: a table a person wrote stays, even empty (``[commercial]`` to
        fill in later), and so does one found in another version of the file (a replay)."""
        doc = self.target.document()
        if self.data.get(name) or name not in doc or doc.item(name) is not created.table:
            return
        if self.dry or document.remove_created_table(doc, name, created):
            self.data.pop(name, None)

    def insert_entry(
        self, collection: Collection, index: int, values: dict[str, Value], raw: Restorable | None
    ) -> document.Gap | None:
        """Insert; when this creates the list, returns the text it replaced (for the undo)."""
        self._check_editable(collection, AoT)
        self.data.setdefault(collection, []).insert(index, copy.deepcopy(values))
        if self.dry:
            return None
        if raw is not None:
            return document.insert_entry(
                self.target.document(), collection, index, raw, fresh=False
            )
        return document.insert_entry(
            self.target.document(), collection, index, document.new_entry(values)
        )

    def remove_entry(
        self, collection: Collection, index: int, restore: document.Gap | None = None
    ) -> tuple[dict[str, Any], Any]:
        self._check_editable(collection, AoT)
        plain = self.data[collection].pop(index)
        if not self.data[collection]:
            del self.data[collection]
        if self.dry:
            return plain, None
        return plain, document.remove_entry(self.target.document(), collection, index, restore)

    def move_entry(self, collection: str, index: int, new_index: int) -> None:
        self._check_editable(collection, AoT)
        items = self.data[collection]
        items.insert(new_index, items.pop(index))
        if not self.dry:
            document.move_entry(self.target.document(), collection, index, new_index)

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
        doc = self.target.document()
        table = (
            raw if raw is not None else (document.new_entry(values) if values is not None else None)
        )
        if table is None:
            return old_plain, document.remove_table(doc, name, restore), None
        if name in doc and isinstance(table, Table):
            return old_plain, document.swap_table(doc, name, table), None
        old_raw = document.remove_table(doc, name)
        return (
            old_plain,
            old_raw,
            document.put_table(doc, name, table, fresh=raw is None),
        )

    def _check_editable(self, name: str, kind: type[Table] | type[AoT]) -> None:
        # ``criteria = [{...}]`` or ``pilot = {...}`` are valid TOML that pilotdesk reads but
        # cannot edit in place without rewriting them; refuse before anything is touched.
        try:
            self.target.check_editable(name, kind)
        except ValueError as error:
            raise ChangeRejected(str(error)) from None

    def append_log(self, at: dt.datetime, event: str, by: str | None = None) -> None:
        values: dict[str, Any] = {"at": at, "event": event, **({"by": by} if by else {})}
        self.data.setdefault("log", []).append(dict(values))
        if not self.dry:
            self.target.append_log(values)


def _restoring(raw: document.Taken | None, value: Value) -> document.Taken | None:
    """``raw`` when ``value`` is the value of the line it took (the undo puts that line back);
    None when the value is another one (a new line is written for it)."""
    if raw is None or value is None or not document.same_value(raw.value, value):
        return None
    return raw


def unchanged(plain: dict[str, Any], key: str, value: Any) -> bool:
    if value is None:
        return key not in plain
    return key in plain and document.same_value(plain[key], value)

"""Edits to the tomlkit document that keep everything the user wrote.

tomlkit round-trips a file exactly, but three of its defaults would move or lose what a person
wrote, so every edit of the pilot's TOML goes through this module:

* a new key is appended after a table's trailing comments, which in a pilot file belong to the
  *next* entry's header; we insert it right after the table's last key instead;
* the comment lines above an ``[[criteria]]`` header are stored in the body of the *previous*
  entry, so deleting or moving that entry would take them along; before rearranging an array of
  tables we move each entry's header comments onto the entry itself (``trivia.indent`` is
  rendered verbatim before the header), and put the trailer of the last entry back at the end;
* new tables and arrays are placed where a person would put them (the order of the brief), not
  at the end of the file.

This module uses private tomlkit APIs (``Container._insert_after``/``_insert_at`` and the body
lists); the tomlkit version is bounded in pyproject.toml and the round-trip tests pin the
behaviour.
"""

from __future__ import annotations

from typing import Any

import tomlkit
from tomlkit.container import Container
from tomlkit.items import AoT, Comment, Item, Table, Whitespace
from tomlkit.toml_document import TOMLDocument

#: Where top-level tables go when pilotdesk has to create one.
CANONICAL_ORDER = (
    "schema",
    "pilot",
    "opportunity",
    "commercial",
    "email",
    "readiness",
    "criteria",
    "stakeholders",
    "checklist",
    "technical_win",
    "log",
)


def to_item(value: Any) -> Item:
    return tomlkit.item(value)


# --- keys inside a table -------------------------------------------------------------------


def set_key(table: Table | Container, key: str, value: Any) -> None:
    """Set ``key``; an existing value is replaced in place (its comment kept), a new one goes
    right after the table's last key. ``None`` removes the key."""
    container = table.value if isinstance(table, Table) else table
    if value is None:
        if key in container:
            del table[key]
        return
    if key in container:
        table[key] = value
        return
    last = _last_key(container)
    if last is None:
        table.append(key, to_item(value))
    else:
        container._insert_after(last, key, to_item(value))


def _last_key(container: Container) -> str | None:
    for key, item in reversed(container.body):
        if key is not None and not isinstance(item, (Table, AoT)):
            return key.key
    return None


# --- top-level tables and arrays of tables ---------------------------------------------------


def get_table(doc: TOMLDocument, name: str, create: bool) -> Table | None:
    if name in doc:
        return doc[name]  # type: ignore[return-value]
    if not create:
        return None
    table = tomlkit.table()
    _place(doc, name, table)
    return table


def get_aot(doc: TOMLDocument, name: str) -> AoT | None:
    value = doc.get(name)
    return value if isinstance(value, AoT) else None


def remove_table(doc: TOMLDocument, name: str) -> Table | None:
    """Remove a top-level table, returning it (with its comments) for undo."""
    if name not in doc:
        return None
    table = doc[name]
    del doc[name]
    return table  # type: ignore[return-value]


def put_table(doc: TOMLDocument, name: str, table: Table) -> None:
    if name in doc:
        del doc[name]
    _place(doc, name, table)


def _place(doc: TOMLDocument, name: str, item: Item) -> None:
    """Insert a new top-level table or array before the first table that should follow it."""
    later = CANONICAL_ORDER[CANONICAL_ORDER.index(name) + 1 :] if name in CANONICAL_ORDER else ()
    for index, (key, existing) in enumerate(doc.body):
        if key is not None and key.key in later and isinstance(existing, (Table, AoT)):
            if isinstance(item, Table) and index > 0:
                item.trivia.indent = "\n" if _needs_blank_line(doc, index) else ""
            doc._insert_at(index, name, item)
            return
    if isinstance(item, Table) and not doc.as_string().endswith("\n\n") and doc.body:
        item.trivia.indent = "\n"
    doc.append(name, item)


def _needs_blank_line(doc: TOMLDocument, index: int) -> bool:
    before = doc.body[index - 1][1]
    return not before.as_string().endswith("\n\n")


# --- entries of an array of tables ---------------------------------------------------------


def insert_entry(doc: TOMLDocument, name: str, index: int, entry: Table) -> None:
    """Insert ``entry`` at ``index`` of ``[[name]]``, creating the array where it belongs."""
    aot = get_aot(doc, name)
    if aot is None:
        aot = tomlkit.aot()
        aot._parsed = True  # no automatic spacing: _push decides it
        _push(aot, 0, entry)
        _place(doc, name, aot)
        _ensure_blank_line_before(doc, name)
        return
    tail = _detach_headers(aot)
    _push(aot, index, entry)
    _reattach_tail(aot, tail)


def remove_entry(doc: TOMLDocument, name: str, index: int) -> Table:
    """Remove entry ``index`` with the comments above its header; the others keep theirs."""
    aot = get_aot(doc, name)
    assert aot is not None
    tail = _detach_headers(aot)
    entry = _pop(aot, index)
    if len(aot) == 0:
        del doc[name]
        _restore_tail_to_document(doc, tail)
    else:
        _reattach_tail(aot, tail)
    return entry


def move_entry(doc: TOMLDocument, name: str, index: int, new_index: int) -> None:
    aot = get_aot(doc, name)
    assert aot is not None
    tail = _detach_headers(aot)
    _push(aot, new_index, _pop(aot, index))
    _reattach_tail(aot, tail)


# Spacing convention once headers are detached: the first entry's header text has no leading
# blank line (the blank line before it belongs to whatever precedes the array); every later
# entry's starts with one. Keeping to it makes delete+undo and move+move-back byte-exact.


def _pop(aot: AoT, index: int) -> Table:
    entry = aot[index]
    del aot[index]
    if index == 0 and len(aot) > 0:
        aot[0].trivia.indent = _strip_one_blank(aot[0].trivia.indent)
    entry.trivia.indent = _with_blank(entry.trivia.indent)
    return entry


def _push(aot: AoT, index: int, entry: Table) -> None:
    index = max(0, min(index, len(aot)))
    if index == 0:
        entry.trivia.indent = _strip_one_blank(entry.trivia.indent)
        if len(aot) > 0:
            aot[0].trivia.indent = _with_blank(aot[0].trivia.indent)
    else:
        entry.trivia.indent = _with_blank(entry.trivia.indent)
    aot.insert(index, entry)


def _with_blank(indent: str) -> str:
    return indent if indent.startswith("\n") else "\n" + indent


def _is_trivia(item: Item) -> bool:
    return isinstance(item, (Whitespace, Comment))


def _take_trailer(table: Table) -> list[tuple[None, Item]]:
    body = table.value.body
    cut = len(body)
    while cut > 0 and body[cut - 1][0] is None and _is_trivia(body[cut - 1][1]):
        cut -= 1
    trailer = body[cut:]
    # Only keyless items are removed from the end, so the container's key index stays valid.
    del body[cut:]
    return trailer  # type: ignore[return-value]


def _detach_headers(aot: AoT) -> list[tuple[None, Item]]:
    """Move each entry's trailing comments onto the next entry's header; return the last trailer."""
    tables = aot.body
    if not tables:
        return []
    for k in range(len(tables) - 1):
        text = "".join(item.as_string() for _, item in _take_trailer(tables[k]))
        tables[k + 1].trivia.indent = text + tables[k + 1].trivia.indent
    return _take_trailer(tables[-1])


def _reattach_tail(aot: AoT, tail: list[tuple[None, Item]]) -> None:
    if aot.body:
        aot.body[-1].value.body.extend(tail)


def _restore_tail_to_document(doc: TOMLDocument, tail: list[tuple[None, Item]]) -> None:
    for _, item in tail:
        doc.body.append((None, item))


def _strip_one_blank(indent: str) -> str:
    return indent[1:] if indent.startswith("\n") else indent


def _ensure_blank_line_before(doc: TOMLDocument, name: str) -> None:
    aot = get_aot(doc, name)
    if aot is None or not aot.body:
        return
    keys = [key.key if key is not None else None for key, _ in doc.body]
    position = keys.index(name)
    if position > 0 and _needs_blank_line(doc, position):
        aot.body[0].trivia.indent = "\n" + aot.body[0].trivia.indent


def new_entry(values: dict[str, Any]) -> Table:
    table = tomlkit.table()
    for key, value in values.items():
        if value is not None:
            table.append(key, to_item(value))
    return table


def append_log(doc: TOMLDocument, values: dict[str, Any]) -> None:
    """Append a ``[[log]]`` entry, separated by a blank line like a person would write it."""
    aot = get_aot(doc, "log")
    entry = new_entry(values)
    insert_entry(doc, "log", len(aot) if aot is not None else 0, entry)

"""The one place that touches tomlkit's private names.

tomlkit's public API edits a document by key, and places what it adds where tomlkit thinks
best; pilotdesk must place a line exactly (below a table's last key, not after the comments
that head the next entry), keep the key index right when it moves comment lines, and render a
single line as the file writes it. For that it needs a handful of tomlkit's internals, and a
patch release may rename any of them (0.15.3 removed ``Container._insert_after``). So:

* every private name pilotdesk uses is in this module, and nowhere else (``test_house.py``
  greps for them);
* each is used the same way on every version pyproject.toml allows (``PRIVATE_NAMES`` lists
  them, and ``tests/test_tomlkit_internals.py`` checks that the installed tomlkit has each one
  and behaves as these functions expect, so a release that changes one fails one named test);
* ``.ci/run`` runs the editing tests on the oldest allowed tomlkit and on the newest released
  one, and pyproject.toml bounds tomlkit to the versions that passed.

What it may import: tomlkit. It is part of the file layer (:mod:`pilotdesk.pilotfile`).
"""

from __future__ import annotations

from tomlkit.container import Container
from tomlkit.items import AoT, Item, Key, SingleKey, Table, Whitespace
from tomlkit.toml_document import TOMLDocument

#: Every private attribute of tomlkit this module relies on, by class (checked by a test).
PRIVATE_NAMES: dict[type, tuple[str, ...]] = {
    Container: ("_insert_at", "_raw_append", "_replace_at", "_render_simple_item"),
    TOMLDocument: ("_render_aot_table",),
}
#: Instance attributes (set in ``__init__``, so checked on an instance).
PRIVATE_INSTANCE_NAMES: dict[type, tuple[str, ...]] = {
    Container: ("_map",),
    AoT: ("_parsed",),
    Whitespace: ("_s",),
}


def key_index(container: Container, key: str) -> int | tuple[int, ...] | None:
    """Where ``key`` sits in the container's body: one index, several (a table written in
    pieces), or None when it is absent."""
    return container._map.get(SingleKey(key))


def last_index(container: Container, key: str) -> int | None:
    """The body index of ``key``'s last piece, or None when it is absent."""
    index = key_index(container, key)
    if isinstance(index, tuple):
        return max(index) if index else None
    return index


def insert_at(container: Container, index: int, key: Key | str, item: Item) -> None:
    """Insert ``key = item`` at ``index`` of the body; at the end when ``index`` is past the
    last item (tomlkit's ``_insert_at`` refuses that position)."""
    if index < len(container.body):
        container._insert_at(index, key, item)
        return
    if container.body:
        _end_line(container.body[-1][1])
    append_raw(container, key if isinstance(key, Key) else SingleKey(key), item)


def insert_after(container: Container, after: str, key: Key, item: Item) -> None:
    """Insert ``key = item`` right after the line of ``after`` (a key in the container)."""
    index = last_index(container, after)
    if index is None:
        raise KeyError(after)
    _end_line(container.body[index][1])
    insert_at(container, index + 1, key, item)


def _end_line(item: Item) -> None:
    """A line that something now follows must end with a newline (the file's last line may
    not have one)."""
    if isinstance(item, (Table, AoT)):
        return
    if isinstance(item, Whitespace):
        return
    if "\n" not in item.trivia.trail:
        item.trivia.trail += "\n"


def append_raw(container: Container, key: Key | None, item: Item) -> None:
    """Append ``item`` at the very end of the body, with none of ``append``'s placement rules
    (which would put a key before the container's tables)."""
    container._raw_append(key, item)


def replace_at(doc: TOMLDocument, index: int | tuple[int, ...], name: str, item: Item) -> None:
    """Replace the item at body ``index`` (keeping the header's spacing and comment)."""
    doc._replace_at(index, name, item)


def render_line(container: Container, key: Key | None, item: Item) -> str:
    """``key = value`` as the container writes it, with its comment and line end."""
    return container._render_simple_item(key, item)


class HeadersAsWritten(TOMLDocument):
    """A document that writes each ``[[entry]]`` header as the file wrote it (tomlkit writes
    every header of an array the way its first one is written: ``[[ criteria ]]`` would come
    out as ``[[criteria]]``). Every parsed entry remembers its header as ``display_name``."""

    def _render_aot_table(self, table: Table, prefix: str | None = None) -> str:
        text = super()._render_aot_table(table, prefix)
        written = table.display_name
        if not written or prefix is None or written == prefix:
            return text
        head = f"{table.trivia.indent}[[{prefix}]]"
        if text.startswith(head) and _squash(written) == _squash(prefix):
            return f"{table.trivia.indent}[[{written}]]{text[len(head) :]}"
        return text


def _squash(key: str) -> str:
    return key.replace(" ", "").replace("\t", "")


def shift_indices(container: Container, index: int, count: int) -> None:
    """Move every key index at or after ``index`` down by ``count`` (keyless items were
    inserted there), so lookups by key keep finding their items."""
    for key, value in list(container._map.items()):
        if isinstance(value, tuple):
            container._map[key] = tuple(v + count if v >= index else v for v in value)
        elif value >= index:
            container._map[key] = value + count


def mark_parsed(aot: AoT) -> None:
    """Tell a new array of tables not to add its own spacing between entries (pilotdesk
    decides the spacing, as a parsed array keeps what the file had)."""
    aot._parsed = True


def add_newline(whitespace: Whitespace) -> None:
    """End a blank-line item with a newline (the file's last line may lack one)."""
    whitespace._s += "\n"

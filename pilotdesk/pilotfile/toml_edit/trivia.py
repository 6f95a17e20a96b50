"""Comments and blank lines around tables and array entries: taking them off and putting them back.

tomlkit keeps the comment lines above an ``[[criteria]]`` header in the body of the *previous*
entry; these helpers move them onto the entry they belong to before an array is rearranged, and
put the trailer of the last entry back at the end.
"""

from __future__ import annotations

import tomlkit
from tomlkit.container import Container
from tomlkit.items import AoT, Comment, Item, Key, Null, Table, Whitespace

from pilotdesk.pilotfile.toml_edit.internals import add_newline, shift_indices


def last_container(item: Item | None) -> Container | None:
    """The container whose end is the end of ``item`` on the page (where its trailer lives)."""
    while True:
        if isinstance(item, AoT):
            if not item.body:
                return None
            item = item.body[-1]
        elif isinstance(item, Table):
            body = [(key, value) for key, value in item.value.body if not isinstance(value, Null)]
            if body and body[-1][0] is not None and isinstance(body[-1][1], (Table, AoT)):
                item = body[-1][1]
            else:
                return item.value
        else:
            return None


def trailing_trivia(container: Container) -> list[tuple[None, Item]]:
    """The comments and blank lines at the end of ``container``."""
    return container.body[trailer_start(container.body) :]  # type: ignore[return-value]


def take_trailing_trivia(container: Container) -> list[tuple[None, Item]]:
    """Remove and return the comments and blank lines at the end of ``container``."""
    body = container.body
    cut = trailer_start(body)
    trailer = body[cut:]
    # Only keyless items are removed from the end, so the container's key index stays valid.
    del body[cut:]
    return trailer  # type: ignore[return-value]


def trailer_start(body: list[tuple[Key | None, Item]]) -> int:
    """Where the comments and blank lines at the end of a body start.

    They stop at the empty slot of a key removed from the table (tomlkit leaves a Null there):
    the comment lines above that slot were about the key, so they stay in the table, not with
    the next entry's header; and the slot stays, so that the key's undo finds its place."""
    cut = len(body)
    while (
        cut > 0 and body[cut - 1][0] is None and isinstance(body[cut - 1][1], (Whitespace, Comment))
    ):
        cut -= 1
    return cut


def trivia_text(items: list[tuple[None, Item]]) -> str:
    return "".join(item.as_string() for _, item in items)


def trivia_items(text: str) -> list[tuple[None, Item]]:
    """Comment and blank lines as tomlkit items (``text`` holds nothing else)."""
    if not text:
        return []
    return list(tomlkit.parse(text).body)  # type: ignore[arg-type]


def insert_keyless(container: Container, index: int, items: list[tuple[None, Item]]) -> None:
    """Insert comment/blank-line items at ``index`` of the body, keeping the key index right."""
    count = len(items)
    if not count:
        return
    shift_indices(container, index, count)
    container.body[index:index] = items


def pop_entry(aot: AoT, index: int) -> Table:
    entry = aot[index]
    del aot[index]
    if index == 0 and len(aot) > 0:
        separator, header = split_separator(aot[0].trivia.indent)
        aot[0].trivia.indent = header
        entry.trivia.indent = separator + entry.trivia.indent
    return entry


def push_entry(aot: AoT, index: int, entry: Table, fresh: bool = False) -> None:
    """Insert ``entry``: a new one (``fresh``, spaced like the others) or one :func:`pop_entry`
    returned, whose header text carries the separator it needs (possibly none)."""
    index = max(0, min(index, len(aot)))
    if index == len(aot) and len(aot) > 0:
        end_with_newline(aot.body[-1])  # a file may end without one
    if len(aot) > 0:
        separator, header = split_separator(entry.trivia.indent)
        if fresh and not separator:
            separator = array_separator(aot)
        if index == 0:
            entry.trivia.indent = header
            aot[0].trivia.indent = separator + aot[0].trivia.indent
        else:
            entry.trivia.indent = separator + header
    aot.insert(index, entry)


def end_with_newline(item: Item) -> None:
    """Make the last line of ``item`` end with a newline (the file's last line may not)."""
    host = last_container(item)
    if host is None:
        if not isinstance(item, (Table, AoT)) and not item.trivia.trail.endswith("\n"):
            item.trivia.trail += "\n"  # a top-level ``key = value``
        return
    for _, last in reversed(host.body):
        if isinstance(last, Null):
            continue
        if isinstance(last, Whitespace):
            if not last.s.endswith("\n"):
                add_newline(last)
        elif not last.trivia.trail.endswith("\n"):
            last.trivia.trail += "\n"
        return
    if isinstance(item, Table) and not item.trivia.trail.endswith("\n"):
        item.trivia.trail += "\n"  # a header with nothing under it


def split_separator(indent: str) -> tuple[str, str]:
    """A header text's leading blank lines, and the rest (comments, the header's own indent)."""
    end = 0
    while True:
        newline = indent.find("\n", end)
        if newline == -1 or indent[end:newline].strip():
            return indent[:end], indent[end:]
        end = newline + 1


def array_separator(aot: AoT) -> str:
    """How this array separates its entries: like its first two, else with one blank line."""
    if len(aot.body) < 2:
        return "\n"
    host = last_container(aot.body[0])
    between = trivia_text(trailing_trivia(host)) if host is not None else ""
    return split_separator(between + aot.body[1].trivia.indent)[0]


def take_trailer(table: Table) -> list[tuple[None, Item]]:
    host = last_container(table)
    return take_trailing_trivia(host) if host is not None else []


def detach_headers(aot: AoT) -> list[tuple[None, Item]]:
    """Move each entry's trailing comments onto the next entry's header; return the last trailer."""
    tables = aot.body
    if not tables:
        return []
    for k in range(len(tables) - 1):
        text = trivia_text(take_trailer(tables[k]))
        tables[k + 1].trivia.indent = text + tables[k + 1].trivia.indent
    return take_trailer(tables[-1])


def reattach_tail(aot: AoT, tail: list[tuple[None, Item]]) -> None:
    host = last_container(aot)
    if host is not None:
        host.body.extend(tail)

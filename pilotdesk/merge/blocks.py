"""A pilot file's text cut into keyed pieces, so that three versions can be merged by meaning.

A *block* is the preamble (everything before the first table header) or one table: a ``[name]``
table, or one entry of a ``[[name]]`` array with the comment lines directly above its header and
the blank lines above those. Each block gets a key that is the same in every version of the file:
``("table", "pilot")``, ``("criteria", "snr")``: the entries of every ``[[name]]`` by their
``id`` (criteria, stakeholders, checklist items, gaps, and arrays pilotdesk does not know), an
entry without one (a log entry) by its content. Inside a block, a
*segment* is one key's line(s) (a multi-line string or array is one segment), or one comment or
blank line.

Cutting never changes a byte: the blocks of a text joined give the text back. A text whose
pieces do not each parse alone (a header-like line inside a multi-line string, a quoted table
name) raises :class:`Unmergeable`, and the caller merges it line by line instead.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

#: A table header with bare names: ``[pilot]``, ``[[criteria]]``, ``[readiness.ignore]``.
_HEADER = re.compile(
    r"^[ \t]*(\[\[?)[ \t]*([A-Za-z0-9_-]+(?:[ \t]*\.[ \t]*[A-Za-z0-9_-]+)*)[ \t]*(\]\]?)[ \t]*(#.*)?$"
)
_KEY = re.compile(r"^[ \t]*([A-Za-z0-9_\-.\"' \t]+?)[ \t]*=")


class Unmergeable(Exception):
    """This text cannot be merged by meaning; merge it line by line."""


class OrderConflict(Unmergeable):
    """Both sides reordered the same collection, each its own way: merged line by line, and a
    conflict whatever that gives."""


@dataclass(frozen=True)
class Piece:
    """A keyed piece of text (a block of a file, or a segment of a block)."""

    key: Hashable
    text: str
    data: Any = None  # the block's own data, as tomllib reads it alone (blocks only)


def _is_other(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#")


def _header(line: str) -> tuple[str, str] | None:
    """``("[[", "criteria")`` for a header line, None for any other line."""
    found = _HEADER.match(line.rstrip("\r\n"))
    if found is None or len(found[1]) != len(found[3]):
        return None
    return found[1], re.sub(r"[ \t]", "", found[2])


def split_blocks(text: str, parsed: dict[str, Any] | None = None) -> list[Piece]:
    """The keyed blocks of ``text``, in order; raises :class:`Unmergeable`. ``parsed`` keeps
    each block's data by its text across calls: three versions share most of their blocks."""
    lines = text.splitlines(keepends=True)
    starts = [0]
    arrays: set[str] = set()
    for number, line in enumerate(lines):
        found = _header(line)
        if found is None:
            continue
        brackets, name = found
        if brackets == "[[":
            arrays.add(name)
        elif name.split(".")[0] in arrays:
            continue  # [criteria.sub] belongs to the entry above it
        start = number
        while start > starts[-1] + 1 and lines[start - 1].lstrip().startswith("#"):
            start -= 1
        while start > starts[-1] + 1 and not lines[start - 1].strip():
            start -= 1
        starts.append(start)
    starts.append(len(lines))
    pieces: list[Piece] = []
    seen: dict[Hashable, int] = {}
    for start, end in zip(starts, starts[1:], strict=False):
        if start == end:
            continue
        gap = _gap_start(lines, start, end)
        chunk = "".join(lines[start:gap])
        key, data = _block_key(chunk, start == 0, {} if parsed is None else parsed)
        count = seen.get(key, 0)
        seen[key] = count + 1
        if count and (key[0] == "table" or len(key) == 2):  # a table, or an id, twice
            raise Unmergeable(f"{key} appears twice")
        pieces.append(Piece((*key, count) if count else key, chunk, data))
        if gap < end:
            between = "".join(lines[gap:end])
            count = seen.get(("gap", between), 0)
            seen[("gap", between)] = count + 1
            pieces.append(Piece(("gap", between, count), between, {}))
    if "".join(p.text for p in pieces) != text:
        raise Unmergeable("the blocks do not give the text back")
    return pieces


def _gap_start(lines: list[str], start: int, end: int) -> int:
    """Where the comments after a block's last key begin (a section comment such as
    ``# --- People ---`` above the next table, a blank line apart from it): they are a piece of
    their own, so that deleting the block above does not take them along, or conflict on them."""
    cut = end
    while cut > start and _is_other(lines[cut - 1]):
        cut -= 1
    if cut == start or not any(line.lstrip().startswith("#") for line in lines[cut:end]):
        return end
    return cut


def _block_key(chunk: str, first: bool, parsed: dict[str, Any]) -> tuple[tuple[Any, ...], Any]:
    if chunk not in parsed:
        try:
            parsed[chunk] = tomllib.loads(chunk)
        except tomllib.TOMLDecodeError as error:
            raise Unmergeable(f"a block does not parse alone: {error}") from None
    data = parsed[chunk]
    header = next((h for h in map(_header, chunk.splitlines()) if h is not None), None)
    if first and header is None:
        return ("preamble",), data
    if header is None:
        raise Unmergeable("a block without a header")
    brackets, name = header
    if brackets == "[":
        return ("table", name), data
    entry = data.get(name, [{}])[0] if isinstance(data.get(name), list) else {}
    if isinstance(entry.get("id"), str):
        return (name, entry["id"]), data
    # The log, and entries without an id: an entry is what it says.
    return (name, "content", repr(entry)), data


def split_segments(block: str) -> list[Piece]:
    """The keyed segments of one block: each key with its value's lines, each other line."""
    lines = block.splitlines(keepends=True)
    pieces: list[Piece] = []
    seen: dict[Hashable, int] = {}
    table = ""
    at = 0
    while at < len(lines):
        line = lines[at]
        header = _header(line)
        if header is not None:
            table = header[1]
            key: tuple[Any, ...] = ("header", table)
            end = at + 1
        elif _is_other(line):
            key, end = ("line", line), at + 1
        else:
            name = _KEY.match(line)
            if name is None:
                raise Unmergeable(f"cannot read the line {line!r}")
            key = ("key", table, re.sub(r"[ \t]", "", name[1]))
            end = _value_end(lines, at)
        count = seen.get(key, 0)
        seen[key] = count + 1
        if count and key[0] != "line":
            raise Unmergeable(f"{key} appears twice in one block")
        pieces.append(Piece((*key, count), "".join(lines[at:end])))
        at = end
    return pieces


def _value_end(lines: list[str], at: int) -> int:
    """The line after the last line of the key-value that starts at ``at``: where no string is
    open and every bracket is closed (one pass, so a 5,000-line string costs one read of it);
    the lines found are then checked to parse alone."""
    quote = ""  # the open string's delimiter: ", ', \"\"\" or \'\'\'
    depth = 0
    for end in range(at, len(lines)):
        line = lines[end]
        i = line.index("=") + 1 if end == at else 0
        while i < len(line):
            if quote:
                if quote[0] == '"' and line[i] == "\\":
                    i += 2
                    continue
                if line.startswith(quote, i):
                    i += len(quote)
                    quote = ""
                    continue
                i += 1
                continue
            char = line[i]
            if char == "#":
                break
            if char in "\"'":
                quote = char * 3 if line.startswith(char * 3, i) else char
                i += len(quote)
                continue
            depth += (char in "[{") - (char in "]}")
            i += 1
        if len(quote) == 1:
            quote = ""  # a one-line string left open: not TOML; the check below says so
        if not quote and depth <= 0:
            if _parses("".join(lines[at : end + 1])):
                return end + 1
            break
    raise Unmergeable(f"the value on {lines[at]!r} cannot be read alone")


def _parses(text: str) -> bool:
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return False
    return True


def value_of(segment: str) -> Any:
    """The value a key segment sets, as tomllib reads it (None when it does not parse)."""
    try:
        return tomllib.loads(segment)
    except tomllib.TOMLDecodeError:
        return None

"""Find the line of a field in a pilot file's text.

Neither tomllib nor tomlkit keeps line numbers, so when content is wrong we scan the text: table
headers (``[pilot]``, ``[[criteria]]``, counting array entries) and ``key =`` lines, skipping the
inside of multi-line strings. The scan only runs when there is an error to report.

When the exact key is not in the text (a missing required key, an inline table), the nearest
enclosing place is returned: the entry's header, or the line that starts the value.
"""

from __future__ import annotations

import re

from .model import Path

_AOT_HEADER = re.compile(r"^\s*\[\[\s*(?P<name>[^\]]+?)\s*\]\]")
_TABLE_HEADER = re.compile(r"^\s*\[\s*(?P<name>[^\[\]]+?)\s*\]")
_KEY = re.compile(r"""^\s*(?P<key>"(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_-]+)\s*[.=]""")


def _unquote(part: str) -> str:
    part = part.strip()
    if len(part) >= 2 and part[0] == part[-1] and part[0] in "\"'":
        return part[1:-1]
    return part


def _header_path(name: str) -> tuple[str, ...]:
    # Naive dotted split: quoted keys containing dots are rare in pilot files, and a miss only
    # makes the reported line less precise.
    return tuple(_unquote(p) for p in name.split("."))


def line_of(text: str, path: Path) -> int:
    """The 1-based line that best matches ``path`` (``("criteria", 1, "status")``)."""
    table: tuple[str | int, ...] = ()
    aot_counts: dict[tuple[str, ...], int] = {}
    best_line, best_depth = 1, 0
    in_multiline: str | None = None

    for number, line in enumerate(text.splitlines(), start=1):
        if in_multiline:
            if line.count(in_multiline) % 2 == 1:
                in_multiline = None
            continue

        header = _AOT_HEADER.match(line)
        if header:
            names = _header_path(header.group("name"))
            index = aot_counts.get(names, 0)
            aot_counts[names] = index + 1
            table = (*names, index)
        else:
            header = _TABLE_HEADER.match(line)
            if header and not line.lstrip().startswith("[["):
                table = _header_path(header.group("name"))
        if header:
            depth = _common_prefix(table, path)
            if depth == len(table) and depth > best_depth:
                best_line, best_depth = number, depth
            continue

        key = _KEY.match(line)
        if key:
            full = (*table, _unquote(key.group("key")))
            depth = _common_prefix(full, path)
            if depth == len(full) and depth > best_depth:
                best_line, best_depth = number, depth
            value = line[key.end():]
            for quote in ('"""', "'''"):
                if value.count(quote) % 2 == 1:
                    in_multiline = quote
                    break
    return best_line


def _common_prefix(a: tuple[str | int, ...], b: Path) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n

"""Find the line of a field in a pilot file's text.

Neither tomllib nor tomlkit keeps line numbers, so when content is wrong we scan the text: table
headers (``[pilot]``, ``[[criteria]]``, counting array entries) and ``key =`` lines, skipping the
inside of multi-line strings and of arrays written over several lines. The scan only runs when
there is an error to report, and once per text however many errors there are
(:class:`LineIndex`): a file is untrusted, and one with thousands of errors must be reported on
in linear time.

When the exact key is not in the text (a missing required key, an inline table), the nearest
enclosing place is returned: the entry's header, or the line that starts the value.
"""

from __future__ import annotations

import functools
import re
import tomllib

from pilotdesk.domain.model import FieldPath

_AOT_HEADER = re.compile(r"^\s*\[\[\s*(?P<name>[^\[\]]+?)\s*\]\]\s*(#.*)?$")
_TABLE_HEADER = re.compile(r"^\s*\[\s*(?P<name>[^\[\]]+?)\s*\]\s*(#.*)?$")
_KEY = re.compile(r"""^\s*(?P<key>"(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_-]+)\s*[.=]""")


def _unquote(part: str) -> str:
    part = part.strip()
    if len(part) >= 2 and part[0] == part[-1] and part[0] in "\"'":
        if part[0] == '"' and "\\" in part:
            # Escapes (``"owner\\u001b"``) name the key they decode to: the warning about a key
            # with a control character in it points at the key's line, not its table's.
            try:
                return next(iter(tomllib.loads(f"{part} = 0")))
            except (tomllib.TOMLDecodeError, StopIteration):
                return part[1:-1]
        return part[1:-1]
    return part


def _header_path(name: str) -> tuple[str, ...]:
    # Naive dotted split: quoted keys containing dots are rare in pilot files, and a miss only
    # makes the reported line less precise.
    return tuple(_unquote(p) for p in name.split("."))


class LineIndex:
    """Every table header and ``key =`` line of a text, found in one pass: each lookup after
    that costs the length of the path, not of the file (a file with 4,000 errors is located in
    one scan, not 4,000)."""

    def __init__(self, text: str) -> None:
        #: Each header's and key's full path, with the first line it is on.
        self._first: dict[tuple[str | int, ...], int] = {}
        table: tuple[str | int, ...] = ()
        aot_counts: dict[tuple[str, ...], int] = {}
        in_multiline: str | None = None  # the closing quotes of the multi-line string we are in
        depth = 0  # open brackets of a multi-line array
        first = self._first
        # LF only: TOML comments and strings may hold U+2028, U+2029, U+0085, which splitlines
        # splits at.
        for number, line in enumerate(text.replace("\r\n", "\n").split("\n"), start=1):
            if in_multiline or depth > 0:
                in_multiline, depth = _scan(line, in_multiline, depth)
                continue
            header = _AOT_HEADER.match(line)
            if header:
                names = _header_path(header.group("name"))
                index = aot_counts.get(names, 0)
                aot_counts[names] = index + 1
                table = (*names, index)
            else:
                header = _TABLE_HEADER.match(line)
                if header:
                    table = _header_path(header.group("name"))
            if header:
                first.setdefault(table, number)
                continue
            key = _KEY.match(line)
            if key:
                first.setdefault((*table, _unquote(key.group("key"))), number)
            in_multiline, depth = _scan(line, None, 0)

    def line(self, path: FieldPath) -> int:
        """The 1-based line that best matches ``path`` (``("criteria", 1, "status")``): the
        first line of its longest prefix that is a header or a key; 1 if none is."""
        first = self._first
        for length in range(len(path), 0, -1):
            found = first.get(tuple(path[:length]))
            if found is not None:
                return found
        return 1


@functools.lru_cache(maxsize=2)
def index(text: str) -> LineIndex:
    """The :class:`LineIndex` of ``text``, built once for the few texts being reported on."""
    return LineIndex(text)


def line_of(text: str, path: FieldPath) -> int:
    """The 1-based line that best matches ``path`` (``("criteria", 1, "status")``)."""
    return index(text).line(path)


#: What a line's scan stops at: a multi-line string's opening, a one-line string (to skip), a
#: comment, a bracket or brace.
_TOKEN = re.compile(r'"{3}|\'{3}|"(?:[^"\\]++|\\.)*+(?:"|\\?$)|\'[^\']*(?:\'|$)|#|[\[\]{}]')
#: The rest of a multi-line basic string, up to its closing quotes (escapes skipped).
#: Repetitions are possessive (``*+``) here and in every pattern run over a file's text: a
#: backtracking repetition keeps a record per character, 570 MB for a 4 MB string.
_BASIC_END = re.compile(r'(?:[^\\"]++|\\.|"(?!""))*+"""')


def _scan(line: str, in_multiline: str | None, depth: int) -> tuple[str | None, int]:
    """Read one line's strings, comment and brackets; return the state at its end: the
    multi-line string still open (its quotes) and the depth of open arrays/inline tables.
    Regular expressions do the walking, so that a long line costs little."""
    i, n = 0, len(line)
    while True:
        if in_multiline is not None:
            if in_multiline == '"""':
                closing = _BASIC_END.match(line, i)
                if closing is None:
                    return in_multiline, depth
                i = closing.end()
            else:
                found = line.find(in_multiline, i)
                if found < 0:
                    return in_multiline, depth
                i = found + 3
            while i < n and line[i] == line[i - 1]:  # up to two quotes before the end
                i += 1
            in_multiline = None
        token = _TOKEN.search(line, i)
        if token is None:
            return None, depth
        text = token.group()
        i = token.end()
        if text in ('"""', "'''"):
            in_multiline = text
        elif text == "#":
            return None, depth
        elif text in "[{":
            depth += 1
        elif text in "]}":
            depth = max(0, depth - 1)

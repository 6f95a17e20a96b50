"""A linear look at a pilot file's keys before ``tomllib`` parses it.

``tomllib`` spends memory on every table a key names, and on a dotted key (``a.b.c = 1``) it
spends memory on every prefix of the key for as long as its table is open: the square of the
key's length. A 40 KB line ``a.a.a…a = 1`` of 20,000 parts costs it 2.4 GB, before pilotdesk's
own nesting limit (:data:`pilotdesk.pilotfile.read.MAX_NESTING`) ever sees the data. So this
scan, one regular-expression pass over the text, refuses such a file first, at the line of the
key, with the usual ``FILE:LINE: message``:

* a key or a table header of more than :data:`MAX_KEY_PARTS` dotted parts (a pilot needs two);
* more than :data:`MAX_KEYS` keys and headers in all;
* more than :data:`MAX_TABLES` tables named (each part of a header, each part but the last of
  a dotted key), which bounds what ``tomllib`` keeps per table.

The limits are far above any pilot a person keeps (16,000 criteria, stakeholders and checklist
items are 500,000 keys and 48,000 tables). The scan looks at the start of each line only: a key
in an inline table (``x = {a.b = 1}``) costs ``tomllib`` no more than its length, and the
nesting limit refuses it after the parse. It may count a line inside a multi-line string that
looks like a key; the limits are loose enough for that never to matter.
"""

from __future__ import annotations

import re
from pathlib import Path

from pilotdesk.domain.errors import Location, PilotFileError

__all__ = ["MAX_KEYS", "MAX_KEY_PARTS", "MAX_TABLES", "check_keys"]

#: Dotted parts in one key or header (``[readiness.ignore]`` has two).
MAX_KEY_PARTS = 16
#: Keys and table headers in one file.
MAX_KEYS = 1_000_000
#: Tables named by headers and dotted keys in one file.
MAX_TABLES = 500_000

_PART = r"""(?:[A-Za-z0-9_-]++|"(?:[^"\\\n]++|\\.)*+"|'[^'\n]*+')"""
#: A key or header at the start of a line: the brackets, then the dotted key. Repetitions are
#: possessive (``*+``): a backtracking one keeps a record per part, 100 MB for 200,000 parts.
_KEY_LINE = re.compile(
    rf"^[ \t]*(?P<open>\[\[?)?[ \t]*(?P<key>{_PART}(?:[ \t]*\.[ \t]*{_PART})*+)[ \t]*(?P<after>[=\]])?",
    re.MULTILINE,
)
_QUOTED_PART = re.compile(rf"{_PART}")


def _parts(key: str) -> int:
    if '"' in key or "'" in key:  # a quoted part may hold dots
        return len(_QUOTED_PART.findall(key))
    return key.count(".") + 1


def check_keys(text: str, path: Path | str) -> None:
    """Raise :class:`PilotFileError` when ``text`` has a key too deep, or too many keys or
    tables, for ``tomllib`` to be given it; return quietly otherwise. Linear in the text."""
    keys = tables = 0
    for found in _KEY_LINE.finditer(text):
        if found.group("after") is None:
            continue  # not a key (a value's continuation, a line of a multi-line string)
        header = found.group("open") is not None
        if header != (found.group("after") == "]"):
            continue
        key = found.group("key")
        parts = _parts(key) if "." in key else 1
        if parts > MAX_KEY_PARTS:
            raise _refused(
                text,
                found.start("key"),
                path,
                f"a {'table header' if header else 'key'} of {parts} dotted parts; pilotdesk "
                f"reads keys of up to {MAX_KEY_PARTS}",
            )
        keys += 1
        tables += parts if header else parts - 1
        if keys > MAX_KEYS:
            raise _refused(
                text, found.start("key"), path, f"more than {MAX_KEYS:,} keys; too many to read"
            )
        if tables > MAX_TABLES:
            raise _refused(
                text,
                found.start("key"),
                path,
                f"more than {MAX_TABLES:,} tables named; too many to read",
            )


def _refused(text: str, at: int, path: Path | str, message: str) -> PilotFileError:
    line = text.count("\n", 0, at) + 1
    return PilotFileError(path, [Location(line, message)])

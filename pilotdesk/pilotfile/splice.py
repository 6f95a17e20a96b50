"""Field edits without the whole document: parse the one entry a change touches, edit it, and
splice its new text into the file.

Building the editable tomlkit document of a 2,000-criterion pilot takes most of a second and
~25 MB. A status change needs none of it: the entry's own lines, and the end of the ``[[log]]``
to append to. :class:`Splicer` finds those pieces in the text, parses each alone with tomlkit,
and lets the session's editor edit them (through
:class:`~pilotdesk.pilotfile.edit_target.SplicedPieces`) with the very functions of
:mod:`pilotdesk.pilotfile.toml_edit` that edit the whole document, so the text comes out the same.

A piece is used only if it parses alone to exactly what the whole file says there (tomllib's
data) and renders back to its own bytes; anything else (a ``[criteria.sub]`` table, a line
that looks like a header inside a multi-line string, a log kept as ``log = []``) raises
:class:`NotSpliceable`, and the store edits the whole document instead.
"""

from __future__ import annotations

import bisect
import re
import sys
from dataclasses import dataclass
from typing import Any

import tomlkit
from tomlkit.exceptions import TOMLKitError
from tomlkit.items import Table

from pilotdesk.pilotfile import toml_edit

#: A line that starts a table header (TOML allows spaces before it), searched for in the text
#: with a line break put in front (so the pattern starts with a literal, which ``re`` finds
#: fast, and a match's start is its line's start in the text). For ``[name]`` or ``[[name]]``
#: the name and brackets are groups 1 to 3; for any other header (``["quoted"]``, ``[a.b]``)
#: group 2 is None. One scan finds both kinds: the text grows with the log and is scanned once
#: per change. A line inside a multi-line string or array may match too; the checks in
#: :meth:`Splicer._piece` catch that.
_HEADER = re.compile(r"\n[ \t]*(\[\[?)(?:[ \t]*([A-Za-z0-9_-]+)[ \t]*(\]\]?))?")


class NotSpliceable(Exception):
    """This change or this file needs the whole document."""


@dataclass(frozen=True)
class Headers:
    """Where a text's table headers start (one scan of :data:`_HEADER`): every header's line,
    each ``[[name]]``'s by name, and the names that also have a header of another kind."""

    starts: list[int]
    arrays: dict[str, list[int]]
    others: frozenset[str]

    @classmethod
    def scan(cls, text: str) -> Headers:
        starts: list[int] = []
        arrays: dict[str, list[int]] = {}
        others: set[str] = set()
        for m in _HEADER.finditer("\n" + text):
            starts.append(m.start())
            if m[2] is None:
                continue
            if m[1] == "[[" and m[3] == "]]":
                arrays.setdefault(m[2], []).append(m.start())
            else:
                others.add(m[2])
        return cls(starts, arrays, frozenset(others))

    def spliced(self, cuts: list[tuple[int, int, str]]) -> Headers:
        """The headers of the text with each ``(start, end, new)`` cut (sorted, apart, each
        starting a line, each new text ending one unless it ends the text) replaced by its
        new text: the headers outside the cuts, moved, and those of the new texts, scanned. So
        a change to a file of 20,000 log entries scans what it wrote, not the whole file."""
        starts: list[int] = []
        arrays: dict[str, list[int]] = {name: [] for name in self.arrays}
        others = set(self.others)
        shift, done = 0, 0  # how far what follows has moved; where the last cut ended

        def kept(ats: list[int], upto: int) -> list[int]:
            """The positions from ``done`` to ``upto``, moved (slices: no loop in Python)."""
            part = ats[bisect.bisect_left(ats, done) : bisect.bisect_left(ats, upto)]
            return list(map(shift.__add__, part)) if shift else part

        for start, end, new in cuts:
            starts += kept(self.starts, start)
            for name, ats in self.arrays.items():
                arrays[name] += kept(ats, start)
            piece, base = Headers.scan(new), start + shift
            starts += [base + at for at in piece.starts]
            for name, ats in piece.arrays.items():
                arrays.setdefault(name, []).extend(base + at for at in ats)
            others |= piece.others
            shift, done = shift + len(new) - (end - start), end
        starts += kept(self.starts, sys.maxsize)
        for name, ats in self.arrays.items():
            arrays[name] += kept(ats, sys.maxsize)
        return Headers(starts, {k: v for k, v in arrays.items() if v}, frozenset(others))


class Splicer:
    """The pieces of one text that a change edits, parsed alone; :meth:`text` splices them back.

    Call :meth:`prepare` with every entry the change touches *before* the change is applied
    (it raises :class:`NotSpliceable` while nothing has been changed yet)."""

    def __init__(self, text: str, data: dict[str, Any], headers: Headers | None = None) -> None:
        """``headers``: the text's, when known (:attr:`after` of the previous change's
        splicer); else the text is scanned once (a Batch of statuses prepares several entries)."""
        self.source = text
        self.data = data
        self.headers = headers if headers is not None else Headers.scan(text)
        self._starts = self.headers.starts
        self._arrays = self.headers.arrays
        self._others = self.headers.others
        #: The text :meth:`text` made and its headers (None until then, or when not known).
        self.after: tuple[str, Headers | None] | None = None
        self._pieces: dict[tuple[str, int], tuple[int, int, tomlkit.TOMLDocument]] = {}
        self._log: tuple[int, str, tomlkit.TOMLDocument] | None = None

    # --- finding and checking pieces -------------------------------------------------------

    def prepare(self, collection: str, index: int) -> None:
        if (collection, index) in self._pieces:
            return
        headers = self._arrays.get(collection, [])
        entries = self.data.get(collection, [])
        if len(headers) != len(entries) or not 0 <= index < len(entries):
            raise NotSpliceable(
                f"{collection}: the [[{collection}]] headers do not match the entries"
            )
        start = headers[index]
        end = self._next_header(start)
        doc = self._piece(self.source[start:end], {collection: [entries[index]]})
        self._pieces[(collection, index)] = (start, end, doc)

    def prepare_log(self) -> None:
        """The end of ``[[log]]``: its last entry, after the first two (which say how entries
        are spaced), when the log is the last thing in the file."""
        if self._log is not None:
            return
        log = self.data.get("log")
        headers = self._arrays.get("log", [])
        if not log or len(headers) != len(log) or "log" in self._others:
            raise NotSpliceable("the log is not a non-empty [[log]] array")
        if self._starts[-1] != headers[-1]:
            raise NotSpliceable("the log is not the last table of the file")
        firsts = sorted({headers[0], headers[min(1, len(headers) - 1)]} - {headers[-1]})
        lead = "".join(self.source[start : self._next_header(start)] for start in firsts)
        last = headers[-1]
        entries = [log[i] for i in range(len(firsts))] + [log[-1]]
        doc = self._piece(lead + self.source[last:], {"log": entries})
        self._log = (last, lead, doc)

    def _next_header(self, start: int) -> int:
        at = bisect.bisect_right(self._starts, start)
        return self._starts[at] if at < len(self._starts) else len(self.source)

    def _piece(self, text: str, expected: dict[str, Any]) -> tomlkit.TOMLDocument:
        try:
            doc = toml_edit.parse(text)
        except (TOMLKitError, ValueError, TypeError, KeyError, IndexError) as error:
            raise NotSpliceable(f"a piece does not parse alone: {error}") from None
        if doc.as_string() != text or not toml_edit.same_value(doc.unwrap(), expected):
            raise NotSpliceable("a piece does not stand alone")
        return doc

    # --- what the editor edits ---------------------------------------------------------------

    def table(self, collection: str, index: int) -> Table:
        try:
            return self._pieces[(collection, index)][2][collection][0]
        except KeyError:
            raise NotSpliceable(f"{collection}[{index}] was not prepared") from None

    def append_log(self, values: dict[str, Any]) -> None:
        if self._log is None:
            raise NotSpliceable("the log was not prepared")
        toml_edit.append_log(self._log[2], values)

    def text(self) -> str:
        """The source with every edited piece in place of its old text."""
        cuts = [(start, end, doc.as_string()) for start, end, doc in self._pieces.values()]
        if self._log is not None:
            last, lead, doc = self._log
            rendered = doc.as_string()
            assert rendered.startswith(lead), "appending to the log changed the entries before it"
            cuts.append((last, len(self.source), rendered[len(lead) :]))
        out, at = [], 0
        cuts.sort()
        for start, end, new in cuts:
            out += [self.source[at:start], new]
            at = end
        out.append(self.source[at:])
        text = "".join(out)
        # A new text that does not end its line would join the line after it: scan afresh.
        whole = all(new.endswith("\n") or end == len(self.source) for _, end, new in cuts)
        headers = self.headers.spliced(cuts) if whole else None
        self.after = (text, headers)
        return text

"""Finding an entry of a pilot by its id, from an index built once per list.

Every reference of a file is looked up (verifiers, owners, managers, attendees); a scan of the
list per lookup made ``check`` of 16,000 criteria, stakeholders and checklist items quadratic.
A pilot is not changed in place (a change makes a new one), so a list that is the same object,
of the same length, whose entry at the found place still has the id, is what was indexed; any
doubt, and the list is scanned as before.
"""

from __future__ import annotations

from typing import Any

#: Per collection: the list indexed, its length, and each id's first position in it.
Index = dict[str, tuple[list[Any], int, dict[str, int]]]


def find(pilot: Any, name: str, wanted: str) -> Any:
    """The first entry of ``pilot``'s collection ``name`` whose id is ``wanted`` (None if none).
    The index is kept on the pilot (``_ids``), a new dict when rebuilt, so that a copy of a
    pilot never shares a rebuilt index with the original."""
    entries: list[Any] = getattr(pilot, name)
    index: Index = pilot._ids
    cached = index.get(name)
    if cached is None or cached[0] is not entries or cached[1] != len(entries):
        positions: dict[str, int] = {}
        for position, entry in enumerate(entries):
            positions.setdefault(entry.id, position)
        cached = (entries, len(entries), positions)
        pilot._ids = {**index, name: cached}
    found = cached[2].get(wanted)
    if found is None:
        return None
    if found < len(entries) and entries[found].id == wanted:
        return entries[found]
    return next((e for e in entries if e.id == wanted), None)

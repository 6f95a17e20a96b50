"""Hints for hand edits that are valid but probably not what was meant.

Unknown keys are kept by design (people keep their own notes in the file), so ``titel = "…"`` is
not an error; but it is almost certainly ``title``, and a misspelt ``must_hav = true`` silently
changes the scorecard. ``pilotdesk check`` warns about an unknown key only when it is close to a
key pilotdesk knows in the same table, so that a person's own notes are never nagged about.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from pydantic import BaseModel

from pilotdesk.domain.integrity import FieldPath, Problem
from pilotdesk.domain.model import Pilot

__all__ = ["misspelt_keys"]

#: How close an unknown key must be to a known one to be reported (``titel`` ~ ``title``: 0.8).
KEY_MATCH_CUTOFF = 0.75


def misspelt_keys(pilot: Pilot) -> list[Problem]:
    """Unknown keys that look like a known key of their table, each with the key it resembles."""
    problems: list[Problem] = []
    for path, model in _tables(pilot):
        known = [field.alias or name for name, field in type(model).model_fields.items()]
        for key in model.model_extra or {}:
            match = difflib.get_close_matches(key.lower(), known, n=1, cutoff=KEY_MATCH_CUTOFF)
            if match and match[0] != key:
                problems.append(
                    Problem(
                        (*path, key),
                        f"unknown key {key!r}, kept as written; did you mean {match[0]!r}?",
                    )
                )
    return problems


def _tables(pilot: Pilot) -> Iterator[tuple[FieldPath, BaseModel]]:
    yield (), pilot
    for name in (
        "pilot",
        "opportunity",
        "commercial",
        "technical_win",
        "handoff",
        "email",
        "readiness",
    ):
        table = getattr(pilot, name)
        if isinstance(table, BaseModel):
            yield (name,), table
    for name in ("criteria", "stakeholders", "checklist", "log"):
        for index, entry in enumerate(getattr(pilot, name)):
            yield (name, index), entry

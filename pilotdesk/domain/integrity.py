"""What is wrong with a pilot's content beyond each field's own type: duplicate ids, references
that name no stakeholder or criterion (a verifier, a signatory of the agreement, a gap's
criterion), a time-box that ends before it starts.

These checks read either the validated model or the plain TOML data, through one accessor
(:func:`_get`), so that a file with schema errors gets its dangling references reported in the
same message, not one round of fixes later: a person editing by hand wants every problem at once.
On plain data, a value of the wrong type is skipped here (the schema reports it).
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

#: Where a field is: ``("criteria", 1, "status")``, for messages and for finding its line.
FieldPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a pilot's content, at a path such as ``("criteria", 1, "status")``."""

    path: FieldPath
    message: str


def format_path(path: FieldPath) -> str:
    """``("criteria", 1, "status")`` -> ``criteria[1].status``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _get(obj: Any, key: str) -> Any:
    """``obj[key]`` of a TOML table or ``obj.key`` of a model; None when absent."""
    if isinstance(obj, dict):
        return obj.get(key)
    return getattr(obj, key, None)


def _entries(pilot: Any, collection: str) -> list[tuple[int, Any]]:
    entries = _get(pilot, collection)
    if not isinstance(entries, list):
        return []
    return [(i, e) for i, e in enumerate(entries) if isinstance(e, dict) or hasattr(e, "id")]


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def content_problems(pilot: Any, unsure: frozenset[str] = frozenset()) -> list[Problem]:
    """Every problem of the kinds above in ``pilot`` (a model or its plain data).

    ``unsure`` names collections with an id the schema refused: references into them are not
    checked, since the fix of that id is what they are waiting for.
    """
    problems = _duplicate_ids(pilot)
    people = frozenset(_text(_get(s, "id")) for _, s in _entries(pilot, "stakeholders")) - {""}
    criteria_ids = frozenset(_text(_get(c, "id")) for _, c in _entries(pilot, "criteria")) - {""}
    for path, value in stakeholder_references(pilot):
        if "stakeholders" in unsure:
            break
        if value and value not in people:
            problems.append(
                Problem(path, f"{value!r} is not a stakeholder id{_known(people, value)}")
            )
    for index, person in _entries(pilot, "stakeholders"):
        manager = _text(_get(person, "reports_to"))
        if manager and manager == _get(person, "id"):
            problems.append(
                Problem(
                    ("stakeholders", index, "reports_to"), "a person cannot report to themselves"
                )
            )
    for index, gap in _entries(pilot, "gaps"):
        cid = _text(_get(gap, "criterion"))
        if cid and cid not in criteria_ids and "criteria" not in unsure:
            problems.append(
                Problem(
                    ("gaps", index, "criterion"),
                    f"{cid!r} is not a criterion id{_known(criteria_ids, cid)}",
                )
            )
    unproven = _get(_get(pilot, "technical_win"), "unproven")
    for index, cid in enumerate(unproven if isinstance(unproven, list) else []):
        if isinstance(cid, str) and cid not in criteria_ids and "criteria" not in unsure:
            problems.append(
                Problem(
                    ("technical_win", "unproven", index),
                    f"{cid!r} is not a criterion id{_known(criteria_ids, cid)}",
                )
            )
    problems += _time_box(pilot)
    return problems


def _duplicate_ids(pilot: Any) -> list[Problem]:
    problems: list[Problem] = []
    for collection in ("criteria", "stakeholders", "checklist", "gaps"):
        seen: dict[str, int] = {}
        for index, entry in _entries(pilot, collection):
            eid = _text(_get(entry, "id"))
            if not eid:
                continue
            if eid in seen:
                problems.append(
                    Problem(
                        (collection, index, "id"),
                        f"duplicate id {eid!r} (also {collection}[{seen[eid]}]); ids must be unique",
                    )
                )
            else:
                seen[eid] = index
    return problems


def _time_box(pilot: Any) -> list[Problem]:
    info = _get(pilot, "pilot")
    starts, ends = _get(info, "starts"), _get(info, "ends")
    dates = all(isinstance(d, dt.date) and not isinstance(d, dt.datetime) for d in (starts, ends))
    if dates and ends < starts:
        return [
            Problem(
                ("pilot", "ends"),
                f"the time-box ends ({ends.isoformat()}) before it starts "
                f"({starts.isoformat()}); correct starts or ends",
            )
        ]
    return []


def stakeholder_references(pilot: Any) -> Iterator[tuple[FieldPath, str]]:
    """Every place that names a stakeholder id, with the id written there (text values only)."""
    info, commercial = _get(pilot, "pilot"), _get(pilot, "commercial")
    yield ("pilot", "champion"), _text(_get(info, "champion"))
    yield ("commercial", "sponsor"), _text(_get(commercial, "sponsor"))
    yield ("commercial", "qualification_owner"), _text(_get(commercial, "qualification_owner"))
    for index, criterion in _entries(pilot, "criteria"):
        yield ("criteria", index, "verifier"), _text(_get(criterion, "verifier"))
    for index, item in _entries(pilot, "checklist"):
        yield ("checklist", index, "owner"), _text(_get(item, "owner"))
    for index, person in _entries(pilot, "stakeholders"):
        yield ("stakeholders", index, "reports_to"), _text(_get(person, "reports_to"))
    attendees = _get(_get(pilot, "technical_win"), "attendees")
    for index, sid in enumerate(attendees if isinstance(attendees, list) else []):
        yield ("technical_win", "attendees", index), _text(sid)
    signed_by = _get(_get(pilot, "agreement"), "signed_by")
    for index, sid in enumerate(signed_by if isinstance(signed_by, list) else []):
        yield ("agreement", "signed_by", index), _text(sid)


#: Above this many ids a typo is not matched against each (difflib is quadratic in a name's
#: length and linear in the ids: 4,000 dangling references among 16,000 ids would take minutes).
SUGGEST_AMONG = 500


def _known(ids: frozenset[str], wrong: str = "") -> str:
    """What the reference could have been: the nearest id (a typo: ``pja`` for ``pia``), then
    the ids there are, at most eight, saying how many more ("and 3 more"): a count that
    included the ones listed read as if the list were whole."""
    if not ids:
        return " (there are none yet)"
    shown = _sorted(ids)
    near = (
        difflib.get_close_matches(wrong, shown, n=1, cutoff=0.6)
        if wrong and len(shown) <= SUGGEST_AMONG
        else []
    )
    hint = f"; did you mean {near[0]!r}?" if near else ""
    more = f" and {len(shown) - 8} more" if len(shown) > 8 else ""
    return f"{hint} (known: {', '.join(shown[:8])}{more})"


@functools.lru_cache(maxsize=8)
def _sorted(ids: frozenset[str]) -> list[str]:
    """Sorted once per set of ids, not once per dangling reference."""
    return sorted(ids)

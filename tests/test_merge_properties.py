"""Issue 13: the merge by meaning, as properties (hypothesis).

Issue 23 adds: gaps among the collections (every collection matched by id), reorders on both
sides (each collection's order merged on its own, by pairs, or a conflict), comments on values
both sides agree on, and the line-merge fallback (clean only when valid).

Two random edit sequences, made through the store as the workbook and ``pilotdesk mark`` make
them, on two copies of one base. When they touch different fields (an entry one side deletes is
touched by nothing on the other), the merge equals applying both one after the other (the
text, byte for byte: ours' clock runs before theirs', so the log's time order is that order
too), the log is the union of both, and every entry neither side touched is in the result
exactly as the base wrote it. When both set the same fields two ways, each field is one
conflict with markers around its line only, and resolving them all one way gives that side's
entries, with both sides' log entries.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from pilotdesk.domain.errors import ChangeRejected, PilotFileError
from pilotdesk.merge.blocks import OrderConflict
from pilotdesk.merge.conflicts import find_conflicts, resolve
from pilotdesk.merge.driver import run
from pilotdesk.merge.engine import merge_texts
from pilotdesk.pilotfile.read import parse_bytes
from pilotdesk.session.changes import AddEntry, DeleteEntry, MoveEntry, SetFields, SetStatus
from pilotdesk.session.store import load_text

BASE = (Path(__file__).resolve().parent.parent / "sample_pilots" / "acme.toml").read_text("utf-8")
DATA = tomllib.loads(BASE)
IDS = {
    name: [e["id"] for e in DATA[name]]
    for name in ("criteria", "stakeholders", "checklist", "gaps")
}
WORDS = st.text(alphabet="abcdefghij XYZ-0123456789", min_size=1, max_size=12).filter(
    lambda s: s.strip() != ""
)

Op = tuple[Any, ...]


def _ops(side: str) -> st.SearchStrategy[list[Op]]:
    crit, people, items, gaps = (
        st.sampled_from(IDS[n]) for n in ("criteria", "stakeholders", "checklist", "gaps")
    )
    choices = [
        st.tuples(
            st.just("status"),
            st.just("criteria"),
            crit,
            st.sampled_from(("pending", "passed", "failed")),
        ),
        st.tuples(
            st.just("status"),
            st.just("checklist"),
            items,
            st.sampled_from(("todo", "doing", "done")),
        ),
        st.tuples(
            st.just("field"),
            st.just("criteria"),
            crit,
            st.sampled_from(("result", "evidence", "title")),
            WORDS,
        ),
        st.tuples(st.just("field"), st.just("stakeholders"), people, st.just("title"), WORDS),
        st.tuples(
            st.just("field"),
            st.just("stakeholders"),
            people,
            st.just("last_contact"),
            st.dates(dt.date(2026, 11, 1), dt.date(2026, 11, 30)),
        ),
        st.tuples(
            st.just("field"),
            st.just("commercial"),
            st.none(),
            st.sampled_from(("if_positive", "sponsor_note")),
            WORDS,
        ),
        st.tuples(
            st.just("add"),
            st.just("criteria"),
            st.integers(0, 9).map(lambda n: f"{side}_new{n}"),
            WORDS,
        ),
        st.tuples(
            st.just("delete"), st.sampled_from(("criteria", "checklist")), st.one_of(crit, items)
        ),
        # Every collection's entries are matched by id: gaps too (issue 23).
        st.tuples(
            st.just("field"),
            st.just("gaps"),
            gaps,
            st.just("status"),
            st.sampled_from(("open", "planned", "shipped", "wont_fix")),
        ),
        st.tuples(st.just("field"), st.just("gaps"), gaps, st.just("impact"), WORDS),
        st.tuples(st.just("delete"), st.just("gaps"), gaps),
        st.tuples(
            st.just("add"),
            st.just("gaps"),
            st.integers(0, 9).map(lambda n: f"{side}_gap{n}"),
            WORDS,
        ),
        # Both sides reorder (issue 23): each collection's order is merged on its own.
        st.tuples(
            st.just("move"),
            st.sampled_from(("criteria", "stakeholders", "checklist", "gaps")).flatmap(
                lambda name: st.tuples(st.just(name), st.sampled_from(IDS[name]))
            ),
            st.sampled_from((-1, 1)),
        ).map(lambda op: (op[0], op[1][0], op[1][1], op[2])),
    ]
    return st.lists(st.one_of(choices), max_size=5)


def _change(op: Op) -> Any:
    kind, collection, entry_id = op[:3]
    if kind == "status":
        return SetStatus(collection, entry_id, op[3])
    if kind == "field":
        return SetFields(collection, entry_id, {op[3]: op[4]})
    if kind == "add" and collection == "gaps":
        return AddEntry(collection, {"id": entry_id, "title": op[3], "severity": "nice_to_have"})
    if kind == "add":
        return AddEntry(collection, {"id": entry_id, "title": op[3], "status": "pending"})
    if kind == "delete":
        return DeleteEntry(collection, entry_id)
    return MoveEntry(collection, entry_id, op[3])


def _touched(op: Op) -> tuple[str, Any, str]:
    kind, collection, entry_id = op[:3]
    if kind in ("status", "field"):
        field = "status" if kind == "status" else op[3]
        if collection == "criteria" and field == "result":
            field = "status"  # a criterion's status and result are one decision
        return collection, entry_id or "", field
    if kind == "move":
        return collection, "", "order"
    return collection, entry_id, "*"


def _apart(ours: list[Op], theirs: list[Op]) -> bool:
    """No field set on both sides, no entry edited on one and added or deleted on the other,
    and the order of one collection changed by one side only (a move on each side of the same
    collection is merged by pairs, not as one applied after the other: see the test below)."""
    for o in map(_touched, ours):
        for t in map(_touched, theirs):
            if o[:2] == t[:2] and "*" in (o[2], t[2]) or o == t:
                return False
            if o[0] == t[0] and "order" in (o[2], t[2]) and {o[2], t[2]} <= {"order", "*"}:
                return False
    return True


def _clock(start: dt.datetime) -> Any:
    ticks = iter(range(10_000))
    return lambda: start + dt.timedelta(minutes=next(ticks))


def _apply(store: Any, ops: list[Op]) -> list[Op]:
    applied = []
    for op in ops:
        try:
            store.apply(_change(op))
        except ChangeRejected:
            continue
        applied.append(op)
    return applied


def _entries(text: str) -> dict[tuple[str, str], str]:
    """Each entry's text from its header to its last key (found independently of the engine:
    a plain scan for header lines), by (collection, id)."""
    starts = [m.start() for m in re.finditer(r"^\[", text, re.MULTILINE)] + [len(text)]
    found = {}
    for start, end in zip(starts, starts[1:], strict=False):
        lines = text[start:end].splitlines(keepends=True)
        while lines and (not lines[-1].strip() or lines[-1].startswith("#")):
            lines.pop()  # comments above the next header belong to it
        chunk = "".join(lines)
        header = re.match(r"\[\[?([a-z_]+)", chunk)
        assert header is not None
        entry = tomllib.loads(chunk)[header[1]]
        key = entry[0].get("id", repr(entry[0])) if isinstance(entry, list) else ""
        found[(header[1], key)] = chunk
    return found


SETTINGS: dict[str, Any] = dict(
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
    phases=None if os.environ.get("PILOTDESK_SHRINK") else [Phase.explicit, Phase.generate],
)


@settings(max_examples=80, **SETTINGS)
@given(_ops("ours"), _ops("theirs"), st.booleans())
def test_edits_to_different_fields_merge_to_both_applied(
    ours_ops: list[Op], theirs_ops: list[Op], theirs_earlier: bool
) -> None:
    early, late = dt.datetime(2026, 11, 23, 9, 0), dt.datetime(2026, 11, 24, 9, 0)
    ours = load_text(BASE, clock=_clock(late if theirs_earlier else early))
    theirs = load_text(BASE, clock=_clock(early if theirs_earlier else late))
    ours_ops, theirs_ops = _apply(ours, ours_ops), _apply(theirs, theirs_ops)
    if not _apart(ours_ops, theirs_ops):
        return
    both = load_text(BASE)
    both.clock = _clock(late if theirs_earlier else early)
    assert _apply(both, ours_ops) == ours_ops
    both.clock = _clock(early if theirs_earlier else late)
    assert _apply(both, theirs_ops) == theirs_ops

    merged = merge_texts(BASE, ours.text(), theirs.text())

    assert merged.conflicts == 0
    data, expected = tomllib.loads(merged.text), tomllib.loads(both.text())
    new = [
        entry
        for side in (ours, theirs)
        for entry in tomllib.loads(side.text())["log"][len(DATA["log"]) :]
    ]
    # The log: the union, the new entries in time order (ours first at the same instant).
    assert data.pop("log") == DATA["log"] + sorted(new, key=lambda entry: entry["at"])
    expected.pop("log")
    assert data == expected
    if not theirs_earlier:
        assert merged.text == both.text()
    touched = {_touched(op)[:2] for op in ours_ops + theirs_ops}
    after = _entries(merged.text)
    for key, chunk in _entries(BASE).items():
        if key not in touched and key[0] != "log":
            assert after[key] == chunk, key
    assert merged.text.startswith(BASE[: BASE.index("[pilot]")])


@settings(max_examples=40, **SETTINGS)
@given(_ops("ours"), _ops("theirs"))
def test_merge_is_symmetric_but_for_who_goes_first(
    ours_ops: list[Op], theirs_ops: list[Op]
) -> None:
    ours, theirs = (
        load_text(BASE, clock=_clock(dt.datetime(2026, 11, 23, 9))),
        load_text(BASE, clock=_clock(dt.datetime(2026, 11, 24, 9))),
    )
    ours_ops, theirs_ops = _apply(ours, ours_ops), _apply(theirs, theirs_ops)
    try:
        one = merge_texts(BASE, ours.text(), theirs.text())
    except OrderConflict:  # one collection moved two ways: so it is the other way round
        with pytest.raises(OrderConflict):
            merge_texts(BASE, theirs.text(), ours.text())
        return
    other = merge_texts(BASE, theirs.text(), ours.text())
    assert one.conflicts == other.conflicts
    if not one.conflicts and not any(op[0] in ("add", "move") for op in ours_ops + theirs_ops):
        assert tomllib.loads(one.text) == tomllib.loads(other.text)


@st.composite
def _one_entry_two_sides(draw: st.DrawFn) -> tuple[list[Op], list[Op]]:
    """Both sides edit the same entry, in different fields (the block merge, key by key)."""
    entry = draw(st.sampled_from(IDS["criteria"]))
    fields = draw(st.permutations(("status", "result", "evidence", "title", "notes")))
    split = draw(st.integers(1, 4))
    ops = [
        ("status", "criteria", entry, draw(st.sampled_from(("pending", "passed", "failed"))))
        if name == "status"
        else ("field", "criteria", entry, name, draw(WORDS))
        for name in fields
    ]
    return ops[:split], ops[split:]


@settings(max_examples=60, **SETTINGS)
@given(_one_entry_two_sides())
def test_one_entry_edited_in_different_fields_merges_key_by_key(
    sides: tuple[list[Op], list[Op]],
) -> None:
    test_edits_to_different_fields_merge_to_both_applied.hypothesis.inner_test(*sides, False)  # type: ignore[attr-defined]


@st.composite
def _same_fields_two_ways(draw: st.DrawFn) -> tuple[list[Op], list[Op]]:
    """Both sides set the same fields of one criterion, each to its own value."""
    entry = draw(st.sampled_from(IDS["criteria"]))
    fields = draw(
        st.lists(st.sampled_from(("result", "evidence", "title")), min_size=1, unique=True)
    )
    ours = [("field", "criteria", entry, name, "ours " + draw(WORDS)) for name in fields]
    theirs = [("field", "criteria", entry, name, "theirs " + draw(WORDS)) for name in fields]
    return ours, theirs


@settings(max_examples=40, **SETTINGS)
@given(_same_fields_two_ways(), st.sampled_from(("ours", "theirs")))
def test_each_field_set_two_ways_is_one_conflict_and_resolving_takes_that_side(
    sides: tuple[list[Op], list[Op]], pick: str
) -> None:
    ours = load_text(BASE, clock=_clock(dt.datetime(2026, 11, 23, 9)))
    theirs = load_text(BASE, clock=_clock(dt.datetime(2026, 11, 24, 9)))
    _apply(ours, sides[0]), _apply(theirs, sides[1])

    merged = merge_texts(BASE, ours.text(), theirs.text())

    assert merged.conflicts == len(sides[0])
    regions = find_conflicts(merged.text)
    entry = sides[0][0][2]
    index = IDS["criteria"].index(entry)
    assert sorted(r.field for r in regions) == sorted(
        f"criteria[{index}].{op[3]}" for op in sides[0]
    )
    for region in regions:  # markers around that field's line only
        assert region.end - region.start == 5
    resolved = tomllib.loads(resolve(merged.text, [pick] * len(regions)))  # type: ignore[list-item]
    chosen = tomllib.loads((ours if pick == "ours" else theirs).text())
    assert resolved["criteria"] == chosen["criteria"]
    assert len(resolved["log"]) == len(DATA["log"]) + 2 * len(sides[0])


@st.composite
def _moves_in_one_collection(draw: st.DrawFn) -> tuple[str, list[Op], list[Op]]:
    name = draw(st.sampled_from(("criteria", "stakeholders", "checklist")))
    move = st.tuples(
        st.just("move"), st.just(name), st.sampled_from(IDS[name]), st.sampled_from((-1, 1))
    )
    return (
        name,
        draw(st.lists(move, min_size=1, max_size=4)),
        draw(st.lists(move, min_size=1, max_size=4)),
    )


@settings(max_examples=60, **SETTINGS)
@given(_moves_in_one_collection())
def test_reorders_of_one_collection_on_both_sides_keep_both_or_conflict(
    case: tuple[str, list[Op], list[Op]],
) -> None:
    """Every pair of entries keeps the order the side that changed it gave it; when no order
    does that, a conflict (:class:`OrderConflict`), the same whichever side is ours."""
    name, ours_ops, theirs_ops = case
    ours, theirs = load_text(BASE), load_text(BASE)
    _apply(ours, ours_ops), _apply(theirs, theirs_ops)
    orders = [[e["id"] for e in tomllib.loads(t)[name]] for t in (BASE, ours.text(), theirs.text())]
    results = []
    for one, other in ((ours, theirs), (theirs, ours)):
        try:
            merged = merge_texts(BASE, one.text(), other.text())
        except OrderConflict:
            results.append(None)
            continue
        assert merged.conflicts == 0
        results.append([e["id"] for e in tomllib.loads(merged.text)[name]])
    assert results[0] == results[1]  # symmetric
    if results[0] is None:
        return
    at = [{key: n for n, key in enumerate(order)} for order in orders]
    got = {key: n for n, key in enumerate(results[0])}
    for x in orders[0]:
        for y in orders[0]:
            was = at[0][x] < at[0][y]
            changed = [side[x] < side[y] for side in at[1:] if (side[x] < side[y]) != was]
            assert (got[x] < got[y]) == (changed[0] if changed else was), (x, y)


COMMENTS = st.sampled_from(("", "  # confirmed by Maria on the call", "  # per BR-21", " # ok"))


@settings(max_examples=40, **SETTINGS)
@given(
    st.sampled_from(IDS["criteria"]),
    st.sampled_from(("pending", "passed", "failed")),
    COMMENTS,
    COMMENTS,
)
def test_a_comment_on_a_value_both_sides_agree_on_is_kept(
    entry: str, status: str, ours_comment: str, theirs_comment: str
) -> None:
    index = IDS["criteria"].index(entry)
    sides = []
    for comment in (ours_comment, theirs_comment):
        store = load_text(BASE, clock=_clock(dt.datetime(2026, 11, 23, 9)))
        _apply(store, [("status", "criteria", entry, status)])
        text = store.text()
        line = f'status = "{status}"\n'
        blocks = text.split("[[criteria]]")
        blocks[index + 1] = blocks[index + 1].replace(line, line[:-1] + comment + "\n", 1)
        sides.append("[[criteria]]".join(blocks))
    for one, other in (sides, sides[::-1]):
        merged = merge_texts(BASE, one, other)
        assert merged.conflicts == 0
        assert tomllib.loads(merged.text)["criteria"][index]["status"] == status
        for comment in {ours_comment.strip(), theirs_comment.strip()} - {""}:
            assert comment in merged.text


FALLBACK_BASE = BASE.replace(
    'notes = "Retest with', 'notes = """\n[pilot]\n"""\nnote2 = "Retest with'
)


@settings(max_examples=25, **SETTINGS)
@given(_ops("ours"), _ops("theirs"))
def test_the_line_merge_fallback_says_clean_only_for_a_valid_pilot(
    tmp_path_factory: Any, ours_ops: list[Op], theirs_ops: list[Op]
) -> None:
    """A pilot the engine cannot cut (a header-like line in a string) is merged by git's line
    merge; exit 0 only when the result is a valid pilot, else 1 (never 0 with a broken file)."""
    assert FALLBACK_BASE != BASE
    folder = tmp_path_factory.mktemp("fallback")
    texts = [FALLBACK_BASE]
    for ops in (ours_ops, theirs_ops):
        store = load_text(FALLBACK_BASE)
        _apply(store, ops)
        texts.append(store.text())
    paths = [folder / name for name in ("base", "ours", "theirs")]
    for path, text in zip(paths, texts, strict=True):
        path.write_text(text, "utf-8")
    code = run(*paths, "acme.toml")
    result = paths[1].read_bytes()
    if code == 0:
        parse_bytes(result, "acme.toml")  # raises if not a valid pilot
    else:
        assert code == 1
        try:
            parse_bytes(result, "acme.toml")
        except PilotFileError:
            return
        assert b"<<<<<<<" in result  # valid, but git's merge left markers

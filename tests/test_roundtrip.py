"""Issue 2, acceptance point 1: a save changes only the lines it must.

Loading and saving gives the file back byte for byte; a change touches its own line and appends
one ``[[log]]`` entry; comments, blank lines, key order and unknown keys survive; delete + undo
and move + move back are exact; new tables land where a person would put them; invalid changes
are refused with the file untouched.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest

from pilotdesk.domain.errors import ChangeRejected
from pilotdesk.pilotfile.read import parse_bytes
from pilotdesk.session.changes import (
    AddEntry,
    DeleteEntry,
    MoveEntry,
    SetFields,
    SetStatus,
    SetTechnicalWin,
)
from pilotdesk.session.store import PilotStore

SAMPLES = ("acme", "northwind", "ready")
STAMP = "2026-11-22T10:30:00"
NEXT_STATUS = {"pending": "passed", "passed": "failed", "failed": "pending"}
NEXT_ITEM_STATUS = {"todo": "doing", "doing": "done", "done": "skipped", "skipped": "todo"}

MakePilot = Callable[[str], Path]
Clock = Callable[[], dt.datetime]


@pytest.fixture(autouse=True)
def _no_fsync(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests save hundreds of times; durability is test_save.py's business."""
    monkeypatch.setattr(os, "fsync", lambda fd: None)


# --- helpers -------------------------------------------------------------------------------


def log_block(*events: str) -> str:
    """The text pilotdesk appends for these log events (clock fixed at 2026-11-22 10:30)."""
    return "".join(f'\n[[log]]\nat = {STAMP}\nevent = "{event}"\n' for event in events)


def before_log(text: str) -> str:
    """Everything above the first ``[[log]]`` header: what an edit + undo must restore."""
    return re.split(r"(?m)^\[\[log\]\]", text, maxsplit=1)[0]


def edits(old: str, new: str) -> list[tuple[str, int, int, int, int]]:
    """The non-equal line opcodes turning ``old`` into ``new``."""
    matcher = difflib.SequenceMatcher(a=old.splitlines(), b=new.splitlines(), autojunk=False)
    return [op for op in matcher.get_opcodes() if op[0] != "equal"]


def line_index(text: str, pattern: str, after: int = 0) -> int:
    """0-based index of the first line at or after ``after`` matching ``pattern`` (a regex)."""
    lines = text.splitlines()
    for index in range(after, len(lines)):
        if re.search(pattern, lines[index]):
            return index
    raise AssertionError(f"no line matches {pattern!r}")


def entry_key_line(text: str, header: str, entry_id: str, key: str) -> int:
    """0-based line of ``key`` inside the ``[[header]]`` entry with ``id = entry_id``."""
    start = line_index(text, rf'^id = "{re.escape(entry_id)}"')
    assert text.splitlines()[start - 1] == f"[[{header}]]"
    return line_index(text, rf"^{re.escape(key)} = ", after=start)


def ids(path: Path, collection: str) -> list[str]:
    return [
        entry["id"] for entry in tomllib.loads(path.read_text(encoding="utf-8")).get(collection, [])
    ]


def all_entry_ids(path: Path) -> list[tuple[str, str]]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return [
        (collection, entry["id"])
        for collection in ("criteria", "stakeholders", "checklist")
        for entry in data.get(collection, [])
    ]


def no_criteria_pilot() -> str:
    """A hand-written pilot with a scorecard section comment but no criteria yet."""
    return (
        "# Globex — first look\n"
        "schema = 1\n"
        "\n"
        "[pilot]\n"
        'title = "Globex evaluation"\n'
        'prospect = "Globex"\n'
        'product = "Lumen S3"\n'
        'champion = "ann"\n'
        "\n"
        "[commercial]\n"
        'sponsor = "ann"    # for now\n'
        "\n"
        "\n"
        "# --- Scorecard: to be agreed on Tuesday ----------\n"
        "\n"
        "\n"
        "# --- People ----------------------------------------\n"
        "\n"
        "[[stakeholders]]\n"
        'id = "ann"\n'
        'name = "Ann Perkins"\n'
        'role = "sponsor"\n'
        "\n"
        "\n"
        "# --- History --------------------------------------\n"
        "\n"
        "[[log]]\n"
        "at = 2026-11-20T09:00:00\n"
        'event = "pilot created"\n'
    )


# --- loading and saving without a change ------------------------------------------------------


@pytest.mark.parametrize("name", SAMPLES)
def test_sample_loads_and_renders_byte_for_byte(
    name: str, tmp_pilot: MakePilot, clock: Clock
) -> None:
    path = tmp_pilot(name)
    original = path.read_bytes()
    store = PilotStore.open(path, clock)
    assert store.text().encode("utf-8") == original
    assert not store.dirty
    store.save()  # nothing changed: nothing is written
    assert path.read_bytes() == original
    assert store.last_saved is None


@pytest.mark.parametrize("name", SAMPLES)
def test_change_and_undo_restore_every_byte_above_the_log(
    name: str, tmp_pilot: MakePilot, clock: Clock
) -> None:
    path = tmp_pilot(name)
    original = path.read_text(encoding="utf-8")
    store = PilotStore.open(path, clock)
    first = store.pilot.criteria[0]
    new_status = NEXT_STATUS[first.status]

    assert store.apply(SetStatus("criteria", first.id, new_status)).saved
    assert store.undo().saved  # type: ignore[union-attr]

    saved = path.read_text(encoding="utf-8")
    assert before_log(saved) == before_log(original)
    assert saved == original + log_block(
        f"criterion {first.id}: {first.status} -> {new_status}",
        f"criterion {first.id}: {new_status} -> {first.status} (undo)",
    )
    assert store.text() == saved


def _criteria_cases() -> list[tuple[str, str, str]]:
    root = Path(__file__).resolve().parent.parent / "sample_pilots"
    cases = []
    for name in SAMPLES:
        for criterion in tomllib.loads((root / f"{name}.toml").read_text(encoding="utf-8"))[
            "criteria"
        ]:
            cases.append((name, criterion["id"], criterion["status"]))
    return cases


@pytest.mark.parametrize(("name", "cid", "status"), _criteria_cases())
def test_status_change_rewrites_only_that_line_and_appends_the_log(
    name: str, cid: str, status: str, tmp_pilot: MakePilot, clock: Clock
) -> None:
    path = tmp_pilot(name)
    old = path.read_text(encoding="utf-8")
    new_status = NEXT_STATUS[status]
    store = PilotStore.open(path, clock)

    outcome = store.apply(SetStatus("criteria", cid, new_status))

    assert outcome.saved and outcome.description == f"criterion {cid}: {status} -> {new_status}"
    new = path.read_text(encoding="utf-8")
    status_line = entry_key_line(old, "criteria", cid, "status")
    n = len(old.splitlines())
    assert edits(old, new) == [
        ("replace", status_line, status_line + 1, status_line, status_line + 1),
        ("insert", n, n, n, n + 4),
    ]
    assert old.splitlines()[status_line] == f'status = "{status}"'
    assert new.splitlines()[status_line] == f'status = "{new_status}"'
    assert new.endswith(log_block(f"criterion {cid}: {status} -> {new_status}"))
    assert parse_bytes(new.encode(), path).pilot.criterion(cid).status == new_status  # type: ignore[union-attr]


@pytest.mark.parametrize("name", SAMPLES)
def test_checklist_status_change_rewrites_only_that_line(
    name: str, tmp_pilot: MakePilot, clock: Clock
) -> None:
    path = tmp_pilot(name)
    old = path.read_text(encoding="utf-8")
    store = PilotStore.open(path, clock)
    item = store.pilot.checklist[-1]
    new_status = NEXT_ITEM_STATUS[item.status]

    store.apply(SetStatus("checklist", item.id, new_status))

    new = path.read_text(encoding="utf-8")
    line = entry_key_line(old, "checklist", item.id, "status")
    n = len(old.splitlines())
    assert edits(old, new) == [
        ("replace", line, line + 1, line, line + 1),
        ("insert", n, n, n, n + 4),
    ]
    assert new.endswith(log_block(f"checklist {item.id}: {item.status} -> {new_status}"))


def test_edit_keeps_comments_blank_lines_key_order_and_unknown_keys(
    tmp_pilot: MakePilot, clock: Clock
) -> None:
    path = tmp_pilot("acme")
    old = path.read_text(encoding="utf-8")
    store = PilotStore.open(path, clock)
    store.apply(SetStatus("criteria", "thermal_drift", "passed"))
    store.apply(
        SetFields(
            "stakeholders", "li", {"stance": "supporter", "last_contact": dt.date(2026, 11, 22)}
        )
    )
    store.apply(SetFields("pilot", None, {"ends": dt.date(2026, 12, 18)}))
    new = path.read_text(encoding="utf-8")

    old_lines, new_lines = old.splitlines(), new.splitlines()
    # Every comment line and every blank line is still there, in the same order.
    assert [line for line in old_lines if line.startswith("#")] == [
        line for line in new_lines[: len(old_lines)] if line.startswith("#")
    ]
    assert [i for i, line in enumerate(old_lines) if not line] == [
        i for i, line in enumerate(new_lines[: len(old_lines)]) if not line
    ]
    # The trailing comments of edited lines survive.
    assert (
        "ends = 2026-12-18          # hard stop: Acme's design freeze for AMR-7 rev C is 2026-12-18"
        in new_lines
    )
    assert (
        "last_contact = 2026-11-22    # quiet since the budget review; Sam to ask Raj for a 20-min slot"
        in new_lines
    )
    # Keys pilotdesk does not know, and the key order of every table, are unchanged.
    before, after = tomllib.loads(old), tomllib.loads(new)
    assert after["pilot"]["lab"] == "Acme Boston test lab" and after["pilot"]["units_on_loan"] == 6
    assert after["criteria"][3]["notes"].startswith("Retest with FW 2.8")
    for table in ("pilot", "opportunity", "commercial"):
        assert list(after[table]) == list(before[table])
    for collection in ("criteria", "stakeholders", "checklist"):
        assert [list(e) for e in after[collection]] == [list(e) for e in before[collection]]
    # Exactly the four edited lines changed above the log.
    changed = [op for op in edits(old, new) if op[1] < len(old_lines)]
    assert [op[0] for op in changed] == ["replace"] * 4 and all(
        op[2] - op[1] == 1 for op in changed
    )


# --- line endings and trailing comments ---------------------------------------------------------


def test_crlf_file_round_trips_and_an_edit_keeps_crlf(
    tmp_path: Path, samples_dir: Path, clock: Clock
) -> None:
    text = (samples_dir / "acme.toml").read_text(encoding="utf-8").replace("\n", "\r\n")
    path = tmp_path / "acme.toml"
    path.write_bytes(text.encode("utf-8"))
    store = PilotStore.open(path, clock)
    assert store.text() == text

    store.apply(SetStatus("criteria", "sunlight", "passed"))
    store.apply(SetFields("criteria", "power", {"result": "3.1 W"}))  # a new key line
    store.apply(
        AddEntry("checklist", {"id": "security", "item": "Security review", "owner": "raj"})
    )

    raw = path.read_bytes()
    assert raw.count(b"\n") == raw.count(b"\r\n"), "every line still ends in CRLF"
    assert b'status = "passed"\r\nevidence = ""\r\nverifier = "kofi"' in raw
    lf_old, lf_new = text.replace("\r\n", "\n"), raw.decode().replace("\r\n", "\n")
    assert edits(lf_old, lf_new)[0][0] == "replace"  # the sunlight status line
    assert parse_bytes(raw, path).pilot.checklist_item("security") is not None

    for _ in range(3):
        store.undo()
    raw = path.read_bytes()
    assert raw.count(b"\n") == raw.count(b"\r\n")
    assert before_log(raw.decode()) == before_log(text)


def test_trailing_comment_on_the_status_line_survives_a_status_change(
    tmp_pilot: MakePilot, clock: Clock
) -> None:
    path = tmp_pilot("acme")
    old = path.read_text(encoding="utf-8")
    old_line = 'status = "pending"     # Kofi books the outdoor test for 2026-11-26'
    text = old.replace(
        'result = ""\nstatus = "pending"\nevidence = ""\nverifier = "kofi"',
        f'result = ""\n{old_line}\nevidence = ""\nverifier = "kofi"',
        1,
    )
    assert text != old
    path.write_text(text, encoding="utf-8")
    store = PilotStore.open(path, clock)

    store.apply(SetStatus("criteria", "sunlight", "failed"))

    new = path.read_text(encoding="utf-8")
    line = text.splitlines().index(old_line)
    assert (
        new.splitlines()[line]
        == 'status = "failed"     # Kofi books the outdoor test for 2026-11-26'
    )
    assert edits(text, new)[0] == ("replace", line, line + 1, line, line + 1)


# --- adding a key --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cid", "last_line"),
    [
        # followed by the comment block that heads the next [[criteria]]
        ("ros2_driver", "must_have = true"),
        # the last criterion: followed by blank lines and the "People" section comment
        (
            "shock_vibration",
            "must_have = false        # nice to have per Tom; their own test rig is booked until December",
        ),
    ],
)
def test_new_key_goes_after_the_entrys_last_key(
    cid: str, last_line: str, tmp_pilot: MakePilot, clock: Clock
) -> None:
    path = tmp_pilot("acme")
    old = path.read_text(encoding="utf-8")
    store = PilotStore.open(path, clock)

    store.apply(SetFields("criteria", cid, {"owner_note": "Ask Kofi"}))

    new = path.read_text(encoding="utf-8")
    start = line_index(old, rf'^id = "{cid}"')
    last = line_index(old, "^" + re.escape(last_line) + "$", after=start)
    assert edits(old, new)[0] == ("insert", last + 1, last + 1, last + 1, last + 2)
    assert new.splitlines()[last + 1] == 'owner_note = "Ask Kofi"'
    assert (
        tomllib.loads(new)["criteria"][
            [c["id"] for c in tomllib.loads(new)["criteria"]].index(cid)
        ]["owner_note"]
        == "Ask Kofi"
    )
    store.undo()
    assert before_log(path.read_text(encoding="utf-8")) == before_log(old)


# --- delete, move, and their undo ----------------------------------------------------------------


@pytest.mark.parametrize("name", SAMPLES)
def test_delete_then_undo_is_byte_exact_for_every_entry(
    name: str, tmp_pilot: MakePilot, clock: Clock
) -> None:
    path = tmp_pilot(name)
    original = path.read_text(encoding="utf-8")
    store = PilotStore.open(path, clock)
    deleted = 0
    for collection, entry_id in all_entry_ids(path):
        try:
            store.apply(DeleteEntry(collection, entry_id))
        except ChangeRejected:
            continue  # still referenced: covered by the rejection tests
        deleted += 1
        assert entry_id not in ids(path, collection)
        store.undo()
        assert before_log(path.read_text(encoding="utf-8")) == before_log(original), (
            f"{collection} {entry_id}"
        )
    assert deleted >= 10


@pytest.mark.parametrize("name", SAMPLES)
def test_move_then_move_back_is_byte_exact(name: str, tmp_pilot: MakePilot, clock: Clock) -> None:
    path = tmp_pilot(name)
    original = path.read_text(encoding="utf-8")
    store = PilotStore.open(path, clock)
    for collection in ("criteria", "stakeholders", "checklist"):
        order = ids(path, collection)
        for position, entry_id in enumerate(order):
            # one step down (up for the last) or, every other entry, all the way to the other end
            step = 1 if position < len(order) - 1 else -1
            for offset in (step if position % 2 else (-position if position else len(order)),):
                target = max(0, min(len(order) - 1, position + offset))
                store.apply(MoveEntry(collection, entry_id, offset))
                assert [e.id for e in getattr(store.pilot, collection)].index(entry_id) == target
                store.apply(MoveEntry(collection, entry_id, position - target))
                assert [e.id for e in getattr(store.pilot, collection)] == order
                assert before_log(path.read_text(encoding="utf-8")) == before_log(original), (
                    f"{entry_id} {offset}"
                )
    # and the undo of a move is a move back too
    store.apply(MoveEntry("criteria", order_first := ids(path, "criteria")[0], 2))
    store.undo()
    assert ids(path, "criteria")[0] == order_first
    assert before_log(path.read_text(encoding="utf-8")) == before_log(original)


def test_moving_an_entry_takes_the_comment_above_its_header_along(
    tmp_pilot: MakePilot, clock: Clock
) -> None:
    path = tmp_pilot("acme")
    store = PilotStore.open(path, clock)
    store.apply(MoveEntry("criteria", "thermal_drift", -3))
    text = path.read_text(encoding="utf-8")
    assert ids(path, "criteria")[0] == "thermal_drift"
    assert (
        "# per-unit temperature compensation table; Maria agreed to one retest in the chamber.\n"
        '[[criteria]]\nid = "thermal_drift"'
    ) in text
    # snr, now second, is separated by one blank line; the section comment and the signed
    # agreement under it stay on top.
    assert '\n\n[[criteria]]\nid = "snr"' in text
    assert "appendix B).\n\n[agreement]\n" in text
    assert 'after the profile"\n\n# Failed on 2026-11-19' in text


def test_deleting_an_entry_keeps_the_comment_above_the_next_entrys_header(
    tmp_pilot: MakePilot, clock: Clock
) -> None:
    path = tmp_pilot("acme")
    old = path.read_text(encoding="utf-8")
    store = PilotStore.open(path, clock)

    store.apply(DeleteEntry("criteria", "ros2_driver"))

    new = path.read_text(encoding="utf-8")
    assert 'id = "ros2_driver"' not in new
    assert (
        'evidence = "Bench report BR-19"\nverifier = "kofi"\nmust_have = true\n\n'
        "# Failed on 2026-11-19: drift is fine up to 40 °C, then climbs fast. Our FW 2.8 has the\n"
        "# per-unit temperature compensation table; Maria agreed to one retest in the chamber.\n"
        '[[criteria]]\nid = "thermal_drift"'
    ) in new
    # Only the ros2_driver block (its header, keys and the blank line after) went away.
    start = line_index(old, r'^id = "ros2_driver"') - 1
    old_lines = old.splitlines()
    assert old_lines[start] == "[[criteria]]" and old_lines[start + 9] == ""
    assert new.splitlines()[: len(old_lines) - 10] == old_lines[:start] + old_lines[start + 10 :]


def test_deleting_an_entry_takes_its_own_header_comment_and_undo_brings_it_back(
    tmp_pilot: MakePilot, clock: Clock
) -> None:
    path = tmp_pilot("acme")
    old = path.read_text(encoding="utf-8")
    store = PilotStore.open(path, clock)
    store.apply(DeleteEntry("criteria", "thermal_drift"))
    assert "# Failed on 2026-11-19" not in path.read_text(encoding="utf-8")
    store.undo()
    assert before_log(path.read_text(encoding="utf-8")) == before_log(old)


def test_deleting_the_last_entry_of_a_list_keeps_the_next_section_comment(
    tmp_pilot: MakePilot, clock: Clock
) -> None:
    path = tmp_pilot("acme")
    store = PilotStore.open(path, clock)
    store.apply(DeleteEntry("criteria", "shock_vibration"))
    text = path.read_text(encoding="utf-8")
    assert 'verifier = "maria"\nmust_have = false\n\n\n# --- People ---' in text


def test_deleting_every_criterion_keeps_the_section_comments_and_undo_restores_them(
    tmp_pilot: MakePilot, clock: Clock
) -> None:
    path = tmp_pilot("acme")
    original = path.read_text(encoding="utf-8")
    store = PilotStore.open(path, clock)
    order = ids(path, "criteria")
    for cid in order:
        store.apply(DeleteEntry("criteria", cid))
    text = path.read_text(encoding="utf-8")
    assert "[[criteria]]" not in text
    assert (
        text.index("# --- Scorecard") < text.index("# --- People") < text.index("[[stakeholders]]")
    )
    assert text.index("# --- History") < text.index("\n[[log]]\n"), (
        "the comments stay where they were, not at the end"
    )
    assert parse_bytes(text.encode(), path).pilot.criteria == []

    for _ in order:
        store.undo()
    assert ids(path, "criteria") == order
    assert before_log(path.read_text(encoding="utf-8")) == before_log(original)


# --- creating what is not there yet --------------------------------------------------------------


def test_first_criterion_goes_under_the_scorecard_comment_before_the_people(
    tmp_path: Path, clock: Clock
) -> None:
    path = tmp_path / "globex.toml"
    old = no_criteria_pilot()
    path.write_text(old, encoding="utf-8")
    store = PilotStore.open(path, clock)

    store.apply(
        AddEntry(
            "criteria",
            {"id": "snr", "title": "SNR at 2 m", "target": ">= 42 dB", "verifier": "ann"},
        )
    )

    new = path.read_text(encoding="utf-8")
    assert before_log(new) == (
        before_log(old).split("\n\n# --- People")[0]
        + '\n[[criteria]]\nid = "snr"\ntitle = "SNR at 2 m"\ntarget = ">= 42 dB"\nverifier = "ann"\n'
        + "\n\n# --- People"
        + before_log(old).split("\n\n# --- People")[1]
    )
    assert "# --- Scorecard: to be agreed on Tuesday ----------\n\n[[criteria]]" in new
    assert 'verifier = "ann"\n\n\n# --- People' in new
    assert parse_bytes(new.encode(), path).pilot.criteria[0].id == "snr"

    store.undo()
    assert before_log(path.read_text(encoding="utf-8")) == before_log(old)
    store.redo()
    assert before_log(path.read_text(encoding="utf-8")) == before_log(new)


def test_first_criterion_in_a_file_without_comments(tmp_path: Path, clock: Clock) -> None:
    path = tmp_path / "bare.toml"
    old = (
        'schema = 1\n[pilot]\ntitle = "T"\nprospect = "P"\nproduct = "X"\n'
        '[[stakeholders]]\nid = "ann"\nname = "Ann"\n'
    )
    path.write_text(old, encoding="utf-8")
    store = PilotStore.open(path, clock)
    store.apply(AddEntry("criteria", {"id": "a", "title": "A"}))
    new = path.read_text(encoding="utf-8")
    assert new.startswith(
        'schema = 1\n[pilot]\ntitle = "T"\nprospect = "P"\nproduct = "X"\n'
        '\n[[criteria]]\nid = "a"\ntitle = "A"\n'
        '\n[[stakeholders]]\nid = "ann"\nname = "Ann"\n'
    )
    store.undo()
    assert (
        before_log(path.read_text(encoding="utf-8")) == old + "\n"
    )  # + the blank line above the new [[log]]


def test_a_new_table_goes_before_the_next_sections_comment(
    tmp_pilot: MakePilot, clock: Clock
) -> None:
    path = tmp_pilot("acme")
    old = path.read_text(encoding="utf-8")
    store = PilotStore.open(path, clock)

    store.apply(SetFields("email", None, {"subject": "Lumen S3 evaluation: our shared conclusion"}))

    new = path.read_text(encoding="utf-8")
    assert (
        "first_po_expected = 2027-03-01    # pilot build of 250 units, then ~4,000/yr from Q3 2027\n"
        "\n[email]\n"
        'subject = "Lumen S3 evaluation: our shared conclusion"\n'
        "\n\n# --- Scorecard ---"
    ) in new
    assert tomllib.loads(new)["email"]["subject"].startswith("Lumen S3")
    store.undo()  # the table pilotdesk created goes away again
    assert before_log(path.read_text(encoding="utf-8")) == before_log(old)


def _win(**values: object) -> dict[str, object]:
    return {
        "verdict": "yes",
        "asked_on": dt.datetime(2026, 12, 10, 16, 5),
        "attendees": ["maria", "tom", "sam", "dana"],
        **values,
    }


def test_recording_a_technical_win_and_undoing_it(tmp_pilot: MakePilot, clock: Clock) -> None:
    path = tmp_pilot("acme")
    old = path.read_text(encoding="utf-8")
    store = PilotStore.open(path, clock)
    record = _win(
        verdict="more_time",
        attendees=["maria", "tom"],
        unproven=["thermal_drift"],
        prove_by=dt.date(2026, 12, 17),
    )

    outcome = store.apply(SetTechnicalWin(record))

    assert (
        outcome.saved
        and outcome.description == "technical win: more_time (in the room: maria, tom)"
    )
    new = path.read_text(encoding="utf-8")
    assert (  # after the last gap, where the brief's order puts the verdict
        'request = "LUM-2304"\nstatus = "planned"\n'
        "\n[technical_win]\n"
        'verdict = "more_time"\n'
        "asked_on = 2026-12-10T16:05:00\n"
        'attendees = ["maria", "tom"]\n'
        'unproven = ["thermal_drift"]\n'
        "prove_by = 2026-12-17\n"
        "\n\n# --- History (written by pilotdesk) ---------------------------------------\n\n[[log]]\n"
    ) in new
    win = parse_bytes(new.encode(), path).pilot.technical_win
    assert win is not None and win.verdict == "more_time" and win.unproven == ["thermal_drift"]
    assert store.pilot.technical_win == win

    store.undo()
    undone = path.read_text(encoding="utf-8")
    assert before_log(undone) == before_log(old)
    assert store.pilot.technical_win is None
    assert undone.endswith(
        log_block(
            "technical win: more_time (in the room: maria, tom)",
            "technical win: record removed (undo)",
        )
    )

    store.redo()
    assert before_log(path.read_text(encoding="utf-8")) == before_log(new)


def test_recording_the_verdict_again_keeps_comments_and_unknown_keys(
    tmp_pilot: MakePilot, clock: Clock
) -> None:
    path = tmp_pilot("ready")
    text = path.read_text(encoding="utf-8").replace(
        "\n\n# --- History",
        "\n\n# --- Verdict -----\n[technical_win]\n"
        'verdict = "yes_but"\nasked_on = 2026-12-15T14:00:00\nattendees = ["ingrid", "paul"]\n'
        'concern = "EMC margin"\nfollow_up_by = 2026-12-17T14:00:00\n'
        'minutes = "KI-MIN-140"   # our own key\n'
        "\n\n# --- History",
        1,
    )
    path.write_text(text, encoding="utf-8")
    store = PilotStore.open(path, clock)

    store.apply(
        SetTechnicalWin(
            {
                "verdict": "yes",
                "asked_on": dt.datetime(2026, 12, 17, 14, 0),
                "attendees": ["ingrid", "paul"],
            }
        )
    )

    new = path.read_text(encoding="utf-8")
    data = tomllib.loads(new)["technical_win"]
    assert data == {
        "verdict": "yes",
        "asked_on": dt.datetime(2026, 12, 17, 14, 0),
        "attendees": ["ingrid", "paul"],
        "minutes": "KI-MIN-140",
    }
    assert "\n\n# --- Verdict -----\n[technical_win]\n" in new
    assert "\n\n# --- History (written by pilotdesk)" in new
    assert new.count("# --- History") == 1

    store.undo()
    assert before_log(path.read_text(encoding="utf-8")) == before_log(text)


def test_removing_the_technical_win_keeps_the_comments_around_it(
    tmp_pilot: MakePilot, clock: Clock
) -> None:
    path = tmp_pilot("ready")
    store = PilotStore.open(path, clock)
    store.apply(SetTechnicalWin(_win(attendees=["ingrid", "paul"], verdict="no", reason="EMC")))
    recorded = path.read_text(encoding="utf-8")
    store.apply(SetTechnicalWin(None))
    text = path.read_text(encoding="utf-8")
    assert "[technical_win]" not in text and "# --- History (written by pilotdesk)" in text
    store.undo()
    assert before_log(path.read_text(encoding="utf-8")) == before_log(recorded)


# --- undo and redo ---------------------------------------------------------------------------------


def test_undo_redo_stacks(tmp_pilot: MakePilot, clock: Clock) -> None:
    path = tmp_pilot("northwind")
    original = path.read_text(encoding="utf-8")
    store = PilotStore.open(path, clock)
    assert not store.can_undo and not store.can_redo
    assert store.undo() is None and store.redo() is None

    store.apply(SetStatus("criteria", "cdc", "failed"))
    store.apply(SetFields("criteria", "cdc", {"result": "Lag 95 s on the 11-26 batch"}))
    assert store.can_undo and not store.can_redo

    assert store.undo().description == "criterion cdc: edited result (undo)"  # type: ignore[union-attr]
    assert store.pilot.criterion("cdc").result == "Max lag 22 s on 2026-11-12 batch (1.9 M rows)"  # type: ignore[union-attr]
    assert store.can_redo
    assert store.redo().description == "criterion cdc: edited result (redo)"  # type: ignore[union-attr]
    assert store.pilot.criterion("cdc").result == "Lag 95 s on the 11-26 batch"  # type: ignore[union-attr]
    assert not store.can_redo

    store.undo()
    store.undo()
    assert not store.can_undo and store.can_redo
    assert store.pilot.criterion("cdc").status == "passed"  # type: ignore[union-attr]
    assert before_log(path.read_text(encoding="utf-8")) == before_log(original)

    # A new change forgets what could be redone.
    store.apply(SetStatus("criteria", "ingest", "failed"))
    assert not store.can_redo and store.redo() is None

    events = [entry.event for entry in store.pilot.log[-7:]]
    assert events == [
        "criterion cdc: passed -> failed",
        "criterion cdc: edited result",
        "criterion cdc: edited result (undo)",
        "criterion cdc: edited result (redo)",
        "criterion cdc: edited result (undo)",
        "criterion cdc: failed -> passed (undo)",
        "criterion ingest: passed -> failed",
    ]
    assert [e.event for e in parse_bytes(path.read_bytes(), path).pilot.log] == [
        e.event for e in store.pilot.log
    ]


# --- refused changes ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (DeleteEntry("stakeholders", "maria"), "'maria' is not a stakeholder id"),
        (
            SetStatus("criteria", "snr", "passd"),
            "criteria[0].status: 'passd' is not one of 'pending', 'passed' or 'failed'; did you mean 'passed'?",
        ),
        (SetStatus("checklist", "nda", "finished"), "'finished' is not one of"),
        (
            AddEntry("criteria", {"id": "snr", "title": "Again"}),
            "there is already a criterion 'snr'; ids must be unique",
        ),
        (
            AddEntry("stakeholders", {"id": "zoe", "name": "Zoe", "reports_to": "nobody"}),
            "'nobody' is not a stakeholder id",
        ),
        (AddEntry("criteria", {"id": "no_title"}), "title: required, but missing"),
        (SetStatus("criteria", "nope", "passed"), "there is no criterion 'nope'"),
        (SetFields("stakeholders", "nobody", {"name": "X"}), "there is no stakeholder 'nobody'"),
        (
            SetFields("criteria", "snr", {"verifier": "ghost"}),
            "criteria[0].verifier: 'ghost' is not a stakeholder id",
        ),
        (SetFields("stakeholders", "maria", {"id": "mchen"}), "'maria' is not a stakeholder id"),
        (
            SetFields("pilot", None, {"ends": "2026-12-11"}),
            "pilot.ends: should be a date like 2026-11-20",
        ),
        (DeleteEntry("checklist", "gone"), "there is no checklist item 'gone'"),
        (MoveEntry("criteria", "snr", -1), "criterion snr is already first"),
        (MoveEntry("criteria", "missing", 1), "there is no criterion 'missing'"),
        (
            SetTechnicalWin(_win(attendees=["maria", "zed"])),
            "technical_win.attendees[1]: 'zed' is not a stakeholder id",
        ),
        (SetTechnicalWin(_win(verdict="maybe")), "technical_win.verdict: 'maybe' is not one of"),
    ],
)
def test_invalid_change_is_refused_and_nothing_changes(
    change: object, message: str, tmp_pilot: MakePilot, clock: Clock
) -> None:
    path = tmp_pilot("acme")
    original = path.read_bytes()
    store = PilotStore.open(path, clock)
    pilot = store.pilot

    with pytest.raises(ChangeRejected) as refused:
        store.apply(change)  # type: ignore[arg-type]

    assert message in str(refused.value)
    assert path.read_bytes() == original
    assert store.text().encode("utf-8") == original
    assert store.pilot == pilot
    assert not store.can_undo and not store.dirty
    # The store is still usable and in step with the file.
    store.apply(SetStatus("criteria", "power", "passed"))
    saved = path.read_text(encoding="utf-8")
    assert saved == original.decode().replace(
        'result = ""\nstatus = "pending"\nevidence = ""\nverifier = "maria"\nmust_have = false',
        'result = ""\nstatus = "passed"\nevidence = ""\nverifier = "maria"\nmust_have = false',
    ) + log_block("criterion power: pending -> passed")


@pytest.mark.parametrize(
    ("text", "change", "message"),
    [
        (
            'schema = 1\npilot = {title = "T", prospect = "P", product = "X"}\n',
            SetFields("pilot", None, {"ends": dt.date(2026, 12, 1)}),
            "pilot is not written as a [pilot] table in the file; pilotdesk can only edit it in that form",
        ),
        (
            'schema = 1\ncriteria = [{id = "c", title = "C"}]\n[pilot]\ntitle = "T"\nprospect = "P"\nproduct = "X"\n',
            SetStatus("criteria", "c", "passed"),
            "criteria is not written as [[criteria]] blocks in the file; pilotdesk can only edit it in that form",
        ),
        (
            'schema = 1\ntechnical_win = {verdict = "no", asked_on = 2026-11-01T10:00:00}\n[pilot]\ntitle = "T"\nprospect = "P"\nproduct = "X"\n',
            SetTechnicalWin(None),
            "technical_win is not written as a [technical_win] table in the file",
        ),
    ],
)
def test_inline_tables_are_refused_rather_than_rewritten(
    text: str, change: object, message: str, tmp_path: Path, clock: Clock
) -> None:
    path = tmp_path / "inline.toml"
    path.write_text(text, encoding="utf-8")
    store = PilotStore.open(path, clock)
    with pytest.raises(ChangeRejected, match=re.escape(message)):
        store.apply(change)  # type: ignore[arg-type]
    assert path.read_text(encoding="utf-8") == text and store.text() == text


def _template_pilot(tmp_path: Path) -> Path:
    from pilotdesk.pilotfile.template import new_pilot_text

    path = tmp_path / "globex.toml"
    path.write_text(
        new_pilot_text("Globex", "Lumen S3", dt.date(2026, 11, 2), dt.date(2026, 12, 11)),
        encoding="utf-8",
    )
    return path


def test_first_entries_of_a_new_pilot_go_under_the_comments_that_describe_them(
    tmp_path: Path, clock: Clock
) -> None:
    path = _template_pilot(tmp_path)
    old = path.read_text(encoding="utf-8")
    store = PilotStore.open(path, clock)

    store.apply(AddEntry("stakeholders", {"id": "ann", "name": "Ann Perkins", "role": "evaluator"}))
    store.apply(AddEntry("criteria", {"id": "snr", "title": "SNR at 2 m", "verifier": "ann"}))

    text = path.read_text(encoding="utf-8")
    # Each goes after the commented-out example of its section, before the next section.
    assert (
        '# must_have = true\n\n[[criteria]]\nid = "snr"\ntitle = "SNR at 2 m"\nverifier = "ann"\n\n\n# --- People ---'
        in text
    )
    assert (
        '# reports_to = ""                  # stakeholder id of their manager, if known\n\n'
        '[[stakeholders]]\nid = "ann"\nname = "Ann Perkins"\nrole = "evaluator"\n\n\n# --- Commercial track ---'
    ) in text
    assert (
        text.index("\n[[criteria]]\n")
        < text.index("\n[[stakeholders]]\n")
        < text.index("\n[[checklist]]\n")
    )
    assert [line for line in old.splitlines() if line.startswith("#")] == [
        line for line in text.splitlines() if line.startswith("#")
    ]

    store.undo()
    store.undo()
    assert before_log(path.read_text(encoding="utf-8")) == old + "\n"
    store.redo()
    store.redo()
    assert before_log(path.read_text(encoding="utf-8")) == before_log(text)


def test_undoing_a_creation_keeps_text_someone_added_around_it_meanwhile() -> None:
    """Changes are replayed on another writer's version (sync): the undo of creating a list
    restores the old text only where nobody else wrote in the meantime."""
    import tomlkit

    from pilotdesk.pilotfile.edit_target import WholeDocument
    from pilotdesk.session.editor import Editor

    old = no_criteria_pilot()
    doc = tomlkit.parse(old)
    editor = Editor(tomllib.loads(old), WholeDocument(doc))
    undo = AddEntry("criteria", {"id": "snr", "title": "SNR"}).apply(editor)
    assert doc.as_string() != old
    undo.apply(editor)
    assert doc.as_string() == old  # nobody else wrote: exact

    doc = tomlkit.parse(old)
    editor = Editor(tomllib.loads(old), WholeDocument(doc))
    undo = AddEntry("criteria", {"id": "snr", "title": "SNR"}).apply(editor)
    theirs = doc.as_string().replace(
        'title = "SNR"\n', 'title = "SNR"\n# their note about the scorecard\n'
    )
    doc = tomlkit.parse(theirs)  # the other writer's version, where the change is replayed
    editor = Editor(tomllib.loads(theirs), WholeDocument(doc))
    undo.apply(editor)
    assert "# their note about the scorecard" in doc.as_string()
    assert "[[criteria]]" not in doc.as_string()


def test_an_entry_header_written_with_spaces_is_kept(tmp_pilot: MakePilot, clock: Clock) -> None:
    path = tmp_pilot("acme")
    text = path.read_text(encoding="utf-8").replace(
        '[[criteria]]\nid = "power"', '[[ criteria ]]   # spaced\nid = "power"'
    )
    path.write_text(text, encoding="utf-8")
    store = PilotStore.open(path, clock)
    assert store.text() == text
    store.apply(SetStatus("criteria", "power", "passed"))
    store.apply(MoveEntry("criteria", "power", -4))
    new = path.read_text(encoding="utf-8")
    assert '[[ criteria ]]   # spaced\nid = "power"\ntitle = "Average power draw at 30 fps"' in new
    assert new.count("[[ criteria ]]") == 1
    store.undo()
    store.undo()
    assert before_log(path.read_text(encoding="utf-8")) == before_log(text)


COMPACT = """\
[pilot]
title = "T"
prospect = "P"
product = "X"
[[stakeholders]]
id = "a"
name = "A"
# above b
[[stakeholders]]
id = "b"
name = "B"
[stakeholders.detail]
note = "sub-table of b"
[[stakeholders]]
id = "c"
name = "C"
[stakeholders.detail]
note = "sub-table of c"
# --- checklist
[[checklist]]
id = "z"
item = "Z"
"""


def test_entries_without_blank_lines_between_them_stay_that_way(
    tmp_path: Path, clock: Clock
) -> None:
    path = tmp_path / "compact.toml"
    path.write_text(COMPACT, encoding="utf-8")
    store = PilotStore.open(path, clock)
    for entry_id in ("a", "b", "c"):
        store.apply(DeleteEntry("stakeholders", entry_id))
        store.undo()
        assert before_log(path.read_text(encoding="utf-8")) == COMPACT + "\n", entry_id
        for offset in (-2, -1, 1, 2):
            try:
                store.apply(MoveEntry("stakeholders", entry_id, offset))
            except ChangeRejected:
                continue
            store.undo()
            assert before_log(path.read_text(encoding="utf-8")) == COMPACT + "\n", (
                entry_id,
                offset,
            )
    store.apply(MoveEntry("stakeholders", "a", 2))
    assert (
        '[[stakeholders]]\nid = "a"\nname = "A"\n# --- checklist\n[[checklist]]'
        in path.read_text(encoding="utf-8")
    )
    store.undo()
    store.apply(AddEntry("stakeholders", {"id": "d", "name": "D"}))
    assert (
        'note = "sub-table of c"\n[[stakeholders]]\nid = "d"\nname = "D"\n# --- checklist\n'
        in path.read_text(encoding="utf-8")
    )


def test_saving_a_form_rewrites_only_the_fields_that_changed(
    tmp_pilot: MakePilot, clock: Clock
) -> None:
    path = tmp_pilot("acme")
    text = path.read_text(encoding="utf-8").replace(
        'title = "Signal-to-noise ratio at 2 m"\ntarget = ">= 42 dB"',
        'title = \'Signal-to-noise ratio at 2 m\'\ntarget = """>= 42 dB"""',
    )
    path.write_text(text, encoding="utf-8")
    store = PilotStore.open(path, clock)
    form = store.pilot.criterion("snr").model_dump()  # type: ignore[union-attr]
    form["result"] = "49.0 dB"

    store.apply(SetFields("criteria", "snr", form))

    new = path.read_text(encoding="utf-8")
    line = line_index(text, r'^result = "48.3 dB"$')
    n = len(text.splitlines())
    assert edits(text, new) == [
        ("replace", line, line + 1, line, line + 1),
        ("insert", n, n, n, n + 4),
    ]
    assert (
        'title = \'Signal-to-noise ratio at 2 m\'\ntarget = """>= 42 dB"""\nresult = "49.0 dB"'
        in new
    )


def test_a_refused_change_does_not_even_rewrite_a_line_the_same_way(
    tmp_pilot: MakePilot, clock: Clock
) -> None:
    path = tmp_pilot("acme")
    text = path.read_text(encoding="utf-8").replace('id = "tom"', "id = 'tom'   # literal")
    path.write_text(text, encoding="utf-8")
    store = PilotStore.open(path, clock)
    with pytest.raises(ChangeRejected, match="has spaces"):
        store.apply(SetFields("stakeholders", "tom", {"id": "tom becker"}))
    with pytest.raises(
        ChangeRejected, match="'tom2' is not a stakeholder id|is not a stakeholder id"
    ):
        store.apply(SetFields("stakeholders", "tom", {"id": "tom2"}))  # still referenced
    assert store.text() == text and path.read_text(encoding="utf-8") == text


@pytest.mark.parametrize(
    "ending",
    [
        'event = "checklist pricing: todo -> doing"',
        'event = "checklist pricing: todo -> doing"\n# the end, no newline',
    ],
)
def test_a_file_without_a_final_newline_gets_valid_appends(
    ending: str, tmp_pilot: MakePilot, clock: Clock
) -> None:
    path = tmp_pilot("acme")
    text = path.read_text(encoding="utf-8").rstrip("\n")
    text = text[: text.rindex('event = "checklist pricing')] + ending
    path.write_text(text, encoding="utf-8")
    store = PilotStore.open(path, clock)
    store.apply(SetStatus("criteria", "sunlight", "passed"))
    store.apply(SetTechnicalWin(_win(verdict="no", attendees=["maria"], reason="thermal drift")))
    new = path.read_text(encoding="utf-8")
    pilot = parse_bytes(new.encode(), path).pilot
    assert [e.event for e in pilot.log[-2:]] == [
        "criterion sunlight: pending -> passed",
        "technical win: no (in the room: maria)",
    ]
    assert pilot.technical_win is not None and pilot.technical_win.verdict == "no"
    assert 'event = "checklist pricing: todo -> doing"\n' in new
    if "# the end" in ending:
        assert new.endswith(
            'event = "technical win: no (in the room: maria)"\n# the end, no newline'
        )


def test_the_log_names_only_the_fields_that_change(tmp_pilot: MakePilot, clock: Clock) -> None:
    """The stakeholder form sends "reports to: nobody" for Li Wei, who reports to nobody; the
    log line and the undo's name only the date that was cleared."""
    store = PilotStore.open(tmp_pilot("acme"), clock, prepare=False)
    outcome = store.apply(
        SetFields("stakeholders", "li", {"last_contact": None, "reports_to": None})
    )
    assert outcome.description == "stakeholder li: edited last_contact"
    undone = store.undo()
    assert undone is not None and undone.description == "stakeholder li: edited last_contact (undo)"

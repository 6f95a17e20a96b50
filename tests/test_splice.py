"""Field edits spliced into the text give exactly the file the whole-document edit gives.

The store edits statuses and fields of entries without building the tomlkit document of the
whole file (see pilotdesk/splice.py); each test here makes the same change both ways and
compares the bytes, or checks that a file the splicer cannot handle is left to the document.
"""

from __future__ import annotations

import datetime as dt
import difflib
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st
from test_properties import SETTINGS, Generated, pilots  # tests/ is on sys.path (no package)

from pilotdesk.pilotfile.edit_target import SplicedPieces
from pilotdesk.pilotfile.splice import Headers, NotSpliceable, Splicer
from pilotdesk.session.changes import Batch, SetFields, SetStatus
from pilotdesk.session.editor import Editor
from pilotdesk.session.store import PilotStore

NOW = dt.datetime(2026, 11, 22, 10, 30)
SAMPLES = Path(__file__).resolve().parent.parent / "sample_pilots"


def spliced(text: str, change: Any) -> str:
    """``change`` made by splicing, as the store makes it (describe, apply, log)."""
    data = tomllib.loads(text)
    splicer = Splicer(text, data)
    editor = Editor(data, SplicedPieces(splicer))
    for collection, entry_id in change.fields_edited() or ():
        splicer.prepare(collection, editor.index_of(collection, entry_id))
    splicer.prepare_log()
    lines = change.describe(editor).splitlines()
    change.apply(editor)
    for line in lines:
        editor.append_log(NOW, line)
    text = splicer.text()
    # The headers the splice worked out for the next change are those a fresh scan finds.
    assert splicer.after is not None and splicer.after[0] == text
    if splicer.after[1] is not None:
        assert splicer.after[1] == Headers.scan(text)
    return text


def whole(tmp_path: Path, text: str, change: Any) -> str:
    """``change`` made on the whole tomlkit document."""
    path = tmp_path / "whole.toml"
    path.write_text(text, encoding="utf-8", newline="")
    store = PilotStore.open(path, lambda: NOW)  # prepare=True: the whole document from the start
    store.apply(change)
    return store.text()


def field_changes(data: dict[str, Any]) -> list[Any]:
    """For every entry: a status, a new field, a changed field and a removed field."""
    changes: list[Any] = []
    for collection in ("criteria", "stakeholders", "checklist"):
        for entry in data.get(collection, []):
            if collection == "criteria":
                changes.append(SetStatus(collection, entry["id"], "failed"))
            elif collection == "checklist":
                changes.append(SetStatus(collection, entry["id"], "doing"))
            changes.append(
                SetFields(collection, entry["id"], {"notes": 'said "yes" [on the call] :ok:'})
            )
            for key in [k for k in entry if k != "id"][-2:]:
                if isinstance(entry[key], str) and key not in ("title", "name", "item", "status"):
                    changes.append(SetFields(collection, entry["id"], {key: None}))
                elif isinstance(entry[key], str) and key != "status":
                    changes.append(SetFields(collection, entry["id"], {key: entry[key] + " (v2)"}))
    return changes


def assert_same(expected: str, got: str, change: Any) -> None:
    diff = "\n".join(
        difflib.unified_diff(
            expected.splitlines(), got.splitlines(), "document", "spliced", lineterm="", n=1
        )
    )
    assert got == expected, f"{change}\n{diff}"


@pytest.mark.parametrize("sample", ["acme", "northwind", "ready"])
def test_every_field_change_of_a_sample_splices_to_the_same_bytes(
    tmp_path: Path, sample: str
) -> None:
    text = (SAMPLES / f"{sample}.toml").read_text(encoding="utf-8")
    changes = field_changes(tomllib.loads(text))
    assert len(changes) > 30
    for change in changes:
        assert_same(whole(tmp_path, text, change), spliced(text, change), change)


def test_a_batch_of_statuses_splices_to_the_same_bytes(tmp_path: Path) -> None:
    text = (SAMPLES / "northwind.toml").read_text(encoding="utf-8")
    ids = [c["id"] for c in tomllib.loads(text)["criteria"]]
    change = Batch(tuple(SetStatus("criteria", cid, "passed") for cid in ids[:3]))
    assert change.fields_edited() == [("criteria", cid) for cid in ids[:3]]
    assert_same(whole(tmp_path, text, change), spliced(text, change), change)


@settings(max_examples=40, **SETTINGS)
@given(pilots(crlf=False), st.data())
def test_random_pilots_splice_to_the_same_bytes_or_are_left_to_the_document(
    generated: Generated, data: st.DataObject
) -> None:
    text = generated.text
    plain = tomllib.loads(text)
    changes = field_changes(plain)
    if not changes:
        return
    change = data.draw(st.sampled_from(changes))
    try:
        got = spliced(text, change)
    except NotSpliceable:
        return  # the store edits the whole document instead (tested in test_properties)
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        assert_same(whole(Path(folder), text, change), got, change)


PILOT = '[pilot]\ntitle = "T"\nprospect = "P"\nproduct = "X"\n'
LOG = '\n[[log]]\nat = 2026-11-20T10:00:00\nevent = "created"\n'
ENTRY = '\n[[criteria]]\nid = "snr"\ntitle = "SNR"\n'


@pytest.mark.parametrize(
    ("text", "why"),
    [
        (PILOT + ENTRY + '\n[criteria.notes]\nwho = "Maria"\n' + LOG, "a sub-table of the entry"),
        (
            PILOT + '\n[[criteria]]\nid = "snr"\ntitle = """\n[[criteria]]\n"""\n' + LOG,
            "a header-like line in a string",
        ),
        (
            PILOT
            + ENTRY
            + '\nlog = [{at = 2026-11-20T10:00:00, event = "created"}]\n'.replace(
                "\nlog", "\n[x]\nlog"
            ),
            "no [[log]]",
        ),
        (PILOT + ENTRY, "no log yet"),
        (
            PILOT
            + ENTRY
            + LOG
            + '\n[technical_win]\nverdict = "no"\nasked_on = 2026-11-20T10:00:00\n',
            "the log is not last",
        ),
        (
            PILOT + '\n[[ criteria ]]\nid = "snr"\ntitle = "SNR"\n' + LOG,
            "a header written with spaces",
        ),
    ],
)
def test_what_cannot_be_spliced_is_left_to_the_document(
    tmp_path: Path, text: str, why: str
) -> None:
    change = SetStatus("criteria", "snr", "passed")
    try:
        got = spliced(text, change)
    except NotSpliceable:
        return
    # Headers written with spaces are found too; then the result must be exact.
    assert why == "a header written with spaces"
    assert_same(whole(tmp_path, text, change), got, change)


def test_structural_changes_are_not_spliceable() -> None:
    from pilotdesk.session.changes import AddEntry, DeleteEntry, MoveEntry, SetTechnicalWin

    assert SetStatus("criteria", "a", "passed").fields_edited() == [("criteria", "a")]
    assert SetFields("criteria", "a", {"result": "1"}).fields_edited() == [("criteria", "a")]
    assert (
        SetFields("criteria", "a", {"id": "b"}).fields_edited() is None
    )  # may be referenced elsewhere
    assert SetFields("commercial", None, {"po_timeline": "Q1"}).fields_edited() is None
    for change in (
        AddEntry("criteria", {"id": "b", "title": "B"}),
        DeleteEntry("criteria", "a"),
        MoveEntry("criteria", "a", 1),
        SetTechnicalWin(None),
        Batch((SetStatus("criteria", "a", "passed"), SetTechnicalWin(None))),
    ):
        assert change.fields_edited() is None


@settings(max_examples=30, **SETTINGS)
@given(pilots(), st.data())
def test_a_store_that_splices_writes_what_a_store_with_the_whole_document_writes(
    generated: Generated, data: st.DataObject
) -> None:
    """The same steps (field edits, an add now and then, undo and redo) through a store opened
    as the workbook opens it (splicing until a change needs the document) and through one
    with the whole document from the start: the same text after every step."""
    import tempfile

    from pilotdesk.domain.errors import ChangeRejected
    from pilotdesk.session.changes import AddEntry

    with tempfile.TemporaryDirectory() as folder:
        stores = []
        for name, prepare in (("spliced.toml", False), ("whole.toml", True)):
            path = Path(folder) / name
            path.write_bytes(generated.text.encode("utf-8"))
            stores.append(PilotStore.open(path, lambda: NOW, prepare=prepare))
        spliced_store, whole_store = stores
        for step in range(data.draw(st.integers(1, 6))):
            kind = data.draw(st.sampled_from(["edit", "edit", "edit", "undo", "redo", "add"]))
            change: Any = None
            if kind == "add":
                change = AddEntry("checklist", {"id": f"added-{step}", "item": "NDA"})
            elif kind == "edit":
                changes = field_changes(tomllib.loads(whole_store.text()))
                if not changes:
                    continue
                change = data.draw(st.sampled_from(changes))
            event(
                f"{kind} {'spliced' if kind == 'edit' and not spliced_store.has_document else 'on the document'}"
            )
            outcomes: list[object] = []
            for store in stores:
                try:
                    if kind == "undo":
                        outcomes.append(store.undo() is not None)
                    elif kind == "redo":
                        outcomes.append(store.redo() is not None)
                    else:
                        outcomes.append(store.apply(change).description)
                except ChangeRejected as error:
                    outcomes.append(f"refused: {error}")
            assert outcomes[0] == outcomes[1], f"{kind} {change}: {outcomes}"
            assert_same(whole_store.text(), spliced_store.text(), change or kind)


# --- the log is validated once -------------------------------------------------------------------


def test_a_change_keeps_the_validated_log_and_gives_the_pilot_a_fresh_read_gives(
    tmp_path: Path,
) -> None:
    """The store does not validate the unchanged [[log]] again per change (it takes the log from
    the pilot it has); the pilot it ends with must still be the one reading the file gives."""
    from pilotdesk.pilotfile.read import read_file

    path = tmp_path / "acme.toml"
    path.write_text((SAMPLES / "acme.toml").read_text(encoding="utf-8"), encoding="utf-8")
    store = PilotStore.open(path, clock=lambda: NOW, prepare=False)
    before = store.pilot.log
    criterion = store.pilot.criteria[0]
    new = "failed" if criterion.status != "failed" else "passed"
    store.apply(SetStatus("criteria", criterion.id, new))
    store.apply(SetFields("criteria", criterion.id, {"result": "re-measured"}))

    fresh = read_file(path)[1].pilot
    assert store.pilot == fresh
    assert store.pilot.model_fields_set == fresh.model_fields_set
    assert store.pilot.log[: len(before)] == before
    assert len(store.pilot.log) == len(before) + 2


def test_a_log_that_is_not_the_validated_one_is_validated(tmp_path: Path) -> None:
    """Only the very same log entries skip validation: a log with another entry is checked."""
    from pilotdesk.domain.errors import PilotFileError
    from pilotdesk.session.editor import trial_copy

    store = PilotStore.open(SAMPLES / "acme.toml", prepare=False)
    data = trial_copy(store._data)
    data["log"] = [*data["log"], {"at": "yesterday", "event": "typed by hand"}]
    with pytest.raises(PilotFileError) as raised:
        store._validate_trial(data)
    assert raised.value.first.field == f"log[{len(data['log']) - 1}].at"


def test_a_key_on_a_long_log_scans_what_it_wrote_not_the_whole_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = (SAMPLES / "acme.toml").read_text(encoding="utf-8")
    log = "".join(
        f'\n[[log]]\nat = 2026-11-{1 + n % 28:02d}T09:00:00\nevent = "entry {n}"\n'
        for n in range(2000)
    )
    path = tmp_path / "long.toml"
    path.write_text(text.rstrip("\n") + "\n" + log, encoding="utf-8")
    store = PilotStore.open(path, lambda: NOW, prepare=False)
    store.apply(SetStatus("criteria", "sunlight", "passed"))  # the first key scans the file
    scanned: list[int] = []
    real = Headers.scan.__func__  # type: ignore[attr-defined]
    monkeypatch.setattr(
        Headers, "scan", classmethod(lambda cls, t: scanned.append(len(t)) or real(cls, t))
    )
    for status in ("failed", "pending", "passed"):
        store.apply(SetStatus("criteria", "sunlight", status))
    assert scanned and max(scanned) < 2000  # the pieces written, never the 100 kB file
    assert store.text() == path.read_text(encoding="utf-8")
    fresh = PilotStore.open(path, lambda: NOW)  # the whole document: the same bytes
    assert tomllib.loads(fresh.text())["criteria"][4]["status"] == "passed"
    assert_same(
        whole(tmp_path, store.text(), SetStatus("criteria", "sunlight", "failed")),
        spliced(store.text(), SetStatus("criteria", "sunlight", "failed")),
        "after keys",
    )

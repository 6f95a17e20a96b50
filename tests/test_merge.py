"""Issue 13: the merge by meaning, case by case, the conflict messages, and the resolve screen."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from pilotdesk.cli import main
from pilotdesk.merge.blocks import Unmergeable, split_blocks
from pilotdesk.merge.conflicts import find_conflicts, locations, resolve
from pilotdesk.merge.engine import merge_texts
from pilotdesk.ui.resolve import ResolveApp, ResolveScreen

SAMPLE = Path(__file__).resolve().parent.parent / "sample_pilots" / "acme.toml"
BASE = SAMPLE.read_text("utf-8")
THERMAL_STATUS = (
    'result = "3.4 mm at 2 m between 45 and 50 °C (1.1 mm up to 40 °C)"\nstatus = "failed"'
)


def _status(text: str, value: str) -> str:
    assert text.count(THERMAL_STATUS) == 1
    return text.replace(THERMAL_STATUS, THERMAL_STATUS.replace('"failed"', f'"{value}"'))


def _criteria_ids(text: str) -> list[str]:
    return [c["id"] for c in tomllib.loads(text)["criteria"]]


def _without(text: str, entry_id: str) -> str:
    blocks = split_blocks(text)
    return "".join(b.text for b in blocks if b.key != ("criteria", entry_id))


def test_blocks_give_the_text_back_byte_for_byte() -> None:
    for sample in SAMPLE.parent.glob("*.toml"):
        text = sample.read_text("utf-8")
        assert "".join(b.text for b in split_blocks(text)) == text


def test_a_header_inside_a_multiline_string_is_not_merged_by_meaning() -> None:
    text = BASE.replace('notes = "Retest', 'notes = """\n[[criteria]]\n"""\nnote2 = "Retest')
    with pytest.raises(Unmergeable):
        split_blocks(text)


def test_an_entry_deleted_on_one_side_and_untouched_on_the_other_is_deleted() -> None:
    merged = merge_texts(BASE, _without(BASE, "snr"), _status(BASE, "passed"))
    assert merged.conflicts == 0
    assert "snr" not in _criteria_ids(merged.text)
    assert 'status = "passed"\nevidence = "Thermal' in merged.text


def test_an_entry_edited_on_one_side_and_deleted_on_the_other_is_a_conflict() -> None:
    merged = merge_texts(BASE, _status(BASE, "passed"), _without(BASE, "thermal_drift"))
    assert merged.conflicts == 1
    (region,) = find_conflicts(merged.text)
    assert region.theirs == ""
    assert '\n[[criteria]]\nid = "thermal_drift"' in region.ours
    (problem,) = locations(merged.text)
    assert problem.message == (
        "unresolved merge conflict in criteria[3] (thermal_drift): ours edited it, theirs deleted it"
    )


def test_the_same_entry_added_on_both_sides_is_kept_once() -> None:
    added = BASE.replace(
        "\n[[stakeholders]]", '\n[[criteria]]\nid = "noise"\ntitle = "Noise"\n\n[[stakeholders]]', 1
    )
    merged = merge_texts(BASE, added, added.replace('"Sam Lee"', '"Sam Li"'))
    assert merged.conflicts == 0
    assert _criteria_ids(merged.text).count("noise") == 1
    assert 'ae = "Sam Li"' in merged.text


def test_a_reorder_is_taken_from_the_side_that_reordered() -> None:
    blocks = split_blocks(BASE)
    first = next(i for i, b in enumerate(blocks) if b.key == ("criteria", "snr"))
    moved = blocks[:first] + [blocks[first + 1], blocks[first]] + blocks[first + 2 :]
    reordered = "".join(b.text for b in moved)
    for ours, theirs in (
        (reordered, _status(BASE, "passed")),
        (_status(BASE, "passed"), reordered),
    ):
        merged = merge_texts(BASE, ours, theirs)
        assert merged.conflicts == 0
        assert _criteria_ids(merged.text)[:2] == ["depth_accuracy", "snr"]
        assert 'status = "passed"\nevidence = "Thermal' in merged.text


def test_comments_and_unknown_keys_from_both_sides_are_kept() -> None:
    ours = BASE.replace(
        'must_have = true\nnotes = "Retest',
        'must_have = true\nchamber = "Espec"  # ours\nnotes = "Retest',
    )
    theirs = BASE.replace('id = "thermal_drift"\n', '# theirs: see TC-05\nid = "thermal_drift"\n')
    merged = merge_texts(BASE, ours, theirs)
    assert merged.conflicts == 0
    assert '\nchamber = "Espec"  # ours\n' in merged.text
    assert '\n# theirs: see TC-05\nid = "thermal_drift"\n' in merged.text


def test_a_field_set_two_ways_gets_markers_around_that_line_only() -> None:
    merged = merge_texts(BASE, _status(BASE, "passed"), _status(BASE, "pending"))
    assert merged.conflicts == 1
    assert (
        '°C)"\n<<<<<<< ours\nstatus = "passed"\n=======\nstatus = "pending"\n>>>>>>> theirs\nevidence'
        in merged.text
    )
    assert (
        merged.text.replace(
            '<<<<<<< ours\nstatus = "passed"\n=======\nstatus = "pending"\n>>>>>>> theirs\n',
            'status = "failed"\n',
        )
        == BASE
    )


def test_the_same_value_written_two_ways_is_not_a_conflict() -> None:
    merged = merge_texts(
        BASE,
        _status(BASE, "passed"),
        _status(BASE, "passed").replace('status = "passed"', "status = 'passed'"),
    )
    assert merged.conflicts == 0


def test_a_merge_whose_result_is_invalid_is_reported_not_recorded_as_clean(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Theirs deletes the stakeholder that ours makes a verifier: each side valid, not both.
    base, ours, theirs = (tmp_path / name for name in ("base", "ours", "theirs"))
    base.write_text(BASE, "utf-8")
    ours.write_text(
        BASE.replace(
            'verifier = "maria"\nmust_have = true\n\n[[criteria]]\nid = "depth',
            'verifier = "greta"\nmust_have = true\n\n[[criteria]]\nid = "depth',
            1,
        ),
        "utf-8",
    )
    blocks = split_blocks(BASE)
    theirs.write_text(
        "".join(b.text for b in blocks if b.key != ("stakeholders", "greta")), "utf-8"
    )
    assert tomllib.loads(theirs.read_text("utf-8"))  # still TOML
    assert main(["merge", str(base), str(ours), str(theirs), "acme.toml"]) == 1
    err = capsys.readouterr().err
    assert "acme.toml: merged, but the result is not valid" in err
    assert "criteria[0].verifier" in err


def test_check_names_each_conflict_and_open_does_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pilot = tmp_path / "acme.toml"
    text = merge_texts(BASE, _status(BASE, "passed"), _status(BASE, "pending")).text
    pilot.write_text(text, "utf-8")
    assert main(["check", str(pilot)]) == 2
    (line,) = capsys.readouterr().err.splitlines()
    number = text.splitlines().index("<<<<<<< ours") + 1
    assert line == (
        f"{pilot}:{number}: unresolved merge conflict in criteria[3].status (thermal_drift): "
        "ours 'passed', theirs 'pending'"
    )
    assert main(["email", str(pilot)]) == 2
    assert "unresolved merge conflict" in capsys.readouterr().err


def test_a_marker_without_its_end_is_still_reported() -> None:
    (problem,) = locations(BASE.replace("[opportunity]", "<<<<<<< HEAD\n[opportunity]"))
    assert problem.message == "unresolved merge conflict (an unmatched marker)"


def test_resolve_takes_ours_theirs_or_both() -> None:
    text = merge_texts(BASE, _status(BASE, "passed"), _status(BASE, "pending")).text
    assert resolve(text, ["ours"]) == _status(BASE, "passed")
    assert resolve(text, ["theirs"]) == _status(BASE, "pending")
    assert 'status = "passed"\nstatus = "pending"\n' in resolve(text, ["both"])


async def test_the_resolve_screen_resolves_a_conflict_and_saves(tmp_path: Path) -> None:
    pilot = tmp_path / "acme.toml"
    ours = _status(BASE, "passed").replace('ae = "Sam Lee"', 'ae = "Sam Lee (ours)"')
    theirs = _status(BASE, "pending").replace('ae = "Sam Lee"', 'ae = "Sam Lee (theirs)"')
    text = merge_texts(BASE, ours, theirs).text
    pilot.write_text(text, "utf-8")
    app = ResolveApp(pilot, text)
    async with app.run_test(size=(120, 30)) as pilot_app:
        await pilot_app.pause()
        screen = app.screen
        assert isinstance(screen, ResolveScreen)
        assert [r.field for r in screen.regions] == ["pilot.ae", "criteria[3].status"]
        await pilot_app.press("s")  # nothing chosen yet: not saved
        assert pilot.read_text("utf-8") == text
        await pilot_app.press("o", "b", "s")  # b: not offered for one field
        await pilot_app.pause()
        assert screen.choices == ["ours", None]
        assert screen.check_action("pick", ("both",)) is False
        assert str(screen.status.render()) == "1 conflict(s) left: pick o, t or b"
        assert pilot.read_text("utf-8") == text
        await pilot_app.press("k", "j", "t")  # up and back down to the status row
        await pilot_app.press("s")
        await pilot_app.pause()
    assert app.return_value is True
    saved = tomllib.loads(pilot.read_text("utf-8"))
    assert saved["pilot"]["ae"] == "Sam Lee (ours)"
    assert next(c for c in saved["criteria"] if c["id"] == "thermal_drift")["status"] == "pending"


async def test_escape_leaves_the_file_as_it_was(tmp_path: Path) -> None:
    pilot = tmp_path / "acme.toml"
    text = merge_texts(BASE, _status(BASE, "passed"), _status(BASE, "pending")).text
    pilot.write_text(text, "utf-8")
    app = ResolveApp(pilot, text)
    async with app.run_test() as pilot_app:
        await pilot_app.press("t", "escape")
        await pilot_app.pause()
    assert app.return_value is False
    assert pilot.read_text("utf-8") == text


def test_resolve_bindings_have_ids() -> None:
    ids = {binding.id for binding in ResolveScreen.BINDINGS}  # type: ignore[union-attr]
    assert ids == {
        "resolve.ours",
        "resolve.theirs",
        "resolve.both",
        "resolve.save",
        "resolve.cancel",
        "resolve.down",
        "resolve.up",
    }


def test_open_shows_the_resolve_screen_first_and_names_the_conflicts_when_left(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pilot = tmp_path / "acme.toml"
    text = merge_texts(BASE, _status(BASE, "passed"), _status(BASE, "pending")).text
    pilot.write_text(text, "utf-8")
    shown: list[Path] = []
    monkeypatch.setattr(
        "pilotdesk.ui.resolve.run_resolve", lambda path: shown.append(path) or False
    )
    assert main(["open", str(pilot)]) == 2
    assert shown == [pilot]
    assert (
        "unresolved merge conflict in criteria[3].status (thermal_drift)" in capsys.readouterr().err
    )
    assert pilot.read_text("utf-8") == text


def test_open_of_a_valid_file_with_a_marker_like_line_in_a_string_opens_the_workbook(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pilot = tmp_path / "acme.toml"
    pilot.write_text(
        BASE.replace('notes = "Retest', 'notes = """\n<<<<<<< not a marker\n"""\nlater = "Retest')
    )
    monkeypatch.setattr(
        "pilotdesk.ui.resolve.run_resolve", lambda path: pytest.fail("resolve shown")
    )
    opened: list[object] = []
    monkeypatch.setattr("pilotdesk.ui.app.run", lambda store, **kw: opened.append(store) or 0)
    assert main(["open", str(pilot)]) == 0
    assert len(opened) == 1


def test_a_section_comment_below_an_entry_deleted_and_edited_stays_once_outside_the_markers() -> (
    None
):
    from pilotdesk.session.changes import DeleteEntry, SetStatus
    from pilotdesk.session.store import load_text

    ours, theirs = load_text(BASE), load_text(BASE)
    ours.apply(SetStatus("criteria", "shock_vibration", "failed"))
    theirs.apply(DeleteEntry("criteria", "shock_vibration"))

    merged = merge_texts(BASE, ours.text(), theirs.text())

    assert merged.conflicts == 1
    (region,) = find_conflicts(merged.text)
    assert region.ours.lstrip("\n").startswith('[[criteria]]\nid = "shock_vibration"')
    assert "# --- People" not in region.ours
    assert merged.text.count("# --- People ---") == 1
    assert (
        tomllib.loads(resolve(merged.text, ["theirs"]))["criteria"]
        == tomllib.loads(theirs.text())["criteria"]
    )


def test_the_merge_package_imports_neither_the_session_nor_textual() -> None:
    import ast

    folder = Path(__file__).resolve().parent.parent / "pilotdesk" / "merge"
    for module in folder.glob("*.py"):
        tree = ast.parse(module.read_text("utf-8"))
        names = {
            alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.Import)
            for alias in node.names
        }
        names |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
        forbidden = ("pilotdesk.session", "pilotdesk.ui", "textual")
        if module.name in ("conflicts.py", "git.py"):  # check uses them: no tomlkit either
            forbidden += ("tomlkit",)
        assert not [n for n in names if n.startswith(forbidden)], module.name


def test_multiline_values_with_brackets_quotes_and_hashes_merge_key_by_key() -> None:
    # The value's end is found in one pass over the text (a 5,000-line string took a minute
    # when each longer prefix was parsed again; benchmarks/merge.py times it).
    long = "\n".join(f"line {i} [ {{ ' \" \\\\ #" for i in range(300))
    base = BASE.replace(
        'notes = "Retest',
        f"long = \"\"\"\n{long}\n\"\"\"\nlit = '''\n  [x]] \\\n'''\n"
        'arr = [\n  "a]",  # c ]\n  [1, 2],\n]\nnotes = "Retest',
    )
    ours = _status(base, "passed").replace("[1, 2]", "[1, 3]")
    theirs = base.replace("line 299", "line 299 edited")
    merged = merge_texts(base, ours, theirs)
    assert merged.conflicts == 0
    entry = tomllib.loads(merged.text)["criteria"][3]
    assert (entry["status"], entry["arr"]) == ("passed", ["a]", [1, 3]])
    assert entry["long"].endswith("line 299 edited [ { ' \" \\ #\n")
    assert entry["lit"] == "  [x]] \\\n"

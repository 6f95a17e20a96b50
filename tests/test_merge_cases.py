"""Issue 23: merges that never lose an edit. Each case the issue reproduced, as a named
regression test on the engine and the driver (real git in ``test_git_merges.py``)."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest

from pilotdesk.cli import main
from pilotdesk.merge.blocks import OrderConflict, split_blocks
from pilotdesk.merge.conflicts import find_conflicts, locations, resolve
from pilotdesk.merge.engine import merge_texts
from pilotdesk.ui.resolve import ResolveApp, ResolveScreen

SAMPLE = Path(__file__).resolve().parent.parent / "sample_pilots" / "acme.toml"
BASE = SAMPLE.read_text("utf-8")
THERMAL = 'status = "failed"\nevidence = "Thermal'


def _ids(text: str, collection: str) -> list[str]:
    return [entry["id"] for entry in tomllib.loads(text)[collection]]


def _without(text: str, collection: str, entry_id: str) -> str:
    return "".join(b.text for b in split_blocks(text) if b.key != (collection, entry_id))


def _swap(text: str, collection: str, first: str) -> str:
    """``first`` moved below the entry after it, as MoveEntry does."""
    blocks = split_blocks(text)
    at = next(i for i, b in enumerate(blocks) if b.key == (collection, first))
    return "".join(b.text for b in blocks[:at] + [blocks[at + 1], blocks[at]] + blocks[at + 2 :])


def _both_ways(base: str, one: str, other: str) -> list[tuple[str, int]]:
    return [
        (merged.text, merged.conflicts)
        for merged in (merge_texts(base, one, other), merge_texts(base, other, one))
    ]


def test_a_gap_deleted_on_one_side_and_edited_on_the_other_is_a_conflict_naming_both() -> None:
    edited = BASE.replace(
        'request = "LUM-2291"\nstatus = "open"', 'request = "LUM-2291"\nstatus = "wont_fix"'
    )
    assert edited != BASE
    deleted = _without(BASE, "gaps", "thermal_api")
    for text, conflicts in _both_ways(BASE, deleted, edited):
        assert conflicts == 1
        (problem,) = locations(text)
        assert "gaps[0] (thermal_api)" in problem.message
        assert "deleted it" in problem.message and "edited it" in problem.message


def test_entries_of_a_collection_pilotdesk_does_not_know_are_matched_by_id() -> None:
    base = BASE + '\n[[risks]]\nid = "r1"\nlevel = "low"\n\n[[risks]]\nid = "r2"\nlevel = "low"\n'
    edited = base.replace('id = "r1"\nlevel = "low"', 'id = "r1"\nlevel = "high"')
    deleted = base.replace('\n[[risks]]\nid = "r1"\nlevel = "low"\n', "\n")
    for _, conflicts in _both_ways(base, deleted, edited):
        assert conflicts == 1


def test_reorders_of_different_collections_on_each_side_are_both_kept() -> None:
    criteria = _swap(BASE, "criteria", "snr")  # ours: depth_accuracy above snr
    people = _swap(BASE, "stakeholders", "maria")  # theirs: the second stakeholder first
    for text, conflicts in _both_ways(BASE, criteria, people):
        assert conflicts == 0
        assert _ids(text, "criteria") == _ids(criteria, "criteria")
        assert _ids(text, "stakeholders") == _ids(people, "stakeholders")


def test_two_different_moves_in_one_collection_are_both_kept() -> None:
    ours = _swap(BASE, "criteria", "snr")
    theirs = _swap(BASE, "criteria", "sunlight")
    expected = _ids(_swap(ours, "criteria", "sunlight"), "criteria")
    for text, conflicts in _both_ways(BASE, ours, theirs):
        assert conflicts == 0
        assert _ids(text, "criteria") == expected


def test_one_collection_moved_two_ways_is_a_conflict_never_a_silent_pick(tmp_path: Path) -> None:
    # snr, depth_accuracy, ros2_driver: ours puts depth_accuracy first, theirs last.
    ours = _swap(BASE, "criteria", "snr")
    theirs = _swap(BASE, "criteria", "depth_accuracy")
    with pytest.raises(OrderConflict, match="both sides reordered the criteria"):
        merge_texts(BASE, ours, theirs)
    paths = [tmp_path / name for name in ("base", "ours", "theirs")]
    for path, text in zip(paths, (BASE, ours, theirs), strict=True):
        path.write_text(text, "utf-8")
    assert main(["merge", *map(str, paths), "acme.toml"]) == 1


def test_a_comment_on_a_value_both_sides_set_survives_either_way() -> None:
    plain = BASE.replace(THERMAL, 'status = "passed"\nevidence = "Thermal')
    noted = BASE.replace(
        THERMAL, 'status = "passed"  # confirmed by Maria on the call\nevidence = "Thermal'
    )
    for text, conflicts in _both_ways(BASE, plain, noted):
        assert conflicts == 0
        assert 'status = "passed"  # confirmed by Maria on the call\n' in text
    other = BASE.replace(THERMAL, 'status = "passed"  # per BR-21\nevidence = "Thermal')
    for text, conflicts in _both_ways(BASE, other, noted):
        assert conflicts == 0
        assert "# confirmed by Maria on the call" in text and "# per BR-21" in text
        assert tomllib.loads(text)["criteria"][3]["status"] == "passed"


NOTES = 'notes = "Retest with'
HEADER_IN_NOTES = 'notes = """\n[pilot]\nfrom the kickoff\n"""\nnotes2 = "Retest with'


def _fallback_case(tmp_path: Path, ours: str, theirs: str) -> tuple[int, str]:
    base = BASE.replace(NOTES, HEADER_IN_NOTES)
    assert base != BASE
    paths = [tmp_path / name for name in ("base", "ours", "theirs")]
    for path, text in zip(paths, (base, ours, theirs), strict=True):
        path.write_text(text.replace(NOTES, HEADER_IN_NOTES), "utf-8")
    code = main(["merge", *map(str, paths), "acme.toml"])
    return code, paths[1].read_text("utf-8")


def test_the_line_merge_fallback_reports_a_duplicate_id_as_a_conflict(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new = '[[criteria]]\nid = "x"\ntitle = "X"\n\n'
    first = BASE.replace('[[criteria]]\nid = "snr"', new + '[[criteria]]\nid = "snr"', 1)
    last = BASE.replace("[[stakeholders]]", new + "[[stakeholders]]", 1)
    code, text = _fallback_case(tmp_path, first, last)
    assert code == 1
    assert "<<<<<<<" not in text and text.count('id = "x"') == 2  # git's merge was "clean"
    assert "merged, but the result is not valid" in capsys.readouterr().err


def test_the_line_merge_fallback_reports_a_dangling_reference_as_a_conflict(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gone = _without(BASE, "stakeholders", "kofi")
    verifier = BASE.replace('verifier = "maria"', 'verifier = "kofi"', 1)
    assert "kofi" in BASE and verifier != BASE
    code, _ = _fallback_case(tmp_path, gone, verifier)
    assert code == 1
    err = capsys.readouterr().err
    assert "merged, but the result is not valid" in err and "kofi" in err


def test_a_status_on_one_side_and_a_result_on_the_other_are_one_decision() -> None:
    start = BASE.replace(
        'result = "3.4 mm at 2 m between 45 and 50 °C (1.1 mm up to 40 °C)"', 'result = "3.4 mm"'
    )
    se = start.replace(THERMAL, 'status = "passed"\nevidence = "Thermal')
    ae = start.replace('result = "3.4 mm"', 'result = "Retest aborted: chamber fault at 38 °C"')
    for text, conflicts in _both_ways(start, se, ae):
        assert conflicts == 1
        (region,) = find_conflicts(text)
        assert {"status", "result"} <= set(tomllib.loads(region.ours)) | set(
            tomllib.loads(region.theirs)
        )
        assert not region.both_makes_sense
    text = merge_texts(start, se, ae).text
    (problem,) = locations(text)
    assert problem.message == (
        "unresolved merge conflict in criteria[3] (thermal_drift): ours status 'passed', "
        "result '3.4 mm', theirs status 'failed', result 'Retest aborted: chamber fault at 38 °C'"
    )
    taken = tomllib.loads(resolve(text, ["theirs"]))["criteria"][3]
    assert (taken["status"], taken["result"]) == (
        "failed",
        "Retest aborted: chamber fault at 38 °C",
    )


INLINE = BASE[: BASE.index("# --- History")] + (
    'log = [\n  {at = 2026-11-06T10:12:00, event = "criterion ros2_driver: pending -> passed"},\n]\n'
)


def test_both_sides_appending_to_an_inline_log_is_a_union() -> None:
    # An inline array is a top-level key: it goes before the first table.
    base = INLINE[INLINE.index("log = [") :] + INLINE[: INLINE.index("log = [")]
    entry = '  {{at = 2026-11-2{}T10:00:00, event = "{}", by = "{}"}},\n'
    ours = base.replace("},\n]", "},\n" + entry.format(4, "ours", "Dana") + "]", 1)
    theirs = base.replace("},\n]", "},\n" + entry.format(3, "theirs", "Sam") + "]", 1)
    for text, conflicts in _both_ways(base, ours, theirs):
        assert conflicts == 0
        events = [e["event"] for e in tomllib.loads(text)["log"]]
        assert events == ["criterion ros2_driver: pending -> passed", "theirs", "ours"]


def test_check_notes_a_log_entry_twice_as_a_merge_without_the_driver(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pilot = tmp_path / "acme.toml"
    twice = '\n[[log]]\nat = 2026-11-20T09:31:00\nevent = "checklist pricing: todo -> doing"\n'
    pilot.write_text(BASE + twice, "utf-8")
    assert main(["check", str(pilot)]) == 0
    err = capsys.readouterr().err
    assert "is the same entry as one before it" in err and "without pilotdesk's merge driver" in err
    shutil.copyfile(SAMPLE, pilot)
    assert main(["check", str(pilot)]) == 0
    assert "same entry" not in capsys.readouterr().err


async def test_the_resolve_screen_shows_whole_values_who_and_when(tmp_path: Path) -> None:
    long = "Retest aborted: chamber fault at 38 °C, the controller lost its setpoint twice"
    base = BASE
    se = base.replace(THERMAL, 'status = "passed"\nevidence = "Thermal') + (
        '\n[[log]]\nat = 2026-11-23T09:15:00\nevent = "criterion thermal_drift: failed -> passed"\n'
        'by = "Dana Ortiz"\n'
    )
    ae = base.replace(
        'result = "3.4 mm at 2 m between 45 and 50 °C (1.1 mm up to 40 °C)"', f'result = "{long}"'
    ) + (
        '\n[[log]]\nat = 2026-11-24T10:30:00\nevent = "criterion thermal_drift: edited result"\n'
        'by = "Sam Lee"\n'
    )
    text = merge_texts(base, se, ae).text
    pilot = tmp_path / "acme.toml"
    pilot.write_text(text, "utf-8")
    app = ResolveApp(pilot, text)
    async with app.run_test(size=(100, 40)) as driver:
        await driver.pause()
        screen = app.screen
        assert isinstance(screen, ResolveScreen)
        (region,) = screen.regions
        assert (region.ours_label, region.theirs_label) == (
            "Dana Ortiz, 2026-11-23 09:15",
            "Sam Lee, 2026-11-24 10:30",
        )
        detail = str(screen.query_one("#resolve-detail").render())
        assert "ours (Dana Ortiz, 2026-11-23 09:15):" in detail
        assert "theirs (Sam Lee, 2026-11-24 10:30):" in detail
        assert long in detail  # the whole value, not cut to the table's cell
        assert screen.check_action("pick", ("both",)) is False
        await driver.press("b")
        assert screen.choices == [None]
        await driver.press("t", "s")
        await driver.pause()
    assert app.return_value is True
    saved = tomllib.loads(pilot.read_text("utf-8"))["criteria"][3]
    assert (saved["status"], saved["result"]) == ("failed", long)

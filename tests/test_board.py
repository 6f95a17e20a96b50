"""``pilotdesk board``: sort, filter, open a pilot and come back, invalid files, live updates."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from _waits import settle  # tests/ is on sys.path (no package)
from textual.widgets import DataTable, Input

from pilotdesk.session.store import PilotStore
from pilotdesk.ui.board import BoardApp
from pilotdesk.ui.board_workbook import BoardWorkbook

BROKEN = 'schema = 1\n[pilot]\nprospect = "Broken\n'
SIZE = (160, 30)


@pytest.fixture
def folder(tmp_path: Path, samples_dir: Path) -> Path:
    root = tmp_path / "pilots"
    (root / "sub").mkdir(parents=True)
    for name in ("acme", "northwind", "ready"):
        shutil.copyfile(samples_dir / f"{name}.toml", root / f"{name}.toml")
    (root / "sub" / "broken.toml").write_text(BROKEN, encoding="utf-8")
    (root / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    return root


def _prospects(app: BoardApp) -> list[str]:
    table = app.query_one(DataTable)
    return [str(table.get_row_at(n)[0]) for n in range(table.row_count)]


def board(folder: Path, clock: Callable[[], dt.datetime], poll: float = 3600) -> BoardApp:
    return BoardApp([folder], clock=clock, poll=poll)


async def test_board_sorts_by_attention_first_then_by_the_next_column_on_s(
    folder: Path, clock: Callable[[], dt.datetime]
) -> None:
    app = board(folder, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        rows = _prospects(app)
        assert rows[0].startswith("⚠ invalid: 3:")  # a broken file needs fixing first
        assert len(rows) == 4  # pyproject.toml is not a pilot
        await pilot.press("s")
        assert app.sub_title == "sorted by prospect"
        assert _prospects(app)[1:] == [
            "Acme Robotics",
            "Kestrel Instruments",
            "Northwind Logistics",
        ]


async def test_board_filter_keeps_only_rows_with_the_text_and_escape_clears_it(
    folder: Path, clock: Callable[[], dt.datetime]
) -> None:
    app = board(folder, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"noor")  # Kestrel's SE is Noor Haddad
        await pilot.pause()
        assert _prospects(app) == ["Kestrel Instruments"]
        await pilot.press("escape")
        await pilot.pause()
        assert len(_prospects(app)) == 4
        assert app.query_one(DataTable).has_focus
        assert app.query_one(Input).value == ""


async def test_board_enter_leaves_with_the_chosen_pilot_and_q_with_none(
    folder: Path, clock: Callable[[], dt.datetime]
) -> None:
    app = board(folder, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("down", "enter")
        await pilot.pause()
    assert app.return_value == folder / "acme.toml" or app.return_value in {
        folder / f"{n}.toml" for n in ("northwind", "ready")
    }
    chosen = app.return_value
    # Coming back: a new board on the same selection, read afresh from disk.
    assert chosen is not None
    again = BoardApp([folder], clock=clock, selected=str(chosen), poll=3600)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert again.current_path() == str(chosen)
        await pilot.press("q")
        await pilot.pause()
    assert again.return_value is None


async def test_board_invalid_row_shows_its_error_and_enter_does_not_open_it(
    folder: Path, clock: Callable[[], dt.datetime]
) -> None:
    app = board(folder, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.current_path() == str(folder / "sub" / "broken.toml")
        await pilot.press("enter")
        await pilot.pause()
        assert app.is_running  # not opened, not crashed
        table = app.query_one(DataTable)
        assert str(table.get_row_at(0)[-1]) == str(folder / "sub" / "broken.toml")


async def test_board_notices_a_file_added_changed_and_removed_while_open(
    folder: Path, clock: Callable[[], dt.datetime], samples_dir: Path
) -> None:
    app = board(folder, clock, poll=0.05)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert len(_prospects(app)) == 4
        shutil.copyfile(samples_dir / "acme.toml", folder / "sub" / "acme-2.toml")
        await settle(pilot, lambda: _prospects(app).count("Acme Robotics") == 2)
        assert _prospects(app).count("Acme Robotics") == 2
        (folder / "sub" / "broken.toml").unlink()
        await settle(pilot, lambda: not any(p.startswith("⚠") for p in _prospects(app)))
        assert not any(p.startswith("⚠") for p in _prospects(app))
        assert "4 pilot files" in str(app.query_one("#team").render())


async def test_workbook_opened_from_the_board_goes_back_on_escape(
    folder: Path, clock: Callable[[], dt.datetime]
) -> None:
    app = BoardWorkbook(
        PilotStore.open(folder / "acme.toml", clock), clock=clock, remember_theme=False
    )
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert not app.is_running


def test_board_snapshot(
    snap_compare, folder: Path, clock: Callable[[], dt.datetime], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(folder)  # paths relative to here: the picture holds no temporary folder
    assert snap_compare(board(Path("."), clock), terminal_size=(160, 20))


async def test_board_shows_markup_in_a_prospect_name_as_text(
    folder: Path, clock: Callable[[], dt.datetime]
) -> None:
    acme = folder / "acme.toml"
    text = acme.read_text(encoding="utf-8")
    acme.write_text(text.replace('prospect = "Acme Robotics"', 'prospect = "[red]Acme[/"'), "utf-8")
    app = board(folder, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "[red]Acme[/" in _prospects(app)

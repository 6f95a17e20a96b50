"""The workbook's frame at the sizes a meeting uses (issue 27, point 8): the header never wraps
(two lines at 120 columns in a "Yes, but…", three at most at 80x24) and the footer keeps the
keys to the review, the help and out (w, ?, q) on screen at 80x24."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from textual.widgets._footer import FooterKey

from pilotdesk.session.store import PilotStore
from pilotdesk.ui.app import PilotdeskApp
from pilotdesk.ui.widgets.chrome import PilotHeader

NORDHAVN = Path(__file__).parent / "golden" / "nordhavn_power_module.toml"
NOW = dt.datetime(2026, 12, 6, 10, 30)


def _app(tmp_path: Path) -> PilotdeskApp:
    path = tmp_path / "nordhavn.toml"
    shutil.copyfile(NORDHAVN, path)
    return PilotdeskApp(PilotStore.open(path, lambda: NOW), clock=lambda: NOW, remember_theme=False)


def _visible_keys(app: PilotdeskApp) -> set[str]:
    width = app.size.width
    return {
        key.key_display
        for key in app.screen.query(FooterKey)
        if key.region.width and key.region.right <= width - 14  # left of the palette's key
    }


@pytest.mark.parametrize(("size", "lines"), [((120, 40), 2), ((80, 24), 3)])
async def test_header_never_wraps_in_a_yes_but(tmp_path: Path, size, lines: int) -> None:
    app = _app(tmp_path)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        header = app.query_one(PilotHeader)
        assert app.store.pilot.technical_win is not None  # the "Yes, but…" is on record
        assert header.size.height == lines
        text = str(header.visual).splitlines()
        assert len(text) == lines and all(len(line) <= size[0] - 2 for line in text)
        assert "Yes, but" in str(header.visual) and "blocker" in str(header.visual)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_footer_keeps_w_help_and_quit_on_screen(tmp_path: Path, size) -> None:
    app = _app(tmp_path)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.pause()
        shown = _visible_keys(app)
        assert {"w", "?", "q"} <= shown, shown

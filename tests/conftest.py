"""Shared fixtures for the pilotdesk tests."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

SAMPLES_DIR = Path(__file__).resolve().parent.parent / "sample_pilots"

#: The instant every test's clock shows (a Sunday morning in week 3 of the acme pilot).
NOW = dt.datetime(2026, 11, 22, 10, 30)


@pytest.fixture
def samples_dir() -> Path:
    """The folder of sample pilot files shipped with pilotdesk."""
    return SAMPLES_DIR


@pytest.fixture
def tmp_pilot(tmp_path: Path, samples_dir: Path) -> Callable[[str], Path]:
    """``tmp_pilot("acme")`` copies ``sample_pilots/acme.toml`` into ``tmp_path``; returns the copy."""

    def copy(name: str) -> Path:
        filename = name if name.endswith(".toml") else f"{name}.toml"
        target = tmp_path / filename
        shutil.copyfile(samples_dir / filename, target)
        return target

    return copy


@pytest.fixture
def clock() -> Callable[[], dt.datetime]:
    """A clock stopped at 2026-11-22 10:30, so log entries are predictable."""
    return lambda: NOW


# --- the workbook (tests/test_workbook.py) -----------------------------------------------------


@pytest.fixture
def pinned_clock(clock: Callable[[], dt.datetime]) -> Callable[[], dt.datetime]:
    """The same stopped clock as ``clock`` (2026-11-22 10:30), under the workbook tests' name."""
    return clock


@pytest.fixture(autouse=True)
def config_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep every test away from the real ~/.config/pilotdesk (the app reads and writes its
    theme there). Tests that need their own config folder set XDG_CONFIG_HOME again."""
    home = tmp_path / "config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))
    # Locks and recovery copies too: no test leaves files in the user's runtime or state folder.
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path / "runtime"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    return home


@dataclass
class Workbook:
    """A running PilotdeskApp over a copy of a sample pilot, and that copy's text at start."""

    app: Any  # pilotdesk.ui.app.PilotdeskApp
    pilot: Any  # textual.pilot.Pilot
    path: Path
    original: str

    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")


@pytest.fixture
def open_workbook(
    tmp_pilot: Callable[[str], Path], pinned_clock: Callable[[], dt.datetime]
) -> Callable[..., AbstractAsyncContextManager[Workbook]]:
    """``async with open_workbook("acme") as wb:`` runs the workbook over a copy of the sample
    (pinned clock, remember_theme=False, a 120x36 terminal unless ``size`` says otherwise)."""
    from pilotdesk.session.store import PilotStore
    from pilotdesk.ui.app import PilotdeskApp

    @asynccontextmanager
    async def opener(
        sample: str = "acme", size: tuple[int, int] = (120, 36)
    ) -> AsyncIterator[Workbook]:
        path = tmp_pilot(sample)
        # As `pilotdesk open` does: the whole document is built only when a change needs it.
        store = PilotStore.open(path, pinned_clock, prepare=False)
        app = PilotdeskApp(store, clock=pinned_clock, remember_theme=False)
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            yield Workbook(app, pilot, path, path.read_text(encoding="utf-8"))

    return opener

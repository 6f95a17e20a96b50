"""Render the README's screenshots: `python docs/screenshots.py` (SVG, into docs/screenshots/).

Each pane of the sample pilot, and two steps of the Technical Win review, at 120x36 with the
clock pinned to 2026-11-22 10:30 so the pictures match the samples' dates.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from pilotdesk.session.store import PilotStore  # noqa: E402
from pilotdesk.ui.app import PilotdeskApp  # noqa: E402
from pilotdesk.ui.clipboard import ClipboardUnavailable  # noqa: E402


def _no_system_clipboard(text: str) -> str:
    raise ClipboardUnavailable("screenshots never touch the clipboard")


SHOTS = {
    # name: (sample, theme, keys before the picture)
    "scorecard": ("acme", "high-contrast", ["j", "j", "j"]),
    "scorecard-dark": ("acme", "dark", ["j", "j", "j"]),
    "stakeholders": ("acme", "high-contrast", ["2", "l"]),
    "commercial": ("acme", "high-contrast", ["3", "j", "j"]),
    "readiness": ("acme", "high-contrast", ["4"]),
    "review-question": (
        "northwind",
        "high-contrast",
        ["w", "enter", "enter", "enter", "enter", "enter", "enter"],
    ),
    "review-email": (
        "northwind",
        "high-contrast",
        ["w", "enter", "enter", "enter", "enter", "enter", "enter", "1", "enter"],
    ),
}


async def shoot(name: str, sample: str, theme: str, keys: list[str], folder: Path) -> None:
    clock = lambda: dt.datetime(2026, 11, 22, 10, 30)  # noqa: E731
    work = Path(tempfile.mkdtemp())
    pilot_file = work / f"{sample}.toml"
    shutil.copy(ROOT / "sample_pilots" / f"{sample}.toml", pilot_file)
    app = PilotdeskApp(
        PilotStore.open(pilot_file, clock), theme=theme, clock=clock, remember_theme=False
    )
    app.system_copy = _no_system_clipboard
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        app.save_screenshot(f"{name}.svg", path=str(folder))
    shutil.rmtree(work)


def main() -> None:
    os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp()  # never the user's own theme choice
    folder = HERE / "screenshots"
    folder.mkdir(exist_ok=True)
    for name, (sample, theme, keys) in SHOTS.items():
        asyncio.run(shoot(name, sample, theme, keys, folder))
        print(folder / f"{name}.svg")


if __name__ == "__main__":
    main()

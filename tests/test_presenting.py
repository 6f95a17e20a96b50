"""Presenting (issue 24): the screen on the prospect's projector shows only what the room may see.

The canary: a pilot with a marker in every private place (stance values, influence, an
``[internal]`` table, an entry's ``internal`` key, each field of a gap, a vendor's own checklist
task, the forecast, a log author) and the readiness findings it raises. A tour of every
surface (each pane and each row's detail line, the help, the forms, a delete question, the
review's steps to the email, the question before leaving, the toasts) at 80x24 and 120x40 finds
none of them while presenting; the same tour of the same file not presenting finds those the
workbook shows (so the test can fail).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from _waits import settle  # tests/ is on sys.path (no package)

from pilotdesk.domain import audience, readiness
from pilotdesk.domain.model import Pilot
from pilotdesk.pilotfile.read import read_file
from pilotdesk.session.store import PilotStore
from pilotdesk.ui.app import PilotdeskApp
from pilotdesk.ui.modals.form import FormModal
from pilotdesk.ui.presenting import LeavePresentingModal
from pilotdesk.ui.review.steps import AttendeesStep, CriterionStep, EmailPreview, QuestionStep
from pilotdesk.ui.widgets.table import PilotTable

#: Markers the workbook shows when not presenting: none may show while presenting.
SHOWN_MARKERS = {
    "stance": re.compile(r"\b(champion|supporter|skeptic|blocker)\b"),
    "influence": re.compile(r"\b(high|medium|low)\b"),
    "gap title": re.compile("CANARY-GAP-TITLE"),
    "gap impact": re.compile("CANARY-GAP-IMPACT"),
    "gap workaround": re.compile("CANARY-GAP-WORKAROUND"),
    "gap request": re.compile("CANARY-GAP-REQUEST"),
    "gap severity": re.compile(r"deal[ _]breaker", re.IGNORECASE),
    "a vendor's own task": re.compile("CANARY-VENDOR-TASK"),
    "the forecast": re.compile("First PO"),
    "readiness counts": re.compile(r"Readiness: (clear|\d)|\b\d+ (blockers?|warnings?)\b"),
    "last contact": re.compile(r"2026-10-29|last contact:"),
}
#: Markers no screen shows even when not presenting: while presenting they are not even in
#: the pilot the screen is made from.
UNSHOWN_MARKERS = ("CANARY-INTERNAL-TABLE", "CANARY-INTERNAL-KEY", "CANARY-LOG-BY", "CANARY-NOTE")

NOW = dt.datetime(2026, 11, 22, 10, 30)


def canary(path: Path) -> Path:
    """The acme sample with a marker in every private place."""
    text = path.read_text(encoding="utf-8")
    swaps = [
        ('id = "snr"\n', 'id = "snr"\ninternal = "CANARY-INTERNAL-KEY"\n'),
        (
            'event = "criterion snr: pending -> passed"\n',
            'event = "criterion snr: pending -> passed"\nby = "CANARY-LOG-BY"\n',
        ),
        ('id = "omar"\n', 'id = "omar"\nnote = "CANARY-NOTE"\n'),
    ]
    for old, new in swaps:
        assert old in text
        text = text.replace(old, new, 1)
    text = text.replace(
        'stance = "neutral"\ninfluence = "low"', 'stance = "blocker"\ninfluence = "low"'
    )
    text += """
[[gaps]]
id = "canary"
title = "CANARY-GAP-TITLE"
severity = "deal_breaker"
criterion = "snr"
impact = "CANARY-GAP-IMPACT"
workaround = "CANARY-GAP-WORKAROUND"
request = "CANARY-GAP-REQUEST"

[[checklist]]
id = "canary_task"
item = "CANARY-VENDOR-TASK"
section = "paper"
owner = "sam"

[internal]
note = "CANARY-INTERNAL-TABLE"
"""
    path.write_text(text, encoding="utf-8")
    return path


def finding_markers(pilot: Pilot) -> list[str]:
    """The start of each readiness finding: what its row and detail line begin with."""
    return [f.finding[:24] for f in readiness.evaluate(pilot, NOW.date())]


def screen_lines(app: Any) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def tour(app: Any, pilot: Any) -> list[str]:
    """Every surface of the workbook, as a list of screens' text."""
    shots: list[str] = []

    async def shot() -> None:
        await pilot.pause()
        shots.append(screen_lines(app))

    async def press(*keys: str) -> None:
        await pilot.press(*keys)
        await pilot.pause()

    async def dialog(kind: type, *keys: str) -> None:
        await press(*keys)
        await settle(pilot, lambda: isinstance(app.screen, kind))
        assert isinstance(app.screen, kind), (keys, app.screen)
        await shot()

    for pane in "12345":
        await press(pane)
        await shot()
        for table in app.query_one(f"#{app._current_pane_name()}").query(PilotTable):
            if not table.display:
                continue
            table.focus()
            for row in range(table.row_count):  # each row's detail line
                table.move_cursor(row=row)
                await shot()
    await dialog(type(app.screen), "question_mark")  # the help
    await shot()
    await press("escape")
    for pane, keys in (
        ("1", ("enter", "r", "a")),
        ("2", ("enter", "a")),
        ("3", ("enter", "a", "e")),
    ):
        await press(pane)
        for key in keys:
            await dialog(FormModal, key)
            await press("escape")
    await press("2", "d")  # a delete question
    await shot()
    await press("n")
    await press("1")
    await dialog(AttendeesStep, "w")
    await dialog(CriterionStep, "enter")
    for _ in range(len(app.store.pilot.criteria) - 1):
        await press("enter")
        await shot()
    await dialog(QuestionStep, "enter")
    await press("2")  # "Yes, but…": the details step
    await shot()
    await press(*"rerun at 3 m", "enter")
    await settle(pilot, lambda: isinstance(app.screen, EmailPreview))
    await shot()
    await press("escape")
    await shot()  # the status line after the review, the toasts
    if app.presenting:
        await dialog(LeavePresentingModal, "P")
        await press("escape")
        await shot()
    return shots


def _app(path: Path, present: bool) -> PilotdeskApp:
    store = PilotStore.open(path, lambda: NOW, prepare=False)
    return PilotdeskApp(store, clock=lambda: NOW, remember_theme=False, present=present)


def found(shots: list[str], pilot: Pilot) -> set[str]:
    text = "\n".join(shots)
    hits = {name for name, marker in SHOWN_MARKERS.items() if marker.search(text)}
    hits |= {f"finding {m!r}" for m in finding_markers(pilot) if m in text}
    return hits | {m for m in UNSHOWN_MARKERS if m in text}


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_canary_nothing_private_on_any_screen_while_presenting(
    tmp_pilot: Callable[[str], Path], size: tuple[int, int]
) -> None:
    path = canary(tmp_pilot("acme"))
    pilot = read_file(path)[1].pilot
    assert len(finding_markers(pilot)) >= 3  # the canary raises findings to hide

    app = _app(path, present=True)
    async with app.run_test(size=size) as driver:
        await driver.pause()
        shown_from = app.shown_pilot.model_dump_json()
        shots = await tour(app, driver)
        assert app.presenting  # escape kept presenting
    assert len(shots) > 40
    assert found(shots, pilot) == set()
    assert not [m for m in UNSHOWN_MARKERS if m in shown_from]
    # The mark, on every screen: dialogs leave the header's first line in view.
    assert all(s.startswith("  PRESENTING   Acme Robotics — Lumen S3") for s in shots)


async def test_canary_the_same_file_not_presenting_shows_the_markers(
    tmp_pilot: Callable[[str], Path],
) -> None:
    """What makes the test above able to fail: the same tour, not presenting, finds them (at
    80x24, where the stakeholder tables are at their most compact)."""
    size = (80, 24)
    path = canary(tmp_pilot("acme"))
    pilot = read_file(path)[1].pilot
    app = _app(path, present=False)
    async with app.run_test(size=size) as driver:
        await driver.pause()
        shots = await tour(app, driver)
    hits = found(shots, pilot)
    assert set(SHOWN_MARKERS) <= hits, set(SHOWN_MARKERS) - hits
    assert {f"finding {m!r}" for m in finding_markers(pilot)} <= hits
    # The file holds the markers no screen shows: the store's pilot has them, the room's not.
    text = path.read_text(encoding="utf-8")
    assert all(m in text for m in UNSHOWN_MARKERS)
    dumped = pilot.model_dump_json()
    assert all(m in dumped for m in UNSHOWN_MARKERS)
    assert not any(m in audience.for_prospect(pilot).model_dump_json() for m in UNSHOWN_MARKERS)

"""Pictures of each pane, in the default dark theme and the projector's high-contrast one.

A failing snapshot opens a report (snapshot_report.html) showing both pictures. After an
intended change of the screen, look at the new pictures, then accept them with
``pytest tests/test_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from pilotdesk.session.store import PilotStore
from pilotdesk.ui.app import PilotdeskApp
from pilotdesk.ui.clipboard import ClipboardUnavailable

PANES = {
    "scorecard": ["j", "j", "j"],
    "stakeholders": ["2"],
    "commercial": ["3", "j", "j"],
    "readiness": ["4"],
    "gaps": ["5"],
}


def _no_clipboard(text: str) -> str:
    raise ClipboardUnavailable("tests never touch the system clipboard")


def _app(
    path: Path, clock: Callable[[], dt.datetime], theme: str, present: bool = False
) -> PilotdeskApp:
    app = PilotdeskApp(
        PilotStore.open(path, clock),
        theme=theme,
        clock=clock,
        remember_theme=False,
        present=present,
    )
    app.system_copy = _no_clipboard
    return app


@pytest.mark.parametrize("theme", ["dark", "high-contrast"])
@pytest.mark.parametrize("pane", list(PANES))
def test_pane(snap_compare, tmp_pilot, clock, theme: str, pane: str) -> None:
    app = _app(tmp_pilot("acme"), clock, theme)
    assert snap_compare(app, press=PANES[pane], terminal_size=(120, 36))


@pytest.mark.parametrize("pane", list(PANES))
def test_pane_fits_80x24(snap_compare, tmp_pilot, clock, pane: str) -> None:
    app = _app(tmp_pilot("acme"), clock, "dark")
    assert snap_compare(app, press=PANES[pane], terminal_size=(80, 24))


@pytest.mark.parametrize("pane", list(PANES))
def test_pane_while_presenting(snap_compare, tmp_pilot, clock, pane: str) -> None:
    """On the projector: the mark in the header, no stance, influence, finding or gap; the
    Readiness and Gaps panes say in one line that they are hidden."""
    app = _app(tmp_pilot("acme"), clock, "high-contrast", present=True)
    assert snap_compare(app, press=PANES[pane], terminal_size=(120, 36))


@pytest.mark.parametrize("pane", ["stakeholders", "readiness"])
def test_pane_while_presenting_fits_80x24(snap_compare, tmp_pilot, clock, pane: str) -> None:
    app = _app(tmp_pilot("acme"), clock, "high-contrast", present=True)
    assert snap_compare(app, press=PANES[pane], terminal_size=(80, 24))


def test_leaving_presenting_asks_first(snap_compare, tmp_pilot, clock) -> None:
    app = _app(tmp_pilot("acme"), clock, "high-contrast", present=True)
    assert snap_compare(app, press=["P"], terminal_size=(80, 24))


def test_header_after_the_win_is_declared(snap_compare, tmp_pilot, clock) -> None:
    """The header's verdict and readiness counts once the review has recorded a Yes."""
    app = _app(tmp_pilot("northwind"), clock, "high-contrast")
    review = ["w", "enter"] + ["enter"] * 5 + ["1", "escape"]
    assert snap_compare(app, press=review, terminal_size=(120, 36))


def test_decisive_question(snap_compare, tmp_pilot, clock) -> None:
    app = _app(tmp_pilot("acme"), clock, "high-contrast")
    assert snap_compare(app, press=["w", "enter"] + ["enter"] * 7, terminal_size=(120, 36))


def test_review_criterion_step_with_a_result_entered_at_80x24(
    snap_compare, tmp_pilot, clock
) -> None:
    """The criterion step after a correction to passed and ``r``: facts with a hanging indent,
    the result entered here, the step's own keys in the footer."""
    app = _app(tmp_pilot("acme"), clock, "high-contrast")
    keys = [
        "w",
        "enter",
        "enter",
        "enter",
        "enter",
        "p",
        "r",
        "home",
        "ctrl+k",
        *"1.2 mm",
        "ctrl+s",
    ]
    assert snap_compare(app, press=keys, terminal_size=(80, 24))


def test_review_attendees_ticked_and_unticked(snap_compare, tmp_pilot, clock) -> None:
    app = _app(tmp_pilot("acme"), clock, "high-contrast")
    assert snap_compare(app, press=["w", "down", "space"], terminal_size=(120, 36))


def test_commercial_pane_at_80x24_high_contrast(snap_compare, tmp_pilot, clock) -> None:
    """The whole checklist, the commitment on two lines and the selected item's detail."""
    app = _app(tmp_pilot("acme"), clock, "high-contrast")
    assert snap_compare(app, press=PANES["commercial"], terminal_size=(80, 24))

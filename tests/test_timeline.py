"""The pilot's timeline: the dates in the domain, the Timeline pane, the reports' SVG and
Mermaid chart, and the board's bar of time spent against criteria passed."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from pilotdesk.domain.model import Pilot
from pilotdesk.domain.timeline import build, pace_bar, progress, time_and_score
from pilotdesk.pilotfile.read import read_file
from pilotdesk.reports import audiences, html, markdown
from pilotdesk.reports.chart import mermaid, svg
from pilotdesk.session.store import PilotStore
from pilotdesk.ui.app import PilotdeskApp
from pilotdesk.ui.panes.timeline import chart_height, chart_text

TODAY = dt.date(2026, 11, 22)

NO_DATES = """\
schema = 1

[pilot]
title = "Harbor Freight Lines — fleet telematics trial"
prospect = "Harbor Freight Lines"
product = "Tessera Fleet"

[[criteria]]
id = "uptime"
title = "Gateway uptime over the trial"
"""


def _pilot(samples_dir: Path, name: str = "acme") -> Pilot:
    return read_file(samples_dir / f"{name}.toml")[1].pilot


def _no_dates(tmp_path: Path) -> Path:
    path = tmp_path / "harbor.toml"
    path.write_text(NO_DATES, encoding="utf-8")
    return path


# --- the domain -------------------------------------------------------------------------------


def test_an_open_item_due_before_today_is_overdue_and_a_done_one_is_not(samples_dir) -> None:
    marks = {m.label: m for m in build(_pilot(samples_dir), TODAY).marks}
    assert marks["Timeline from evaluation close to first purchase order agreed"].state == "overdue"
    assert marks["Mutual NDA"].state == "done"
    assert marks["Evaluation ends"].state == "open"
    assert marks["Mutual NDA"].target == ("checklist", "nda")


def test_marks_are_in_date_order(samples_dir) -> None:
    days = [m.day for m in build(_pilot(samples_dir), TODAY).marks]
    assert days == sorted(days) and len(days) > 5


def test_the_prospects_timeline_leaves_out_our_items_and_the_purchase_order(samples_dir) -> None:
    pilot = _pilot(samples_dir).model_copy(deep=True)
    ours_id = next(s.id for s in pilot.stakeholders if s.side == "vendor")
    dated = [item for item in pilot.checklist if item.due]
    dated[0].owner = ours_id  # an item our own people owe
    dated[1].owner = ""  # and one nobody owns yet
    team = {m.label for m in build(pilot, TODAY).marks}
    theirs = {m.label for m in build(pilot, TODAY, prospect=True).marks}
    assert "First purchase order expected" in team - theirs
    ours = {
        item.item
        for item in pilot.checklist
        if item.due and ((s := pilot.stakeholder(item.owner)) is None or s.side == "vendor")
    }
    assert ours and ours <= team and not ours & theirs


def test_skipped_items_are_not_dated_items(samples_dir) -> None:
    pilot = _pilot(samples_dir)
    skipped = {i.item for i in pilot.checklist if i.status == "skipped" and i.due}
    assert skipped and not skipped & {m.label for m in build(pilot, TODAY).marks}


def test_a_pilot_without_dates_has_an_empty_timeline(tmp_path: Path) -> None:
    timeline = build(read_file(_no_dates(tmp_path))[1].pilot, TODAY)
    assert timeline.first is None and timeline.marks == ()
    assert "No dates yet" in chart_text(timeline, 80).plain


def test_progress_is_read_back_from_the_count_the_scorecard_has(samples_dir) -> None:
    pilot = _pilot(samples_dir)
    steps = progress(pilot)
    assert steps[-1].passed == sum(c.status == "passed" for c in pilot.criteria)
    assert [s.day for s in steps] == sorted(s.day for s in steps)
    assert steps[0].passed < steps[-1].passed  # the log records criteria passing


def test_progress_counts_a_pass_undone_in_the_log(samples_dir) -> None:
    pilot = _pilot(samples_dir).model_copy(deep=True)
    base = len(progress(pilot))
    at = dt.datetime(2026, 11, 21, 9, 0)
    criterion = next(c for c in pilot.criteria if c.status == "passed")
    entry = type(pilot.log[0])
    pilot.log.append(entry(at=at, event=f"criterion {criterion.id}: pending -> passed"))
    pilot.log.append(
        entry(at=at + dt.timedelta(days=1), event=f"criterion {criterion.id}: passed -> failed")
    )
    steps = progress(pilot)
    assert len(steps) == base + 2
    assert steps[-1].passed == steps[-2].passed - 1


@pytest.mark.parametrize(
    ("spent", "passed", "bar"),
    [
        (0.0, 0.0, "········"),  # not started
        (0.8, 0.2, "██▒▒▒▒··"),  # late: most of the time gone, little passed
        (0.25, 0.75, "██│███··"),  # ahead
        (1.0, 1.0, "████████"),  # closed, all passed
    ],
)
def test_the_boards_bar_reads_time_against_criteria(spent: float, passed: float, bar: str) -> None:
    assert pace_bar(spent, passed) == bar


def test_a_closed_pilot_has_spent_its_time(samples_dir) -> None:
    pilot = _pilot(samples_dir)
    early = time_and_score(pilot, dt.date(2026, 11, 2))
    assert early is not None and early[0] < 0.1
    closed = pilot.model_copy(
        update={"close_out": type(pilot).model_fields["close_out"].annotation.__args__[0](
            outcome="lost", on=dt.date(2026, 11, 10)
        )}
    )  # fmt: skip
    late = time_and_score(closed, dt.date(2026, 11, 10))
    assert late is not None and late[0] == 1.0


def test_the_board_shows_the_bar_in_each_row(samples_dir) -> None:
    from pilotdesk.portfolio.load import load_all
    from pilotdesk.ui.board import cells

    rows = load_all([samples_dir], dt.datetime.combine(TODAY, dt.time(10)))
    shown = [" ".join(cells(row)) for row in rows]
    assert all(re.search(r"[█▒·│]{8} ", line) for line in shown), shown


# --- the reports ------------------------------------------------------------------------------


def test_the_svg_parses_as_xml_with_the_time_box_end_today_and_a_title(samples_dir) -> None:
    pilot = _pilot(samples_dir)
    drawing = svg(build(pilot, TODAY), "Acme timeline")
    root = ET.fromstring(drawing)
    ns = "{http://www.w3.org/2000/svg}"
    assert root.tag == f"{ns}svg"
    assert root.find(f"{ns}title").text == "Acme timeline"
    words = " ".join(t.text or "" for t in root.iter(f"{ns}text"))
    assert "11 Dec" in words and "Today 22 Nov" in words and "OVERDUE" in words
    assert "<script" not in drawing and "href" not in drawing


def test_the_prospects_html_report_draws_only_what_the_prospect_may_see(samples_dir) -> None:
    pilot = _pilot(samples_dir)
    team = html.render(audiences.build(pilot, "team", TODAY))
    theirs = html.render(audiences.build(pilot, "prospect", TODAY))
    assert "<svg" in team and "<svg" in theirs
    assert "First purchase order expected" in team
    assert "First purchase order expected" not in theirs


def test_a_hostile_label_stays_text_in_the_svg_and_the_mermaid_block(samples_dir) -> None:
    pilot = _pilot(samples_dir).model_copy(deep=True)
    pilot.checklist[0].item = 'x</text><script>alert(1)</script>: ```\n"#; %% y'
    drawing = svg(build(pilot, TODAY), "t")
    ET.fromstring(drawing)  # still one well-formed element
    assert "<script>" not in drawing
    block = mermaid(build(pilot, TODAY), "t")
    body = block.removeprefix("```mermaid\n").removesuffix("\n```")
    assert "```" not in body and "%%" not in body
    assert all(line.count(":") <= 1 for line in body.splitlines() if "milestone" in line)


def test_the_markdown_report_has_a_mermaid_gantt_and_keeps_the_list(samples_dir) -> None:
    text = markdown.render(audiences.build(_pilot(samples_dir), "prospect", TODAY))
    block = re.search(r"```mermaid\ngantt\n(.*?)\n```", text, re.S)
    assert block is not None
    tasks = [line for line in block.group(1).splitlines() if "milestone" in line]
    assert tasks and all(
        re.fullmatch(r"    [^:]+ :(done, |crit, )?milestone, \w+, \d{4}-\d\d-\d\d, 0d", t)
        for t in tasks
    ), tasks
    assert "- Evaluation ends: Friday 11 December 2026" in text


# --- the pane ---------------------------------------------------------------------------------


async def test_enter_on_a_dated_item_goes_to_its_checklist_entry(tmp_pilot, clock) -> None:
    app = PilotdeskApp(PilotStore.open(tmp_pilot("acme"), clock), clock=clock,
                       remember_theme=False)  # fmt: skip
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("6")
        await pilot.pause()
        pane = app.pane("timeline")
        target = next(
            i for i, m in enumerate(pane.timeline.marks) if m.target == ("checklist", "nda")
        )
        pane.table.move_cursor(row=target)
        await pilot.press("enter")
        await pilot.pause()
        assert app.query_one("TabbedContent").active == "tab-commercial"
        assert app.pane("commercial").table.selected_key == "nda"


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_timeline_pane_snapshot(snap_compare, tmp_pilot, clock, size) -> None:
    app = PilotdeskApp(PilotStore.open(tmp_pilot("acme"), clock), theme="high-contrast",
                       clock=clock, remember_theme=False)  # fmt: skip
    assert snap_compare(app, press=["6"], terminal_size=size)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_timeline_pane_without_any_date_snapshot(snap_compare, tmp_path, clock, size) -> None:
    app = PilotdeskApp(PilotStore.open(_no_dates(tmp_path), clock), theme="high-contrast",
                       clock=clock, remember_theme=False)  # fmt: skip
    assert snap_compare(app, press=["6"], terminal_size=size)


@pytest.mark.parametrize("width", [30, 80, 200])
def test_the_charts_height_is_known_without_drawing_it(samples_dir, tmp_path, width) -> None:
    for pilot in (_pilot(samples_dir), read_file(_no_dates(tmp_path))[1].pilot):
        timeline = build(pilot, TODAY)
        assert chart_height(timeline) == len(chart_text(timeline, width).plain.splitlines())

"""After the Technical Win: the commitment's clock everywhere it is shown, the vendor, the
handoff (the rules' own fire/quiet tests are in test_readiness.py).

The pilot here is nobody's sample: a "Yes" recorded 47 days before the tests' clock
(2026-11-22) with "within 30 days of the review" in its commitment and nothing recorded since.
"""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

from pilotdesk.cli import main
from pilotdesk.domain import commitment
from pilotdesk.pilotfile.read import parse_bytes
from pilotdesk.portfolio.rows import row
from pilotdesk.portfolio.team import team
from pilotdesk.reports.status import compose_status

TODAY = dt.date(2026, 11, 22)
ASKED = TODAY - dt.timedelta(days=47)  # 2026-10-06: due 2026-11-05, 17 days overdue
COMMITMENT = "Procurement opens supplier onboarding within 30 days of the review"

WON = f"""\
schema = 1

[pilot]
title = "Borealis Foods — line vision pilot"
prospect = "Borealis Foods"
product = "Inspecta V2"
vendor = "Corvid Sensors"
starts = 2026-09-01
ends = 2026-10-02
se = "Ana Ruiz"
ae = "Ben Okafor"
champion = "kim"

[opportunity]
crm_id = "OPP-7"

[commercial]
if_positive = "{COMMITMENT}"
sponsor = "lee"
qualification_owner = "pat"

[[criteria]]
id = "speed"
title = "Inspects 120 packs a minute"
target = ">= 120/min"
result = "131/min"
status = "passed"
verifier = "kim"

[[stakeholders]]
id = "kim"
name = "Kim Sato"
role = "evaluator"
stance = "champion"
email = "kim@borealis.example"

[[stakeholders]]
id = "lee"
name = "Lee Park"
track = "commercial"
role = "sponsor"
stance = "supporter"
last_contact = 2026-10-01

[[stakeholders]]
id = "pat"
name = "Pat Quinn"
track = "commercial"
role = "procurement"
stance = "skeptic"

[technical_win]
verdict = "yes"
asked_on = {ASKED.isoformat()}T15:00:00
attendees = ["kim"]
"""


@pytest.fixture
def won(tmp_path: Path) -> Path:
    path = tmp_path / "borealis.toml"
    path.write_text(WON, encoding="utf-8")
    return path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def pilot_of(text: str) -> Any:
    return parse_bytes(text.encode("utf-8"), "t.toml").pilot


# --- the clock ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("Procurement starts qualification within 30 days", 30),
        ("within 4 weeks of a positive result", 28),
        ("Within two weeks, a PO", 14),
        ("within 10 business days", 10),
        ("as soon as possible", None),
        ("within 0 days", None),
        ("within 99999 days", None),
    ],
)
def test_days_are_read_from_the_commitments_text(text: str, days: int | None) -> None:
    assert commitment.days_in_text(text) == days


def test_the_clock_starts_at_the_yes_and_says_where_its_days_came_from() -> None:
    clock = commitment.clock(pilot_of(WON), TODAY)
    assert (clock.started, clock.due, clock.state) == (ASKED, dt.date(2026, 11, 5), "overdue")
    assert clock.days_overdue == 17 and clock.source == "text"
    assert clock.since_words().endswith("read from the commitment's text")


def test_within_days_in_the_file_wins_over_the_text() -> None:
    pilot = pilot_of(WON.replace('sponsor = "lee"', 'sponsor = "lee"\nwithin_days = 60'))
    clock = commitment.clock(pilot, TODAY)
    assert (clock.due, clock.state, clock.source) == (ASKED + dt.timedelta(60), "running", "file")


def test_a_yes_but_starts_no_clock() -> None:
    pilot = pilot_of(WON.replace('verdict = "yes"', 'verdict = "yes_but"'))
    assert commitment.clock(pilot, TODAY).state == "none"


# --- check: the acceptance ---------------------------------------------------------------------


def test_check_strict_blocks_on_the_overdue_commitment_and_met_on_clears_it(
    won: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(won), "--strict", "--today", TODAY.isoformat()]) == 1
    out = capsys.readouterr().out
    blocker = next(line for line in out.splitlines() if "commitment-overdue" in line)
    assert blocker.startswith("BLOCKER") and COMMITMENT in blocker and "17 days overdue" in blocker
    assert "due on 2026-11-05" in blocker
    assert "call Lee Park (the sponsor) and Pat Quinn (owns supplier qualification)" in out
    assert "commitment  17 days overdue (due 2026-11-05)" in out  # the summary row

    edit(
        won,
        'qualification_owner = "pat"',
        'qualification_owner = "pat"\ncommitment_met_on = 2026-11-10',
    )
    main(["check", str(won), "--today", TODAY.isoformat()])
    out = capsys.readouterr().out
    assert "commitment-overdue" not in out and "met on 2026-11-10 (5 days late" in out


def test_the_same_pilot_before_its_due_date_shows_no_overdue(
    won: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["check", str(won), "--today", "2026-11-05"])
    out = capsys.readouterr().out
    assert "overdue" not in out.split("\n\n")[0].split("commitment", 1)[1].splitlines()[0]
    assert "commitment-overdue" not in out and "due today (2026-11-05)" in out


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('sponsor = "lee"', 'sponsor = "lee"\nwithin_days = 0', "commercial.within_days: should be a number of calendar days from 1 to 3650"),
        ('sponsor = "lee"', 'sponsor = "lee"\nwithin_days = "30"', "commercial.within_days: should be a whole number"),
        ('sponsor = "lee"', 'sponsor = "lee"\ncommitment_met_on = "2026-11-10"', "commercial.commitment_met_on: should be a date"),
        ('vendor = "Corvid Sensors"', "vendor = 7", "pilot.vendor: should be text in quotes"),
        ("[opportunity]", '[handoff]\nto = "Ben"\n\n[opportunity]', "handoff.on: required, but missing"),
        ("[opportunity]", "[handoff]\non = 2026-11-20\nnotes = 3\n\n[opportunity]", "handoff.notes: should be text"),
    ],
)  # fmt: skip
def test_a_wrong_new_key_is_file_line_field_message(
    won: Path, capsys: pytest.CaptureFixture[str], old: str, new: str, message: str
) -> None:
    edit(won, old, new)
    before = won.read_bytes()
    assert main(["check", str(won)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{won}:") and message in err
    line = int(err.split(":")[1])
    key = message.split(":")[0].rsplit(".", 1)[1]
    assert key in won.read_text(encoding="utf-8").splitlines()[line - 1] or key == "on"
    assert won.read_bytes() == before


# --- status, board, team -----------------------------------------------------------------------


def test_status_json_and_csv_carry_the_commitment(
    won: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["status", str(won), "--format", "json", "--today", TODAY.isoformat()])
    (record,) = json.loads(capsys.readouterr().out)
    assert record["commitment_due"] == "2026-11-05" and record["commitment_state"] == "overdue"
    assert record["state"] == "overdue" and record["overdue"] >= 1
    main(["status", str(won), "--format", "csv", "--today", TODAY.isoformat()])
    header, values = capsys.readouterr().out.splitlines()[:2]
    fields = dict(zip(header.split(","), values.split(","), strict=True))
    assert (fields["commitment_due"], fields["commitment_state"]) == ("2026-11-05", "overdue")


def test_the_status_table_has_the_commitment_and_the_teams_wins(
    won: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["status", str(won), "--today", TODAY.isoformat()])
    lines = capsys.readouterr().out.splitlines()
    assert "COMMITMENT" in lines[0] and "17 days overdue (due 2026-11-05)" in lines[1]
    assert lines[-1].startswith("Running per SE: Ana Ruiz 1 · Technical Wins 1:")


def test_team_counts_what_became_of_each_win() -> None:
    now = dt.datetime.combine(TODAY, dt.time(10, 30))
    overdue = pilot_of(WON)
    on_time = pilot_of(
        WON.replace('sponsor = "lee"', 'sponsor = "lee"\ncommitment_met_on = 2026-10-20')
    )
    late = pilot_of(
        WON.replace('sponsor = "lee"', 'sponsor = "lee"\ncommitment_met_on = 2026-11-10')
    )
    closed = pilot_of(WON + '\n[close_out]\noutcome = "lost"\non = 2026-11-20\n')
    rows = [row(f"{n}.toml", p, now) for n, p in enumerate((overdue, on_time, late, closed))]
    wins = team(rows).wins
    assert wins is not None
    assert (wins.total, wins.met_on_time, wins.met_late, wins.overdue) == (4, 1, 1, 1)
    assert wins.closed == {"lost": 1} and wins.median_days_to_met == 24.5  # 14 and 35 days
    words = team(rows).words()
    assert "Technical Wins 4: commitments met 1 on time, 1 late, 1 overdue, 0 running" in words
    assert "of them closed won 0, lost 1, no decision 0" in words


async def test_the_board_shows_the_overdue_win_among_the_blockers(
    won: Path, samples_dir: Path, clock: Callable[[], dt.datetime]
) -> None:
    import shutil

    from textual.widgets import DataTable, Static

    from pilotdesk.ui.board import BoardApp

    shutil.copyfile(samples_dir / "ready.toml", won.parent / "ready.toml")
    app = BoardApp([won.parent], clock=clock, poll=3600)
    async with app.run_test(size=(200, 20)) as pilot:
        await pilot.pause()
        table = app.query_one(DataTable)
        rows = [[str(c) for c in table.get_row_at(n)] for n in range(table.row_count)]
        assert rows[0][0] == "Borealis Foods"  # before Kestrel, which has no blocker
        assert "Technical Win · commitment 17 days overdue" in rows[0][5]
        team_line = str(app.query_one("#team", Static).render())
        assert "Technical Wins 1: commitments met 0 on time, 0 late, 1 overdue" in team_line


# --- reports, emails, the vendor --------------------------------------------------------------


def test_the_prospects_report_states_the_win_and_names_the_vendor(
    won: Path, tmp_path: Path
) -> None:
    out = tmp_path / "r.md"
    assert (
        main(["report", str(won), "--for", "prospect", "-o", str(out), "--today", "2026-11-22"])
        == 0
    )
    text = out.read_text(encoding="utf-8")
    assert "Technical Win confirmed on Tuesday 6 October 2026." in text
    assert "due by Thursday 5 November 2026" in text and "prepared by Corvid Sensors" in text
    assert "skeptic" not in text  # the allow-list still holds


def test_the_status_email_after_a_win_is_about_the_next_step() -> None:
    email = compose_status(pilot_of(WON), TODAY)
    assert "Technical Win on Tuesday 6 October 2026" in email.body
    assert "It was due by Thursday 5 November 2026" in email.body
    assert "Inspects 120 packs" not in email.body  # not the criteria any more
    assert email.body.rstrip().endswith("Ana Ruiz\nCorvid Sensors")
    assert "next step after the Technical Win" in email.subject


def test_the_win_email_signs_with_the_vendor(won: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["email", str(won)]) == 0
    assert capsys.readouterr().out.rstrip().endswith("Best regards,\nAna Ruiz\nCorvid Sensors")


def test_new_takes_vendor_from_the_option_then_the_config(
    tmp_path: Path, config_home: Path
) -> None:
    assert main(["new", str(tmp_path / "a.toml"), "--vendor", "Corvid Sensors"]) == 0
    assert (
        tomllib.loads((tmp_path / "a.toml").read_text("utf-8"))["pilot"]["vendor"]
        == "Corvid Sensors"
    )
    config_home.joinpath("pilotdesk").mkdir(parents=True)
    config_home.joinpath("pilotdesk", "config.toml").write_text('vendor = "Kite Labs"\n', "utf-8")
    assert main(["new", str(tmp_path / "b.toml")]) == 0
    assert tomllib.loads((tmp_path / "b.toml").read_text("utf-8"))["pilot"]["vendor"] == "Kite Labs"


# --- the workbook: the header and the handoff --------------------------------------------------


@asynccontextmanager
async def workbook(path: Path, clock: Callable[[], dt.datetime]) -> AsyncIterator[Any]:
    from pilotdesk.session.store import PilotStore
    from pilotdesk.ui.app import PilotdeskApp

    app = PilotdeskApp(PilotStore.open(path, clock), clock=clock, remember_theme=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        yield app, pilot


async def test_the_header_shows_the_commitments_clock_after_a_yes(
    won: Path, clock: Callable[[], dt.datetime]
) -> None:
    async with workbook(won, clock) as (app, pilot):
        header = str(app.query_one("#header").render())
        assert "Commitment 17 days OVERDUE (due 2026-11-05)" in header
        assert "days over" not in header  # the time-box no longer counts after a Yes
        await pilot.press("4")
        await pilot.pause()
        detail = str(app.query_one("#finding-detail").render())
        assert detail.startswith("Commitment: 17 days overdue (due 2026-11-05) · 30 days after")


async def test_handoff_records_in_the_file_writes_the_brief_and_never_overwrites_it(
    won: Path, clock: Callable[[], dt.datetime]
) -> None:
    from textual.widgets import Input

    from pilotdesk.ui.commands import palette_commands
    from pilotdesk.ui.modals.form import FormModal

    async with workbook(won, clock) as (app, pilot):
        assert "Handoff: record and write brief" in {c.title for c in palette_commands(app)}
        app.action_handoff()
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormModal)
        assert form.query_one("#field-to", Input).value == "Ben Okafor"  # the AE by default
        form.query_one("#field-notes", Input).value = "SOC 2 letter by Friday"
        await pilot.press("ctrl+s")
        await pilot.pause()
        handoff = tomllib.loads(won.read_text("utf-8"))["handoff"]
        assert handoff == {"on": TODAY, "to": "Ben Okafor", "notes": "SOC 2 letter by Friday"}
        brief = won.with_name("borealis-handoff.md")
        text = brief.read_text(encoding="utf-8")
        for expected in (
            "Technical Win confirmed on Tuesday 6 October 2026",
            "17 days overdue (due 2026-11-05)",
            "SOC 2 letter by Friday",
            "| Pat Quinn |   | procurement | skeptic |",  # stances: it is internal
            "| Inspects 120 packs a minute | \\>= 120/min | 131/min | passed |",
        ):
            assert expected in text, expected
        header = str(app.query_one("#header").render())
        assert "OVERDUE" in header

        # Again, with the brief there: the record changes, the brief is not written over.
        brief.write_text("mine\n", encoding="utf-8")
        app.action_handoff()
        await pilot.pause()
        app.screen.query_one("#field-notes", Input).value = "also the MSA redline"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert brief.read_text(encoding="utf-8") == "mine\n"
        assert tomllib.loads(won.read_text("utf-8"))["handoff"]["notes"] == "also the MSA redline"
        assert any("not overwritten" in str(n.message) for n in app._notifications)

        # One undo step takes the record back.
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert tomllib.loads(won.read_text("utf-8"))["handoff"]["notes"] == "SOC 2 letter by Friday"


def test_board_with_an_overdue_win_snapshot(
    snap_compare: Any,
    won: Path,
    samples_dir: Path,
    clock: Callable[[], dt.datetime],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The overdue win sorted with the blockers, its row saying so, the team line counting it."""
    import shutil

    from pilotdesk.ui.board import BoardApp

    shutil.copyfile(samples_dir / "acme.toml", won.parent / "acme.toml")
    monkeypatch.chdir(won.parent)  # paths relative to here: the picture holds no temporary folder
    app = BoardApp([Path(".")], clock=clock, poll=3600)
    assert snap_compare(app, terminal_size=(190, 12))


def test_the_calendar_has_the_commitments_due_date(won: Path, tmp_path: Path) -> None:
    from pilotdesk.reports.calendar import dates

    events = {what: (summary, when) for what, summary, when in dates(pilot_of(WON))}
    summary, when = events["commitment:due"]
    assert when == dt.date(2026, 11, 5) and COMMITMENT in summary and "commitment due" in summary


async def test_the_handoff_is_offered_only_after_a_yes(
    won: Path, clock: Callable[[], dt.datetime]
) -> None:
    from pilotdesk.ui.commands import palette_commands

    edit(won, 'verdict = "yes"', 'verdict = "more_time"')
    async with workbook(won, clock) as (app, _):
        assert "Handoff: record and write brief" not in {c.title for c in palette_commands(app)}


def test_the_timeline_draws_the_commitment_from_the_clock() -> None:
    from pilotdesk.domain import timeline

    marks = {m.label: m for m in timeline.build(pilot_of(WON), TODAY).marks}
    assert (marks["Commitment due"].day, marks["Commitment due"].state) == (
        dt.date(2026, 11, 5),
        "overdue",
    )
    met = pilot_of(
        WON.replace('sponsor = "lee"', 'sponsor = "lee"\ncommitment_met_on = 2026-11-10')
    )
    marks = {m.label: m for m in timeline.build(met, TODAY).marks}
    assert marks["Commitment due"].state == "done" and marks["Commitment met"].day.day == 10

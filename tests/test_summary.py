"""The pilot at a glance: the verdict's deadline agrees with the readiness check."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pilotdesk.domain import headline as summary
from pilotdesk.domain import readiness
from pilotdesk.pilotfile.read import parse_bytes


def _with_win(samples_dir: Path, record: str):
    text = (
        (samples_dir / "northwind.toml").read_text(encoding="utf-8")
        + "\n[technical_win]\n"
        + record
    )
    return parse_bytes(text.encode("utf-8"), "northwind.toml").pilot


def test_deadlines_on_working_days_a_yes_but_without_follow_up_by_moves_off_the_weekend(
    samples_dir: Path,
) -> None:
    # issue 14, point 3: 48 hours after Thursday is Saturday; the header says Monday, same time
    pilot = _with_win(
        samples_dir,
        'verdict = "yes_but"\nasked_on = 2026-11-26T16:05:00\nconcern = "SSO audit log"\n',
    )
    assert summary.deadline(pilot) == dt.datetime(2026, 11, 30, 16, 5)
    assert summary.verdict(pilot) == "Yes, but… · follow up by Mon 30 Nov 16:05"
    assert not summary.is_overdue(pilot, dt.datetime(2026, 11, 30, 16, 5))
    assert summary.is_overdue(pilot, dt.datetime(2026, 11, 30, 16, 6))
    assert "verdict-overdue" not in {
        f.rule for f in readiness.evaluate(pilot, dt.date(2026, 11, 30))
    }
    assert "verdict-overdue" in {f.rule for f in readiness.evaluate(pilot, dt.date(2026, 12, 1))}


def test_deadlines_on_working_days_the_header_skips_the_prospects_holidays(
    samples_dir: Path,
) -> None:
    text = (samples_dir / "northwind.toml").read_text(encoding="utf-8")
    text = text.replace('ae = "Ana Costa"', 'ae = "Ana Costa"\nholidays = "US"')
    text += '\n[technical_win]\nverdict = "more_time"\nasked_on = 2026-11-20T10:00:00\n'
    pilot = parse_bytes(text.encode("utf-8"), "northwind.toml").pilot
    # Friday 20 November + 5 business days, Thanksgiving (Thursday 26) off: Monday 30 November
    assert summary.verdict(pilot) == "We need more time · prove by Mon 30 Nov"


def test_more_time_without_prove_by_is_due_five_business_days_later(samples_dir: Path) -> None:
    pilot = _with_win(
        samples_dir, 'verdict = "more_time"\nasked_on = 2026-11-26T16:05:00\nunproven = ["cdc"]\n'
    )
    assert summary.deadline(pilot) == dt.date(2026, 12, 3)
    assert not summary.is_overdue(pilot, dt.datetime(2026, 12, 3, 23, 59))
    assert summary.is_overdue(pilot, dt.datetime(2026, 12, 4, 0, 0))


def test_a_recorded_date_wins_and_a_yes_has_no_deadline(samples_dir: Path) -> None:
    pilot = _with_win(
        samples_dir,
        'verdict = "yes_but"\nasked_on = 2026-11-26T16:05:00\nfollow_up_by = 2026-11-27T09:00:00\n',
    )
    assert summary.deadline(pilot) == dt.datetime(2026, 11, 27, 9, 0)
    assert (
        summary.deadline(
            _with_win(samples_dir, 'verdict = "yes"\nasked_on = 2026-11-26T16:05:00\n')
        )
        is None
    )


def _new_pilot(commercial: str, status: str = "todo") -> str:
    from pilotdesk.pilotfile.template import new_pilot_text

    text = new_pilot_text("Acme", "Lumen S3", dt.date(2026, 11, 2), dt.date(2026, 12, 11))
    text = text.replace('if_positive = ""\n', 'if_positive = ""\n' + commercial, 1)
    text = text.replace(
        'id = "sponsor"\nitem = "Commercial sponsor identified"\nsection = "commitment"\nstatus = "todo"',
        f'id = "sponsor"\nitem = "Commercial sponsor identified"\nsection = "commitment"\nstatus = "{status}"',
    )
    return (
        text
        + '\n[[stakeholders]]\nid = "li"\nname = "Li Wei"\n\n[[stakeholders]]\nid = "raj"\nname = "Raj Patel"\n'
    )


def test_the_checklist_follows_the_commitment() -> None:
    # issue 14, point 6: sponsor and qualification owner named: those two items are done
    text = _new_pilot('sponsor = "li"\nqualification_owner = "raj"\n')
    pilot = parse_bytes(text.encode("utf-8"), "acme.toml").pilot
    items = {i.id: i for i in pilot.checklist}
    assert (items["sponsor"].status, items["sponsor"].done_by) == ("done", "[commercial].sponsor")
    assert (items["qual_owner"].status, items["qual_owner"].done_by) == (
        "done",
        "[commercial].qualification_owner",
    )
    assert {i.status for i in pilot.checklist if i.id not in ("sponsor", "qual_owner")} == {"todo"}
    assert summary.checklist_progress(pilot, dt.date(2026, 11, 10))[:2] == (2, 12)
    # derived when read, never written: the file still says todo
    assert (
        'id = "sponsor"\nitem = "Commercial sponsor identified"\nsection = "commitment"\nstatus = "todo"'
        in text
    )


def test_the_checklist_follows_the_commitment_only_while_it_is_there() -> None:
    pilot = parse_bytes(_new_pilot('sponsor = "li"\n').encode("utf-8"), "acme.toml").pilot
    items = {i.id: i for i in pilot.checklist}
    assert items["sponsor"].status == "done"
    assert (items["qual_owner"].status, items["qual_owner"].done_by) == ("todo", "")
    # a skipped item stays skipped: the person decided it does not apply
    skipped = _new_pilot('sponsor = "li"\n', status="skipped")
    assert parse_bytes(skipped.encode("utf-8"), "a.toml").pilot.checklist[1].status == "skipped"
    bare = parse_bytes(_new_pilot("").encode("utf-8"), "a.toml").pilot
    assert {i.status for i in bare.checklist} == {"todo"}


def test_email_wording_our_people_named_by_id_read_as_their_names_in_check() -> None:
    from pilotdesk.domain.check_summary import summary_lines

    text = _new_pilot("").replace('se = ""', 'se = "dana"').replace('ae = ""', 'ae = "sam"')
    text += '\n[[stakeholders]]\nid = "dana"\nname = "Dana Ortiz"\nside = "vendor"\n'
    pilot = parse_bytes(text.encode("utf-8"), "acme.toml").pilot
    assert "SE Dana Ortiz · AE sam" in summary_lines(pilot, dt.date(2026, 11, 10))[1]

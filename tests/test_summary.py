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

"""The weekly status email over a pilot the samples do not cover (issue 27, point 6): a power
module supplier with a truck maker, in a "Yes, but…" — six criteria, eleven people, thirteen
checklist items, several overdue and one nobody owns yet."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pilotdesk.pilotfile.read import read_file
from pilotdesk.reports.status import compose_status

NORDHAVN = Path(__file__).parent / "golden" / "nordhavn_power_module.toml"
TODAY = dt.date(2026, 12, 6)


def _body() -> str:
    return compose_status(read_file(NORDHAVN)[1].pilot, TODAY).body


def _owed(body: str) -> list[str]:
    block = body.split("Who owes what:\n", 1)[1].split("\n\n", 1)[0]
    return block.splitlines()


def test_status_email_in_a_yes_but_names_the_open_concern_and_its_follow_up() -> None:
    body = _body()
    assert (
        "Open concern from the technical review: EMC margin at 30 MHz must be shown with the "
        "production filter. We will follow up with you on it by Tuesday 8 December, 15:00."
    ) in body


def test_status_email_who_owes_what_is_soonest_first_with_overdue_marked() -> None:
    lines = _owed(_body())
    assert lines[0] == "- Sara Holm: Mutual NDA, due Friday 6 November 2026 (overdue)"
    assert sum("(overdue)" in line for line in lines) == 4
    assert not any("(overdue)" in line for line in lines if "2027" in line)
    assert lines[-1].startswith("- Lena Falk: Site visit to the Dresden fab, due Wednesday 20")


def test_status_email_leaves_out_an_item_nobody_owns_and_says_no_nobody_yet() -> None:
    # The email goes to the champion: an item with no owner is internal work until someone on
    # their side owns it (the prospect's allow-list, domain/audience.py), and never "nobody yet".
    body = _body()
    assert "nobody yet" not in body
    assert not any("PPAP level 3 submission plan" in line for line in _owed(body))
    assert _owed(body), "the items the prospect's people owe are still listed"


def test_status_email_leaves_out_items_the_record_completes() -> None:
    """The sponsor is named and the agreement signed: those items are not owed any more."""
    lines = _owed(_body())
    assert not any("Commercial sponsor identified" in line for line in lines)
    assert not any("Evaluation agreement signed" in line for line in lines)

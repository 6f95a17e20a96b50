"""The pilot's record from agreement to close-out: the new tables, drift, and their changes.

The readiness rules (fires / stays quiet) are in test_readiness.py with every other rule.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import pytest

from pilotdesk.domain import lifecycle
from pilotdesk.domain.errors import PilotFileError
from pilotdesk.pilotfile.read import parse_bytes
from pilotdesk.session.changes import AddEntry, SetAgreement, SetCloseOut, SetFields
from pilotdesk.session.store import PilotStore

HEAD = """\
schema = 1

[pilot]
title = "Globex — gateway evaluation"
prospect = "Globex"
product = "Relay"
starts = 2026-11-02
ends = 2026-11-30

[[criteria]]
id = "uptime"
title = "Gateway uptime over 30 days"
target = ">= 99.5 %"

[[criteria]]
id = "latency"
title = "p99 latency"
target = "<= 40 ms"

[[stakeholders]]
id = "ann"
name = "Ann Lee"
"""

AGREEMENT = """
[agreement]
signed_on = 2026-10-30
signed_by = ["ann"]

[agreement.targets]
uptime = ">= 99.5 %"
latency = "<= 40 ms"
"""


def parse(text: str):  # type: ignore[no-untyped-def]
    return parse_bytes(text.encode("utf-8"), "globex.toml").pilot


def error_of(text: str) -> str:
    with pytest.raises(PilotFileError) as caught:
        parse(text)
    return caught.value.render()


# --- the tables: valid, and each invalid case with FILE:LINE: field: message -------------------


def test_a_pilot_with_agreement_gaps_and_close_out_is_valid() -> None:
    pilot = parse(
        HEAD
        + AGREEMENT
        + """
[[gaps]]
id = "scim"
title = "No SCIM provisioning"
severity = "deal_breaker"
criterion = "uptime"
impact = "Onboarding 4,000 users by hand"
workaround = "Nightly CSV import"
request = "PROD-1234"
status = "planned"

[close_out]
outcome = "won"
on = 2026-12-15
reason = "All criteria met"
next = "PO 4711 received"
"""
    )
    assert pilot.agreement is not None and pilot.agreement.targets["uptime"] == ">= 99.5 %"
    assert pilot.gaps[0].severity == "deal_breaker" and pilot.gaps[0].status == "planned"
    assert pilot.close_out is not None and pilot.close_out.outcome == "won"
    assert lifecycle.close_out_words(pilot) == "won on 2026-12-15 (PO 4711 received)"


def test_an_existing_file_without_the_new_tables_stays_valid() -> None:
    pilot = parse(HEAD)
    assert pilot.agreement is None and pilot.gaps == [] and pilot.close_out is None


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ('\n[agreement]\nsigned_by = ["ann"]\n', "globex.toml:24: agreement.signed_on: "),
        ('\n[agreement]\nsigned_on = "2026-10-30"\n', "globex.toml:25: agreement.signed_on: "),
        (
            '\n[agreement]\nsigned_on = 2026-10-30\nsigned_by = ["zed"]\n',
            "globex.toml:26: agreement.signed_by[0]: 'zed' is not a stakeholder id",
        ),
        (
            "\n[agreement]\nsigned_on = 2026-10-30\n\n[agreement.targets]\nuptime = 99\n",
            "globex.toml:28: agreement.targets.uptime: ",
        ),
        (
            '\n[[gaps]]\nid = "g"\ntitle = "G"\nseverity = "fatal"\n',
            "globex.toml:27: gaps[0].severity: ",
        ),
        (
            '\n[[gaps]]\nid = "g"\ntitle = "G"\nseverity = "nice_to_have"\nstatus = "done"\n',
            "globex.toml:28: gaps[0].status: ",
        ),
        (
            '\n[[gaps]]\nid = "g"\ntitle = "G"\nseverity = "nice_to_have"\ncriterion = "nope"\n',
            "globex.toml:28: gaps[0].criterion: 'nope' is not a criterion id",
        ),
        (
            '\n[[gaps]]\nid = "g"\ntitle = "G"\nseverity = "nice_to_have"\n'
            '\n[[gaps]]\nid = "g"\ntitle = "H"\nseverity = "nice_to_have"\n',
            "globex.toml:30: gaps[1].id: duplicate id 'g'",
        ),
        ('\n[[gaps]]\nid = "g"\ntitle = "G"\n', "globex.toml:24: gaps[0].severity: "),
        (
            '\n[close_out]\noutcome = "maybe"\non = 2026-12-01\n',
            "globex.toml:25: close_out.outcome: ",
        ),
        ('\n[close_out]\noutcome = "lost"\n', "globex.toml:24: close_out.on: "),
    ],
)
def test_each_invalid_record_is_named_with_its_line_and_field(extra: str, expected: str) -> None:
    assert error_of(HEAD + extra).startswith(expected)


# --- drift and the email's words ------------------------------------------------------------------


def test_drift_names_changed_added_and_removed_criteria() -> None:
    text = HEAD.replace('target = "<= 40 ms"', 'target = "<= 60 ms"') + AGREEMENT.replace(
        'latency = "<= 40 ms"', 'latency = "<= 40 ms"\nsoak = "72 h without restart"'
    )
    text += '\n[[criteria]]\nid = "late"\ntitle = "Added later"\n'
    changes = lifecycle.drift(parse(text))
    assert changes.describe() == [
        "p99 latency: signed '<= 40 ms', now '<= 60 ms'",
        "Added later: added after sign-off",
        "soak: removed since sign-off",
    ]


def test_the_agreement_phrase_is_honest() -> None:
    assert lifecycle.agreement_phrase(parse(HEAD)) == "as defined for this evaluation"
    assert lifecycle.agreement_phrase(parse(HEAD + AGREEMENT)) == "as agreed on 30 October 2026"
    amended = AGREEMENT.replace(
        "signed_on = 2026-10-30", "signed_on = 2026-11-12\nfirst_signed_on = 2026-10-30"
    )
    assert lifecycle.agreement_phrase(parse(HEAD + amended)) == "as amended on 12 November 2026"
    drifted = HEAD.replace('target = "<= 40 ms"', 'target = "<= 60 ms"') + AGREEMENT
    assert "the targets of latency have changed since" in lifecycle.agreement_phrase(parse(drifted))


# --- recording them through the store ----------------------------------------------------------


def store_over(tmp_path: Path, text: str) -> PilotStore:
    path = tmp_path / "globex.toml"
    path.write_text(text, encoding="utf-8")
    return PilotStore.open(path, lambda: dt.datetime(2026, 11, 12, 10, 0))


def test_recording_the_sign_off_again_keeps_the_first_date(tmp_path: Path) -> None:
    store = store_over(tmp_path, HEAD + AGREEMENT)
    store.apply(SetFields("criteria", "latency", {"target": "<= 60 ms"}))
    assert lifecycle.drift(store.pilot)
    targets = lifecycle.signed_targets(store.pilot)
    outcome = store.apply(
        SetAgreement({"signed_on": dt.date(2026, 11, 12), "signed_by": ["ann"], "targets": targets})
    )
    assert outcome.saved and outcome.description == "agreement: signed on 2026-11-12 by ann"
    agreement = tomllib.loads(store.path.read_text(encoding="utf-8"))["agreement"]
    assert agreement["first_signed_on"] == dt.date(2026, 10, 30)
    assert agreement["targets"]["latency"] == "<= 60 ms"
    assert not lifecycle.drift(store.pilot)
    assert lifecycle.agreement_phrase(store.pilot) == "as amended on 12 November 2026"


def test_a_first_sign_off_goes_above_the_criteria_and_its_undo_restores_the_file(
    tmp_path: Path,
) -> None:
    store = store_over(tmp_path, HEAD)
    targets = lifecycle.signed_targets(store.pilot)
    store.apply(
        SetAgreement({"signed_on": dt.date(2026, 11, 1), "signed_by": ["ann"], "targets": targets})
    )
    text = store.path.read_text(encoding="utf-8")
    assert text.index("[agreement]") < text.index("[[criteria]]")
    store.undo()
    assert store.path.read_text(encoding="utf-8").split("\n[[log]]")[0] == HEAD


def test_a_gap_and_a_close_out_are_recorded_and_logged(tmp_path: Path) -> None:
    store = store_over(tmp_path, HEAD)
    store.apply(AddEntry("gaps", {"id": "scim", "title": "No SCIM", "severity": "deal_breaker"}))
    store.apply(SetCloseOut({"outcome": "lost", "on": dt.date(2026, 12, 1), "reason": "price"}))
    data = tomllib.loads(store.path.read_text(encoding="utf-8"))
    assert data["gaps"][0]["id"] == "scim" and data["close_out"]["outcome"] == "lost"
    assert [e["event"] for e in data["log"]] == ["gap scim: added", "close-out: lost on 2026-12-01"]


def test_the_yes_email_says_how_the_criteria_were_agreed() -> None:
    from pilotdesk.domain.mail import compose

    passed = HEAD.replace('target = ">= 99.5 %"', 'target = ">= 99.5 %"\nstatus = "passed"')
    passed = passed.replace('target = "<= 40 ms"', 'target = "<= 40 ms"\nstatus = "passed"')
    win = (
        '\n[technical_win]\nverdict = "yes"\nasked_on = 2026-11-20T16:05:00\nattendees = ["ann"]\n'
    )
    agreed = compose(parse(passed + AGREEMENT + win)).body
    assert "has met all 2 success criteria as agreed on 30 October 2026." in agreed
    amended = AGREEMENT.replace(
        "signed_on = 2026-10-30", "signed_on = 2026-11-12\nfirst_signed_on = 2026-10-30"
    )
    assert "as amended on 12 November 2026." in compose(parse(passed + amended + win)).body
    drifted = passed.replace('target = "<= 40 ms"', 'target = "<= 60 ms"')
    body = compose(parse(drifted + AGREEMENT + win)).body
    assert "(the targets of latency have changed since and are not yet agreed)" in body

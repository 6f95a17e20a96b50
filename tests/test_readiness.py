"""Tests for pilotdesk.domain.readiness: every rule fires when it should and stays quiet when it should not.

The base pilot below is clean on ``TODAY``; each test changes one thing. Variants are built either
from a TOML string through ``parse_bytes`` (what a user writes) or by ``model_copy`` of the base.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from pilotdesk import resources
from pilotdesk.domain import readiness
from pilotdesk.domain.model import (
    Agreement,
    ChecklistItem,
    CloseOut,
    Criterion,
    Gap,
    Handoff,
    LogEntry,
    Pilot,
    TechnicalWin,
)
from pilotdesk.domain.readiness import (
    RULE_IDS,
    RULES,
    Finding,
    Severity,
    closest_rule,
    counts,
    evaluate,
    format_report,
    unknown_ignores,
)
from pilotdesk.pilotfile.read import parse_bytes

TODAY = dt.date(2026, 11, 10)
SAMPLES = resources.data_dir("sample_pilots")
SAMPLE_DAY = dt.date(2026, 11, 22)

BASE = """\
schema = 1

[pilot]
title = "Base — widget evaluation"
prospect = "Base Corp"
product = "Widget"
starts = 2026-11-02
ends = 2026-11-30          # 28 days: the midpoint is 2026-11-16
champion = "eve"

[opportunity]
crm_id = "OPP-1"
purchasing_process = "RFP 7"

[commercial]
if_positive = "Pat opens supplier qualification within 30 days"
sponsor = "sol"
qualification_owner = "pat"
first_po_expected = 2027-02-01

[agreement]
signed_on = 2026-10-30
signed_by = ["eve"]
targets = { a = "", b = "", c = "" }

[[criteria]]
id = "a"
title = "Alpha"
status = "passed"
result = "12 ms"
verifier = "eve"

[[criteria]]
id = "b"
title = "Beta"
verifier = "eve"

[[criteria]]
id = "c"
title = "Gamma"
verifier = "eve"

[[stakeholders]]
id = "eve"
name = "Eve Evans"
track = "technical"
role = "evaluator"
stance = "champion"
influence = "high"
last_contact = 2026-11-09

[[stakeholders]]
id = "sol"
name = "Sol Stone"
track = "commercial"
role = "sponsor"
stance = "supporter"
influence = "high"
last_contact = 2026-11-05

[[stakeholders]]
id = "pat"
name = "Pat Price"
track = "commercial"
role = "procurement"
stance = "neutral"
last_contact = 2026-11-08

[[stakeholders]]
id = "vic"
name = "Vic Vendor"
side = "vendor"
track = "technical"
role = "se"
"""


def parse(text: str) -> Pilot:
    return parse_bytes(text.encode("utf-8"), "test.toml").pilot


def load_sample(name: str) -> Pilot:
    path = SAMPLES / f"{name}.toml"
    return parse_bytes(path.read_bytes(), path).pilot


@pytest.fixture
def base() -> Pilot:
    return parse(BASE)


def table(pilot: Pilot, name: str, **fields: Any) -> Pilot:
    """``pilot`` with fields of table ``name`` (pilot, opportunity, commercial) replaced."""
    return pilot.model_copy(update={name: getattr(pilot, name).model_copy(update=fields)})


def person(pilot: Pilot, sid: str, **fields: Any) -> Pilot:
    people = [s.model_copy(update=fields) if s.id == sid else s for s in pilot.stakeholders]
    assert any(s.id == sid for s in pilot.stakeholders), sid
    return pilot.model_copy(update={"stakeholders": people})


def criterion(pilot: Pilot, cid: str, **fields: Any) -> Pilot:
    criteria = [c.model_copy(update=fields) if c.id == cid else c for c in pilot.criteria]
    assert any(c.id == cid for c in pilot.criteria), cid
    return pilot.model_copy(update={"criteria": criteria})


def with_items(pilot: Pilot, *items: dict[str, Any]) -> Pilot:
    """``pilot`` with these commercial checklist items (fields of :class:`ChecklistItem`)."""
    checklist = [ChecklistItem(**{"item": f"Item {i['id']}", **i}) for i in items]
    return pilot.model_copy(update={"checklist": checklist})


def all_passed(pilot: Pilot) -> Pilot:
    return pilot.model_copy(
        update={"criteria": [c.model_copy(update={"status": "passed"}) for c in pilot.criteria]}
    )


def with_win(pilot: Pilot, **fields: Any) -> Pilot:
    fields.setdefault("asked_on", dt.datetime(2026, 11, 10, 16, 5))
    return pilot.model_copy(update={"technical_win": TechnicalWin(**fields)})


def found(pilot: Pilot, rule: str, today: dt.date = TODAY) -> Finding | None:
    hits = [f for f in evaluate(pilot, today) if f.rule == rule]
    assert len(hits) <= 1, hits
    return hits[0] if hits else None


def fires(pilot: Pilot, rule: str, today: dt.date = TODAY) -> Finding:
    finding = found(pilot, rule, today)
    assert finding is not None, f"{rule} did not fire: {evaluate(pilot, today)}"
    return finding


def quiet(pilot: Pilot, rule: str, today: dt.date = TODAY) -> None:
    finding = found(pilot, rule, today)
    assert finding is None, f"{rule} fired: {finding}"


# --- the registry and the base ----------------------------------------------------------------


def test_rule_ids_severities_and_order() -> None:
    assert [(r.id, r.severity) for r in RULES] == [
        ("no-opportunity", Severity.BLOCKER),
        ("no-sponsor", Severity.BLOCKER),
        ("sponsor-not-commercial", Severity.WARNING),
        ("no-qualification-owner", Severity.WARNING),
        ("no-procurement", Severity.WARNING),
        ("no-commitment", Severity.BLOCKER),
        ("no-first-po-date", Severity.WARNING),
        ("commercial-track-silent", Severity.WARNING),
        ("checklist-overdue", Severity.WARNING),
        ("champion-without-authority", Severity.WARNING),
        ("unverified-criteria", Severity.WARNING),
        ("criteria-count", Severity.INFO),
        ("failed-must-have", Severity.BLOCKER),
        ("time-box-over", Severity.BLOCKER),
        ("time-box-midpoint", Severity.WARNING),
        ("passed-without-evidence", Severity.WARNING),
        ("assumed-win", Severity.BLOCKER),
        ("verdict-overdue", Severity.BLOCKER),
        ("soft-no", Severity.WARNING),
        ("verdict-no", Severity.INFO),
        ("commitment-overdue", Severity.BLOCKER),
        ("quiet-since-win", Severity.WARNING),
        ("no-commitment-date", Severity.WARNING),
        ("no-handoff", Severity.WARNING),
        ("criteria-changed-since-agreement", Severity.WARNING),
        ("no-evaluation-agreement", Severity.WARNING),
        ("open-deal-breaker", Severity.BLOCKER),
        ("gone-quiet", Severity.WARNING),
        ("hostile-high-influence", Severity.WARNING),
        ("unknown-role", Severity.INFO),
    ]
    for r in RULES:
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", r.id), r.id
        assert r.title and "\n" not in r.title


def test_severity_is_ordered_by_gravity() -> None:
    assert Severity.BLOCKER > Severity.WARNING > Severity.INFO
    assert [s.label for s in sorted(Severity, reverse=True)] == ["blocker", "warning", "info"]
    assert str(Severity.WARNING) == "warning"


def test_base_pilot_is_clean(base: Pilot) -> None:
    assert evaluate(base, TODAY) == []


def test_finding_is_frozen(base: Pilot) -> None:
    finding = fires(table(base, "commercial", sponsor=""), "no-sponsor")
    with pytest.raises(dataclasses.FrozenInstanceError):
        finding.rule = "other"  # type: ignore[misc]


# --- no-opportunity ---------------------------------------------------------------------------


def test_no_opportunity_fires_without_crm_id_or_purchasing_process(base: Pilot) -> None:
    finding = fires(
        table(base, "opportunity", crm_id="", purchasing_process="  "), "no-opportunity"
    )
    assert finding.severity is Severity.BLOCKER
    assert "purchasing process" in finding.finding
    assert finding.target == ("opportunity", "crm_id")


@pytest.mark.parametrize("fields", [{"crm_id": ""}, {"purchasing_process": ""}])
def test_no_opportunity_quiet_with_either_piece_of_evidence(
    base: Pilot, fields: dict[str, str]
) -> None:
    quiet(table(base, "opportunity", **fields), "no-opportunity")


def test_no_opportunity_from_a_file_without_the_table() -> None:
    text = BASE.replace('crm_id = "OPP-1"\npurchasing_process = "RFP 7"\n', "")
    assert "OPP-1" not in text
    fires(parse(text), "no-opportunity")


# --- sponsor ----------------------------------------------------------------------------------


def test_no_sponsor_fires(base: Pilot) -> None:
    finding = fires(table(base, "commercial", sponsor=""), "no-sponsor")
    assert finding.target == ("commercial", "sponsor")


def test_no_sponsor_quiet_with_sponsor(base: Pilot) -> None:
    quiet(base, "no-sponsor")


def test_sponsor_not_commercial_fires_for_technical_track(base: Pilot) -> None:
    finding = fires(person(base, "sol", track="technical"), "sponsor-not-commercial")
    assert "Sol Stone" in finding.finding and "technical track" in finding.finding
    assert finding.target == ("stakeholders", "sol")


def test_sponsor_not_commercial_fires_for_vendor_side(base: Pilot) -> None:
    finding = fires(table(base, "commercial", sponsor="vic"), "sponsor-not-commercial")
    assert "Vic Vendor" in finding.finding and "our side" in finding.finding


def test_sponsor_not_commercial_quiet(base: Pilot) -> None:
    quiet(base, "sponsor-not-commercial")
    quiet(table(base, "commercial", sponsor=""), "sponsor-not-commercial")  # no-sponsor speaks


# --- qualification owner, procurement -------------------------------------------------------


def test_no_qualification_owner_fires(base: Pilot) -> None:
    finding = fires(table(base, "commercial", qualification_owner=""), "no-qualification-owner")
    assert finding.severity is Severity.WARNING
    assert finding.target == ("commercial", "qualification_owner")


def test_no_qualification_owner_quiet(base: Pilot) -> None:
    quiet(base, "no-qualification-owner")


def test_no_procurement_fires_without_a_procurement_role(base: Pilot) -> None:
    fires(person(base, "pat", role="sourcing"), "no-procurement")


def test_no_procurement_ignores_vendor_side(base: Pilot) -> None:
    pilot = person(person(base, "pat", role="finance"), "vic", role="procurement")
    fires(pilot, "no-procurement")


def test_no_procurement_quiet(base: Pilot) -> None:
    quiet(base, "no-procurement")


# --- commitment, first PO ---------------------------------------------------------------------


@pytest.mark.parametrize("value", ["", "   "])
def test_no_commitment_fires(base: Pilot, value: str) -> None:
    finding = fires(table(base, "commercial", if_positive=value), "no-commitment")
    assert finding.severity is Severity.BLOCKER
    assert finding.target == ("commercial", "if_positive")


def test_no_commitment_quiet(base: Pilot) -> None:
    quiet(base, "no-commitment")


def test_no_first_po_date_fires(base: Pilot) -> None:
    finding = fires(table(base, "commercial", first_po_expected=None), "no-first-po-date")
    assert finding.target == ("commercial", "first_po_expected")


def test_no_first_po_date_quiet(base: Pilot) -> None:
    quiet(base, "no-first-po-date")


# --- commercial-track-silent ------------------------------------------------------------------


def test_commercial_track_silent_fires_when_everyone_commercial_is_quiet(base: Pilot) -> None:
    pilot = person(
        person(base, "sol", last_contact=dt.date(2026, 10, 27)), "pat", last_contact=None
    )
    finding = fires(pilot, "commercial-track-silent")
    assert "Sol Stone (14 days)" in finding.finding
    assert "Pat Price (never contacted)" in finding.finding
    assert finding.target == ("stakeholders", "sol")


def test_commercial_track_silent_fires_without_commercial_stakeholders(base: Pilot) -> None:
    pilot = person(person(base, "sol", track="technical"), "pat", track="technical")
    finding = fires(pilot, "commercial-track-silent")
    assert "no prospect stakeholder on the commercial track" in finding.finding


def test_commercial_track_silent_ignores_vendor_commercial_people(base: Pilot) -> None:
    pilot = person(person(base, "sol", track="technical"), "pat", track="technical")
    pilot = person(pilot, "vic", track="commercial", last_contact=TODAY)
    fires(pilot, "commercial-track-silent")


def test_commercial_track_silent_quiet_with_one_contact_13_days_ago(base: Pilot) -> None:
    pilot = person(
        person(base, "sol", last_contact=dt.date(2026, 10, 28)), "pat", last_contact=None
    )
    quiet(pilot, "commercial-track-silent")


def test_commercial_track_silent_quiet_on_a_new_file_with_nobody_in_it(base: Pilot) -> None:
    # issue 14, point 8: with no prospect people at all, no-sponsor and no-procurement speak
    pilot = base.model_copy(update={"stakeholders": []})
    quiet(pilot, "commercial-track-silent")
    fires(pilot, "no-procurement")


def test_readiness_does_not_name_the_same_people_twice(base: Pilot) -> None:
    # issue 14, point 8: the silent commercial track is named by commercial-track-silent only
    pilot = person(person(base, "sol", last_contact=None), "pat", last_contact=None)
    pilot = person(pilot, "eve", last_contact=None)
    silent = fires(pilot, "commercial-track-silent")
    gone = fires(pilot, "gone-quiet")
    assert "Sol Stone" in silent.finding and "Pat Price" in silent.finding
    assert gone.finding == "no contact for 14+ days: Eve Evans (never contacted)"
    # with one commercial person active, the other quiet one is gone-quiet's to name
    pilot = person(pilot, "sol", last_contact=TODAY)
    quiet(pilot, "commercial-track-silent")
    assert "Pat Price (never contacted)" in fires(pilot, "gone-quiet").finding


# --- passed-without-evidence ------------------------------------------------------------------


def test_passed_without_evidence_fires_for_a_bare_pass(base: Pilot) -> None:
    # issue 14, point 2: a pass with nothing on record is a claim, not a result
    pilot = criterion(base, "a", result="", evidence="")
    pilot = criterion(pilot, "b", status="passed", result="  ", evidence="")
    finding = fires(pilot, "passed-without-evidence")
    assert finding.finding == "2 criteria passed with no result and no evidence on record: a, b"
    assert finding.target == ("criteria", "a")


@pytest.mark.parametrize(
    "fields",
    [
        {"result": "12 ms", "evidence": ""},
        {"result": "", "evidence": "Bench report BR-17"},
        {"result": "", "evidence": "", "status": "failed"},
        {"result": "", "evidence": "", "status": "pending"},
    ],
)
def test_passed_without_evidence_quiet(base: Pilot, fields: dict[str, Any]) -> None:
    quiet(criterion(base, "a", **fields), "passed-without-evidence")


# --- checklist-overdue ------------------------------------------------------------------------


def test_checklist_overdue_names_the_items_not_their_ids(base: Pilot) -> None:
    # issue 14, point 8: "po_timeline" means nothing to the reader; the item's text does
    pilot = with_items(
        base,
        {
            "id": "po_timeline",
            "item": "Timeline to first purchase order agreed",
            "status": "doing",
            "owner": "sol",
            "due": dt.date(2026, 11, 8),
        },
        {"id": "nda", "status": "done", "owner": "pat", "due": dt.date(2026, 10, 1)},
        {"id": "pricing", "status": "todo", "owner": "pat", "due": dt.date(2026, 11, 9)},
        {"id": "legal", "status": "todo", "due": dt.date(2026, 10, 31)},
    )
    finding = fires(pilot, "checklist-overdue")
    assert finding.severity is Severity.WARNING
    assert finding.finding == (
        "overdue on the commercial checklist: Timeline to first purchase order agreed "
        "(Sol Stone, 2 days overdue); Item pricing (Pat Price, 1 day overdue); "
        "Item legal (no owner, 10 days overdue)"
    )
    assert "po_timeline" not in finding.finding
    assert finding.fix.startswith("ask the owners ")
    assert finding.target == ("checklist", "po_timeline")


def test_checklist_overdue_one_owner_is_asked_by_first_name(base: Pilot) -> None:
    pilot = with_items(base, {"id": "po_timeline", "owner": "sol", "due": dt.date(2026, 11, 8)})
    assert fires(pilot, "checklist-overdue").fix.startswith("ask Sol ")


def test_checklist_overdue_boundary_is_the_day_after_due(base: Pilot) -> None:
    pilot = with_items(base, {"id": "po_timeline", "status": "doing", "owner": "sol", "due": TODAY})
    quiet(pilot, "checklist-overdue")
    finding = fires(pilot, "checklist-overdue", TODAY + dt.timedelta(days=1))
    assert finding.finding.endswith("Item po_timeline (Sol Stone, 1 day overdue)")


@pytest.mark.parametrize(
    "fields",
    [
        {"status": "done", "due": dt.date(2026, 11, 1)},
        {"status": "skipped", "due": dt.date(2026, 11, 1)},
        {"status": "todo", "due": None},
        {"status": "doing", "due": dt.date(2026, 11, 30)},
    ],
)
def test_checklist_overdue_quiet(base: Pilot, fields: dict[str, Any]) -> None:
    quiet(with_items(base, {"id": "x", "owner": "pat", **fields}), "checklist-overdue")


# --- champion-without-authority ---------------------------------------------------------------


def test_champion_without_authority_fires(base: Pilot) -> None:
    finding = fires(table(base, "commercial", sponsor=""), "champion-without-authority")
    assert "Eve Evans (evaluator)" in finding.finding
    assert finding.target == ("stakeholders", "eve")


def test_champion_without_authority_quiet_when_sponsor_known(base: Pilot) -> None:
    quiet(base, "champion-without-authority")


@pytest.mark.parametrize("role", ["economic_buyer", "sponsor", "procurement", "finance"])
def test_champion_with_authority_quiet_even_without_sponsor(base: Pilot, role: str) -> None:
    pilot = person(table(base, "commercial", sponsor=""), "eve", role=role)
    quiet(pilot, "champion-without-authority")


# --- unverified-criteria ----------------------------------------------------------------------


def test_unverified_criteria_names_missing_and_vendor_verifiers(base: Pilot) -> None:
    pilot = criterion(criterion(base, "b", verifier=""), "c", verifier="vic")
    finding = fires(pilot, "unverified-criteria")
    assert finding.finding == "b has no verifier; c is verified by Vic Vendor, on our side"
    assert finding.target == ("criteria", "b")


def test_unverified_criteria_quiet(base: Pilot) -> None:
    quiet(base, "unverified-criteria")


# --- criteria-count ---------------------------------------------------------------------------


def _n_criteria(pilot: Pilot, n: int) -> Pilot:
    criteria = [Criterion(id=f"k{i}", title=f"K{i}", verifier="eve") for i in range(n)]
    return pilot.model_copy(update={"criteria": criteria})


@pytest.mark.parametrize(
    ("n", "text"), [(0, "no success criteria"), (2, "only 2"), (8, "8 success criteria")]
)
def test_criteria_count_fires(base: Pilot, n: int, text: str) -> None:
    finding = fires(_n_criteria(base, n), "criteria-count")
    assert finding.severity is Severity.INFO
    assert text in finding.finding


@pytest.mark.parametrize("n", [3, 7])
def test_criteria_count_quiet(base: Pilot, n: int) -> None:
    quiet(_n_criteria(base, n), "criteria-count")


# --- failed-must-have -------------------------------------------------------------------------


def test_failed_must_have_names_the_failed_must_haves(base: Pilot) -> None:
    pilot = criterion(
        criterion(base, "b", status="failed", must_have=True), "c", status="failed", must_have=True
    )
    pilot = criterion(pilot, "a", must_have=True)  # passed: not named
    finding = fires(pilot, "failed-must-have")
    assert finding.severity is Severity.BLOCKER
    assert finding.finding == "2 must-have criteria failed: Beta, Gamma"
    assert finding.fix == "agree a retest or a changed target with the evaluator before the review"
    assert finding.target == ("criteria", "b")


def test_failed_must_have_singular(base: Pilot) -> None:
    finding = fires(criterion(base, "c", status="failed", must_have=True), "failed-must-have")
    assert finding.finding == "1 must-have criterion failed: Gamma"
    assert finding.target == ("criteria", "c")


@pytest.mark.parametrize(
    ("status", "must_have"), [("failed", False), ("pending", True), ("passed", True)]
)
def test_failed_must_have_quiet(base: Pilot, status: str, must_have: bool) -> None:
    quiet(criterion(base, "b", status=status, must_have=must_have), "failed-must-have")


def test_failed_must_have_quiet_once_a_verdict_is_recorded(base: Pilot) -> None:
    pilot = criterion(base, "b", status="failed", must_have=True)
    quiet(with_win(pilot, verdict="no", reason="thermal"), "failed-must-have")


# --- time-box-over ----------------------------------------------------------------------------


def test_time_box_over_fires_the_day_after_ends(base: Pilot) -> None:
    finding = fires(base, "time-box-over", dt.date(2026, 12, 1))
    assert (
        finding.finding
        == "the time-box ended on 2026-11-30 (1 day ago) with 2 criteria pending: b, c"
    )
    assert finding.target == ("criteria", "b")


def test_time_box_over_quiet_on_the_last_day(base: Pilot) -> None:
    quiet(base, "time-box-over", dt.date(2026, 11, 30))


def test_time_box_over_quiet_when_nothing_pending(base: Pilot) -> None:
    pilot = criterion(criterion(base, "b", status="failed"), "c", status="passed")
    quiet(pilot, "time-box-over", dt.date(2026, 12, 5))


def test_time_box_over_quiet_once_a_verdict_is_recorded(base: Pilot) -> None:
    pilot = with_win(base, verdict="more_time", unproven=["b", "c"], prove_by=dt.date(2026, 12, 7))
    quiet(pilot, "time-box-over", dt.date(2026, 12, 5))


# --- time-box-midpoint ------------------------------------------------------------------------


def test_midpoint_boundary_even_box(base: Pilot) -> None:
    # 2026-11-02 .. 2026-11-30 is 28 days; the first half ends on 2026-11-16.
    quiet(base, "time-box-midpoint", dt.date(2026, 11, 16))
    finding = fires(base, "time-box-midpoint", dt.date(2026, 11, 17))
    assert (
        finding.finding
        == "past the midpoint of the time-box (2026-11-16) with 2 of 3 criteria pending: b, c"
    )


def test_midpoint_boundary_odd_box(base: Pilot) -> None:
    # 2026-11-02 .. 2026-11-29 is 27 days; the midpoint is noon on 2026-11-15.
    pilot = table(base, "pilot", ends=dt.date(2026, 11, 29))
    quiet(pilot, "time-box-midpoint", dt.date(2026, 11, 15))
    fires(pilot, "time-box-midpoint", dt.date(2026, 11, 16))


def test_midpoint_quiet_when_exactly_half_pending(base: Pilot) -> None:
    pilot = base.model_copy(
        update={"criteria": [*base.criteria, Criterion(id="d", title="D", status="failed")]}
    )
    quiet(pilot, "time-box-midpoint", dt.date(2026, 11, 20))  # 2 of 4: not more than half


def test_midpoint_quiet_after_the_end(base: Pilot) -> None:
    quiet(base, "time-box-midpoint", dt.date(2026, 12, 1))  # time-box-over speaks instead
    fires(base, "time-box-over", dt.date(2026, 12, 1))


def test_midpoint_quiet_without_a_time_box(base: Pilot) -> None:
    quiet(table(base, "pilot", starts=None), "time-box-midpoint", dt.date(2026, 11, 20))


# --- assumed-win ------------------------------------------------------------------------------


def test_assumed_win_fires_when_all_passed_and_nothing_recorded(base: Pilot) -> None:
    finding = fires(all_passed(base), "assumed-win")
    assert finding.severity is Severity.BLOCKER
    assert finding.finding.startswith(
        "every one of the 3 criteria passed and no Technical Win is recorded"
    )
    assert "silence is not a verdict" in finding.finding


def test_assumed_win_quiet_once_the_verdict_is_recorded(base: Pilot) -> None:
    quiet(with_win(all_passed(base), verdict="yes"), "assumed-win")


def test_assumed_win_quiet_with_one_criterion_not_passed(base: Pilot) -> None:
    quiet(criterion(all_passed(base), "c", status="failed"), "assumed-win")


def test_assumed_win_quiet_without_criteria(base: Pilot) -> None:
    quiet(_n_criteria(base, 0), "assumed-win")


# --- verdict-overdue --------------------------------------------------------------------------


def test_yes_but_overdue_the_day_after_follow_up_by(base: Pilot) -> None:
    pilot = with_win(
        all_passed(base),
        verdict="yes_but",
        concern="SOC 2 letter",
        follow_up_by=dt.datetime(2026, 11, 12, 16, 5),
    )
    quiet(pilot, "verdict-overdue", dt.date(2026, 11, 12))
    finding = fires(pilot, "verdict-overdue", dt.date(2026, 11, 13))
    assert "(SOC 2 letter)" in finding.finding and "2026-11-12 16:05" in finding.finding
    assert finding.target == ("technical_win", "follow_up_by")


def test_yes_but_without_follow_up_by_uses_48_hours(base: Pilot) -> None:
    pilot = with_win(
        all_passed(base), verdict="yes_but", asked_on=dt.datetime(2026, 11, 10, 23, 30)
    )
    quiet(pilot, "verdict-overdue", dt.date(2026, 11, 12))
    fires(pilot, "verdict-overdue", dt.date(2026, 11, 13))


def test_more_time_overdue_the_day_after_prove_by(base: Pilot) -> None:
    pilot = with_win(base, verdict="more_time", unproven=["b"], prove_by=dt.date(2026, 11, 17))
    quiet(pilot, "verdict-overdue", dt.date(2026, 11, 17))
    finding = fires(pilot, "verdict-overdue", dt.date(2026, 11, 18))
    assert "(b)" in finding.finding and "2026-11-17" in finding.finding


def test_more_time_without_prove_by_uses_5_business_days(base: Pilot) -> None:
    # Asked on Friday 2026-11-13: five business days later is Friday 2026-11-20.
    pilot = with_win(
        base, verdict="more_time", unproven=["b"], asked_on=dt.datetime(2026, 11, 13, 10, 0)
    )
    quiet(pilot, "verdict-overdue", dt.date(2026, 11, 20))
    fires(pilot, "verdict-overdue", dt.date(2026, 11, 21))


def test_verdict_overdue_quiet_for_yes(base: Pilot) -> None:
    quiet(with_win(all_passed(base), verdict="yes"), "verdict-overdue", dt.date(2027, 6, 1))


# --- soft-no, verdict-no ----------------------------------------------------------------------


def test_soft_no_names_the_unproven_criteria(base: Pilot) -> None:
    pilot = with_win(base, verdict="more_time", unproven=["b", "c"], prove_by=dt.date(2026, 11, 17))
    finding = fires(pilot, "soft-no")
    assert finding.finding == '"We need more time" on 2026-11-10 is a soft no; unproven: b, c'
    assert "2026-11-17" in finding.fix


def test_soft_no_without_named_criteria(base: Pilot) -> None:
    finding = fires(with_win(base, verdict="more_time"), "soft-no")
    assert "no unproven criteria were named" in finding.finding


def test_soft_no_quiet_for_other_verdicts(base: Pilot) -> None:
    quiet(
        with_win(base, verdict="yes_but", follow_up_by=dt.datetime(2026, 11, 12, 9, 0)), "soft-no"
    )
    quiet(base, "soft-no")


def test_verdict_no_is_info_with_the_reason(base: Pilot) -> None:
    finding = fires(with_win(base, verdict="no", reason="incumbent is cheaper"), "verdict-no")
    assert finding.severity is Severity.INFO
    assert finding.finding == "the prospect answered No on 2026-11-10: incumbent is cheaper"


def test_verdict_no_quiet_for_yes(base: Pilot) -> None:
    quiet(with_win(all_passed(base), verdict="yes"), "verdict-no")


# --- gone-quiet -------------------------------------------------------------------------------


def test_gone_quiet_names_people_with_days_never_first(base: Pilot) -> None:
    pilot = person(
        person(base, "eve", last_contact=dt.date(2026, 10, 20)), "pat", last_contact=None
    )
    finding = fires(pilot, "gone-quiet")
    assert (
        finding.finding
        == "no contact for 14+ days: Pat Price (never contacted), Eve Evans (21 days)"
    )
    assert finding.target == ("stakeholders", "pat")


def test_gone_quiet_boundary_is_14_days(base: Pilot) -> None:
    pilot = person(base, "sol", last_contact=dt.date(2026, 10, 28))  # 13 days before TODAY
    quiet(pilot, "gone-quiet")
    finding = fires(pilot, "gone-quiet", TODAY + dt.timedelta(days=1))
    assert "Sol Stone (14 days)" in finding.finding


def test_gone_quiet_ignores_vendor_side(base: Pilot) -> None:
    assert base.stakeholder("vic").last_contact is None  # type: ignore[union-attr]
    quiet(base, "gone-quiet")


# --- hostile-high-influence -------------------------------------------------------------------


def test_hostile_high_influence_names_blockers_and_skeptics(base: Pilot) -> None:
    pilot = person(person(base, "sol", stance="blocker"), "pat", stance="skeptic", influence="high")
    finding = fires(pilot, "hostile-high-influence")
    assert finding.finding == "high influence against you: Sol Stone (blocker), Pat Price (skeptic)"


@pytest.mark.parametrize(
    ("sid", "fields"),
    [
        ("pat", {"stance": "skeptic", "influence": "medium"}),
        ("sol", {"stance": "neutral", "influence": "high"}),
        ("vic", {"stance": "blocker", "influence": "high"}),
    ],
)
def test_hostile_high_influence_quiet(base: Pilot, sid: str, fields: dict[str, str]) -> None:
    quiet(person(base, sid, **fields), "hostile-high-influence")


# --- unknown-role -----------------------------------------------------------------------------


def test_unknown_role_suggests_the_close_known_role() -> None:
    pilot = parse(BASE.replace('role = "procurement"', 'role = "procurment"'))
    finding = fires(pilot, "unknown-role")
    assert finding.finding == "Pat Price's role procurment: did you mean procurement?"
    assert finding.target == ("stakeholders", "pat")
    fires(pilot, "no-procurement")  # the typo really matters


@pytest.mark.parametrize(
    ("role", "hint"), [("Supply Chain", "supply_chain"), ("econmic_buyer", "economic_buyer")]
)
def test_unknown_role_normalises_case_and_spaces(base: Pilot, role: str, hint: str) -> None:
    finding = fires(person(base, "pat", role=role), "unknown-role")
    assert f"did you mean {hint}?" in finding.finding


@pytest.mark.parametrize("role", ["security", "procurement", ""])
def test_unknown_role_quiet_for_known_or_unlike_roles(base: Pilot, role: str) -> None:
    quiet(person(base, "pat", role=role), "unknown-role")


# --- the sample pilots ------------------------------------------------------------------------


def test_northwind_is_an_assumed_win() -> None:
    findings = evaluate(load_sample("northwind"), SAMPLE_DAY)
    assert findings[0].rule == "assumed-win"
    assert findings[0].finding.startswith(
        "every one of the 5 criteria passed and no Technical Win is recorded"
    )
    assert counts(findings)[Severity.BLOCKER] == 1


def test_ready_has_no_blocker_and_no_warning() -> None:
    findings = evaluate(load_sample("ready"), SAMPLE_DAY)
    assert counts(findings)[Severity.BLOCKER] == 0, format_report(findings)
    assert counts(findings)[Severity.WARNING] == 0, format_report(findings)


def test_acme_on_2026_11_22() -> None:
    acme = load_sample("acme")
    findings = evaluate(acme, SAMPLE_DAY)
    assert [(f.rule, f.severity) for f in findings] == [
        ("failed-must-have", Severity.BLOCKER),
        ("checklist-overdue", Severity.WARNING),
        ("gone-quiet", Severity.WARNING),
    ]
    failed, overdue, gone = findings
    assert failed.finding == "1 must-have criterion failed: Depth drift across 0–50 °C ambient"
    assert failed.target == ("criteria", "thermal_drift")
    assert (
        overdue.finding
        == "overdue on the commercial checklist: Timeline from evaluation close to first purchase order agreed (Li Wei, 2 days overdue)"
    )
    assert overdue.target == ("checklist", "po_timeline")
    assert gone.finding == "no contact for 14+ days: Li Wei (24 days)"
    assert gone.target == ("stakeholders", "li")
    # Past the midpoint (2026-11-21), but only 3 of 7 criteria are pending: not "most".
    quiet(acme, "time-box-midpoint", SAMPLE_DAY)
    # One more pending criterion would tip it.
    fires(criterion(acme, "thermal_drift", status="pending"), "time-box-midpoint", SAMPLE_DAY)


def test_acme_after_its_time_box() -> None:
    acme = load_sample("acme")
    finding = fires(acme, "time-box-over", dt.date(2026, 12, 12))
    assert finding.finding.endswith("with 3 criteria pending: sunlight, power, shock_vibration")
    fires(acme, "commercial-track-silent", dt.date(2026, 12, 12))  # nobody commercial since 11-17


# --- silencing, unknown ignores -----------------------------------------------------------------


SILENCED = (
    BASE
    + """
[readiness]
ignore = { no-first-po-date = "PO timing is set by their board in January", gone-quite = "typo" }
"""
)


def test_silenced_finding_is_kept_and_not_counted() -> None:
    pilot = parse(SILENCED.replace("first_po_expected = 2027-02-01\n", ""))
    finding = fires(pilot, "no-first-po-date")
    assert finding.silenced == "PO timing is set by their board in January"
    assert counts(evaluate(pilot, TODAY)) == {
        Severity.BLOCKER: 0,
        Severity.WARNING: 0,
        Severity.INFO: 0,
    }
    assert "silenced (PO timing is set by their board in January)" in format_report([finding])


def test_unsilenced_finding_is_counted(base: Pilot) -> None:
    pilot = table(base, "commercial", first_po_expected=None)
    assert fires(pilot, "no-first-po-date").silenced is None
    assert counts(evaluate(pilot, TODAY))[Severity.WARNING] == 1


def test_unknown_ignores_are_reported() -> None:
    pilot = parse(SILENCED)
    assert unknown_ignores(pilot) == ["gone-quite"]
    assert closest_rule("gone-quite") == "gone-quiet"
    assert closest_rule("zzz") is None


def test_no_unknown_ignores_in_base(base: Pilot) -> None:
    assert unknown_ignores(base) == []


# --- order and report -------------------------------------------------------------------------


def test_findings_sorted_by_severity_then_rule_order(base: Pilot) -> None:
    pilot = table(base, "commercial", sponsor="", first_po_expected=None, if_positive="")
    pilot = person(pilot, "pat", role="procurment")
    pilot = table(pilot, "opportunity", crm_id="", purchasing_process="")
    rules = [f.rule for f in evaluate(pilot, TODAY)]
    assert rules == [
        "no-opportunity",
        "no-sponsor",
        "no-commitment",
        "no-procurement",
        "no-first-po-date",
        "champion-without-authority",
        "unknown-role",
    ]


def test_format_report_exact() -> None:
    findings = [
        Finding("assumed-win", Severity.BLOCKER, "every one of the 5 criteria passed", "ask (w)"),
        Finding(
            "gone-quiet",
            Severity.WARNING,
            "Li Wei (24 days)",
            "call Li",
            ("stakeholders", "li"),
            "on leave",
        ),
        Finding("unknown-role", Severity.INFO, "x", "y"),
    ]
    assert format_report(findings) == (
        "BLOCKER  assumed-win: every one of the 5 criteria passed\n"
        "         fix: ask (w)\n"
        "WARNING  gone-quiet: Li Wei (24 days)\n"
        "         fix: call Li\n"
        "         silenced (on leave)\n"
        "INFO     unknown-role: x\n"
        "         fix: y"
    )


def test_format_report_empty() -> None:
    assert format_report([]) == "no readiness findings"


def test_report_has_no_colour_codes_and_one_line_findings(base: Pilot) -> None:
    pilot = with_win(all_passed(base), verdict="yes_but", concern="line one\nline two")
    findings = evaluate(pilot, dt.date(2026, 12, 1))
    assert any(f.rule == "verdict-overdue" for f in findings)
    for f in findings:
        assert "\n" not in f.finding and "\n" not in f.fix
    report = format_report(findings)
    assert "\x1b" not in report
    assert "(line one line two)" in report


# --- the module itself ------------------------------------------------------------------------


def test_module_never_reads_the_clock() -> None:
    source = "".join(
        p.read_text(encoding="utf-8") for p in Path(readiness.__file__).parent.glob("*.py")
    )
    assert not re.search(r"\b(today|now|utcnow)\(\)", source)
    assert "time.time" not in source


def test_module_does_not_import_textual() -> None:
    code = "import sys, pilotdesk.domain.readiness; sys.exit('textual' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_every_rule_is_exercised_by_a_test() -> None:
    source = Path(__file__).read_text(encoding="utf-8")
    for rid in RULE_IDS:
        assert re.search(rf'fires\([^\n]*"{rid}"', source), f"no test fires {rid}"
        assert re.search(rf'quiet\([^\n]*"{rid}"', source), f"no test keeps {rid} quiet"


# --- after the Technical Win: the commitment's clock, the handoff (after_win) -----------------

#: The base's "Yes" is asked on 2026-11-10; "within 30 days" in its commitment: due 2026-12-10.
WIN_DAY = dt.date(2026, 11, 10)


def won(pilot: Pilot, **commercial: Any) -> Pilot:
    """The base with every criterion passed, a "Yes" on WIN_DAY, a handoff recorded, and the
    commercial track in touch up to ``WIN_DAY``: only the clock's own rules can fire."""
    pilot = with_win(all_passed(pilot), verdict="yes")
    pilot = pilot.model_copy(update={"handoff": Handoff(on=WIN_DAY)})
    return table(pilot, "commercial", **commercial) if commercial else pilot


def test_commitment_overdue_fires_47_days_after_a_yes_with_a_30_day_commitment(
    base: Pilot,
) -> None:
    pilot = won(base)
    finding = fires(pilot, "commitment-overdue", WIN_DAY + dt.timedelta(days=47))
    assert "Pat opens supplier qualification within 30 days" in finding.finding
    assert "due on 2026-12-10" in finding.finding and "17 days overdue" in finding.finding
    assert "read from the commitment's text" in finding.finding
    assert "Sol Stone (the sponsor)" in finding.fix
    assert "Pat Price (owns supplier qualification)" in finding.fix
    assert finding.target == ("commercial", "commitment_met_on")


def test_commitment_overdue_counts_within_days_over_the_text(base: Pilot) -> None:
    pilot = won(base, within_days=10)
    finding = fires(pilot, "commitment-overdue", WIN_DAY + dt.timedelta(days=11))
    assert "1 day overdue" in finding.finding and "read from" not in finding.finding


@pytest.mark.parametrize("days", [0, 29, 30])
def test_commitment_overdue_quiet_until_the_day_after_the_due_date(base: Pilot, days: int) -> None:
    quiet(won(base), "commitment-overdue", WIN_DAY + dt.timedelta(days=days))


def test_commitment_overdue_quiet_once_met(base: Pilot) -> None:
    pilot = won(base, commitment_met_on=dt.date(2026, 12, 20))
    quiet(pilot, "commitment-overdue", WIN_DAY + dt.timedelta(days=47))


def test_commitment_overdue_quiet_on_a_closed_pilot(base: Pilot) -> None:
    closed = won(base).model_copy(
        update={"close_out": CloseOut(outcome="no_decision", on=dt.date(2026, 12, 20))}
    )
    quiet(closed, "commitment-overdue", WIN_DAY + dt.timedelta(days=47))


@pytest.mark.parametrize("verdict", ["yes_but", "more_time", "no"])
def test_commitment_overdue_quiet_without_a_final_yes(base: Pilot, verdict: str) -> None:
    pilot = with_win(all_passed(base), verdict=verdict)
    quiet(pilot, "commitment-overdue", WIN_DAY + dt.timedelta(days=47))


def test_quiet_since_win_fires_14_days_after_the_last_commercial_sign_of_life(
    base: Pilot,
) -> None:
    finding = fires(won(base), "quiet-since-win", WIN_DAY + dt.timedelta(days=14))
    assert "14 days" in finding.finding and "due on 2026-12-10" in finding.finding
    assert "Sol Stone (the sponsor)" in finding.fix


def test_quiet_since_win_quiet_after_a_commercial_contact(base: Pilot) -> None:
    pilot = person(won(base), "pat", last_contact=WIN_DAY + dt.timedelta(days=5))
    quiet(pilot, "quiet-since-win", WIN_DAY + dt.timedelta(days=14))


def test_quiet_since_win_quiet_after_a_checklist_change_in_the_log(base: Pilot) -> None:
    entry = LogEntry(at=dt.datetime(2026, 11, 20, 9, 0), event="checklist nda: todo -> doing")
    pilot = won(base).model_copy(update={"log": [entry]})
    quiet(pilot, "quiet-since-win", WIN_DAY + dt.timedelta(days=14))


def test_quiet_since_win_quiet_once_overdue_or_closed(base: Pilot) -> None:
    quiet(won(base), "quiet-since-win", WIN_DAY + dt.timedelta(days=31))  # overdue speaks
    closed = won(base).model_copy(
        update={"close_out": CloseOut(outcome="won", on=dt.date(2026, 11, 20))}
    )
    quiet(closed, "quiet-since-win", WIN_DAY + dt.timedelta(days=20))


def test_no_commitment_date_fires_when_the_commitment_names_no_days(base: Pilot) -> None:
    pilot = won(base, if_positive="Pat opens supplier qualification soon")
    finding = fires(pilot, "no-commitment-date", WIN_DAY + dt.timedelta(days=1))
    assert "started no clock" in finding.finding
    assert finding.target == ("commercial", "within_days")
    quiet(pilot, "commitment-overdue", WIN_DAY + dt.timedelta(days=400))


def test_no_commitment_date_quiet_with_days_in_the_file_or_text_or_closed(base: Pilot) -> None:
    later = WIN_DAY + dt.timedelta(days=1)
    quiet(won(base), "no-commitment-date", later)
    quiet(won(base, if_positive="Pat opens it soon", within_days=20), "no-commitment-date", later)
    quiet(with_win(all_passed(base), verdict="yes_but"), "no-commitment-date", later)
    closed = won(base, if_positive="soon").model_copy(
        update={"close_out": CloseOut(outcome="lost", on=later)}
    )
    quiet(closed, "no-commitment-date", later)


def test_no_handoff_fires_after_3_working_days(base: Pilot) -> None:
    pilot = won(base).model_copy(update={"handoff": None})  # Yes on Tuesday 2026-11-10
    quiet(pilot, "no-handoff", dt.date(2026, 11, 13))  # Friday: the third working day
    finding = fires(pilot, "no-handoff", dt.date(2026, 11, 14))
    assert "due 2026-11-13" in finding.finding


def test_no_handoff_quiet_once_recorded_or_closed(base: Pilot) -> None:
    quiet(won(base), "no-handoff", dt.date(2026, 11, 30))
    closed = won(base).model_copy(
        update={"handoff": None, "close_out": CloseOut(outcome="won", on=dt.date(2026, 11, 30))}
    )
    quiet(closed, "no-handoff", dt.date(2026, 11, 30))


# --- the record: agreement, drift, gaps, close-out (lifecycle) ---------------------------------


def test_criteria_changed_since_agreement_fires_on_an_edited_target(base: Pilot) -> None:
    drifted = criterion(base, "a", target=">= 40 dB")
    finding = fires(drifted, "criteria-changed-since-agreement")
    assert "a: signed '', now '>= 40 dB'" in finding.finding
    assert finding.target == ("criteria", "a")


def test_criteria_changed_since_agreement_fires_on_added_and_removed(base: Pilot) -> None:
    added = base.model_copy(
        update={"criteria": [*base.criteria, Criterion(id="late", title="Late one")]}
    )
    assert "late: added after sign-off" in fires(added, "criteria-changed-since-agreement").finding
    removed = base.model_copy(update={"criteria": base.criteria[1:]})
    finding = fires(removed, "criteria-changed-since-agreement")
    assert f"{base.criteria[0].id}: removed since sign-off" in finding.finding


def test_criteria_changed_since_agreement_is_quiet_when_signed_again(base: Pilot) -> None:
    quiet(base, "criteria-changed-since-agreement")
    drifted = criterion(base, "a", target=">= 40 dB")
    resigned = drifted.model_copy(
        update={
            "agreement": Agreement(
                signed_on=dt.date(2026, 11, 9),
                targets={c.id: c.target for c in drifted.criteria},
            )
        }
    )
    quiet(resigned, "criteria-changed-since-agreement")
    quiet(base.model_copy(update={"agreement": None}), "criteria-changed-since-agreement")


def test_no_evaluation_agreement_fires_once_the_time_box_started(base: Pilot) -> None:
    unsigned = base.model_copy(update={"agreement": None})
    finding = fires(unsigned, "no-evaluation-agreement")
    assert "2026-11-02" in finding.finding
    quiet(unsigned, "no-evaluation-agreement", today=dt.date(2026, 11, 1))
    quiet(base, "no-evaluation-agreement")


def test_open_deal_breaker_is_a_blocker_until_planned(base: Pilot) -> None:
    gap = Gap(id="sso", title="No SCIM provisioning", severity="deal_breaker")
    with_gap = base.model_copy(update={"gaps": [gap]})
    finding = fires(with_gap, "open-deal-breaker")
    assert finding.severity == Severity.BLOCKER and "No SCIM provisioning" in finding.finding
    planned = base.model_copy(update={"gaps": [gap.model_copy(update={"status": "planned"})]})
    quiet(planned, "open-deal-breaker")
    minor = base.model_copy(update={"gaps": [gap.model_copy(update={"severity": "nice_to_have"})]})
    quiet(minor, "open-deal-breaker")


def test_a_closed_pilot_keeps_only_the_rules_that_still_matter(base: Pilot) -> None:
    late = dt.date(2026, 12, 20)  # long after the time-box
    gap = Gap(id="sso", title="No SCIM provisioning", severity="deal_breaker")
    running = base.model_copy(update={"gaps": [gap]})
    fires(running, "time-box-over", today=late)
    closed = running.model_copy(
        update={"close_out": CloseOut(outcome="lost", on=dt.date(2026, 12, 1), reason="price")}
    )
    rules = {f.rule for f in evaluate(closed, late)}
    assert "time-box-over" not in rules and "gone-quiet" not in rules
    assert "open-deal-breaker" in rules

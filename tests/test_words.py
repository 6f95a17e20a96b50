"""Words for people, not codes (issue 27, point 9): the team's brief says "Yes", "deal
challenge", "evaluator manager", "Yes, but…" and who was in the room; the commitment is not
said twice; readiness findings name criteria by their titles."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from pilotdesk.domain import readiness
from pilotdesk.pilotfile.read import parse_bytes
from pilotdesk.reports import audiences, markdown
from pilotdesk.reports.audiences import if_positive_words

NORDHAVN = Path(__file__).parent / "golden" / "nordhavn_power_module.toml"
TODAY = dt.date(2026, 12, 6)


def _pilot(edit: str = "") -> object:
    text = NORDHAVN.read_text(encoding="utf-8")
    if edit:
        text = text.replace('if_positive = "', f'if_positive = "{edit}', 1)
    return parse_bytes(text.encode("utf-8"), "nordhavn.toml").pilot


def _team(pilot: object) -> str:
    return markdown.render(audiences.build(pilot, "team", TODAY))  # type: ignore[arg-type]


def test_team_brief_says_words_for_people_not_codes() -> None:
    brief = _team(_pilot())
    for code in ("evaluator\\_manager", "economic\\_buyer", "evaluator_manager", "| yes |"):
        assert code not in brief, code
    assert "| evaluator manager |" in brief and "| economic buyer |" in brief
    assert "| SE |" in brief and "| AE |" in brief and "| ours |" in brief
    assert "| Yes |" in brief and "| No |" in brief  # must-have
    assert "| Qualification |" in brief  # the checklist's section


def test_team_brief_names_the_verdict_and_who_was_in_the_room() -> None:
    brief = _team(_pilot())
    assert "Verdict: Yes, but… (asked Friday 4 December 2026, 15:00)" in brief
    assert "In the room: Astrid Lindqvist, Henrik Dahl, Ines Kowalczyk" in brief
    assert "yes\\_but" not in brief and "yes_but" not in brief


def test_the_commitment_is_not_said_twice_after_if_the_evaluation_is_positive() -> None:
    brief = _team(_pilot("If positive, "))
    line = next(ln for ln in brief.splitlines() if "If the evaluation is positive" in ln)
    assert line.endswith(
        "If the evaluation is positive: Nordhavn opens PPAP for the 2028 "
        "e-axle platform within 45 days"
    )
    assert len(re.findall("positive", line, re.IGNORECASE)) == 1
    assert if_positive_words("If the pilot passes: PO within 30 days") == "PO within 30 days"
    assert if_positive_words("Raj opens qualification") == "Raj opens qualification"


def test_readiness_findings_name_criteria_by_title_not_id() -> None:
    pilot = _pilot()
    texts = " ".join(f.finding for f in readiness.evaluate(pilot, TODAY))  # type: ignore[arg-type]
    assert "Module mass: added after sign-off" in texts
    assert "; mass:" not in texts and "thermal_cycling" not in texts

"""Reports, the calendar and the status email (pilotdesk.reports, pilotdesk.cli.documents)."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import html5lib
import pytest
from icalendar import Calendar

from pilotdesk.cli import main
from pilotdesk.pilotfile.read import read_file
from pilotdesk.reports import audiences, html, markdown
from pilotdesk.reports.calendar import calendar
from pilotdesk.reports.status import compose_status

ROOT = Path(__file__).resolve().parent.parent
ACME = ROOT / "sample_pilots" / "acme.toml"
GOLDEN = Path(__file__).parent / "golden"
TODAY = dt.date(2026, 11, 26)

#: Every place the prospect must never see, each with its own marker.
CANARIES = {
    "comment": "CANARY-COMMENT",
    "unknown key": "CANARY-UNKNOWN",
    "[internal] table": "CANARY-INTERNAL-TABLE",
    "internal key in an entry": "CANARY-INTERNAL-ENTRY",
    "gap impact": "CANARY-IMPACT",
    "gap workaround": "CANARY-WORKAROUND",
    "gap request": "CANARY-REQUEST",
    "gap title": "CANARY-GAPTITLE",
}

CANARY_PILOT = """\
schema = 1
# CANARY-COMMENT: the SE's private read

[pilot]
title = "Pilot"
prospect = "Prospect Co"
product = "Widget"
starts = 2026-11-02
ends = 2026-12-11
se = "Dana"
champion = "ann"
secret_plan = "CANARY-UNKNOWN"

[internal]
notes = "CANARY-INTERNAL-TABLE"

[commercial]
sponsor = "bob"

[[criteria]]
id = "speed"
title = "Speed"
target = "fast"
status = "failed"
verifier = "ann"
must_have = true

[[stakeholders]]
id = "ann"
name = "Ann Champ"
title = "Lead"
role = "evaluator"
stance = "skeptic"
influence = "high"
internal = "CANARY-INTERNAL-ENTRY"

[[stakeholders]]
id = "bob"
name = "Bob Boss"
title = "VP"
role = "sponsor"
stance = "blocker"
influence = "low"

[[gaps]]
id = "g1"
title = "CANARY-GAPTITLE"
severity = "deal_breaker"
impact = "CANARY-IMPACT"
workaround = "CANARY-WORKAROUND"
request = "CANARY-REQUEST"
"""

#: The stance and influence values are words from a fixed list, not free text: the canary is
#: the words themselves, and the headings that would carry them.
STANCE_WORDS = ("skeptic", "blocker", "Stance", "Influence", "influence")
#: Readiness findings: a failed must-have is a blocker finding; its rule id is the marker.
FINDING_MARKER = "failed-must-have"


def _pilot(tmp_path: Path, text: str = CANARY_PILOT):
    path = tmp_path / "p.toml"
    path.write_text(text, encoding="utf-8")
    return read_file(path)[1].pilot


def _both_formats(pilot, audience: str) -> dict[str, str]:
    document = audiences.build(pilot, audience, TODAY)
    return {"md": markdown.render(document), "html": html.render(document)}


def test_prospect_report_carries_no_canary_in_either_format(tmp_path: Path) -> None:
    pilot = _pilot(tmp_path)
    for form, text in _both_formats(pilot, "prospect").items():
        for where, marker in CANARIES.items():
            assert marker not in text, f"{where} leaked into the prospect's {form}"
        for word in STANCE_WORDS:
            assert word not in text, f"{word!r} leaked into the prospect's {form}"
        assert FINDING_MARKER not in text
        # What the prospect may see is there: names, titles, targets.
        assert "Ann Champ" in text and "Lead" in text and "fast" in text


def test_team_report_carries_every_canary_but_the_comment(tmp_path: Path) -> None:
    pilot = _pilot(tmp_path)
    for form, text in _both_formats(pilot, "team").items():
        for where, marker in CANARIES.items():
            if where == "comment":  # comments never reach the model: in no report at all
                assert marker not in text
                continue
            assert marker in text.replace("\\-", "-"), f"{where} missing from the team's {form}"
        for word in ("skeptic", "blocker", "Stance", "Influence"):
            assert word in text
        assert FINDING_MARKER in text


def test_html_report_parses_cleanly_and_references_nothing_outside(tmp_path: Path) -> None:
    hostile = CANARY_PILOT.replace(
        'title = "Lead"', 'title = "<script>alert(1)</script>\\u001b[2J"'
    )
    pilot = _pilot(tmp_path, hostile)
    for audience in audiences.AUDIENCES:
        text = html.render(audiences.build(pilot, audience, TODAY))
        parser = html5lib.HTMLParser(strict=True)
        parser.parse(text)
        assert parser.errors == []
        for external in ("src=", 'href="http', "@import", "url(", "<script", "<link"):
            assert external not in text.lower()
        assert "&lt;script&gt;" in text and "\\x1b[2J" in text and "\x1b" not in text


def test_markdown_escapes_what_would_break_a_table(tmp_path: Path) -> None:
    assert markdown.escape("a | b *c* <x> _y_") == r"a \| b \*c\* \<x\> \_y\_"
    assert markdown.escape("1. first") == r"1\. first"
    assert markdown.escape("bell\x07") == r"bell\\x07"


@pytest.mark.parametrize("audience", audiences.AUDIENCES)
def test_markdown_report_of_acme_matches_its_golden_file(audience: str, capsysbinary) -> None:
    assert main(["report", str(ACME), "--for", audience, "--today", "2026-11-26"]) == 0
    out = capsysbinary.readouterr().out.decode("utf-8")
    assert out == (GOLDEN / f"acme-{audience}.md").read_text(encoding="utf-8")


def test_the_team_calendar_has_every_expected_event_and_stable_uids(tmp_path: Path) -> None:
    pilot = read_file(ACME)[1].pilot
    stamp = dt.datetime(2026, 11, 26, tzinfo=dt.UTC)
    first = Calendar.from_ical(calendar([pilot], stamp, audience="team"))
    events = first.walk("VEVENT")
    found = {str(e["SUMMARY"]): e["DTSTART"].dt for e in events}
    assert found["Acme Robotics: Lumen S3 pilot starts"] == dt.date(2026, 11, 2)
    assert found["Acme Robotics: Lumen S3 pilot time-box ends"] == dt.date(2026, 12, 11)
    assert found["Acme Robotics: first purchase order expected"] == dt.date(2027, 3, 1)
    owed = [i for i in pilot.checklist if i.due and i.status in ("todo", "doing")]
    for item in owed:
        assert found[f"Acme Robotics: {item.item} due"] == item.due
    assert len(events) == 3 + len(owed)
    later = dt.datetime(2026, 12, 3, tzinfo=dt.UTC)
    second = Calendar.from_ical(calendar([pilot], later, audience="team")).walk("VEVENT")
    assert [str(e["UID"]) for e in second] == [str(e["UID"]) for e in events]
    assert len({str(e["UID"]) for e in events}) == len(events)


def test_calendar_has_the_verdicts_follow_up(tmp_path: Path) -> None:
    text = (
        CANARY_PILOT
        + '\n[technical_win]\nverdict = "more_time"\nasked_on = 2026-12-10T16:00:00\nprove_by = 2026-12-17\n'
    )
    pilot = _pilot(tmp_path, text)
    events = Calendar.from_ical(calendar([pilot], dt.datetime(2026, 1, 1, tzinfo=dt.UTC))).walk(
        "VEVENT"
    )
    assert {str(e["SUMMARY"]): e["DTSTART"].dt for e in events}[
        "Prospect: prove the remaining criteria"
    ] == dt.date(2026, 12, 17)


def test_status_email_is_paste_clean_and_private_free(tmp_path: Path) -> None:
    pilot = _pilot(tmp_path)
    email = compose_status(pilot, TODAY)
    assert email.to == (("Ann Champ", ""),) and email.cc == (("Bob Boss", ""),)
    body = email.body
    assert body.endswith("\n") and not re.search(r" $", body, re.M)
    assert "❌ Speed — Failed" in body and "- Retest: Speed" in body
    for marker in [*CANARIES.values(), "skeptic", "blocker"]:
        assert marker not in body


def test_report_output_never_overwrites_a_file(tmp_path: Path, capsys) -> None:
    out = tmp_path / "r.md"
    out.write_text("mine", encoding="utf-8")
    assert main(["report", str(ACME), "-o", str(out)]) == 2
    assert out.read_text(encoding="utf-8") == "mine"
    assert "not overwritten" in capsys.readouterr().err


def test_report_of_an_invalid_file_says_where_and_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(
        'schema = 1\n[pilot]\ntitle = "t"\nprospect = "p"\nproduct = 3\n', encoding="utf-8"
    )
    for command in (["report", str(bad)], ["calendar", str(bad)], ["email", str(bad), "--status"]):
        run = subprocess.run(
            [sys.executable, "-m", "pilotdesk", *command],
            capture_output=True,
            text=True,
            check=False,
        )
        assert run.returncode == 2 and run.stdout == ""
        assert re.match(rf"{re.escape(str(bad))}:5: ", run.stderr), run.stderr


def test_report_to_a_full_disk_fails_with_exit_2() -> None:
    with open("/dev/full", "w") as full:
        run = subprocess.run(
            [sys.executable, "-m", "pilotdesk", "report", str(ACME)],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    assert run.returncode == 2 and "cannot write the output" in run.stderr


def test_email_status_prints_the_body_the_subject_or_a_whole_message(capsysbinary) -> None:
    assert main(["email", str(ACME), "--status", "--today", "2026-11-26"]) == 0
    body = capsysbinary.readouterr().out.decode("utf-8")
    assert body.startswith("Hi Maria,\n\nHere is where the Lumen S3 evaluation stands")
    assert "- Li Wei: Timeline from evaluation close to first purchase order agreed" in body
    assert main(["email", str(ACME), "--status", "--subject", "--today", "2026-11-26"]) == 0
    subject = capsysbinary.readouterr().out.decode("utf-8")
    assert subject == "Lumen S3 evaluation status — Acme Robotics, Thursday 26 November 2026\n"
    assert main(["email", str(ACME), "--status", "--eml", "--today", "2026-11-26"]) == 0
    message = capsysbinary.readouterr().out.decode("utf-8")
    assert (
        "maria.chen@acme-robotics.example" in message and "li.wei@acme-robotics.example" in message
    )

"""Everything that goes to the prospect, from one allow-list (pilotdesk.domain.audience).

One pilot with a canary in every place the prospect must never see, run through every output
made for them, as the command line makes it: the report (Markdown and HTML, ``report FILE``
without ``--for``), the status email (body, subject and ``--eml``), the Technical Win email
(body, subject and ``--eml``) and the calendar.
"""

from __future__ import annotations

import email
import email.policy
from pathlib import Path

import pytest

from pilotdesk.cli import main

#: Where each canary is, and the canary.
CANARIES = {
    "checklist item owned by our own people": "CANARYVENDORITEM",
    "checklist item owned by nobody": "CANARYNOBODYITEM",
    "gap title": "CANARYGAPTITLE",
    "gap impact": "CANARYIMPACT",
    "gap workaround": "CANARYWORKAROUND",
    "gap request": "CANARYREQUEST",
    "evidence": "CANARYEVIDENCE",
    "crm id": "CANARYCRM",
    "purchasing process": "CANARYPURCHASING",
    "unknown key": "CANARYUNKNOWN",
    "[internal] table": "CANARYINTERNALTABLE",
    "internal key in an entry": "CANARYINTERNALENTRY",
    "comment": "CANARYCOMMENT",
    "close-out competitor": "CANARYCOMPETITOR",
    "readiness silence": "CANARYSILENCED",
    "log": "CANARYLOG",
    "first purchase order": "2031",
}

PILOT = """\
schema = 1
# CANARYCOMMENT

[pilot]
title = "Pilot"
prospect = "Prospect Co"
product = "Widget"
starts = 2026-11-02
ends = 2026-12-11
se = "sam"
ae = "sam"
champion = "ann"
secret_plan = "CANARYUNKNOWN"

[internal]
notes = "CANARYINTERNALTABLE"

[opportunity]
crm_id = "CANARYCRM"
purchasing_process = "CANARYPURCHASING"

[commercial]
sponsor = "sam"
first_po_expected = 2031-03-01

[readiness]
ignore = { stale-contact = "CANARYSILENCED" }

[[criteria]]
id = "speed"
title = "Speed"
target = "fast"
result = "fast enough"
status = "passed"
evidence = "CANARYEVIDENCE"
verifier = "ann"

[[stakeholders]]
id = "ann"
name = "Ann Champ"
title = "Lead"
role = "champion"
email = "ann@prospect.example"
stance = "skeptic"
influence = "high"
internal = "CANARYINTERNALENTRY"

[[stakeholders]]
id = "sam"
name = "Sam Lee"
title = "AE"
side = "vendor"
email = "sam@vendor.example"

[[checklist]]
id = "theirs"
item = "Security questionnaire back"
owner = "ann"
due = 2026-12-01

[[checklist]]
id = "discount"
item = "get VP approval for 40% discount CANARYVENDORITEM"
owner = "sam"
due = 2026-12-02

[[checklist]]
id = "loose"
item = "CANARYNOBODYITEM"
due = 2026-12-03

[[gaps]]
id = "g1"
title = "CANARYGAPTITLE"
severity = "deal_breaker"
impact = "CANARYIMPACT"
workaround = "CANARYWORKAROUND"
request = "CANARYREQUEST"

[close_out]
outcome = "won"
on = 2026-12-10
competitor = "CANARYCOMPETITOR"

[[log]]
at = 2026-11-20T10:00:00
event = "CANARYLOG"

[technical_win]
verdict = "yes"
asked_on = 2026-12-08T15:00:00
attendees = ["ann", "sam"]
"""

#: ``sam`` (Sam Lee) is our AE: named as who is involved and who signs, never as an item's owner.
SAFE = ("Security questionnaire back", "Ann Champ", "Speed")

OUTPUTS = {
    "report md (the default audience)": ["report", "{f}", "--today", "2026-11-26"],
    "report html (the default audience)": [
        "report",
        "{f}",
        "--format",
        "html",
        "--today",
        "2026-11-26",
    ],
    "status email": ["email", "{f}", "--status", "--today", "2026-11-26"],
    "status email subject": ["email", "{f}", "--status", "--subject", "--today", "2026-11-26"],
    "status email --eml": ["email", "{f}", "--status", "--eml", "--today", "2026-11-26"],
    "Technical Win email": ["email", "{f}"],
    "Technical Win email subject": ["email", "{f}", "--subject"],
    "Technical Win email --eml": ["email", "{f}", "--eml"],
    "calendar (the default audience)": ["calendar", "{f}"],
}


def _readable(raw: bytes, argv: list[str]) -> str:
    """What the reader sees: an .eml decoded (quoted-printable folds words), else the text."""
    if "--eml" not in argv:
        return raw.decode("utf-8")
    message = email.message_from_bytes(raw, policy=email.policy.default)
    headers = "\n".join(f"{k}: {v}" for k, v in message.items())
    body = message.get_body()
    assert body is not None
    return headers + "\n" + body.get_content()


@pytest.fixture(scope="module")
def canary_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("audience") / "pilot.toml"
    path.write_text(PILOT, encoding="utf-8")
    return path


@pytest.mark.parametrize("output", list(OUTPUTS))
def test_every_output_for_the_prospect_carries_no_canary(
    canary_file: Path, output: str, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    argv = [canary_file.as_posix() if a == "{f}" else a for a in OUTPUTS[output]]
    assert main(argv) == 0
    raw, _err = capfdbinary.readouterr()
    text = _readable(raw, argv)
    assert text.strip()
    for where, canary in CANARIES.items():
        assert canary not in text, f"{where} leaked into the {output}"
    for word in ("skeptic", "Stance", "Influence", "influence"):
        assert word not in text, f"{word!r} leaked into the {output}"
    if "subject" not in output:
        assert any(safe in text for safe in SAFE), f"the {output} says nothing at all"


def test_the_allow_list_is_one_definition_every_output_imports() -> None:
    import inspect

    from pilotdesk.domain import audience, mail
    from pilotdesk.reports import audiences, calendar, status

    for module in (audiences, status, calendar):
        assert "pilotdesk.domain.audience" in inspect.getsource(module), module.__name__
    # The Technical Win email shows no checklist item and no stance: nothing to filter.
    source = inspect.getsource(mail)
    assert "checklist" not in source and ".stance" not in source
    assert audience.PROSPECT == audiences.AUDIENCES[0]


def test_status_email_lists_only_the_prospects_items_under_who_owes_what(
    canary_file: Path, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    assert main(["email", str(canary_file), "--status", "--today", "2026-11-26"]) == 0
    out = capfdbinary.readouterr()[0].decode("utf-8")
    owed = out.split("Who owes what:\n", 1)[1].split("\n\n", 1)[0]
    assert owed == "- Ann Champ: Security questionnaire back, due Tuesday 1 December 2026"


def test_an_item_whose_owner_names_no_one_is_not_the_prospects() -> None:
    # A file says so at once (a dangling owner is invalid); a model built in code is filtered.
    import tomllib

    from pilotdesk.domain.audience import prospect_items
    from pilotdesk.domain.model import Pilot

    text = PILOT + '\n[[checklist]]\nid = "ghost"\nitem = "CANARYDANGLINGITEM"\nowner = "x"\n'
    pilot = Pilot.model_validate(tomllib.loads(text))
    assert [item.id for item, _ in prospect_items(pilot)] == ["theirs"]


def test_report_without_for_is_the_prospects_and_the_team_is_asked_by_name(
    canary_file: Path, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    assert main(["report", str(canary_file), "--today", "2026-11-26"]) == 0
    default = capfdbinary.readouterr()[0].decode("utf-8")
    assert "team brief" not in default and "CANARYGAPTITLE" not in default
    assert main(["report", str(canary_file), "--for", "team", "--today", "2026-11-26"]) == 0
    team = capfdbinary.readouterr()[0].decode("utf-8")
    assert "team brief" in team and "CANARYGAPTITLE" in team


def test_status_eml_copies_each_person_once_when_the_sponsor_is_the_ae(
    canary_file: Path, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    assert main(["email", str(canary_file), "--status", "--eml", "--today", "2026-11-26"]) == 0
    message = email.message_from_bytes(capfdbinary.readouterr()[0], policy=email.policy.default)
    cc = [a.addr_spec for a in message["Cc"].addresses]
    assert cc == ["sam@vendor.example"]
    to = [a.addr_spec for a in message["To"].addresses]
    assert to == ["ann@prospect.example"]


def test_calendar_uids_differ_for_two_files_with_the_same_prospect_and_title(
    tmp_path: Path, canary_file: Path, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    from icalendar import Calendar

    twin = tmp_path / "twin.toml"
    twin.write_bytes(canary_file.read_bytes())
    assert main(["calendar", str(canary_file), str(twin)]) == 0
    events = Calendar.from_ical(capfdbinary.readouterr()[0]).walk("VEVENT")
    uids = [str(e["UID"]) for e in events]
    assert len(uids) == 2 * len(uids) // 2 and len(set(uids)) == len(uids)
    assert main(["calendar", str(canary_file)]) == 0  # the same file: the same UIDs again
    again = Calendar.from_ical(capfdbinary.readouterr()[0]).walk("VEVENT")
    assert {str(e["UID"]) for e in again} <= set(uids)


def test_the_team_calendar_has_every_date(
    canary_file: Path, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    assert main(["calendar", str(canary_file), "--for", "team"]) == 0
    out = capfdbinary.readouterr()[0].decode("utf-8")
    assert "CANARYVENDORITEM" in out and "CANARYNOBODYITEM" in out and "20310301" in out

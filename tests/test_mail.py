"""Tests for pilotdesk.domain.mail: the Technical Win email, per verdict, and its RFC 5322 form."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import email.utils
import re
from pathlib import Path

import pytest
from _emails import NORTHWIND_YES  # tests/ is on sys.path (no package)

from pilotdesk.domain.errors import PilotdeskError
from pilotdesk.domain.mail import (
    BadAddress,
    Email,
    NoVerdict,
    VerdictConflict,
    compose,
    fill,
    to_eml,
)
from pilotdesk.domain.model import Pilot
from pilotdesk.pilotfile.read import parse_bytes

NORTHWIND = (Path(__file__).resolve().parent.parent / "sample_pilots" / "northwind.toml").read_text(
    "utf-8"
)
ASKED = "asked_on = 2026-11-26T15:30:00\n"  # a Thursday
PRIYA = ("Priya Raman", "priya.raman@northwind-logistics.example")
TITLES = {
    "ingest": "Ingest WMS scan events from Kafka",
    "query_latency": "Depot dashboard latency on 18 months of shipments",
    "sso_rls": "Entra ID single sign-on with row-level security per depot",
    "cdc": "Change data capture from the Oracle TMS",
    "run_cost": "Projected monthly platform cost at production volume",
}
MARKS = ("✅", "❌", "⏳")
#: "result vs target" of each northwind criterion, as the email writes it
RESULTS = {
    "ingest": "71,400 events/s average, 0 dropped over 4 h 10 min vs >= 50,000 events/s sustained for 4 hours, no loss",
    "query_latency": "p95 1.3 s, p99 2.1 s vs p95 <= 2 s with 40 concurrent users",
    "sso_rls": "Verified with 12 test users across 4 depots; no cross-depot rows vs Depot managers see only their own depot's data",
    "cdc": "Max lag 22 s on 2026-11-12 batch (1.9 M rows) vs Replication lag <= 60 s during the nightly batch",
    "run_cost": "$31,200 / month projected vs <= $38,000 / month",
}


def load(text: str) -> Pilot:
    return parse_bytes(text.encode("utf-8"), "test.toml").pilot


def northwind(
    win: str | None, *, statuses: dict[str, str] | None = None, edit=lambda t: t
) -> Pilot:
    """The northwind sample, with criteria statuses changed and a [technical_win] appended."""
    text = NORTHWIND
    for cid, status in (statuses or {}).items():
        start = text.index(f'id = "{cid}"\n')
        at = text.index('status = "passed"', start)
        text = text[:at] + f'status = "{status}"' + text[at + len('status = "passed"') :]
    text = edit(text)
    if win is not None:
        text += "\n[technical_win]\n" + win
    return load(text)


def flat(body: str) -> str:
    """The body with line wrapping undone, to look for sentences."""
    return " ".join(body.split())


def check_layout(mail: Email) -> None:
    """An email that pastes clean: no paragraph is broken inside a sentence."""
    assert mail.body.endswith("\n") and not mail.body.endswith("\n\n")
    assert "\n\n\n" not in mail.body
    for block in mail.body.rstrip("\n").split("\n\n"):
        lines = block.split("\n")
        for line in lines:
            assert line == line.rstrip() and line == line.lstrip(), repr(line)
        if len(lines) > 1 and not all(line.startswith(MARKS) for line in lines):
            # only the signature is several short lines; prose is one line per paragraph
            assert block == mail.body.rstrip("\n").split("\n\n")[-1], repr(block)
        elif len(lines) == 1 and not lines[0].startswith(MARKS):
            assert lines[0].endswith((".", ":", ",", "?")), repr(lines[0])


# --- yes --------------------------------------------------------------------------------------


def test_yes_email_for_northwind_line_by_line() -> None:
    mail = compose(
        northwind('verdict = "yes"\n' + ASKED + 'attendees = ["priya", "marcus", "chris", "ana"]\n')
    )
    assert mail.as_text().split("\n") == NORTHWIND_YES.split("\n")
    assert mail.as_text() == NORTHWIND_YES
    assert (
        mail.subject
        == "Technical Win Confirmed \u2014 Tidewater Data Platform + Northwind Logistics"
    )
    assert mail.body == NORTHWIND_YES.split("\n\n", 1)[1]
    assert mail.to == (PRIYA,)
    check_layout(mail)


def test_yes_is_refused_while_a_criterion_has_not_passed() -> None:
    pilot = northwind(
        'verdict = "yes"\n' + ASKED, statuses={"cdc": "failed", "run_cost": "pending"}
    )
    with pytest.raises(VerdictConflict) as caught:
        compose(pilot)
    assert "cdc (failed), run_cost (pending)" in str(caught.value)
    assert isinstance(caught.value, NoVerdict)


def test_no_verdict_raises() -> None:
    pilot = northwind(None)
    with pytest.raises(NoVerdict, match="no Technical Win verdict"):
        compose(pilot)
    assert issubclass(NoVerdict, PilotdeskError)


def _mini(
    *,
    criteria: int = 1,
    se: str = "Dana Ortiz",
    ae: str = "Sam Lee",
    if_positive: str = "",
    people: str = "",
    champion: str = "",
    win: str = 'verdict = "yes"\nasked_on = 2026-12-10T16:05:00\n',
    extra: str = "",
) -> Pilot:
    text = f"""schema = 1
[pilot]
title = "Acme"
prospect = "Acme Robotics"
product = "Lumen S3"
se = "{se}"
ae = "{ae}"
champion = "{champion}"
[commercial]
if_positive = "{if_positive}"
{extra}
"""
    for index in range(criteria):
        text += f'[[criteria]]\nid = "c{index}"\ntitle = "Criterion {index}"\nstatus = "passed"\n'
    return load(text + people + "[technical_win]\n" + win)


def _person(
    sid: str, name: str, *, side: str = "prospect", role: str = "evaluator", mail: str = ""
) -> str:
    return f'[[stakeholders]]\nid = "{sid}"\nname = "{name}"\nside = "{side}"\nrole = "{role}"\nemail = "{mail}"\n'


def test_yes_with_one_criterion_and_no_next_step_or_names() -> None:
    mail = compose(_mini(se="", ae=""))
    assert "has met the success criterion defined in our evaluation agreement. To recap:" in flat(
        mail.body
    )
    assert "✅ Criterion 0 — Passed" in mail.body.split("\n")  # no result: no parenthesis
    assert "As agreed" not in mail.body
    assert "Our account team will be reaching out" in flat(mail.body)
    assert mail.body.endswith("evaluation.\n\nBest regards,\n")
    assert mail.body.startswith("Hi team,\n\n")
    assert mail.to == ()


def test_yes_with_several_criteria_counts_them_and_keeps_a_finished_next_step() -> None:
    mail = compose(_mini(criteria=3, if_positive="Procurement starts within 30 days."))
    assert "has met all 3 success criteria" in flat(mail.body)
    # The commitment's due date, 30 days after the review of Thursday 10 December 2026.
    assert (
        "the next step is: Procurement starts within 30 days (by Saturday 9 January 2027). "
        "Sam Lee will" in flat(mail.body)
    )
    assert mail.body.endswith("\n\nBest regards,\nDana Ortiz\n")


def test_greeting_falls_back_to_the_first_prospect_evaluator() -> None:
    people = (
        _person("dana", "Dana Ortiz", side="vendor", role="se", mail="dana@lumen.example")
        + _person("q", "Quinn Park", role="quality", mail="quinn@acme.example")
        + _person("ven", "Vera Evans", side="vendor", role="evaluator")
        + _person("jo", "Jonas Berg", mail="jonas@acme.example")
        + _person("li", "Li Wei", mail="li@acme.example")
    )
    mail = compose(_mini(people=people))
    assert mail.body.startswith("Hi Jonas,\n")
    assert mail.to == (("Jonas Berg", "jonas@acme.example"),)
    # the champion, when named, wins over every fallback, whatever their role
    mail = compose(_mini(people=people, champion="q"))
    assert mail.body.startswith("Hi Quinn,\n")
    assert mail.to == (("Quinn Park", "quinn@acme.example"),)


# --- the other verdicts -------------------------------------------------------------------------


def test_yes_but_confirms_what_passed_and_names_the_concern_and_follow_up() -> None:
    pilot = northwind(
        'verdict = "yes_but"\n'
        + ASKED
        + 'concern = "Beth needs the SOC 2 Type II bridge letter before go-live"\n',
        statuses={"cdc": "failed"},
    )
    mail = compose(pilot)
    lines = mail.body.split("\n")
    assert (
        mail.subject == "Technical review follow-up — Tidewater Data Platform + Northwind Logistics"
    )
    assert lines[0] == "Hi Priya,"
    assert f"✅ {TITLES['ingest']} — Passed ({RESULTS['ingest']})" in lines
    assert f"❌ {TITLES['cdc']} — Failed ({RESULTS['cdc']})" in lines
    assert lines.index(f"❌ {TITLES['cdc']} — Failed ({RESULTS['cdc']})") > lines.index(
        "These have not passed yet:"
    )
    assert not [line for line in lines if line.startswith(f"✅ {TITLES['cdc']}")]
    text = flat(mail.body)
    assert (
        "one concern remains open: Beth needs the SOC 2 Type II bridge letter before go-live."
        in text
    )
    # 48 hours after Thursday 15:30 is Saturday: the next working day, at the same time
    assert "We will follow up with you on it by Monday 30 November, 15:30." in text
    assert mail.body.endswith("\n\nBest regards,\nChris Yamada\n")
    check_layout(mail)


def test_yes_but_uses_the_recorded_follow_up_time() -> None:
    pilot = northwind('verdict = "yes_but"\n' + ASKED + "follow_up_by = 2026-11-27T09:00:00\n")
    text = flat(compose(pilot).body)
    assert "by Friday 27 November, 09:00." in text
    assert "there is still a concern to resolve" in text


def test_more_time_lists_what_is_left_to_prove_and_by_when() -> None:
    pilot = northwind(
        'verdict = "more_time"\n' + ASKED + 'unproven = ["run_cost", "cdc"]\n',
        statuses={"sso_rls": "failed"},
    )
    mail = compose(pilot)
    lines = mail.body.split("\n")
    assert mail.subject == (
        "Technical review: criteria still to prove — Tidewater Data Platform + Northwind Logistics"
    )
    # 5 business days after Thursday 26 November, said once, not on every line
    assert "We agreed to prove them by Thursday 3 December:" in flat(mail.body)
    assert mail.body.count("3 December") == 1
    # each unproven criterion with its real status and result, in the order the prospect named them
    unproven = lines[
        lines.index(next(x for x in lines if x.endswith("prove them by Thursday 3 December:")))
        + 2 :
    ]
    assert unproven[:2] == [
        f"✅ {TITLES['run_cost']} — Passed ({RESULTS['run_cost']})",
        f"✅ {TITLES['cdc']} — Passed ({RESULTS['cdc']})",
    ]
    passed = lines[lines.index("Already confirmed:") :]
    assert f"✅ {TITLES['ingest']} — Passed ({RESULTS['ingest']})" in passed
    assert (
        f"✅ {TITLES['cdc']} — Passed ({RESULTS['cdc']})" not in passed
    )  # unproven, not "confirmed"
    assert (
        f"❌ {TITLES['sso_rls']} — Failed ({RESULTS['sso_rls']})"
        in lines[lines.index("Also not passed yet:") :]
    )
    check_layout(mail)


def test_more_time_uses_the_recorded_prove_by_date() -> None:
    pilot = northwind(
        'verdict = "more_time"\n' + ASKED + 'unproven = ["cdc"]\nprove_by = 2027-01-08\n'
    )
    assert "We agreed to prove them by Friday 8 January 2027:" in flat(compose(pilot).body)


def test_more_time_without_named_criteria_asks_which() -> None:
    mail = compose(northwind('verdict = "more_time"\n' + ASKED))
    assert "could you tell us which success criteria are still unproven" in flat(mail.body)
    assert "by Thursday 3 December" in flat(mail.body)
    assert "⏳" not in mail.body


def test_no_gives_the_reason_and_every_criterion_status() -> None:
    pilot = northwind(
        'verdict = "no"\n' + ASKED + 'reason = "Budget moved to the WMS upgrade"\n',
        statuses={"cdc": "failed", "run_cost": "pending"},
    )
    mail = compose(pilot)
    lines = mail.body.split("\n")
    assert (
        mail.subject == "Technical review outcome — Tidewater Data Platform + Northwind Logistics"
    )
    assert "will not recommend Tidewater Data Platform at this point." in flat(mail.body)
    assert "The reason you gave: Budget moved to the WMS upgrade." in lines
    assert [line for line in lines if line.startswith(MARKS)] == [
        f"✅ {TITLES['ingest']} — Passed ({RESULTS['ingest']})",
        f"✅ {TITLES['query_latency']} — Passed ({RESULTS['query_latency']})",
        f"✅ {TITLES['sso_rls']} — Passed ({RESULTS['sso_rls']})",
        f"❌ {TITLES['cdc']} — Failed ({RESULTS['cdc']})",
        f"⏳ {TITLES['run_cost']} — Pending ({RESULTS['run_cost']})",
    ]
    check_layout(mail)


# --- [email] wording ----------------------------------------------------------------------------

OVERRIDES = """
[email]
subject = "Tech win: {product} at {prospect} ({count} criteria)"
opening = "{champion}, thanks for confirming that {product} passed all {count} criteria. To recap:"
closing = "Speak soon, and thanks from {ae} and {se}."
signature = "Cheers,\\n{se}\\nSolutions Engineer, Tidewater"
"""


def test_email_wording_overrides_the_defaults_with_placeholders() -> None:
    mail = compose(northwind('verdict = "yes"\n' + ASKED, edit=lambda t: t + OVERRIDES))
    assert mail.subject == "Tech win: Tidewater Data Platform at Northwind Logistics (5 criteria)"
    blocks = mail.body.split("\n\n")
    assert blocks[0] == "Hi Priya,"
    assert (
        blocks[1]
        == "Priya, thanks for confirming that Tidewater Data Platform passed all 5 criteria. To recap:"
    )
    assert blocks[2].startswith(f"✅ {TITLES['ingest']} — Passed")
    assert blocks[-2] == "Speak soon, and thanks from Ana Costa and Chris Yamada."
    assert blocks[-1] == "Cheers,\nChris Yamada\nSolutions Engineer, Tidewater\n"
    check_layout(mail)


def test_subject_and_opening_overrides_are_only_for_the_confirmation() -> None:
    mail = compose(northwind('verdict = "no"\n' + ASKED, edit=lambda t: t + OVERRIDES))
    assert (
        mail.subject == "Technical review outcome — Tidewater Data Platform + Northwind Logistics"
    )
    assert "thanks for confirming" not in mail.body
    assert mail.body.endswith(
        "Speak soon, and thanks from Ana Costa and Chris Yamada.\n\n"
        "Cheers,\nChris Yamada\nSolutions Engineer, Tidewater\n"
    )


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("{product} for {prospect}", "Lumen S3 for Acme"),
        ("{unknown} stays", "{unknown} stays"),
        ("a lone { brace", "a lone { brace"),
        ("a lone } brace", "a lone } brace"),
        ("}{product}{", "}Lumen S3{"),
        ("{0} and {}", "{0} and {}"),
        ("{product.__class__}", "{product.__class__}"),
        ("{product[0]}", "{product[0]}"),
        ("{count:d} {count!r}", "{count:d} {count!r}"),
        ("{{product}} is literal", "{product} is literal"),
        ("{{{product}}}", "{Lumen S3}"),
        ("{ product }", "{ product }"),
        ("{se}", "{product}"),  # values are not expanded again
    ],
)
def test_fill_never_raises_and_keeps_what_it_does_not_know(template: str, expected: str) -> None:
    assert (
        fill(template, {"product": "Lumen S3", "prospect": "Acme", "count": "5", "se": "{product}"})
        == expected
    )


def test_stray_braces_in_the_file_do_not_break_the_email() -> None:
    wording = '\n[email]\nsubject = "Win {product} {oops} {0} } {"\nclosing = "{{ {unknown} }}"\nsignature = "{se} {"\n'
    mail = compose(northwind('verdict = "yes"\n' + ASKED, edit=lambda t: t + wording))
    assert mail.subject == "Win Tidewater Data Platform {oops} {0} } {"
    assert mail.body.endswith("\n\n{ {unknown} }\n\nChris Yamada {\n")


def test_an_email_that_pastes_clean_keeps_each_paragraph_on_one_line() -> None:
    # issue 14, point 1: a mail client wraps to its window; a text wrapped at 78 breaks mid-sentence
    long = "word " * 60
    wording = f'\n[email]\nopening = "{long}\\n\\nSecond paragraph.   "\nsignature = "Best,   \\nChris   "\n'
    mail = compose(northwind('verdict = "yes"\n' + ASKED, edit=lambda t: t + wording))
    opening = mail.body.split("\n\n")[1].split("\n")
    assert opening == [" ".join(["word"] * 60)]
    assert "\n\nSecond paragraph.\n\n✅" in mail.body
    assert mail.body.endswith("\n\nBest,\nChris\n")


# --- RFC 5322 -----------------------------------------------------------------------------------

NOW = dt.datetime(2026, 11, 26, 16, 2, 7, tzinfo=dt.timezone(dt.timedelta(hours=1)))


def parse(raw: bytes) -> email.message.EmailMessage:
    return email.message_from_bytes(raw, policy=email.policy.default)  # type: ignore[return-value]


def test_eml_round_trip_with_non_ascii_subject_and_body() -> None:
    pilot = northwind('verdict = "yes"\n' + ASKED)
    mail = compose(pilot)
    raw = to_eml(mail, pilot, NOW)
    raw.decode("ascii")  # 7-bit clean: headers RFC 2047, body quoted-printable
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
    head = raw.split(b"\r\n\r\n", 1)[0].decode("ascii")
    assert "=?utf-8?" in head and "—" not in head

    parsed = parse(raw)
    assert (
        parsed["Subject"]
        == "Technical Win Confirmed — Tidewater Data Platform + Northwind Logistics"
    )
    assert parsed.get_content().replace("\r\n", "\n") == mail.body
    assert [(a.display_name, a.addr_spec) for a in parsed["To"].addresses] == [PRIYA]
    assert [(a.display_name, a.addr_spec) for a in parsed["From"].addresses] == [
        ("Chris Yamada", "chris.yamada@tidewater.example")
    ]
    assert [(a.display_name, a.addr_spec) for a in parsed["Cc"].addresses] == [
        ("Ana Costa", "ana.costa@tidewater.example")
    ]
    assert parsed["Date"].datetime == NOW
    assert re.fullmatch(r"<[^<>@\s]+@tidewater\.example>", parsed["Message-ID"])
    assert parsed["MIME-Version"] == "1.0"
    assert parsed.get_content_type() == "text/plain"
    assert parsed.get_content_charset() == "utf-8"
    assert parsed["X-Unsent"] == "1"
    assert not parsed.defects


def test_eml_message_ids_are_unique() -> None:
    pilot = northwind('verdict = "yes"\n' + ASKED)
    mail = compose(pilot)
    assert (
        parse(to_eml(mail, pilot, NOW))["Message-ID"]
        != parse(to_eml(mail, pilot, NOW))["Message-ID"]
    )


def test_eml_without_known_addresses_invents_none() -> None:
    mail = compose(_mini(people=_person("jo", "Jonas Berg")))  # an evaluator without an email
    assert mail.to == (("Jonas Berg", ""),)
    raw = to_eml(mail, _mini(people=_person("jo", "Jonas Berg")), NOW)
    parsed = parse(raw)
    assert raw.startswith(b'From: "Dana Ortiz":;\r\n')  # RFC 6854 empty group: no made-up address
    assert parsed["From"].groups[0].display_name == "Dana Ortiz"
    assert parsed["From"].addresses == ()
    assert "To" not in parsed and "Cc" not in parsed
    assert parsed["Message-ID"].endswith("@pilotdesk.invalid>")
    assert parsed["Subject"] == mail.subject


def test_eml_needs_a_vendor_se_with_the_same_name_for_from() -> None:
    people = _person(
        "d", "Dana Ortiz", side="prospect", role="se", mail="d@acme.example"
    ) + _person("o", "Other Person", side="vendor", role="se", mail="o@lumen.example")
    pilot = _mini(people=people)
    parsed = parse(to_eml(compose(pilot), pilot, NOW))
    assert parsed["From"].addresses == ()
    pilot = _mini(
        people=people
        + _person("d2", "dana  ORTIZ", side="vendor", role="se", mail="dana@lumen.example")
    )
    parsed = parse(to_eml(compose(pilot), pilot, NOW))
    assert [a.addr_spec for a in parsed["From"].addresses] == ["dana@lumen.example"]
    assert parsed["From"].addresses[0].display_name == "Dana Ortiz"  # the name from [pilot].se


def test_eml_encodes_non_ascii_names() -> None:
    people = _person("jo", "José Müller", mail="jose@acme.example")
    pilot = _mini(people=people, se="Zoë Ångström")
    raw = to_eml(compose(pilot), pilot, NOW)
    raw.decode("ascii")
    parsed = parse(raw)
    assert parsed["To"].addresses[0].display_name == "José Müller"
    assert parsed["From"].groups[0].display_name == "Zoë Ångström"
    assert parsed.get_content().replace("\r\n", "\n").endswith("Best regards,\nZoë Ångström\n")


def test_eml_naive_now_is_local_time() -> None:
    pilot = _mini()
    naive = dt.datetime(2026, 11, 26, 16, 2, 7)
    assert parse(to_eml(compose(pilot), pilot, naive))["Date"].datetime == naive.astimezone()


@pytest.mark.parametrize(
    "bad",
    ["priya at northwind", "priya@", "prïya@northwind.example", "priya@nörthwind.example", "a@b@c"],
)
def test_eml_refuses_an_unusable_address(bad: str) -> None:
    pilot = northwind('verdict = "yes"\n' + ASKED, edit=lambda t: t.replace(PRIYA[1], bad))
    mail = compose(pilot)
    with pytest.raises(BadAddress, match="Priya Raman"):
        to_eml(mail, pilot, NOW)


# --- issue 14: the meeting as a sales engineer lives it -----------------------------------------


def test_an_email_that_pastes_clean_copies_the_body_only() -> None:
    # point 1: the subject goes in the subject field; what the app copies (y) is the body
    mail = compose(northwind('verdict = "yes"\n' + ASKED))
    assert mail.clipboard_text() == mail.body
    assert not mail.clipboard_text().startswith("Subject:")
    assert mail.subject not in mail.clipboard_text()
    assert mail.as_text() == f"Subject: {mail.subject}\n\n{mail.body}"
    check_layout(mail)


def test_an_email_that_pastes_clean_eml_reflows_each_paragraph() -> None:
    # point 1: quoted-printable keeps the message's lines short and decodes each paragraph to
    # one line, which the mail client reflows to its window
    pilot = northwind('verdict = "yes"\n' + ASKED)
    mail = compose(pilot)
    raw = to_eml(mail, pilot, NOW)
    assert max(len(line) for line in raw.split(b"\r\n")) <= 78
    parsed = parse(raw)
    assert parsed["Content-Transfer-Encoding"] == "quoted-printable"
    body = parsed.get_content().replace("\r\n", "\n")
    assert body == mail.body
    assert any(len(line) > 150 for line in body.split("\n"))  # paragraphs whole, not wrapped


def test_results_on_the_record_each_criterion_with_its_result_against_its_target() -> None:
    # point 2: "✅ Gateway uptime over 30 days — Passed (99.91 % vs >= 99.5 %)"
    text = (
        'schema = 1\n[pilot]\ntitle = "T"\nprospect = "Bank"\nproduct = "Vault"\n'
        '[[criteria]]\nid = "up"\ntitle = "Gateway uptime over 30 days"\n'
        'target = ">= 99.5 %"\nresult = "99.91 %"\nstatus = "passed"\n'
        '[[criteria]]\nid = "sso"\ntitle = "SSO with Okta"\nresult = "works for 40 users"\n'
        'status = "passed"\n'
        '[[criteria]]\nid = "dr"\ntitle = "Failover drill"\ntarget = "RTO <= 15 min"\n'
        'evidence = "DR-1"\nstatus = "passed"\n'
    )
    lines = compose(load(text + '[technical_win]\nverdict = "yes"\n' + ASKED)).body.split("\n")
    assert "✅ Gateway uptime over 30 days — Passed (99.91 % vs >= 99.5 %)" in lines
    assert "✅ SSO with Okta — Passed (works for 40 users)" in lines  # no target
    assert "✅ Failover drill — Passed" in lines  # no result: nothing made up
    wording = (
        '[email]\nresult_vs_target = "measured {result}, target {target}"\n'
        'result_only = "measured {result}"\n'
    )
    lines = compose(load(text + wording + '[technical_win]\nverdict = "yes"\n' + ASKED)).body
    assert "✅ Gateway uptime over 30 days — Passed (measured 99.91 %, target >= 99.5 %)" in lines
    assert "✅ SSO with Okta — Passed (measured works for 40 users)" in lines


def test_email_wording_a_failed_unproven_criterion_shows_a_cross() -> None:
    # point 13: "more time" on a failed criterion is ❌, and the date is said once
    pilot = northwind(
        'verdict = "more_time"\n' + ASKED + 'unproven = ["cdc", "run_cost"]\n',
        statuses={"cdc": "failed", "run_cost": "pending"},
    )
    mail = compose(pilot)
    lines = mail.body.split("\n")
    assert f"❌ {TITLES['cdc']} — Failed ({RESULTS['cdc']})" in lines
    assert f"⏳ {TITLES['run_cost']} — Pending ({RESULTS['run_cost']})" in lines
    assert not any(line.startswith("⏳") and TITLES["cdc"] in line for line in lines)
    assert mail.body.count("Thursday 3 December") == 1


def test_email_wording_copies_the_evaluators_manager_who_was_in_the_room() -> None:
    # point 13: Marcus (evaluator_manager, Priya's manager) was there: he gets a copy
    pilot = northwind('verdict = "yes"\n' + ASKED + 'attendees = ["priya", "marcus", "chris"]\n')
    mail = compose(pilot)
    assert mail.to == (PRIYA,)
    assert mail.cc == (("Marcus Hale", "marcus.hale@northwind-logistics.example"),)
    parsed = parse(to_eml(mail, pilot, NOW))
    assert [a.addr_spec for a in parsed["Cc"].addresses] == [
        "marcus.hale@northwind-logistics.example",
        "ana.costa@tidewater.example",
    ]
    # not in the room: not copied
    assert compose(northwind('verdict = "yes"\n' + ASKED + 'attendees = ["priya"]\n')).cc == ()


@pytest.mark.parametrize(
    ("se", "ae"),
    [
        ("Chris Yamada", "Ana Costa"),  # by name, as before
        ("chris", "ana"),  # by id
        ("chris  YAMADA", "ANA costa"),  # by name, any case and spacing
    ],
)
def test_email_wording_from_and_cc_find_our_people_by_id_or_by_name(se: str, ae: str) -> None:
    # point 13: pilot.se / pilot.ae may name a vendor stakeholder by id or by name
    def edit(text: str) -> str:
        return text.replace('se = "Chris Yamada"', f'se = "{se}"').replace(
            'ae = "Ana Costa"', f'ae = "{ae}"'
        )

    pilot = northwind('verdict = "yes"\n' + ASKED, edit=edit)
    assert pilot.pilot.se == se
    mail = compose(pilot)
    parsed = parse(to_eml(mail, pilot, NOW))
    assert [(a.display_name, a.addr_spec) for a in parsed["From"].addresses] == [
        (
            "Chris Yamada" if se == "chris" else " ".join(se.split()),
            "chris.yamada@tidewater.example",
        )
    ]
    assert [a.addr_spec for a in parsed["Cc"].addresses] == ["ana.costa@tidewater.example"]
    if se == "chris":
        assert mail.body.endswith("Best regards,\nChris Yamada\n")  # the name, not the id
        assert "Ana Costa will be reaching out" in mail.body


def test_deadlines_on_working_days_the_email_says_the_holiday_aware_date() -> None:
    # point 3: a "Yes, but…" on Tuesday 24 November 2026 in the US: Thursday is Thanksgiving
    win = 'verdict = "yes_but"\nasked_on = 2026-11-24T16:05:00\n'
    us = northwind(
        win, edit=lambda t: t.replace('ae = "Ana Costa"', 'ae = "Ana Costa"\nholidays = "US"')
    )
    assert us.pilot.holidays == "US"
    assert "We will follow up with you on it by Friday 27 November, 16:05." in flat(
        compose(us).body
    )
    assert "by Thursday 26 November, 16:05." in flat(compose(northwind(win)).body)


#: Names that try to add a recipient or break out of their header (issue 12).
HOSTILE_NAMES = [
    "=?utf-8?q?Bcc=3A_x=40evil=2Eexample?=",
    "=?utf-8?q?x=40evil=2Eexample=2C?= <y@evil.example>",
    "Zoë =?utf-8?b?PGV2aWxAeC5leGFtcGxlPg==?=",
    "Raman, Priya",
    'Priya "PR" Raman',
    "Priya\nBcc: x@evil.example",
    "Priya\r\nBcc: x@evil.example",
    "x@evil.example",
    "<x@evil.example>",
    "Priya; x@evil.example",
    "undisclosed-recipients:;",
    'a\\\\"b',
    "=?",
    "(comment) Priya",
]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_eml_headers_no_name_can_inject_into(name: str) -> None:
    # issue 12: whatever a name says, the parsed message has exactly the intended recipients
    toml_name = (
        name.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    )

    def edit(text: str) -> str:
        return (
            text.replace('name = "Priya Raman"', f'name = "{toml_name}"')
            .replace('name = "Marcus Hale"', f'name = "{toml_name}"')
            .replace('name = "Chris Yamada"', f'name = "{toml_name}"')
            .replace('se = "Chris Yamada"', 'se = "chris"')
        )

    pilot = northwind('verdict = "yes"\n' + ASKED + 'attendees = ["priya", "marcus"]\n', edit=edit)
    raw = to_eml(compose(pilot), pilot, NOW)
    raw.decode("ascii")
    parsed = parse(raw)
    shown = " ".join(name.split())
    assert [(a.display_name, a.addr_spec) for a in parsed["To"].addresses] == [(shown, PRIYA[1])]
    assert [(a.display_name, a.addr_spec) for a in parsed["Cc"].addresses] == [
        (shown, "marcus.hale@northwind-logistics.example"),
        ("Ana Costa", "ana.costa@tidewater.example"),
    ]
    assert [(a.display_name, a.addr_spec) for a in parsed["From"].addresses] == [
        (shown, "chris.yamada@tidewater.example")
    ]
    assert "Bcc" not in parsed and not parsed.defects
    for header in ("To", "Cc", "From"):
        assert not parsed[header].defects, (header, parsed[header].defects)
    names = [k for k, _ in parsed.items()]
    assert names.count("To") == names.count("Cc") == names.count("From") == 1


def test_eml_headers_no_subject_can_inject_into() -> None:
    # issue 12: the subject is the file's [email].subject; it stays one header, whatever it says
    wording = '\n[email]\nsubject = "Win\\r\\nBcc: x@evil.example =?utf-8?q?=0D=0ABcc=3A_y=40evil?= {product}"\n'
    pilot = northwind('verdict = "yes"\n' + ASKED, edit=lambda t: t + wording)
    parsed = parse(to_eml(compose(pilot), pilot, NOW))
    assert parsed["Subject"] == (
        "Win Bcc: x@evil.example =?utf-8?q?=0D=0ABcc=3A_y=40evil?= Tidewater Data Platform"
    )
    assert "Bcc" not in parsed and not parsed.defects
    assert [a.addr_spec for a in parsed["To"].addresses] == [PRIYA[1]]

"""``pilotdesk contacts`` (the people for a CRM import) and the CRM columns of ``status``."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from pilotdesk.cli import main
from pilotdesk.portfolio.contacts import split_name

#: Every private read a stakeholder carries, each with its own marker. Stance and influence are
#: words from a fixed list, so their markers are the words themselves, chosen to be found nowhere
#: else in the file.
CANARY_PILOT = """\
schema = 1
# CANARY-COMMENT: the SE's private read

[pilot]
title = "Sensor evaluation"
prospect = "Prospect Co"
product = "Widget"
secret_plan = "CANARY-UNKNOWN-PILOT"

[opportunity]
crm_id = "OPP-7"

[internal]
notes = "CANARY-INTERNAL-TABLE"

[[stakeholders]]
id = "ann"
name = "Ann de la Cruz"
title = "Lead"
email = "ann@prospect.example"
role = "evaluator"
stance = "skeptic"
influence = "high"
reports_to = "bob"
internal = "CANARY-INTERNAL-ENTRY"
private_note = "CANARY-UNKNOWN-ENTRY"
last_contact = 2026-11-17

[[stakeholders]]
id = "bob"
name = "Bob Boss"
title = "VP"
role = "sponsor"
track = "commercial"
stance = "blocker"
influence = "low"

[[stakeholders]]
id = "dana"
name = "Dana Ortiz"
side = "vendor"
role = "se"
stance = "champion"
"""

PRIVATE = [
    "CANARY",
    "skeptic",
    "blocker",
    "champion",  # Dana's stance (her role is "se")
    "stance",
    "influence",
    "reports_to",
    "internal",
    "private",
    "secret",
]


@pytest.fixture
def canary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The pilot, in a folder of its own made the current one: paths in the output are
    relative, so the test's own name (in the temporary folder's) cannot trip the canary."""
    folder = tmp_path / "pilots"
    folder.mkdir()
    monkeypatch.chdir(folder)
    path = Path("acme.toml")
    path.write_text(CANARY_PILOT, encoding="utf-8")
    return path


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_contacts_csv_reads_back_in_a_real_csv_reader_with_the_crm_columns(
    canary: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["contacts", str(canary)], capsys)
    assert (code, err) == (0, "")
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    assert [r["Full Name"] for r in rows] == ["Ann de la Cruz", "Bob Boss", "Dana Ortiz"]
    ann = rows[0]
    assert (ann["First Name"], ann["Last Name"]) == ("Ann", "de la Cruz")
    assert ann["Email"] == "ann@prospect.example"
    assert (ann["Title"], ann["Account Name"], ann["Opportunity ID"]) == (
        "Lead",
        "Prospect Co",
        "OPP-7",
    )
    assert (ann["Side"], ann["Track"], ann["Pilot Role"]) == ("prospect", "technical", "evaluator")
    assert ann["Contact Role"] == "Evaluator" and rows[1]["Contact Role"] == "Executive Sponsor"
    assert ann["Last Contact Date"] == "2026-11-17" and rows[1]["Last Contact Date"] == ""
    assert rows[2]["Account Name"] == ""  # ours: not a contact at the prospect's account


def test_contacts_never_carry_a_stance_an_influence_or_an_internal_note(
    canary: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Canary: every private read is in the file, none is in any format of the export.
    for args in ([], ["--crm", "hubspot"], ["--format", "json"], ["--side", "prospect"]):
        code, out, _ = run(["contacts", str(canary), *args], capsys)
        assert code == 0 and "Ann" in out
        leaked = [word for word in PRIVATE if word.lower() in out.lower()]
        assert leaked == [], (args, leaked)


def test_contacts_hubspot_names_its_columns_as_hubspots_import_does(
    canary: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = run(["contacts", str(canary), "--crm", "hubspot", "--side", "prospect"], capsys)
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    assert {"First Name", "Last Name", "Email", "Job Title", "Company Name"} <= set(rows[0])
    assert rows[0]["Job Title"] == "Lead" and rows[0]["Company Name"] == "Prospect Co"
    assert [r["Full Name"] for r in rows] == ["Ann de la Cruz", "Bob Boss"]  # not ours


def test_contacts_json_has_one_object_per_person(
    canary: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = run(["contacts", str(canary), "--format", "json", "--side", "vendor"], capsys)
    (dana,) = json.loads(out)
    assert dana["name"] == "Dana Ortiz" and dana["side"] == "vendor" and dana["crm_id"] == "OPP-7"


def test_contacts_of_a_folder_skip_non_pilots_and_report_a_broken_pilot(
    canary: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (canary.parent / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    (canary.parent / "broken.toml").write_text("schema = 1\n[pilot]\ntitle = 3\n", encoding="utf-8")
    code, out, err = run(["contacts", str(canary.parent)], capsys)
    assert code == 2 and "broken.toml:" in err
    assert len(list(csv.DictReader(io.StringIO(out, newline="")))) == 3


@pytest.mark.parametrize(
    ("name", "parts"),
    [
        ("Maria Chen", ("", "Maria", "Chen")),
        ("Chen, Maria", ("", "Maria", "Chen")),
        ("Priya", ("", "", "Priya")),
        ("Dr. Ana de la Cruz", ("Dr.", "Ana", "de la Cruz")),
        ("Jan van der Berg", ("", "Jan", "van der Berg")),
        ("Mark Lee Jr.", ("", "Mark", "Lee Jr.")),
        ("Mary Ann  Smith", ("", "Mary Ann", "Smith")),
        ("  ", ("", "", "")),
    ],
)
def test_contacts_split_names_as_a_crm_wants_them(name: str, parts: tuple[str, str, str]) -> None:
    assert split_name(name) == parts


def test_status_rows_carry_crm_id_title_and_vendor_in_every_format(
    canary: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = canary.read_text(encoding="utf-8")
    canary.write_text(
        text.replace('product = "Widget"\n', 'product = "Widget"\nvendor = "Lumen Inc"\n')
    )
    _, out, _ = run(["status", str(canary), "--format", "json"], capsys)
    (record,) = json.loads(out)
    assert (record["crm_id"], record["title"], record["vendor"]) == (
        "OPP-7",
        "Sensor evaluation",
        "Lumen Inc",
    )
    _, out, _ = run(["status", str(canary), "--format", "csv"], capsys)
    (row,) = csv.DictReader(io.StringIO(out, newline=""))
    assert (row["crm_id"], row["title"], row["vendor"]) == (
        "OPP-7",
        "Sensor evaluation",
        "Lumen Inc",
    )
    assert list(row)[:2] == ["path", "prospect"]  # the columns a script already reads stay first
    _, out, _ = run(["status", str(canary)], capsys)
    header, line = out.splitlines()[:2]  # then the team's figures
    assert header.split()[:5] == ["PROSPECT", "CRM", "PILOT", "VENDOR", "SE"]
    assert "OPP-7" in line and "Sensor evaluation" in line and "Lumen Inc" in line

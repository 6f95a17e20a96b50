"""The ``pilotdesk`` command line: ``--version``, ``new``, ``check`` and ``email``.

Most tests call :func:`pilotdesk.cli.main` in-process (an uncaught exception there fails the
test, so "no traceback" is checked for free); a few run ``python -m pilotdesk`` for real to see
the exit code, the exact stderr and the modules a git hook would load.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import pilotdesk
from pilotdesk.cli import main
from pilotdesk.domain import readiness
from pilotdesk.domain.check_summary import summary_lines
from pilotdesk.domain.mail import compose
from pilotdesk.pilotfile.read import read_file

TODAY = "2026-11-22"
REPO = Path(__file__).resolve().parent.parent

YES_TABLE = """
[technical_win]
verdict = "yes"
asked_on = 2026-11-26T16:05:00
attendees = {attendees}
"""


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``python -m pilotdesk ARGS`` in ``cwd``, with this checkout first on the path."""
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
    }
    return subprocess.run(
        [sys.executable, "-m", "pilotdesk", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )


def with_yes(path: Path, attendees: str = '["priya", "marcus"]') -> Path:
    """Append a "yes" Technical Win to the pilot file at ``path``; returns ``path``."""
    with path.open("a", encoding="utf-8") as handle:
        handle.write(YES_TABLE.format(attendees=attendees))
    return path


# --- --version and no command --------------------------------------------------------------------


def test_version_prints_name_and_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert pilotdesk.__version__ == "0.1.0"
    with pytest.raises(SystemExit) as stopped:
        main(["--version"])
    assert stopped.value.code == 0
    assert capsys.readouterr().out == f"pilotdesk {pilotdesk.__version__}\n"


def test_no_command_prints_help_and_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([]) == 2
    assert "usage: pilotdesk" in capsys.readouterr().out

    done = run_cli(cwd=tmp_path)
    assert done.returncode == 2
    assert done.stdout.startswith("usage: pilotdesk")
    for command in ("open", "new", "check", "email"):
        assert re.search(rf"^\s+{command}\s", done.stdout, re.MULTILINE), command
    assert "Traceback" not in done.stderr


# --- new -----------------------------------------------------------------------------------------


def test_new_writes_a_valid_pilot_with_the_commercial_checklist(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "acme.toml"
    code = main(["new", str(path), "--prospect", "Acme Robotics", "--product", "Lumen S3"])
    assert code == 0
    assert "Created" in capsys.readouterr().out

    _, parsed = read_file(path)
    info = parsed.pilot.pilot
    assert info.prospect == "Acme Robotics"
    assert info.product == "Lumen S3"
    assert info.title == "Acme Robotics — Lumen S3 pilot"
    checklist = parsed.pilot.checklist
    assert len(checklist) >= 10
    assert {item.section for item in checklist} == {"commitment", "qualification", "paper"}
    assert all(item.status == "todo" for item in checklist)
    assert len({item.id for item in checklist}) == len(checklist)
    assert parsed.pilot.criteria == [] and parsed.pilot.technical_win is None


def test_new_escapes_quotes_backslashes_and_placeholders(tmp_path: Path) -> None:
    # The values are TOML-escaped, and a value that looks like a template placeholder is kept
    # as written rather than being substituted (it was, before the template was filled in one pass).
    prospect = 'O"Brien \\ Sons {{product}} {{ends}}'
    product = 'Lumen "S3" \\d+ {{starts}}'
    path = tmp_path / "obrien.toml"
    assert main(["new", str(path), "--prospect", prospect, "--product", product]) == 0

    info = read_file(path)[1].pilot.pilot
    assert info.prospect == prospect
    assert info.product == product
    assert info.title == f"{prospect} — {product} pilot"
    assert 'prospect = "O\\"Brien \\\\ Sons {{product}} {{ends}}"' in path.read_text(
        encoding="utf-8"
    )


def test_new_honours_starts_and_ends(tmp_path: Path) -> None:
    path = tmp_path / "kestrel.toml"
    assert main(["new", str(path), "--starts", "2026-11-09", "--ends", "2026-12-18"]) == 0
    info = read_file(path)[1].pilot.pilot
    assert (info.starts, info.ends) == (dt.date(2026, 11, 9), dt.date(2026, 12, 18))
    assert info.prospect == "Kestrel"  # from the file name
    assert info.product == "Our platform"


def test_new_defaults_to_a_six_week_time_box_from_today(tmp_path: Path) -> None:
    path = tmp_path / "acme_robotics-eu.toml"
    before = dt.date.today()
    assert main(["new", str(path)]) == 0
    after = dt.date.today()
    info = read_file(path)[1].pilot.pilot
    assert info.prospect == "Acme Robotics Eu"
    assert info.starts in {before, after}
    assert info.ends == info.starts + dt.timedelta(weeks=6)


def test_new_refuses_ends_before_starts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "late.toml"
    assert main(["new", str(path), "--starts", "2026-12-01", "--ends", "2026-11-30"]) == 2
    err = capsys.readouterr().err
    assert "2026-11-30" in err and "before it starts" in err
    assert not path.exists()


def test_new_refuses_to_overwrite(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "acme.toml"
    original = b"# mine, not pilotdesk's\nschema = 1\n"
    path.write_bytes(original)
    assert main(["new", str(path), "--prospect", "Acme"]) == 2
    assert "already exists" in capsys.readouterr().err
    assert path.read_bytes() == original


def test_new_in_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "no" / "such" / "folder" / "acme.toml"
    done = run_cli("new", str(path), "--prospect", "Acme", cwd=tmp_path)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr + done.stdout
    assert done.stderr.startswith(f"pilotdesk: cannot create {path}")
    assert not (tmp_path / "no").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--prospect", "  "], "--prospect must not be empty"),
        (["--product", ""], "--product must not be empty"),
        (
            ["--prospect", "Acme \udcff"],
            "--prospect is not valid UTF-8 text",
        ),  # a non-UTF-8 argv byte
    ],
)
def test_new_refuses_text_that_cannot_go_in_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    path = tmp_path / "acme.toml"
    assert main(["new", str(path), *args]) == 2
    assert capsys.readouterr().err == f"pilotdesk: {message}\n"
    assert not path.exists()


def test_new_needs_a_prospect_when_the_file_name_has_none(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "_.toml"
    assert main(["new", str(path)]) == 2
    assert "--prospect" in capsys.readouterr().err
    assert not path.exists()


# --- check ---------------------------------------------------------------------------------------

SAMPLES = {
    # sample: (title, scorecard row, rule ids of the findings)
    "northwind": (
        "Northwind Logistics — Tidewater Data Platform pilot",
        "5/5 passed (4 must-have)",
        ["assumed-win", "gone-quiet"],
    ),
    "acme": (
        "Acme Robotics — Lumen S3 depth sensor evaluation",
        "3/7 passed · 1 failed · 3 pending (5 must-have)",
        ["failed-must-have", "checklist-overdue", "gone-quiet"],
    ),
    "ready": (
        "Kestrel Instruments — Vela M2 motion controller evaluation",
        "2/5 passed · 3 pending (4 must-have)",
        [],
    ),
}


@pytest.mark.parametrize("sample", sorted(SAMPLES))
def test_check_prints_summary_and_findings(
    sample: str, tmp_pilot: Callable[[str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_pilot(sample)
    before = path.read_bytes()
    assert main(["check", str(path), "--today", TODAY]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    title, scorecard, rules = SAMPLES[sample]

    lines = out.splitlines()
    assert lines[0] == title
    labels = [line.split()[0] for line in lines[1:10]]
    assert labels == [
        "prospect",
        "time-box",
        "scorecard",
        "verdict",
        "commitment",
        "people",
        "commercial",
        "agreement",
        "gaps",
    ]
    assert re.search(r"^  agreement +signed 2026-", out, re.MULTILINE)
    assert re.search(rf"^  scorecard +{re.escape(scorecard)}$", out, re.MULTILINE)
    assert re.search(r"^  verdict +not asked yet$", out, re.MULTILINE)
    assert lines[10] == ""
    found = re.findall(r"^(?:BLOCKER|WARNING|INFO) +([a-z-]+):", out, re.MULTILINE)
    assert found == rules
    if not rules:
        assert lines[11] == "no readiness findings"

    pilot = read_file(path)[1].pilot
    today = dt.date.fromisoformat(TODAY)
    expected = "\n".join(summary_lines(pilot, today)) + "\n\n"
    expected += readiness.format_report(readiness.evaluate(pilot, today)) + "\n"
    assert out == expected
    assert path.read_bytes() == before


def test_check_northwind_calls_out_the_assumed_win(
    tmp_pilot: Callable[[str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    main(["check", str(tmp_pilot("northwind")), "--today", TODAY])
    out = capsys.readouterr().out
    assert re.search(
        r"^BLOCKER +assumed-win: every one of the 5 criteria passed", out, re.MULTILINE
    )
    assert re.search(r"^  time-box +2026-10-19 to 2026-11-27 · 5 days left$", out, re.MULTILINE)


@pytest.mark.parametrize(("sample", "code"), [("northwind", 1), ("acme", 1), ("ready", 0)])
def test_check_strict_exits_1_while_blockers_or_warnings_remain(
    sample: str, code: int, tmp_pilot: Callable[[str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(tmp_pilot(sample)), "--strict", "--today", TODAY]) == code
    assert capsys.readouterr().out.startswith(SAMPLES[sample][0] + "\n")


def test_check_summary_keeps_a_multi_line_title_on_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "x.toml"
    assert main(["new", str(path), "--prospect", "Acme\nRobotics", "--product", "Lumen"]) == 0
    capsys.readouterr()
    assert main(["check", str(path), "--today", TODAY]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Acme Robotics — Lumen pilot"
    assert lines[1].split() == ["prospect", "Acme", "Robotics,", "product", "Lumen"]


def _broken(tmp_pilot: Callable[[str], Path]) -> tuple[Path, Path, int, int]:
    """Copies of acme with a TOML syntax error and with a bad second criterion status."""
    text = tmp_pilot("acme").read_text(encoding="utf-8")
    lines = text.split("\n")

    syntax_line = lines.index("[pilot]")
    lines_syntax = list(lines)
    lines_syntax[syntax_line] = "[pilot"
    syntax = tmp_pilot("acme").with_name("syntax.toml")
    syntax.write_text("\n".join(lines_syntax), encoding="utf-8")

    statuses = [i for i, line in enumerate(lines) if line.startswith("status = ")]
    content_line = statuses[1]  # the second criterion: criteria[1]
    assert lines[content_line] == 'status = "passed"'
    lines[content_line] = 'status = "passd"'
    content = syntax.with_name("content.toml")
    content.write_text("\n".join(lines), encoding="utf-8")
    return syntax, content, syntax_line + 1, content_line + 1


def test_check_invalid_file_reports_the_place_and_exits_2(tmp_pilot: Callable[[str], Path]) -> None:
    syntax, content, syntax_line, content_line = _broken(tmp_pilot)
    before = {p: p.read_bytes() for p in (syntax, content)}

    done = run_cli("check", syntax.name, "--today", TODAY, cwd=syntax.parent)
    assert done.returncode == 2
    assert re.fullmatch(rf"syntax\.toml:{syntax_line}:7: [^\n]*\S\n", done.stderr), done.stderr
    assert done.stdout == ""

    done = run_cli("check", content.name, "--strict", "--today", TODAY, cwd=content.parent)
    assert done.returncode == 2
    assert done.stderr == (
        f"content.toml:{content_line}: criteria[1].status: 'passd' is not one of 'pending', 'passed' or 'failed'; did you mean 'passed'?\n"
    )
    assert done.stdout == ""

    assert {p: p.read_bytes() for p in (syntax, content)} == before


def test_check_missing_file_names_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nope.toml"
    assert main(["check", str(missing)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == f"{missing}:1: no such file\n"
    assert not missing.exists()


# --- email ---------------------------------------------------------------------------------------


def test_email_without_a_verdict_exits_1(tmp_pilot: Callable[[str], Path]) -> None:
    path = tmp_pilot("northwind")
    done = run_cli("email", path.name, cwd=path.parent)
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.startswith("pilotdesk: northwind.toml: no Technical Win")
    assert "Traceback" not in done.stderr


def test_email_prints_the_confirmation(
    tmp_pilot: Callable[[str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path = with_yes(tmp_pilot("northwind"))
    assert main(["email", str(path)]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert out == compose(read_file(path)[1].pilot).body
    assert out.startswith("Hi Priya,\n")


def test_an_email_that_pastes_clean_from_the_command_line(
    tmp_pilot: Callable[[str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    # issue 14, point 1: the body alone by default (it is what is pasted), the subject on its own
    path = with_yes(tmp_pilot("northwind"))
    mail = compose(read_file(path)[1].pilot)
    assert main(["email", str(path)]) == 0
    body = capsys.readouterr().out
    assert body == mail.clipboard_text() and "Subject" not in body
    prose = [line for line in body.split("\n") if line and not line.startswith(("✅", "Best"))]
    assert prose[1].endswith("To recap:") and len(prose[1]) > 100  # one line, not wrapped at 78
    assert main(["email", str(path), "--subject"]) == 0
    assert capsys.readouterr().out == mail.subject + "\n"
    with pytest.raises(SystemExit):
        main(["email", str(path), "--subject", "--eml"])


def test_email_eml_is_an_rfc_5322_message(
    tmp_pilot: Callable[[str], Path], capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    path = with_yes(tmp_pilot("northwind"))
    assert main(["email", str(path), "--eml"]) == 0
    raw = capsysbinary.readouterr().out
    assert raw.isascii() and b"\r\n" in raw
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert "Technical Win Confirmed" in message["Subject"]
    assert message["Date"] and message["Message-ID"] and message["From"]
    body = message.get_content().replace("\r\n", "\n")  # the wire form has CRLF line ends
    assert body == compose(read_file(path)[1].pilot).body


def test_email_yes_with_criteria_not_passed_is_refused(
    tmp_pilot: Callable[[str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path = with_yes(tmp_pilot("ready"), attendees="[]")  # 3 of its 5 criteria are pending
    assert main(["email", str(path)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(f"pilotdesk: {path}: ")
    assert "not every criterion has passed" in err and "emc (pending)" in err


def test_email_invalid_file_exits_2(
    tmp_pilot: Callable[[str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    _, content, _, content_line = _broken(tmp_pilot)
    with_yes(content)
    before = content.read_bytes()
    assert main(["email", str(content)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(f"{content}:{content_line}: criteria[1].status: ")
    assert content.read_bytes() == before


# --- what check and email load -------------------------------------------------------------------

_PROBE = """
import io, sys
from contextlib import redirect_stdout
from pilotdesk.cli import main
sink = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
with redirect_stdout(sink):
    code = main(sys.argv[1:])
print(code, 'textual' in sys.modules, 'tomlkit' in sys.modules)
"""


@pytest.mark.parametrize(
    "args",
    [["check", "--today", TODAY], ["email"], ["email", "--eml"]],
    ids=["check", "email", "email-eml"],
)
def test_check_and_email_import_neither_textual_nor_tomlkit(
    args: list[str], tmp_pilot: Callable[[str], Path]
) -> None:
    path = with_yes(tmp_pilot("northwind"))
    command, *options = args
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, command, str(path), *options],
        cwd=path.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["0", "False", "False"]


def test_a_terminal_that_cannot_show_unicode_gets_no_traceback(
    tmp_pilot: Callable[[str], Path],
) -> None:
    """check replaces what an ASCII terminal cannot show; email always writes UTF-8 bytes."""
    path = with_yes(tmp_pilot("northwind"))
    env = {
        **os.environ,
        "PYTHONIOENCODING": "ascii",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
    }
    check = subprocess.run(
        [sys.executable, "-m", "pilotdesk", "check", path.name, "--today", "2026-11-22"],
        cwd=path.parent,
        env=env,
        capture_output=True,
        timeout=60,
    )
    assert check.returncode == 0 and b"Traceback" not in check.stderr
    assert check.stdout.decode("ascii").startswith(
        "Northwind Logistics ? Tidewater Data Platform pilot"
    )
    sent = subprocess.run(
        [sys.executable, "-m", "pilotdesk", "email", path.name],
        cwd=path.parent,
        env=env,
        capture_output=True,
        timeout=60,
    )
    assert sent.returncode == 0 and b"Traceback" not in sent.stderr
    assert sent.stdout.decode("utf-8") == compose(read_file(path)[1].pilot).body


# --- issue 14: templates, and the CLI's words ---------------------------------------------------


def test_templates_hardware_stays_the_default(tmp_path: Path) -> None:
    # point 5: the contract holds, `new` without --template writes what it always wrote
    plain, named = tmp_path / "a.toml", tmp_path / "b.toml"
    args = ["--prospect", "Acme", "--starts", "2026-11-02", "--ends", "2026-12-11"]
    assert main(["new", str(plain), *args]) == 0
    assert main(["new", str(named), "--template", "hardware", *args]) == 0
    assert plain.read_bytes() == named.read_bytes()
    items = {i.id for i in read_file(plain)[1].pilot.checklist}
    assert {"quality_audit", "site_visit", "supply_risk"} <= items


def test_templates_software_has_the_security_and_paper_steps(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bank.toml"
    assert main(["new", str(path), "--template", "software", "--prospect", "First Bank"]) == 0
    assert "(software template)" in capsys.readouterr().out
    pilot = read_file(path)[1].pilot
    text = " | ".join(i.item for i in pilot.checklist)
    for words in (
        "Security questionnaire",
        "SOC 2",
        "ISO 27001",
        "Penetration test",
        "DPA",
        "SSO",
        "SCIM",
        "Data residency",
        "MSA",
        "Order form",
    ):
        assert words in text, words
    assert "ISO 9001" not in text and "Site visit" not in text
    assert ">= 42 dB" not in path.read_text(encoding="utf-8")  # placeholders that fit
    assert pilot.pilot.prospect == "First Bank"


def test_templates_the_users_own_are_listed_and_used(
    tmp_path: Path, config_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = config_home / "pilotdesk" / "templates"
    folder.mkdir(parents=True)
    (folder / "saas-eu.toml").write_text(
        '# EU SaaS: with a Schrems II review\nschema = 1\n[pilot]\ntitle = "{{title}}"\n'
        'prospect = "{{prospect}}"\nproduct = "{{product}}"\nstarts = {{starts}}\n'
        'ends = {{ends}}\n[[checklist]]\nid = "tia"\nitem = "Transfer impact assessment"\n',
        encoding="utf-8",
    )
    (folder / "broken.toml").write_text("schema = 1\n[pilot]\ntitle = 5\n", encoding="utf-8")
    assert main(["new", "--list-templates"]) == 0
    listed = capsys.readouterr().out
    assert listed.startswith("hardware (default): ")
    assert "\nsoftware: " in listed
    assert f"saas-eu: EU SaaS: with a Schrems II review [{folder / 'saas-eu.toml'}]" in listed
    path = tmp_path / "globex.toml"
    assert main(["new", str(path), "--template", "saas-eu"]) == 0
    assert [i.item for i in read_file(path)[1].pilot.checklist] == ["Transfer impact assessment"]
    # a broken template of the user's is reported at its own line, and nothing is written
    capsys.readouterr()
    assert main(["new", str(tmp_path / "x.toml"), "--template", "broken"]) == 2
    err = capsys.readouterr().err
    assert (
        f"{folder / 'broken.toml'}:3: pilot.title: should be text in quotes, not the number 5"
        in err.splitlines()
    )
    assert not (tmp_path / "x.toml").exists()


@pytest.mark.parametrize("name", ["nosuch", "../../etc/passwd", ""])
def test_templates_an_unknown_name_says_which_there_are(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", str(tmp_path / "x.toml"), "--template", name]) == 2
    err = capsys.readouterr().err
    assert f"no template {name!r}; there are: hardware, software" in err
    assert not (tmp_path / "x.toml").exists()


def test_cli_open_a_missing_file_says_how_to_create_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # point 15: no odd ":1", and the command that creates it
    assert main(["open", str(tmp_path / "nope.toml")]) == 2
    path = tmp_path / "nope.toml"
    assert capsys.readouterr().err == (
        f"{path}: no such file; create it with: pilotdesk new {path}\n"
    )


def test_cli_new_without_an_extension_writes_a_toml_file_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # point 15: what an SE means by `pilotdesk new acme` is acme.toml
    assert main(["new", str(tmp_path / "noext")]) == 0
    out = capsys.readouterr().out
    assert not (tmp_path / "noext").exists()
    assert read_file(tmp_path / "noext.toml")[1].pilot.pilot.prospect == "Noext"
    assert f"writing {tmp_path / 'noext.toml'}" in out
    assert f"pilotdesk open {tmp_path / 'noext.toml'}" in out
    # and never over an existing noext.toml
    assert main(["new", str(tmp_path / "noext")]) == 2
    assert "already exists" in capsys.readouterr().err


def test_cli_new_needs_a_file_unless_listing(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new"]) == 2
    assert "new needs a FILE" in capsys.readouterr().err


# --- the README's sample commands ---------------------------------------------------------------

_README_CHECK = re.compile(
    r"^pilotdesk check (sample_pilots/\S+) (.*?)\s+# exit (\d): (.*)$", re.MULTILINE
)


def test_samples_that_stay_true_the_readme_check_commands_say_what_they_show(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # issue 14, point 9: each sample command in the README pins its date and shows what it says
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    commands = _README_CHECK.findall(readme)
    assert {c[0] for c in commands} == {
        "sample_pilots/ready.toml",
        "sample_pilots/acme.toml",
        "sample_pilots/northwind.toml",
    }
    for path, options, code, claim in commands:
        assert "--today" in options.split(), path
        capsys.readouterr()
        assert main(["check", str(REPO / path), *options.split()]) == int(code), path
        report = capsys.readouterr().out
        counted = {
            "blocker": report.count("\nBLOCKER "),
            "warning": report.count("\nWARNING "),
        }
        if claim == "no findings":
            assert report.rstrip().endswith("no readiness findings"), report
            continue
        for part in claim.split(", "):
            number, word = part.split()
            assert counted[word.rstrip("s")] == int(number), (path, claim, report)


def test_hand_edits_a_misspelt_known_key_gets_a_hint_in_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # issue 14, point 10: unknown keys are kept by design, but `titel` is surely `title`
    text = (REPO / "sample_pilots" / "ready.toml").read_text(encoding="utf-8")
    text = text.replace("[pilot]\n", '[pilot]\ntitel = "Typo"\nnotes = "my own"\njira = "X-1"\n', 1)
    path = tmp_path / "ready.toml"
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index('titel = "Typo"') + 1
    assert main(["check", str(path), "--today", "2026-11-22"]) == 0  # a warning, not an error
    err = capsys.readouterr().err
    assert err == (
        f"{path}:{line}: pilot.titel: warning: unknown key 'titel', kept as written; "
        "did you mean 'title'?\n"
    )  # and nothing about the person's own notes
    assert main(["check", str(path), "--today", "2026-11-22", "--strict"]) == 1
    assert read_file(path)[1].text == text  # kept as written


@pytest.mark.parametrize(("holidays", "loaded"), [("", False), ('holidays = "US"', True)])
def test_deadlines_on_working_days_check_loads_the_holidays_package_only_when_asked(
    holidays: str, loaded: bool, tmp_pilot: Callable[[str], Path]
) -> None:
    # issue 14, point 3: a file without [pilot] holidays pays nothing for the calendar
    path = with_yes(tmp_pilot("northwind"))
    text = path.read_text(encoding="utf-8").replace("[pilot]\n", f"[pilot]\n{holidays}\n", 1)
    path.write_text(text, encoding="utf-8")
    probe = _PROBE.replace("'tomlkit' in sys.modules)", "'holidays' in sys.modules)")
    for command in (["check", str(path), "--today", TODAY], ["email", str(path)]):
        done = subprocess.run(
            [sys.executable, "-c", probe, *command],
            cwd=path.parent,
            env={**os.environ, "PYTHONPATH": str(REPO)},
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout.split() == ["0", "False", str(loaded)], command


def test_open_of_an_invalid_file_leaves_garbage_collection_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`open` turns collection off until the first paint; a file refused before any paint must
    not leave it off for whoever called main (a tool, a test)."""
    import gc

    path = tmp_path / "bad.toml"
    path.write_text("schema = 1\n[pilot\n", encoding="utf-8")
    assert gc.isenabled()
    assert main(["open", str(path)]) == 2
    assert gc.isenabled()
    assert "bad.toml:" in capsys.readouterr().err

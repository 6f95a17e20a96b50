"""The command line with the tools an SE lives in: ``-o`` everywhere, ``email --copy`` and
``--mailto``, date words, suggestions, the grouped ``--help``, shell completion and the
pre-commit hook."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from pilotdesk import clipboard
from pilotdesk.cli import main
from pilotdesk.cli.main import GROUPS, _parser
from pilotdesk.domain.dates import DATE_WORDS
from pilotdesk.domain.mail import compose
from pilotdesk.pilotfile.read import read_file

REPO = Path(__file__).resolve().parent.parent
WIN = '\n[technical_win]\nverdict = "yes"\nasked_on = 2026-11-26T16:05:00\nattendees = ["priya"]\n'


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def acme(tmp_pilot: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_pilot("acme")
    monkeypatch.chdir(path.parent)
    return Path(path.name)


# --- -o: every command that writes a document -----------------------------------------------

DOCUMENTS = [
    ["email", "acme.toml", "--status"],
    ["email", "acme.toml", "--status", "--eml"],
    ["status", "acme.toml"],
    ["status", "acme.toml", "--format", "csv"],
    ["gaps", "acme.toml", "--format", "json"],
    ["contacts", "acme.toml"],
    ["report", "acme.toml"],
    ["calendar", "acme.toml"],
]


@pytest.mark.parametrize("args", DOCUMENTS, ids=lambda a: " ".join(a[:1] + a[2:]))
def test_output_o_writes_a_new_file_and_never_over_one(
    args: list[str], acme: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    assert main([*args, "-o", "out.txt"]) == 0
    written = Path("out.txt").read_bytes()
    assert written and b"Wrote out.txt" in capsysbinary.readouterr().err
    # -o - is standard output (the same bytes, less a calendar's stamp), and no file named -
    assert main([*args, "-o", "-"]) == 0
    out = capsysbinary.readouterr().out
    assert not Path("-").exists()
    stamp = re.compile(rb"DTSTAMP:\S+|Date: .*|Message-ID: .*")
    assert stamp.sub(b"", out) == stamp.sub(b"", written)
    Path("out.txt").write_bytes(b"mine")
    assert main([*args, "-o", "out.txt"]) == 2
    assert b"already exists; not overwritten" in capsysbinary.readouterr().err
    assert Path("out.txt").read_bytes() == b"mine"


def test_output_excel_csv_has_a_byte_order_mark_and_crlf(
    acme: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    for command in ("status", "gaps", "contacts"):
        fmt = [] if command == "contacts" else ["--format", "csv"]
        assert main([command, "acme.toml", *fmt, "--excel", "-o", f"{command}.csv"]) == 0
        data = Path(f"{command}.csv").read_bytes()
        assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\r\n") == data.count(b"\n")
        assert main([command, "acme.toml", *fmt]) == 0
        assert not capsysbinary.readouterr().out.startswith(b"\xef\xbb\xbf")


# --- email --copy and --mailto ----------------------------------------------------------------


def test_email_copy_puts_the_body_on_the_system_clipboard(
    acme: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    copied: list[str] = []
    monkeypatch.setattr(clipboard, "pyperclip_copy", lambda text: copied.append(text) or "xclip")
    code, out, err = run(["email", "acme.toml", "--status", "--copy"], capsys)
    assert (code, out) == (0, "")
    assert copied[0].startswith("Hi Maria,") and "Copied the body to the clipboard (xclip)" in err
    assert "Subject: Lumen S3 evaluation status" in err
    code, _, err = run(["email", "acme.toml", "--status", "--subject", "--copy"], capsys)
    assert code == 0 and copied[1].startswith("Lumen S3 evaluation status")


def test_email_copy_says_when_there_is_no_clipboard_and_exits_2(
    acme: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def unavailable(text: str) -> str:
        raise clipboard.ClipboardUnavailable("no copy tool (xclip, xsel, wl-copy) found")

    monkeypatch.setattr(clipboard, "pyperclip_copy", unavailable)
    code, out, err = run(["email", "acme.toml", "--status", "--copy"], capsys)
    assert (code, out) == (2, "")
    assert "cannot copy to the clipboard: no copy tool" in err and "--mailto" in err


def test_email_mailto_is_an_rfc_6068_url_with_the_subject_and_body(
    tmp_pilot: Callable[[str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_pilot("northwind")
    path.write_text(path.read_text(encoding="utf-8") + WIN, encoding="utf-8")
    mail = compose(read_file(path)[1].pilot)
    code, out, _ = run(["email", str(path), "--mailto"], capsys)
    assert code == 0 and out.isascii() and out.count("\n") == 1
    url = urlsplit(out.strip())
    assert url.scheme == "mailto" and unquote(url.path) == mail.to[0][1]
    query = parse_qs(url.query, keep_blank_values=True)
    assert query["subject"] == [mail.subject]
    assert query["body"] == ["\r\n".join(mail.body.splitlines())]


def test_email_mailto_text_cannot_add_a_field_or_a_recipient(
    tmp_pilot: Callable[[str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_pilot("northwind")
    text = path.read_text(encoding="utf-8") + WIN
    text = text.replace('name = "Priya', 'name = "Pri&cc=evil@x.example?#', 1)
    path.write_text(text.replace('email = "priya', 'email = "x?bcc=evil@x.example&priya', 1))
    code, out, _ = run(["email", str(path), "--mailto"], capsys)
    assert code == 0
    url = urlsplit(out.strip())
    assert url.path == ""  # the address is not one: left out, not half-written
    assert set(parse_qs(url.query)) <= {"cc", "subject", "body"}
    assert "evil" not in "".join(parse_qs(url.query).get("cc", []))


def test_email_delivery_options_that_cannot_go_together_are_refused(
    acme: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for extra in (
        ["--copy", "-o", "x.txt"],
        ["--mailto", "--eml"],
        ["--open"],
        ["--copy", "--eml"],
    ):
        code, out, err = run(["email", "acme.toml", "--status", *extra], capsys)
        assert (code, out) == (2, ""), extra
        assert err.startswith("pilotdesk: ")
    assert not Path("x.txt").exists()


# --- date words and suggestions on the command line -------------------------------------------


def test_contact_takes_date_words_a_week_of_contacts(
    acme: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    today = dt.date.today()
    last_tuesday = today - dt.timedelta(days=(today.weekday() - 1) % 7 or 7)
    for who, on, day in (
        ("maria", "yesterday", today - dt.timedelta(days=1)),
        ("tom", "-3d", today - dt.timedelta(days=3)),
        ("kofi", "last tuesday", last_tuesday),
        ("li", "tuesday", today - dt.timedelta(days=(today.weekday() - 1) % 7)),
        ("raj", ["last", "Tuesday"], last_tuesday),  # unquoted in the shell: two words
        ("hannah", "-1w", today - dt.timedelta(weeks=1)),
    ):
        words = on if isinstance(on, list) else [on]
        assert main(["contact", "acme.toml", who, "--on", *words]) == 0
        person = read_file(Path("acme.toml"))[1].pilot.stakeholder(who)
        assert person is not None and person.last_contact == day, on
    capsys.readouterr()


def test_mistyped_ids_and_words_get_a_suggestion(
    acme: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = Path("acme.toml").read_bytes()
    cases = [
        (["mark", "acme.toml", "sunlite", "passed"], "did you mean 'sunlight'?"),
        (["mark", "acme.toml", "financals", "done"], "did you mean 'financials'?"),
        (["mark", "acme.toml", "thermal_ap", "planned"], "did you mean 'thermal_api'?"),
        (["mark", "acme.toml", "snr", "done"], "takes pending, passed, failed"),
        (["contact", "acme.toml", "mria"], "did you mean 'maria'?"),
        (["new", "x.toml", "--template", "hardwre"], "did you mean 'hardware'?"),
    ]
    for args, hint in cases:
        code, _, err = run(args, capsys)
        assert code == 2 and hint in err, (args, err)
    for args, hint in (
        (["mark", "acme.toml", "snr", "passd"], "did you mean 'passed'?"),
        (["contact", "acme.toml", "maria", "--on", "yesterdy"], "did you mean 'yesterday'?"),
    ):
        with pytest.raises(SystemExit) as exit_:
            main(args)
        assert exit_.value.code == 2 and hint in capsys.readouterr().err
    assert Path("acme.toml").read_bytes() == before


@pytest.mark.parametrize(
    ("args", "hint"),
    [
        (["stauts"], "did you mean 'status'?"),
        (["status", "--format", "jsn"], "did you mean 'json'?"),
        (["report", "acme.toml", "--for", "prospekt"], "did you mean 'prospect'?"),
        (["completion", "bsh"], "did you mean 'bash'?"),
        (["contacts", "--crm", "hubspt"], "did you mean 'hubspot'?"),
    ],
)
def test_mistyped_commands_and_choices_get_a_suggestion(
    args: list[str], hint: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(args)
    assert exit_.value.code == 2 and hint in capsys.readouterr().err


def test_mark_records_checklist_items_and_gaps_too(
    acme: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["mark", "acme.toml", "financials", "done"]) == 0
    assert main(["mark", "acme.toml", "thermal_api", "planned"]) == 0
    assert main(["mark", "acme.toml", "snr", "Failed"]) == 0
    pilot = read_file(Path("acme.toml"))[1].pilot
    assert next(i for i in pilot.checklist if i.id == "financials").status == "done"
    assert next(g for g in pilot.gaps if g.id == "thermal_api").status == "planned"
    assert pilot.criterion("snr").status == "failed"  # type: ignore[union-attr]
    capsys.readouterr()


def test_theme_typo_gets_a_suggestion() -> None:
    from pilotdesk.ui.themes import load_themes, resolve_theme_name

    _, warning = resolve_theme_name("hight-contrast", load_themes()[0])
    assert warning is not None and "did you mean 'high-contrast'?" in warning


# --- help ----------------------------------------------------------------------------------------


def _commands() -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def test_help_every_argument_is_described_and_dates_say_their_words() -> None:
    undescribed = []
    for name, command in _commands().items():
        for action in command._actions:
            if not action.help:
                undescribed.append(f"{name} {action.dest}")
            if action.help != argparse.SUPPRESS and action.metavar == "DATE":
                assert DATE_WORDS in action.help, (name, action.dest)
    assert undescribed == []


def test_help_groups_every_command_with_an_example_and_keeps_merge_out_of_everyday(
    capsys: pytest.CaptureFixture[str],
) -> None:
    grouped = [name for _, group in GROUPS for name, _ in group]
    assert sorted(grouped) == sorted(_commands())
    everyday = dict(GROUPS[0][1])
    assert "merge" not in everyday and "mark" in everyday
    with pytest.raises(SystemExit):
        main(["--help"])
    text = capsys.readouterr().out
    assert (
        "Setup and git plumbing:" in text
        and "e.g. pilotdesk contact acme.toml maria --on yesterday" in text
    )
    assert text.index("Everyday") < text.index("  open ") < text.index("  merge ")
    with pytest.raises(SystemExit):
        main(["mark", "--help"])
    assert "example: pilotdesk mark acme.toml snr passed" in capsys.readouterr().out
    status = next(a for a in _commands()["mark"]._actions if a.dest == "status")
    assert status.choices is not None and {"passed", "done", "wont_fix"} <= set(status.choices)


# --- completion and the pre-commit hook ----------------------------------------------------------


def _cli_env() -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
    }


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_completion_bash_loads_and_completes_commands_options_and_choices(tmp_path: Path) -> None:
    script = subprocess.run(
        [sys.executable, "-m", "pilotdesk", "completion", "bash"],
        capture_output=True, text=True, env=_cli_env(), check=True, timeout=60,
    ).stdout  # fmt: skip
    (tmp_path / "pilotdesk.bash").write_text(script, encoding="utf-8")
    probe = """
source ./pilotdesk.bash
complete -p pilotdesk
fn=$(complete -p pilotdesk | sed -E 's/.* -F ([^ ]+) .*/\\1/')
ask() { COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 )); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE};
        COMPREPLY=(); $fn; echo "$* => ${COMPREPLY[*]}"; }
ask pilotdesk con
ask pilotdesk contacts --
ask pilotdesk mark a.toml snr pa
ask pilotdesk contacts --crm ""
"""
    done = subprocess.run(
        ["bash", "-c", probe], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("complete ") and lines[0].endswith(" pilotdesk")
    assert lines[1] == "pilotdesk con => contact contacts"
    assert {"--format", "--crm", "--excel", "--output"} <= set(lines[2].split("=> ")[1].split())
    assert lines[3] == "pilotdesk mark a.toml snr pa => passed"
    assert lines[4].split("=> ")[1].split() == ["salesforce", "hubspot"]


@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_completion_zsh_and_fish_scripts_name_every_command(
    shell: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["completion", shell]) == 0
    script = capsys.readouterr().out
    assert all(name in script for name in _commands())


def test_pre_commit_hook_runs_check_strict_on_pilot_files_only() -> None:
    text = (REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    hooks = [block for block in text.split("\n- ")[1:]]
    fields = [dict(re.findall(r"^\s*(\w+): (.*)$", "  " + block, re.M)) for block in hooks]
    strict = next(f for f in fields if f["id"] == "pilotdesk-check")
    assert strict["entry"] == "pilotdesk check --strict" and strict["language"] == "python"
    files = re.compile(strict["files"].strip("'"))
    for path in ("pilots/acme.toml", "sales/pilots/emea/kestrel.toml", "acme.pilot.toml"):
        assert files.search(path), path
    for path in ("pyproject.toml", "config/settings.toml", "pilots/README.md"):
        assert not files.search(path), path

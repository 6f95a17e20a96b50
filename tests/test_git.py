"""Issue 13: two people, one pilot, through real git.

Two clones of one repository in tmp_path, ``pilotdesk git setup`` in each, an edit in each (one
through the store as the workbook makes it, one through ``pilotdesk mark``), commit, pull: git
calls pilotdesk's merge driver. Also the same-field conflict end to end (markers around that
field only, ``check`` names it), ``git setup`` run twice, the note ``check`` gives without the
driver, and ``mark``/``contact`` as writers besides the workbook.
"""

from __future__ import annotations

import getpass
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from pilotdesk.cli import main
from pilotdesk.merge.git import author
from pilotdesk.session.changes import SetStatus
from pilotdesk.session.store import PilotStore

SAMPLE = Path(__file__).resolve().parent.parent / "sample_pilots" / "acme.toml"

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(folder: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True, check=check)


@pytest.fixture(autouse=True)
def no_user_git_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the tests away from the user's and the system's git config."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")


@pytest.fixture
def clones(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """The SE's clone and the AE's, of a repository holding acme.toml, both set up."""
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(origin))
    se, ae = tmp_path / "se", tmp_path / "ae"
    git(tmp_path, "clone", "-q", str(origin), str(se))
    for clone, name in ((se, "Dana Ortiz"), (ae, "Sam Lee")):
        if clone == ae:
            git(tmp_path, "clone", "-q", str(origin), str(ae))
        git(clone, "config", "user.name", name)
        git(clone, "config", "user.email", f"{name.split()[0].lower()}@example.com")
        git(clone, "config", "pull.rebase", "false")
        if clone == se:
            shutil.copyfile(SAMPLE, se / "acme.toml")
            monkeypatch.chdir(se)
            assert main(["git", "setup"]) == 0
            git(se, "add", "acme.toml", ".gitattributes")
            git(se, "commit", "-q", "-m", "the pilot")
            git(se, "push", "-q", "origin", "HEAD:main")
    monkeypatch.chdir(ae)
    assert main(["git", "setup"]) == 0
    return se, ae


def _commit_and_push(clone: Path, message: str) -> None:
    git(clone, "commit", "-q", "-am", message)
    git(clone, "push", "-q", "origin", "HEAD:main")


def test_an_edit_in_each_clone_merges_without_conflict(
    clones: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    se, ae = clones
    # The SE's edit, as the workbook makes it (the cli gives the store the author).
    store = PilotStore.open(se / "acme.toml", prepare=False)
    store.author = author(se)
    assert store.apply(SetStatus("criteria", "thermal_drift", "passed")).saved
    git(se, "commit", "-q", "-am", "thermal drift passed on the retest")
    # The AE's, through the command line.
    assert main(["mark", str(ae / "acme.toml"), "power", "passed", "--result", "4.1 W"]) == 0
    _commit_and_push(ae, "power measured")

    pulled = git(se, "pull", "-q", "origin", "main", check=False)

    assert pulled.returncode == 0, pulled.stdout + pulled.stderr
    text = (se / "acme.toml").read_text("utf-8")
    assert "<<<<<<<" not in text
    data = tomllib.loads(text)
    status = {c["id"]: (c["status"], c.get("result")) for c in data["criteria"]}
    assert status["thermal_drift"][0] == "passed"
    assert status["power"] == ("passed", "4.1 W")
    events = [(e["event"], e.get("by")) for e in data["log"]]
    assert ("criterion thermal_drift: failed -> passed", "Dana Ortiz") in events
    assert ("criterion power: pending -> passed", "Sam Lee") in events
    assert ("criterion power: edited result", "Sam Lee") in events
    capsys.readouterr()
    assert main(["check", str(se / "acme.toml")]) == 0
    assert "note:" not in capsys.readouterr().err


def test_the_same_field_set_two_ways_is_one_conflict_that_check_names(
    clones: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    se, ae = clones
    assert main(["mark", str(se / "acme.toml"), "thermal_drift", "passed"]) == 0
    git(se, "commit", "-q", "-am", "passed")
    assert main(["mark", str(ae / "acme.toml"), "thermal_drift", "pending"]) == 0
    _commit_and_push(ae, "back to pending")

    pulled = git(se, "pull", "-q", "origin", "main", check=False)

    assert pulled.returncode != 0
    text = (se / "acme.toml").read_text("utf-8")
    lines = text.splitlines()
    start = next(n for n, line in enumerate(lines) if line.startswith("<<<<<<< ours"))
    # Each marker says who changed that criterion on its side, and when (from the log).
    assert re.fullmatch(r"<<<<<<< ours \(Dana Ortiz, \d{4}-\d\d-\d\d \d\d:\d\d\)", lines[start])
    assert re.fullmatch(r">>>>>>> theirs \(Sam Lee, \d{4}-\d\d-\d\d \d\d:\d\d\)", lines[start + 4])
    assert lines[start + 1 : start + 4] == ['status = "passed"', "=======", 'status = "pending"']
    assert text.count("<<<<<<<") == 1  # the log merged: both new entries are in it
    assert text.count('event = "criterion thermal_drift: failed -> ') == 2
    capsys.readouterr()
    assert main(["check", str(se / "acme.toml")]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(f"{se / 'acme.toml'}: a merge stopped at it with conflicts: ")
    assert f"git -C {se} show :3:acme.toml" in err[0]  # run from the other clone
    assert err[1:] == [
        f"{se / 'acme.toml'}:{start + 1}: unresolved merge conflict in "
        "criteria[3].status (thermal_drift): ours 'passed', theirs 'pending'"
    ]


def test_git_setup_twice_changes_nothing(
    clones: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    _, ae = clones
    config, attributes = (ae / ".git" / "config").read_bytes(), (ae / ".gitattributes").read_bytes()
    capsys.readouterr()
    assert main(["git", "setup"]) == 0
    assert "already set up; nothing changed" in capsys.readouterr().out
    assert (ae / ".git" / "config").read_bytes() == config
    assert (ae / ".gitattributes").read_bytes() == attributes
    assert attributes == b"*.toml merge=pilotdesk\n"
    driver = git(ae, "config", "merge.pilotdesk.driver").stdout.strip()
    # pilotdesk as the shell finds it, then this Python by its absolute path, then git's
    # line merge with markers (and a conflict) when neither runs.
    assert 'exec "$@" merge %O %A %B %P' in driver
    assert f"d pilotdesk; d {shlex.quote(sys.executable)} -m pilotdesk;" in driver
    assert driver.endswith("git merge-file -L ours -L base -L theirs %A %O %B; exit 1")


def test_check_notes_a_pilot_in_a_repository_without_the_driver(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = tmp_path / "repo"
    git(tmp_path, "init", "-q", str(repo))
    shutil.copyfile(SAMPLE, repo / "acme.toml")
    assert main(["check", str(repo / "acme.toml")]) == 0
    err = capsys.readouterr().err
    assert "without pilotdesk's merge driver; 'pilotdesk git setup'" in err
    assert err.startswith("note: ")
    outside = tmp_path / "plain"
    outside.mkdir()
    shutil.copyfile(SAMPLE, outside / "acme.toml")
    assert main(["check", str(outside / "acme.toml")]) == 0
    assert "merge driver" not in capsys.readouterr().err


def test_a_file_that_is_not_a_pilot_is_merged_line_by_line(tmp_path: Path) -> None:
    base, ours, theirs = (tmp_path / name for name in ("base", "ours", "theirs"))
    base.write_text("[tool]\na = 1\nb = 2\nc = 3\n")
    ours.write_text("[tool]\na = 10\nb = 2\nc = 3\n")
    theirs.write_text("[tool]\na = 1\nb = 2\nc = 30\n")
    assert main(["merge", str(base), str(ours), str(theirs), "pyproject.toml"]) == 0
    assert ours.read_text() == "[tool]\na = 10\nb = 2\nc = 30\n"
    ours.write_text("[tool]\na = 11\nb = 2\nc = 3\n")
    theirs.write_text("[tool]\na = 12\nb = 2\nc = 3\n")
    assert main(["merge", str(base), str(ours), str(theirs)]) == 1
    assert ours.read_text().startswith(
        "[tool]\n<<<<<<< ours\na = 11\n=======\na = 12\n>>>>>>> theirs\n"
    )


def test_mark_refuses_an_unknown_criterion_or_status_and_leaves_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pilot = tmp_path / "acme.toml"
    shutil.copyfile(SAMPLE, pilot)
    before = pilot.read_bytes()
    assert main(["mark", str(pilot), "nope", "passed"]) == 2
    assert (
        capsys.readouterr().err
        == f"pilotdesk: {pilot}: no criterion, checklist item or gap 'nope'\n"
    )
    with pytest.raises(SystemExit) as refused:  # a status is one of the parser's choices
        main(["mark", str(pilot), "snr", "passd"])
    assert refused.value.code == 2
    assert "'passd' is not a status; did you mean 'passed'?" in capsys.readouterr().err
    assert main(["contact", str(pilot), "nobody"]) == 2
    assert pilot.read_bytes() == before


def test_contact_records_the_date_and_who_logged_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pilot = tmp_path / "acme.toml"
    shutil.copyfile(SAMPLE, pilot)
    assert main(["contact", str(pilot), "li", "--on", "2026-11-25"]) == 0
    data = tomllib.loads(pilot.read_text("utf-8"))
    li = next(s for s in data["stakeholders"] if s["id"] == "li")
    assert str(li["last_contact"]) == "2026-11-25"
    assert data["log"][-1]["event"] == "stakeholder li: edited last_contact"
    # Outside a repository and without a git user.name: the login name.
    assert data["log"][-1]["by"] == getpass.getuser() == author(tmp_path)


def test_mark_and_contact_write_nothing_when_it_is_already_recorded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pilot = tmp_path / "acme.toml"
    shutil.copyfile(SAMPLE, pilot)
    before = pilot.read_bytes()
    assert main(["mark", str(pilot), "snr", "passed", "--result", "48.3 dB"]) == 0
    assert main(["contact", str(pilot), "maria", "--on", "2026-11-20"]) == 0
    assert capsys.readouterr().out.count("already recorded; nothing changed") == 2
    assert pilot.read_bytes() == before
    assert main(["mark", str(pilot), "snr", "passed", "--evidence", "BR-17 rev 2"]) == 0
    assert capsys.readouterr().out == f"{pilot}: criterion snr: edited evidence\n"

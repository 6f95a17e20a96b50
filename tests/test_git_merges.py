"""Issues 21 and 23 through real git: two clones of a scratch repository, as in ``test_git.py``.

The stale driver (the virtualenv ``git setup`` recorded is gone), the gap and two-reorders
stories, ``git setup``'s pattern and ``.gitattributes`` refused when unsafe, and a planted
``core.fsmonitor`` that never runs.
"""

from __future__ import annotations

import os
import shutil
import sys
import tomllib
from pathlib import Path

import pytest
from test_git import SAMPLE, _commit_and_push, clones, git, no_user_git_config

from pilotdesk.cli import main
from pilotdesk.merge.blocks import split_blocks
from pilotdesk.session.changes import MoveEntry
from pilotdesk.session.store import PilotStore

__all__ = ["clones", "no_user_git_config"]  # fixtures, used by name

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _ids(path: Path, collection: str) -> list[str]:
    return [e["id"] for e in tomllib.loads(path.read_text("utf-8"))[collection]]


def _write(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), "utf-8")


def _without_pilotdesk_on_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """PATH with git and sh but no pilotdesk: as in a shell after the virtualenv went away."""
    git_folder = os.path.dirname(shutil.which("git") or "/usr/bin/git")
    monkeypatch.setenv("PATH", os.pathsep.join(dict.fromkeys([git_folder, "/bin", "/usr/bin"])))
    assert shutil.which("pilotdesk") is None


def _diverge(se: Path, ae: Path) -> None:
    """The SE marks thermal_drift passed; the AE (pushed first) measures power."""
    assert main(["mark", str(se / "acme.toml"), "thermal_drift", "passed"]) == 0
    git(se, "commit", "-q", "-am", "thermal drift passed")
    assert main(["mark", str(ae / "acme.toml"), "power", "passed", "--result", "4.1 W"]) == 0
    _commit_and_push(ae, "power measured")


def test_a_stale_driver_leaves_markers_and_a_conflict_never_ours_alone(
    clones: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    se, ae = clones
    monkeypatch.chdir(se)  # set up again from a virtualenv that is then deleted
    gone = se.parent / "venv" / "bin" / "python"
    monkeypatch.setattr(sys, "executable", str(gone))
    assert main(["git", "setup"]) == 0
    _diverge(se, ae)
    _without_pilotdesk_on_path(monkeypatch)

    pulled = git(se, "pull", "-q", "origin", "main", check=False)

    assert pulled.returncode != 0
    assert f"pilotdesk is not on PATH nor at {gone}" in pulled.stderr
    text = (se / "acme.toml").read_text("utf-8")
    assert "<<<<<<< ours" in text and "4.1 W" in text  # the other side's edit is in the file
    capsys.readouterr()
    assert main(["check", str(se / "acme.toml")]) == 2
    err = capsys.readouterr().err
    assert f"{se / 'acme.toml'}: a merge stopped at it with conflicts" in err
    assert "git show :3:./acme.toml" in err and "git checkout --theirs acme.toml" in err


def test_an_old_driver_line_that_left_ours_alone_is_named_and_merged_again(
    clones: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    se, ae = clones
    # What `git setup` recorded before: this Python by its path, now gone. git reports a
    # conflict and leaves our side, with no markers.
    git(se, "config", "merge.pilotdesk.driver", "/gone/bin/python -m pilotdesk merge %O %A %B %P")
    _diverge(se, ae)
    ours = (se / "acme.toml").read_bytes()
    assert git(se, "pull", "-q", "origin", "main", check=False).returncode != 0
    assert (se / "acme.toml").read_bytes() == ours
    monkeypatch.chdir(se)
    capsys.readouterr()

    assert main(["check", "acme.toml"]) == 2
    err = capsys.readouterr().err
    assert "acme.toml: git's merge stopped at it and it holds only our side" in err
    assert "pilotdesk git setup, then git checkout -m acme.toml" in err
    assert "see theirs: git show :3:./acme.toml" in err
    assert main(["status", "."]) == 2
    assert "holds only our side" in capsys.readouterr().err
    assert main(["open", "acme.toml"]) == 2  # no workbook on one side of a merge
    assert "holds only our side" in capsys.readouterr().err

    assert main(["git", "setup"]) == 0  # the way back the message gives
    git(se, "checkout", "-m", "acme.toml")
    data = tomllib.loads((se / "acme.toml").read_text("utf-8"))
    status = {c["id"]: (c["status"], c.get("result")) for c in data["criteria"]}
    assert status["power"] == ("passed", "4.1 W") and status["thermal_drift"][0] == "passed"
    git(se, "add", "acme.toml")
    assert main(["check", "acme.toml"]) == 0


def test_the_gap_story_deleted_on_one_side_edited_on_the_other_is_a_conflict(
    clones: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    se, ae = clones
    text = (se / "acme.toml").read_text("utf-8")
    kept = [b.text for b in split_blocks(text) if b.key != ("gaps", "thermal_api")]
    (se / "acme.toml").write_text("".join(kept), "utf-8")
    git(se, "commit", "-q", "-am", "gap dropped")
    _write(
        ae / "acme.toml",
        'request = "LUM-2291"\nstatus = "open"',
        'request = "LUM-2291"\nstatus = "wont_fix"',
    )
    _commit_and_push(ae, "won't fix")

    assert git(se, "pull", "-q", "origin", "main", check=False).returncode != 0

    capsys.readouterr()
    assert main(["check", str(se / "acme.toml")]) == 2
    assert (
        "unresolved merge conflict in gaps[0] (thermal_api): ours deleted it, theirs edited it"
        in capsys.readouterr().err
    )


def test_the_two_reorders_story_keeps_both_sides_order(clones: tuple[Path, Path]) -> None:
    se, ae = clones
    before = {name: _ids(se / "acme.toml", name) for name in ("criteria", "stakeholders")}
    for clone, collection in ((se, "criteria"), (ae, "stakeholders")):
        store = PilotStore.open(clone / "acme.toml", prepare=False)
        assert store.apply(MoveEntry(collection, before[collection][1], -1)).saved
        git(clone, "commit", "-q", "-am", f"{collection} reordered")
    git(ae, "push", "-q", "origin", "HEAD:main")

    pulled = git(se, "pull", "-q", "origin", "main", check=False)

    assert pulled.returncode == 0, pulled.stderr
    for name in ("criteria", "stakeholders"):
        first, second, *rest = before[name]
        assert _ids(se / "acme.toml", name) == [second, first, *rest]


def test_git_setup_refuses_an_unsafe_pattern_and_writes_nothing(
    clones: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    _, ae = clones
    attributes = (ae / ".gitattributes").read_bytes()
    for pattern in ("*.toml\n* filter=evil", "", "  ", "!*.toml", "\x1b[2J*.toml", "a=b"):
        capsys.readouterr()
        assert main(["git", "setup", "--pattern", pattern]) == 2, repr(pattern)
        err = capsys.readouterr().err
        assert "nothing written" in err and "\x1b" not in err
        assert (ae / ".gitattributes").read_bytes() == attributes
    assert main(["git", "setup", "--pattern", "pilots/my pilot.toml"]) == 0
    assert b'\n"pilots/my pilot.toml" merge=pilotdesk\n' in (ae / ".gitattributes").read_bytes()
    attr = git(ae, "check-attr", "merge", "--", "pilots/my pilot.toml", "pilots/my").stdout
    assert attr.splitlines() == [
        "pilots/my pilot.toml: merge: pilotdesk",
        "pilots/my: merge: unspecified",
    ]


def test_git_setup_follows_no_gitattributes_symlink(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    repo, outside = tmp_path / "repo", tmp_path / "outside.txt"
    git(tmp_path, "init", "-q", str(repo))
    outside.write_text("mine\n")
    monkeypatch.chdir(repo)
    for target in (outside, Path("/dev/zero")):
        (repo / ".gitattributes").unlink(missing_ok=True)
        (repo / ".gitattributes").symlink_to(target)
        assert main(["git", "setup"]) == 2
        assert "is a symbolic link; not followed" in capsys.readouterr().err
    assert outside.read_text() == "mine\n"
    assert git(repo, "config", "--get", "merge.pilotdesk.driver", check=False).stdout == ""


def test_git_setup_keeps_lock_files_out_of_git_status_without_a_commit(
    clones: tuple[Path, Path],
) -> None:
    _, ae = clones
    (ae / ".acme.toml.lock").write_text("4242\n")
    assert git(ae, "status", "--porcelain").stdout == ""
    assert ".*.toml.lock" in (ae / ".git" / "info" / "exclude").read_text().splitlines()


def test_a_planted_fsmonitor_command_never_runs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, mark = tmp_path / "archive", tmp_path / "PWNED"
    git(tmp_path, "init", "-q", str(folder))
    shutil.copyfile(SAMPLE, folder / "acme.toml")
    (folder / ".gitattributes").write_text("*.toml merge=pilotdesk\n")
    git(folder, "add", "-A")
    git(folder, "config", "core.fsmonitor", f"touch {mark}; false")

    assert main(["check", str(folder / "acme.toml")]) == 0
    assert main(["status", str(folder)]) == 0
    assert main(["mark", str(folder / "acme.toml"), "power", "passed"]) == 0
    assert main(["contact", str(folder / "acme.toml"), "li", "--on", "2026-11-25"]) == 0
    assert not mark.exists()
    git(folder, "status", check=False)  # git itself runs it: the plant is real
    assert mark.exists()

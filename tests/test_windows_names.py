"""Issue 21, point 3: every command that reads or writes a pilot runs on a Python that lacks
the POSIX-only names, as a Windows Python does.

Each test runs pilotdesk in a child Python without them (``tests/_windows.py``: the names
deleted from ``os``, ``fcntl`` and friends unimportable, ``os.open`` without ``O_BINARY``
refused, standard output translating ``\\n`` to ``\\r\\n``) and checks the exit code and what
was written, byte for byte where line ends matter."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import stat
import tomllib
from pathlib import Path

import pytest
from _windows import run_pilotdesk, run_python  # tests/ is on sys.path (no package)

TODAY = "2026-11-22"
YES = '\n[technical_win]\nverdict = "yes"\nasked_on = 2026-11-26T16:05:00\nattendees = ["ingrid"]\n'


@pytest.fixture
def folder(tmp_path: Path, samples_dir: Path) -> Path:
    for name in ("acme.toml", "northwind.toml", "ready.toml"):
        shutil.copyfile(samples_dir / name, tmp_path / name)
    return tmp_path


def _ok(done: object) -> None:
    returncode, stderr = done.returncode, done.stderr  # type: ignore[attr-defined]
    assert b"Traceback" not in stderr, stderr.decode("utf-8", "replace")
    assert returncode == 0, stderr.decode("utf-8", "replace")


def test_check_a_file_and_a_folder_without_posix_names(folder: Path) -> None:
    one = run_pilotdesk("check", "acme.toml", "--today", TODAY, cwd=folder)
    _ok(one)
    assert b"Acme" in one.stdout
    both = run_pilotdesk("check", ".", "--today", TODAY, cwd=folder)
    _ok(both)
    assert b"== acme.toml" in both.stdout.replace(b".\\", b"").replace(b"./", b"")


def test_email_and_the_status_email_without_posix_names(folder: Path) -> None:
    path = folder / "ready.toml"
    passed = path.read_text(encoding="utf-8").replace('status = "pending"', 'status = "passed"')
    path.write_text(passed + YES, encoding="utf-8")
    body = run_pilotdesk("email", "ready.toml", cwd=folder)
    _ok(body)
    assert body.stdout.strip() and b"\r" not in body.stdout, (
        "written as bytes: line ends as composed"
    )
    status = run_pilotdesk("email", "acme.toml", "--status", "--today", TODAY, cwd=folder)
    _ok(status)
    assert b"\r" not in status.stdout


@pytest.mark.parametrize("command", ["status", "gaps"])
def test_csv_has_one_crlf_per_row_through_a_windows_stdout(folder: Path, command: str) -> None:
    """csv's own ``\\r\\n`` through a stdout that turns ``\\n`` into ``\\r\\n`` gave ``\\r\\r\\n``:
    a blank row between rows in a spreadsheet."""
    done = run_pilotdesk(command, ".", "--format", "csv", "--today", TODAY, cwd=folder)
    _ok(done)
    assert b"\r\r\n" not in done.stdout
    rows = done.stdout.split(b"\r\n")
    assert rows[-1] == b"" and len(rows) >= 3, done.stdout
    assert all(b"\n" not in row for row in rows[:-1]) or b'"' in done.stdout
    parsed = list(csv.reader(io.StringIO(done.stdout.decode("utf-8"), newline="")))
    assert len(parsed) >= 2 and all(len(row) == len(parsed[0]) for row in parsed)


def test_status_json_without_posix_names(folder: Path) -> None:
    done = run_pilotdesk("status", ".", "--format", "json", "--today", TODAY, cwd=folder)
    _ok(done)
    assert len(json.loads(done.stdout)) == 3


def test_report_and_calendar_to_a_new_file_without_posix_names(folder: Path) -> None:
    report = run_pilotdesk(
        "report", "acme.toml", "--format", "html", "-o", "acme.html", "--today", TODAY, cwd=folder
    )
    _ok(report)
    html = (folder / "acme.html").read_bytes()
    assert html.lower().startswith(b"<!doctype html>") and b"\r\n" not in html
    calendar = run_pilotdesk("calendar", "acme.toml", "northwind.toml", "-o", "d.ics", cwd=folder)
    _ok(calendar)
    ics = (folder / "d.ics").read_bytes()
    assert ics.startswith(b"BEGIN:VCALENDAR\r\n") and b"\r\r\n" not in ics
    again = run_pilotdesk("report", "acme.toml", "-o", "acme.html", cwd=folder)
    assert again.returncode == 2 and (folder / "acme.html").read_bytes() == html


def test_mark_and_contact_keep_a_crlf_file_crlf_without_posix_names(folder: Path) -> None:
    """A pilot saved on Windows has CRLF line ends; a text-mode open would have changed them."""
    path = folder / "acme.toml"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    mark = run_pilotdesk(
        "mark", "acme.toml", "sunlight", "passed", "--result", "81 klx", cwd=folder
    )
    _ok(mark)
    contact = run_pilotdesk("contact", "acme.toml", "tom", "--on", "2026-11-20", cwd=folder)
    _ok(contact)
    raw = path.read_bytes()
    assert raw.count(b"\n") == raw.count(b"\r\n"), "every line still ends in CRLF"
    data = tomllib.loads(raw.decode("utf-8"))
    sunlight = next(c for c in data["criteria"] if c["id"] == "sunlight")
    assert (sunlight["status"], sunlight["result"]) == ("passed", "81 klx")
    tom = next(s for s in data["stakeholders"] if s["id"] == "tom")
    assert str(tom["last_contact"]) == "2026-11-20"
    assert not list(folder.glob(".acme.toml.*.tmp")), "no temporary file left behind"


def test_new_and_merge_without_posix_names(folder: Path) -> None:
    new = run_pilotdesk("new", "fresh", "--prospect", "Initech", cwd=folder)
    _ok(new)
    _ok(run_pilotdesk("check", "fresh.toml", cwd=folder))
    base = (folder / "acme.toml").read_text(encoding="utf-8")
    (folder / "base.toml").write_text(base, encoding="utf-8")
    (folder / "ours.toml").write_text(base.replace('result = "48.3 dB"', 'result = "49 dB"'))
    (folder / "theirs.toml").write_text(base.replace('"Bench report BR-17"', '"BR-18"'))
    merge = run_pilotdesk("merge", "base.toml", "ours.toml", "theirs.toml", "acme.toml", cwd=folder)
    _ok(merge)
    merged = (folder / "ours.toml").read_text(encoding="utf-8")
    assert 'result = "49 dB"' in merged and 'evidence = "BR-18"' in merged


STORE_PATHS = """
import datetime as dt
from pathlib import Path
from pilotdesk.pilotfile.atomic import numbered, write_new_unique
from pilotdesk.pilotfile.lock import PilotLock
from pilotdesk.session.changes import SetStatus
from pilotdesk.session.recovery import write_somewhere
from pilotdesk.session.store import PilotStore

path = Path("acme.toml")
lock = PilotLock(path)
assert lock.acquire() is None
store = PilotStore.open(path)
assert store.read_only is None, store.read_only
assert store.apply(SetStatus("criteria", "sunlight", "passed")).saved
store.write_copy(Path("copy.toml"))
draft, _ = write_new_unique(numbered(Path("draft.txt")), "Hello\\n".encode(), like=path)
again, reused = write_new_unique(numbered(Path("draft.txt")), "Hello\\n".encode(), like=path)
assert (again, reused) == (draft, True)
kept = write_somewhere(store, dt.datetime(2026, 11, 22, 10, 30))
lock.release()
print(kept.name)
"""


def test_the_stores_save_copy_draft_and_recovery_paths_without_posix_names(folder: Path) -> None:
    done = run_python(STORE_PATHS, cwd=folder)
    _ok(done)
    saved = tomllib.loads((folder / "acme.toml").read_text(encoding="utf-8"))
    assert next(c for c in saved["criteria"] if c["id"] == "sunlight")["status"] == "passed"
    assert (folder / "copy.toml").read_bytes() == (folder / "acme.toml").read_bytes()
    mode = stat.S_IMODE((folder / "acme.toml").stat().st_mode)
    assert mode != 0o600 and stat.S_IMODE((folder / "copy.toml").stat().st_mode) == mode, (
        "without fchmod the copy still gets the pilot's bits (chmod on the path it created)"
    )
    assert (folder / "draft.txt").read_bytes() == b"Hello\n"
    kept = folder / done.stdout.decode().strip()
    assert kept.read_bytes() == (folder / "acme.toml").read_bytes()
    assert not (folder / ".acme.toml.lock").exists()


def test_git_output_is_read_as_utf8_whatever_the_locale(tmp_path: Path) -> None:
    """git writes UTF-8; decoded with the locale's encoding (cp1252 on Windows, ASCII here) a
    name like "Zoë Ångström" came out garbled, or as a UnicodeDecodeError."""
    import subprocess
    import sys

    from _windows import REPO

    name = "Zoë Ångström"
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    subprocess.run(["git", "-C", str(tmp_path), "config", "user.name", name], check=True)
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "LC_ALL": "C",
        "PYTHONUTF8": "0",
        "PYTHONCOERCECLOCALE": "0",
        "PYTHONPATH": str(REPO),
    }
    code = (
        "import locale, sys; from pathlib import Path; from pilotdesk.merge.git import author\n"
        "assert 'utf' not in locale.getpreferredencoding(False).lower()\n"
        "sys.stdout.buffer.write(author(Path('.')).encode('utf-8'))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, timeout=60
    )
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    assert done.stdout.decode("utf-8") == name


WORKBOOK = """
import asyncio
from pathlib import Path
from pilotdesk.session.store import PilotStore
from pilotdesk.ui.app import PilotdeskApp

async def main() -> None:
    app = PilotdeskApp(PilotStore.open(Path("acme.toml")), remember_theme=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("f")  # the first criterion, snr: passed -> failed
        await pilot.pause()
        assert app.store.read_only is None, app.store.read_only
        assert not app.store.dirty

asyncio.run(main())
"""


def test_the_workbook_opens_and_saves_a_key_without_posix_names(folder: Path) -> None:
    """Headless (Textual's Windows driver is Textual's to test): the panes, the disk poll, the
    lock and the save path of the workbook itself."""
    done = run_python(WORKBOOK, cwd=folder, preload=("textual.drivers.linux_driver",))
    _ok(done)
    saved = tomllib.loads((folder / "acme.toml").read_text(encoding="utf-8"))
    assert next(c for c in saved["criteria"] if c["id"] == "snr")["status"] == "failed"


# --- what differs by platform in the one save path, with the platform's answer staged ---------


def test_a_rename_refused_while_windows_has_the_file_open_is_tried_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An antivirus scan or a sync client holds the file for a moment: the save waits."""
    from pilotdesk.pilotfile import atomic

    real, calls = os.replace, []

    def held_twice(source: str, target: str) -> None:
        calls.append(target)
        if len(calls) <= 2:
            raise PermissionError(13, "The process cannot access the file (sharing violation)")
        real(source, target)

    monkeypatch.setattr(atomic, "_RENAME_WAITS_FOR_READERS", True)
    monkeypatch.setattr(atomic.os, "replace", held_twice)
    path = tmp_path / "acme.toml"
    path.write_bytes(b"old")
    atomic.atomic_write(path, b"new")
    assert path.read_bytes() == b"new" and len(calls) == 3


def test_a_rename_refused_for_longer_than_a_moment_fails_with_the_file_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pilotdesk.pilotfile import atomic

    calls = []

    def always(source: str, target: str) -> None:
        calls.append(target)
        raise PermissionError(13, "Access is denied")

    monkeypatch.setattr(atomic.os, "replace", always)
    path = tmp_path / "acme.toml"
    path.write_bytes(b"old")
    with pytest.raises(PermissionError):
        atomic.atomic_write(path, b"new")
    assert len(calls) == 1, "elsewhere a refused rename is final: no waiting"
    monkeypatch.setattr(atomic, "_RENAME_WAITS_FOR_READERS", True)
    monkeypatch.setattr(atomic, "REPLACE_PATIENCE_SECONDS", 0.2)
    with pytest.raises(PermissionError):
        atomic.atomic_write(path, b"new")
    assert len(calls) > 3
    assert path.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["acme.toml"]


@pytest.mark.parametrize("supported", [True, False])
def test_macos_flushes_to_the_platter_with_f_fullfsync(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, supported: bool
) -> None:
    """On macOS fsync leaves the data in the drive's cache: F_FULLFSYNC for the file and the
    folder, and fsync only where the file system refuses it."""
    import sys
    import types

    from pilotdesk.pilotfile import atomic

    fcntl_calls: list[int] = []
    fsyncs: list[int] = []

    def fake_fcntl(fd: int, operation: int) -> int:
        fcntl_calls.append(operation)
        if not supported:
            raise OSError(45, "Operation not supported")
        return 0

    fake = types.ModuleType("fcntl")
    fake.F_FULLFSYNC = 51  # type: ignore[attr-defined]
    fake.fcntl = fake_fcntl  # type: ignore[attr-defined]
    real_fsync = os.fsync
    monkeypatch.setitem(sys.modules, "fcntl", fake)
    monkeypatch.setattr(atomic.os, "fsync", lambda fd: (fsyncs.append(fd), real_fsync(fd)))
    monkeypatch.setattr(atomic.sys, "platform", "darwin")
    path = tmp_path / "acme.toml"
    atomic.atomic_write(path, b"new")
    monkeypatch.undo()
    assert path.read_bytes() == b"new"
    assert fcntl_calls == [51, 51], "the temporary file, then the folder"
    assert len(fsyncs) == (0 if supported else 2)

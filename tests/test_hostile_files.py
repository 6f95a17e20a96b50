"""Files that are not what they were: symlink loops, a FIFO or a device swapped in under an
open pilot, ``kill -INT`` from outside. Each is a file that cannot be read, handled like every
other: a row with its error, a refusal with the reason, the change kept."""

from __future__ import annotations

import json
import os
import shutil
import signal
from pathlib import Path
from typing import Any

import pytest

from pilotdesk.cli import main


@pytest.fixture
def looped(tmp_path: Path, samples_dir: Path) -> Path:
    folder = tmp_path / "pilots"
    folder.mkdir()
    shutil.copyfile(samples_dir / "acme.toml", folder / "acme.toml")
    (folder / "a.toml").symlink_to("b.toml")
    (folder / "b.toml").symlink_to("a.toml")
    return folder


@pytest.mark.parametrize(
    "command",
    [
        ["status"],
        ["gaps"],
        ["status", "--format", "csv"],
        ["gaps", "--format", "json"],
        ["status", "--format", "json"],
        ["check"],
    ],  # fmt: skip
    ids=" ".join,
)
def test_a_symlink_loop_in_a_folder_is_a_row_with_its_error_not_a_traceback(
    looped: Path, command: list[str], capfd: pytest.CaptureFixture[str]
) -> None:
    code = main([*command, str(looped), "--today", "2026-11-26"])
    out, err = capfd.readouterr()
    assert code == 2 and "Traceback" not in err
    assert "Acme Robotics" in out or "acme.toml" in out  # the good pilot is still there
    said = out + err
    assert said.count("Too many levels of symbolic links") >= 2 or said.count("cannot be read") >= 2
    if "json" in command:
        json.loads(out)


def test_a_symlink_loop_named_on_the_command_line_is_refused_with_the_reason(
    looped: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    for command in (["status"], ["report"], ["calendar"], ["email", "--status"], ["mark"]):
        argv = [command[0], str(looped / "a.toml"), *command[1:]]
        if command == ["mark"]:
            argv += ["snr", "passed"]
        assert main(argv) == 2, command
        err = capfd.readouterr()[1]
        assert "a.toml:1:" in err and "Traceback" not in err


async def test_the_board_shows_a_symlink_loop_as_an_invalid_row(looped: Path, clock: Any) -> None:
    from textual.widgets import DataTable

    from pilotdesk.ui.board import BoardApp

    app = BoardApp([looped], clock=clock, poll=3600)
    async with app.run_test(size=(160, 30)) as pilot:
        await pilot.pause()
        table = app.query_one(DataTable)
        rows = [str(table.get_row_at(n)[0]) for n in range(table.row_count)]
        assert sum(r.startswith("⚠ invalid") for r in rows) == 2 and "Acme Robotics" in rows


def _swap(path: Path, kind: str) -> None:
    path.unlink()
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "device":
        path.symlink_to("/dev/zero")
    else:
        path.symlink_to(path.name)  # a link to itself: a loop


@pytest.mark.parametrize(
    ("kind", "said"),
    [
        ("fifo", "is a FIFO (named pipe), not a pilot file; not saved over it"),
        ("device", "is a device, not a pilot file; not saved over it"),
        ("loop", "could not"),
    ],
)
def test_the_saves_on_disk_check_refuses_a_special_file_with_the_reason_and_keeps_the_change(
    tmp_pilot: Any, pinned_clock: Any, kind: str, said: str
) -> None:
    from pilotdesk.session.changes import SetStatus
    from pilotdesk.session.store import PilotStore

    path = tmp_pilot("acme")
    store = PilotStore.open(path, pinned_clock, prepare=False)
    _swap(path, kind)
    outcome = store.apply(SetStatus("criteria", "sunlight", "passed"))  # no wait, no MemoryError
    assert outcome.save_error is not None and said in str(outcome.save_error)
    assert store.dirty and len(store.unsaved) == 1  # the keystroke is kept for the recovery
    assert 'status = "passed"' in store.text()
    if kind == "fifo":
        assert path.is_fifo()  # nothing written over it


def test_sigint_from_outside_is_a_stop_signal_like_sigterm() -> None:
    from pilotdesk.ui.quitting import STOPPING

    assert signal.SIGINT in STOPPING and signal.SIGTERM in STOPPING


async def test_sigint_writes_the_unsaved_change_to_a_recovery_copy(
    open_workbook: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    from pilotdesk.session.changes import SetStatus
    from pilotdesk.session.recovery import recovery_copies
    from pilotdesk.ui.quitting import on_stop_signal

    async with open_workbook() as wb:
        monkeypatch.setattr(
            "pilotdesk.session.store.atomic_write",
            lambda *a, **k: (_ for _ in ()).throw(OSError(errno.EACCES, "denied")),
        )
        wb.app.store.apply(SetStatus("criteria", "sunlight", "passed"))
        assert wb.app.store.dirty
        on_stop_signal(wb.app, signal.SIGINT)
        await wb.pilot.pause()
        assert wb.app.return_code == 130
        [kept] = wb.path.parent.glob("acme.recovered-*.toml")
        assert 'status = "passed"' in kept.read_text(encoding="utf-8")
    assert recovery_copies(wb.path) == [kept]

"""Hostile input: the reader's limits, output that cannot be written, control characters.

A pilot file is untrusted input. Every test here guards one way it could hurt: a hang, a
traceback, all the memory, or a terminal escape reaching the user's terminal.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pilotdesk.cli import main
from pilotdesk.domain.deadlines import add_business_days, follow_up_deadline, prove_by_date
from pilotdesk.domain.errors import DateOutOfRange, Location, PilotFileError
from pilotdesk.domain.text import has_control, visible
from pilotdesk.pilotfile.read import MAX_FILE_BYTES, MAX_NESTING, read_bytes, read_file
from pilotdesk.session.store import PilotStore
from pilotdesk.session.sync import Changed, FileWatcher

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "sample_pilots"


def ready_text() -> str:
    return (SAMPLES / "ready.toml").read_text(encoding="utf-8")


def first_stakeholder() -> str:
    import tomllib

    return str(tomllib.loads(ready_text())["stakeholders"][0]["id"])


def win(verdict: str, asked_on: str, extra: str = "") -> str:
    return (
        f'\n[technical_win]\nverdict = "{verdict}"\nasked_on = {asked_on}\n'
        f'attendees = ["{first_stakeholder()}"]\n{extra}'
    )


def run_cli(*args: str, **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "pilotdesk", *args], env=env, timeout=60, **kwargs
    )


# --- visible -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("\x1b]0;pwned\x07", "\\x1b]0;pwned\\x07"),  # OSC 0, window title
        ("\x1b]52;c;ZWNobw==\x07", "\\x1b]52;c;ZWNobw==\\x07"),  # OSC 52, clipboard
        ("a\x00b\x7f", "a\\x00b\\x7f"),  # NUL, DEL
        ("\x9b2J", "\\x9b2J"),  # C1 CSI
        ("\u202eevil\u202c", "\\u202eevil\\u202c"),  # bidi override
        ("\u2066x\u2069", "\\u2066x\\u2069"),  # bidi isolate
        ("over\rwrite", "over\\x0dwrite"),  # a lone carriage return
        ("tab\tline\nend\r\n", "tab\tline\nend\r\n"),  # kept: tab, LF, CRLF
        ("Dépôt — ✓ 温度", "Dépôt — ✓ 温度"),  # printable text is unchanged
    ],
)
def test_visible_spells_out_every_control_character_and_keeps_text(raw: str, shown: str) -> None:
    assert visible(raw) == shown
    assert has_control(raw) == (raw != shown)


def test_error_messages_spell_out_control_characters_from_the_file_and_its_name() -> None:
    error = PilotFileError("\x1b]0;x\x07.toml", [Location(3, "'\x1b[2J' is bad", field="a")])
    assert error.render() == "\\x1b]0;x\\x07.toml:3: a: '\\x1b[2J' is bad"
    assert not has_control(str(error))


# --- files that are not pilot files ------------------------------------------------------------


def _invalid(path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    before = path.read_bytes() if path.is_file() and path.stat().st_size < 1 << 20 else None
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    if before is not None:
        assert path.read_bytes() == before  # the file untouched
    return err


def test_a_fifo_is_refused_at_once_not_waited_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    assert "is a FIFO (named pipe), not a pilot file" in _invalid(fifo, capsys)


def test_check_of_a_fifo_does_not_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    done = run_cli("check", str(fifo), capture_output=True)  # the timeout fails a hang
    assert done.returncode == 2
    assert b"FIFO" in done.stderr and b"Traceback" not in done.stderr


def test_a_device_is_refused_without_reading_it(capsys: pytest.CaptureFixture[str]) -> None:
    assert "/dev/zero:1: is a device, not a pilot file" in _invalid(Path("/dev/zero"), capsys)


def test_a_folder_without_pilot_files_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # check walks a folder for pilots (pilotdesk.portfolio); finding none is not a pass.
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert "no pilot files under" in _invalid(tmp_path, capsys)


def test_a_file_over_16_mib_is_refused_before_it_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    huge = tmp_path / "huge.toml"
    with huge.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: nothing written
    err = _invalid(huge, capsys)
    assert "huge.toml:1: is 16.0 MiB; pilotdesk reads pilot files of up to 16 MiB" in err


def test_a_file_of_exactly_16_mib_is_read(tmp_path: Path) -> None:
    path = tmp_path / "limit.toml"
    path.write_bytes(b"#" * (MAX_FILE_BYTES - 1) + b"\n")
    assert len(read_bytes(path)) == MAX_FILE_BYTES


def test_open_refuses_a_fifo_and_a_huge_file(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    with pytest.raises(PilotFileError, match="FIFO"):
        PilotStore.open(fifo)
    huge = tmp_path / "huge.toml"
    with huge.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)
    with pytest.raises(PilotFileError, match="up to 16 MiB"):
        PilotStore.open(huge)


def test_an_open_workbook_refuses_a_file_replaced_by_a_fifo_like_an_invalid_edit(
    tmp_path: Path,
) -> None:
    path = tmp_path / "pilot.toml"
    path.write_text(ready_text(), encoding="utf-8")
    watcher = FileWatcher(path)
    path.unlink()
    os.mkfifo(path)
    event = watcher.poll(ready_text().encode())
    assert isinstance(event, Changed) and event.parsed is None and event.error is not None
    assert "FIFO" in event.error.render()


# --- nesting -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "[" * 500 + "]" * 500,  # tomllib itself runs out of stack
        "{a = " * 340 + "1" + "}" * 340,
        "[" * (MAX_NESTING + 1) + "]" * (MAX_NESTING + 1),  # parsed, refused by the limit
    ],
    ids=["arrays-500", "inline-tables-340", "arrays-over-the-limit"],
)
def test_nesting_too_deep_is_a_clear_error_in_check_email_and_open(
    tmp_path: Path, value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "deep.toml"
    path.write_text(ready_text().replace("schema = 1\n", f"schema = 1\nx = {value}\n", 1))
    line = ready_text().split("\n").index("schema = 1") + 2
    for command in ("check", "email"):
        assert main([command, str(path)]) == 2
        err = capsys.readouterr().err
        assert err.startswith(f"{path}:{line}: ")
        assert f"nested more than {MAX_NESTING} levels deep" in err
    with pytest.raises(PilotFileError, match="nested more than"):
        PilotStore.open(path)


def test_nesting_at_the_limit_is_read(tmp_path: Path) -> None:
    value = "[" * MAX_NESTING + "]" * MAX_NESTING
    path = tmp_path / "deep.toml"
    path.write_text(ready_text().replace("schema = 1\n", f"schema = 1\nx = {value}\n", 1))
    store = PilotStore.open(path)  # the editable document too
    assert store.pilot.pilot.title


def test_a_hand_edit_that_nests_too_deep_is_refused_by_an_open_workbook(tmp_path: Path) -> None:
    path = tmp_path / "pilot.toml"
    path.write_text(ready_text(), encoding="utf-8")
    watcher = FileWatcher(path)
    path.write_text(ready_text() + "\nx = " + "[" * 500 + "]" * 500 + "\n")
    event = watcher.poll(ready_text().encode())
    assert isinstance(event, Changed) and event.error is not None
    assert "nested more than" in event.error.render()


# --- dates -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("verdict", "asked_on", "extra"),
    [
        ("yes_but", "9999-12-31T10:00:00", 'concern = "drift"\n'),
        ("more_time", "9999-12-30T10:00:00", ""),
    ],
)
def test_a_verdict_at_the_calendar_end_is_a_date_out_of_range_not_an_overflow(
    tmp_path: Path,
    verdict: str,
    asked_on: str,
    extra: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "late.toml"
    path.write_text(ready_text() + win(verdict, asked_on, extra), encoding="utf-8")
    line = (ready_text() + win(verdict, asked_on, extra)).split("\n").index(
        f"asked_on = {asked_on}"
    ) + 1
    for command in ("check", "email"):
        assert main([command, str(path)]) == 2
        err = capsys.readouterr().err
        assert err.startswith(f"{path}:{line}: technical_win.asked_on: date out of range: ")
        assert "from 1900-01-01 to 9000-12-31" in err
    with pytest.raises(PilotFileError, match="date out of range"):
        PilotStore.open(path)


def test_a_date_out_of_range_in_a_key_pilotdesk_does_not_know_is_refused_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "old.toml"
    path.write_text(ready_text().replace("schema = 1\n", "schema = 1\nfounded = 0001-01-01\n", 1))
    assert main(["check", str(path)]) == 2
    assert "founded: date out of range: 0001-01-01" in capsys.readouterr().err


def test_new_refuses_a_start_at_the_calendar_end(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["new", str(tmp_path / "late.toml"), "--starts", "9999-12-31"])
    assert stopped.value.code == 2
    assert "9999-12-31 is out of range" in capsys.readouterr().err
    assert not (tmp_path / "late.toml").exists()


def test_deadline_arithmetic_past_the_calendar_end_says_so() -> None:
    with pytest.raises(DateOutOfRange, match="past the last date"):
        follow_up_deadline(dt.datetime(9999, 12, 31, 10))
    with pytest.raises(DateOutOfRange, match="past the last date"):
        prove_by_date(dt.date(9999, 12, 30))
    with pytest.raises(DateOutOfRange):
        add_business_days(dt.date(9999, 12, 31), 1)


# --- output that cannot be written -------------------------------------------------------------


def test_check_into_a_full_disk_is_one_line_and_exit_2() -> None:
    with open("/dev/full", "wb") as full:
        done = run_cli("check", str(SAMPLES / "acme.toml"), stdout=full, stderr=subprocess.PIPE)
    assert done.returncode == 2
    assert done.stderr == b"pilotdesk: cannot write the output: No space left on device\n"


def test_check_into_a_closed_pipe_is_silent_and_exits_141() -> None:
    """Issue 27.11: `pilotdesk check | head` printed a line on stderr every time."""
    read, write = os.pipe()
    os.close(read)  # as `| head -0` does
    try:
        done = run_cli("check", str(SAMPLES / "acme.toml"), stdout=write, stderr=subprocess.PIPE)
    finally:
        os.close(write)
    assert done.returncode == 141
    assert done.stderr == b""


def test_email_into_a_full_disk_is_one_line_and_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "won.toml"
    path.write_text(ready_text() + win("yes_but", "2026-11-20T16:05:00", 'concern = "x"\n'))
    with open("/dev/full", "wb") as full:
        done = run_cli("email", str(path), stdout=full, stderr=subprocess.PIPE)
    assert done.returncode == 2
    assert done.stderr == b"pilotdesk: cannot write the output: No space left on device\n"


def test_a_closed_stdout_is_refused_not_written_blind() -> None:
    done = run_cli(
        "check",
        str(SAMPLES / "acme.toml"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        preexec_fn=lambda: os.close(1),
    )
    assert done.returncode == 2
    assert done.stderr == b"pilotdesk: the standard output is closed; nothing to write to\n"


def test_read_file_is_the_one_reader(tmp_path: Path) -> None:
    """check, email and open read through read_file (and so through read_bytes' limits)."""
    path = tmp_path / "pilot.toml"
    path.write_text(ready_text(), encoding="utf-8")
    raw, parsed = read_file(path)
    assert raw == path.read_bytes() and parsed.pilot.pilot.title

"""Issue 21, point 2: an exception pilotdesk did not expect is one line on stderr naming the
command and the crash report, exit 70 (not 1, which ``check --strict`` uses for findings, nor 2),
never a traceback and never the pilot's contents on screen; the workbook keeps unsaved work in
a recovery copy.

The exceptions are injected into library calls (tomlkit, pydantic) in a child process, as a
patch release that breaks them would.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from pilotdesk.crash import EXIT_CRASH, MESSAGE_NAMES_CODE, report_text

ROOT = Path(__file__).resolve().parent.parent

#: Words from the acme sample's data that must never reach the screen.
SECRETS = ("Acme", "sunlight", "maria", "Maria")


def run_broken(tmp_path: Path, patch: str, *args: str) -> subprocess.CompletedProcess[str]:
    """``pilotdesk ARGS`` in a child process with ``patch`` (Python) run first."""
    code = f"import sys\n{patch}\nfrom pilotdesk.cli import main\nsys.exit(main(sys.argv[1:]))\n"
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


# tomlkit's parser broken as a patch release might break it: the message quotes the data.
BROKEN_TOMLKIT = """
import tomlkit
def broken(text, *a, **k):
    raise RuntimeError("cannot parse: " + text[:200])
tomlkit.parse = broken
import pilotdesk.pilotfile.toml_edit.document as d
d.tomlkit.parse = broken
"""

BROKEN_PYDANTIC = """
import pydantic
real = pydantic.BaseModel.model_validate
def broken(cls, data, *a, **k):
    raise KeyError(str(data)[:200])
from pilotdesk.domain.model import Pilot
Pilot.model_validate = classmethod(broken)
"""


def assert_one_line_crash(result: subprocess.CompletedProcess[str], command: str) -> Path:
    assert result.returncode == EXIT_CRASH, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    [line] = lines
    assert "Traceback" not in result.stderr
    assert line.startswith(f"pilotdesk: {command} stopped on an unexpected error")
    for secret in SECRETS:
        assert secret not in result.stderr and secret not in result.stdout
    report = Path(line.split("the report is in ", 1)[1].split(";")[0])
    assert report.is_file()
    return report


def test_a_broken_tomlkit_under_contact_is_one_line_exit_70_and_a_report(
    tmp_pilot: Any, tmp_path: Path
) -> None:
    path = tmp_pilot("acme")
    before = path.read_bytes()
    result = run_broken(tmp_path, BROKEN_TOMLKIT, "contact", str(path), "maria")
    report = assert_one_line_crash(result, "contact")
    assert report.parent == tmp_path / "state" / "pilotdesk" / "crashes"
    text = report.read_text(encoding="utf-8")
    # The report has what a bug report needs, and not the file's contents.
    assert "command: pilotdesk contact" in text and "Traceback" in text and "tomlkit" in text
    assert "RuntimeError" in text and "Acme" not in text
    if os.name == "posix":
        assert report.stat().st_mode & 0o777 == 0o600
    assert path.read_bytes() == before


def test_a_broken_pydantic_under_check_is_not_read_as_findings(
    tmp_pilot: Any, tmp_path: Path
) -> None:
    # check --strict exits 1 for findings: a hook must be able to tell a crash from them.
    path = tmp_pilot("acme")
    result = run_broken(tmp_path, BROKEN_PYDANTIC, "check", str(path), "--strict")
    report = assert_one_line_crash(result, "check")
    assert "KeyError" in report.read_text(encoding="utf-8")
    assert result.returncode not in (0, 1, 2)


def test_crash_report_keeps_messages_that_name_code_and_drops_the_others() -> None:
    def fail(error: Exception) -> BaseException:
        try:
            raise error
        except Exception as caught:
            return caught

    data = fail(ValueError("prospect Acme Robotics"))
    assert "Acme" not in report_text("open", data)
    assert "ValueError (its message is left out" in report_text("open", data)
    code = fail(AttributeError("'Container' object has no attribute '_insert_after'"))
    assert isinstance(code, MESSAGE_NAMES_CODE)
    assert "has no attribute '_insert_after'" in report_text("open", code)


def test_crash_report_folder_unwritable_falls_back_and_still_exits_70(
    tmp_pilot: Any, tmp_path: Path
) -> None:
    path = tmp_pilot("acme")
    (tmp_path / "state").write_text("not a folder")  # the state folder cannot be made
    result = run_broken(tmp_path, BROKEN_PYDANTIC, "email", str(path))
    report = assert_one_line_crash(result, "email")
    assert report.parent != tmp_path / "state" / "pilotdesk" / "crashes"
    report.unlink()


@pytest.mark.parametrize("argv", [["--version"]])
def test_version_names_python_textual_tomlkit_and_pydantic(argv: list[str], tmp_path: Path) -> None:
    from importlib import metadata

    from pilotdesk import __version__

    result = run_broken(tmp_path, "", *argv)
    assert result.returncode == 0
    line = result.stdout.strip()
    assert line.startswith(f"pilotdesk {__version__} (Python ")
    for name in ("textual", "tomlkit", "pydantic"):
        assert f"{name} {metadata.version(name)}" in line


# --- the workbook --------------------------------------------------------------------------


def _full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Saves fail as on a full disk (the change stays unsaved); copies elsewhere still work."""
    import errno

    from pilotdesk.pilotfile import atomic

    real_write_new = atomic.write_new

    def no_space(*args: Any, **kwargs: Any) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    def write_new_elsewhere(path: Path, data: bytes, like: Path | None = None) -> None:
        if like is not None and Path(path).parent == Path(like).parent:
            no_space()
        real_write_new(path, data, like)

    monkeypatch.setattr("pilotdesk.session.store.atomic_write", no_space)
    monkeypatch.setattr("pilotdesk.session.store.write_new", write_new_elsewhere)


def _break_pydantic(monkeypatch: pytest.MonkeyPatch) -> None:
    """Validating the pilot raises an error whose message quotes the pilot's data."""
    from pilotdesk.domain.model import Pilot

    def broken(cls: Any, data: Any, *args: Any, **kwargs: Any) -> Any:
        raise KeyError(str(data)[:300])

    monkeypatch.setattr(Pilot, "model_validate", classmethod(broken))


async def _press_on(wb: Any, row: str, key: str) -> None:
    from pilotdesk.ui.widgets.table import PilotTable

    table = wb.app.query_one("#criteria-table", PilotTable)
    table.move_cursor(row=table.get_row_index(row))
    await wb.pilot.pause()
    await wb.pilot.press(key)
    await wb.pilot.pause()


async def test_workbook_bug_exits_70_with_one_line_and_keeps_the_unsaved_change(
    open_workbook: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    with pytest.raises(KeyError):  # run_test re-raises it: a test never hides a crash
        async with open_workbook() as wb:
            _full_disk(monkeypatch)
            await _press_on(wb, "sunlight", "p")  # not saved: the store holds it
            assert wb.app.store.dirty
            _break_pydantic(monkeypatch)
            await _press_on(wb, "power", "f")  # the library breaks under a keystroke
            app = wb.app
            assert app.return_code == EXIT_CRASH
            assert isinstance(app.crashed, KeyError)
            line = app.farewell  # printed on stderr once the terminal is restored
    assert "\n" not in line and "Traceback" not in line
    assert line.startswith("pilotdesk: open stopped on an unexpected error (KeyError)")
    for secret in SECRETS:
        assert secret not in line.split(" are in ")[0].replace(str(tmp_path), "")
    [kept] = (tmp_path / "state" / "pilotdesk" / "recovered").glob("acme.recovered-*.toml")
    assert str(kept) in line
    text = kept.read_text(encoding="utf-8")
    start = text.index('id = "sunlight"')
    assert 'status = "passed"' in text[start : text.index("[[", start)]
    [report] = (tmp_path / "state" / "pilotdesk" / "crashes").glob("crash-*.txt")
    assert "Acme" not in report.read_text(encoding="utf-8")


def _read_until(fd: int, needle: bytes, seconds: float) -> bytes:
    import select
    import time

    seen = b""
    deadline = time.monotonic() + seconds
    while needle not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # EIO: the other side closed
                break
            if not chunk:
                break
            seen += chunk
    return seen


@pytest.mark.skipif(not hasattr(os, "fork") or os.name != "posix", reason="needs a pty")
def test_workbook_bug_in_a_real_terminal_leaves_one_line_and_no_pilot_on_screen(
    tmp_pilot: Any, tmp_path: Path
) -> None:
    import fcntl
    import pty
    import struct
    import termios

    path = tmp_pilot("acme")
    switch = tmp_path / "break"  # the library breaks once this file exists
    code = (
        "import os, sys\nfrom pilotdesk.domain.model import Pilot\n"
        "real = Pilot.model_validate\n"
        "def broken(cls, data, *a, **k):\n"
        f"    if os.path.exists({str(switch)!r}):\n"
        "        raise KeyError(str(data)[:300])\n"
        "    return real(data, *a, **k)\n"
        "Pilot.model_validate = classmethod(broken)\n"
        f"from pilotdesk.cli import main\nsys.exit(main(['open', {str(path)!r}]))\n"
    )
    pid, fd = pty.fork()
    if pid == 0:  # pragma: no cover - the child: pilotdesk in a terminal of its own
        os.environ.update(
            TERM="xterm-256color",
            PYTHONPATH=str(ROOT),
            XDG_STATE_HOME=str(tmp_path / "state"),
            XDG_CONFIG_HOME=str(tmp_path / "config"),
        )
        os.execv(sys.executable, [sys.executable, "-c", code])
    try:
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 36, 120, 0, 0))
        assert b"Scorecard" in _read_until(fd, b"Scorecard", 30)
        switch.touch()
        os.write(fd, b"jjjjp")  # a change: validating it meets the broken library
        after = _read_until(fd, b"\x00never\x00", 20)
    finally:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done == 0:  # still running: the crash was not handled at all
            os.kill(pid, signal.SIGKILL)
            _, status = os.waitpid(pid, 0)
        os.close(fd)
    assert os.waitstatus_to_exitcode(status) == EXIT_CRASH
    assert b"\x1b[?1049l" in after, "the alternate screen is left, as on a quit"
    shown = after.rsplit(b"\x1b[?1049l", 1)[1]  # what stays in the terminal once it is left
    text = shown.decode("utf-8", "replace")
    assert "Traceback" not in text and "KeyError(" not in text
    for secret in SECRETS:
        assert secret not in text
    lines = [line for line in text.replace("\r", "").split("\n") if line.strip("\x1b[?25h ")]
    assert len(lines) == 1 and "open stopped on an unexpected error (KeyError)" in lines[0], text


async def test_board_bug_exits_70_with_one_line(
    tmp_pilot: Any, clock: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pilotdesk.ui.board import BoardApp

    path = tmp_pilot("acme")
    app = BoardApp([path.parent], clock=clock, poll=3600)

    def broken(*args: Any, **kwargs: Any) -> None:
        raise ValueError("Acme Robotics")

    with pytest.raises(ValueError):
        async with app.run_test(size=(160, 30)) as pilot:
            await pilot.pause()
            monkeypatch.setattr(app, "action_sort", broken)
            await pilot.press("s")
    assert app.return_code == EXIT_CRASH
    assert app.farewell is not None and "Acme" not in app.farewell
    assert app.farewell.startswith("pilotdesk: board stopped on an unexpected error (ValueError)")

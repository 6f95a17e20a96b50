"""Issue 21, point 2: an exception pilotdesk did not expect is one line on stderr naming the
command and the crash report, exit 70 (not 1, which ``check --strict`` uses for findings, nor 2),
never a traceback and never the pilot's contents on screen; the workbook keeps unsaved work in
a recovery copy.

The exceptions are injected into library calls (tomlkit, pydantic) in a child process, as a
patch release that breaks them would.
"""

from __future__ import annotations

import os
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

"""The hostile corpus (tests/_hostile.py) through every command and the workbook.

For every case: no traceback, no raw control character on stdout, stderr or the screen, and the
exit code the README documents (0 fine, 1 findings with --strict or no verdict, 2 invalid).
"""

from __future__ import annotations

import html
import os
from pathlib import Path

import pytest
from _hostile import PAYLOAD, RAW_CONTROL, build, poisoned_text

from pilotdesk.cli import main


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, int]]:
    return build(tmp_path_factory.mktemp("hostile"))


def _run(argv: list[str], capfdbinary: pytest.CaptureFixture[bytes]) -> tuple[int, str, str]:
    code = main(argv)  # an uncaught exception fails the test: no traceback is checked here
    out, err = capfdbinary.readouterr()
    return code, out.decode("utf-8", "replace"), err.decode("utf-8", "replace")


CASES = [
    "control-characters",
    "arrays-500-deep",
    "inline-tables-340-deep",
    "arrays-65-deep",
    "yes-but-at-the-calendar-end",
    "more-time-at-the-calendar-end",
    "year-one",
    "bom",
    "invalid-utf-8",
    "nul-bytes",
    "escape-in-syntax-error",
    "huge",
    "fifo",
    "dev-zero",
    "folder",
    "hostile-file-name",
    "dotted-key-20000-parts",
    "header-200000-parts",
    "4000-bad-statuses",
    "misspelt-key-with-escapes",
    "formula-cells",
    "non-utf-8-file-name",
    "symlink-loop",
]
#: The cases that are valid pilots (everything else is refused with exit 2).
VALID = ("control-characters", "misspelt-key-with-escapes", "formula-cells")


@pytest.mark.parametrize("name", CASES)
@pytest.mark.parametrize(
    "command", [["check"], ["check", "--strict"], ["email"], ["email", "--eml"]], ids=" ".join
)
def test_hostile_corpus_gives_no_traceback_no_raw_control_and_the_documented_exit(
    corpus: dict[str, tuple[Path, int]],
    name: str,
    command: list[str],
    capfdbinary: pytest.CaptureFixture[bytes],
) -> None:
    path, check_exit = corpus[name]
    code, out, err = _run(
        [*command, str(path), *(["--today", "2026-11-22"] if command[0] == "check" else [])],
        capfdbinary,
    )
    if check_exit == 2:
        assert code == 2 and out == "" and err.strip()
    elif command == ["check"]:
        assert code == 0
    elif command == ["check", "--strict"]:
        # The poisoned pilot has blockers, the misspelt key a hint; the formulas are only text.
        assert code == (0 if name == "formula-cells" else 1)
    else:
        assert code == 0 and out  # the email, with the payload in it
    assert "Traceback" not in err
    assert not RAW_CONTROL.search(out.replace("\r\n", "\n")), RAW_CONTROL.findall(out)[:5]
    assert not RAW_CONTROL.search(err), RAW_CONTROL.findall(err)[:5]


@pytest.mark.parametrize("name", [n for n in CASES if n not in VALID])
def test_open_refuses_every_invalid_hostile_file_before_the_screen_changes(
    corpus: dict[str, tuple[Path, int]], name: str, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    path, _ = corpus[name]
    code, out, err = _run(["open", str(path)], capfdbinary)
    assert code == 2 and out == "" and err.strip() and "Traceback" not in err
    assert not RAW_CONTROL.search(err), RAW_CONTROL.findall(err)[:5]


def test_the_poisoned_pilot_is_valid_and_its_payload_is_shown_spelled_out(
    corpus: dict[str, tuple[Path, int]], capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    path, _ = corpus["control-characters"]
    code, out, _err = _run(["check", str(path)], capfdbinary)
    assert code == 0
    assert "\\x1b]52;c;ZWNobyBwd25lZA==\\x07" in out and "\\u202eevil\\u202c" in out
    code, out, _err = _run(["email", str(path)], capfdbinary)
    assert code == 0 and "\\x1b]0;pwned\\x07" in out


# --- the workbook ------------------------------------------------------------------------------


def _screen_text(app: object) -> str:
    svg = app.export_screenshot()  # type: ignore[attr-defined]
    return html.unescape(svg)


async def test_the_workbook_shows_a_hostile_file_without_a_raw_control_character(
    tmp_path: Path, pinned_clock: object
) -> None:
    from pilotdesk.session.store import PilotStore
    from pilotdesk.ui.app import PilotdeskApp

    path = tmp_path / "hostile.toml"
    path.write_text(poisoned_text(), encoding="utf-8")
    store = PilotStore.open(path, pinned_clock, prepare=False)  # type: ignore[arg-type]
    app = PilotdeskApp(store, clock=pinned_clock, remember_theme=False)  # type: ignore[arg-type]
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        seen = 0
        for keys in (
            ["1"],
            ["enter"],
            ["escape"],
            ["2"],
            ["enter"],
            ["escape"],
            ["3"],
            ["enter"],
            ["escape"],
            ["4"],
            ["1", "w"],
            ["escape"],
            ["question_mark"],
            ["escape"],
        ):
            await pilot.press(*keys)
            await pilot.pause()
            screen = _screen_text(app)
            assert "\\x1b]52;c;" in screen or keys == ["question_mark"]  # the payload is shown
            raw = RAW_CONTROL.findall(screen.replace("\r\n", "\n"))
            assert not raw, (keys, raw[:5])
            seen += 1
        assert seen == 14
    assert path.read_text(encoding="utf-8") == poisoned_text()  # nothing was changed


async def test_a_form_refuses_a_paste_holding_control_characters(
    open_workbook: object,
) -> None:
    from textual import events
    from textual.widgets import Input

    async with open_workbook("acme") as wb:  # type: ignore[operator]
        await wb.pilot.press("enter")
        await wb.pilot.pause()
        field = wb.app.screen.query_one("#field-result", Input)
        field.focus()
        before = field.value
        field.post_message(events.Paste("48 dB\x1b]52;c;ZWNobw==\x07\x00"))
        await wb.pilot.pause()
        assert field.value == before  # refused whole
        field.post_message(events.Paste(" (retest)"))
        await wb.pilot.pause()
        assert field.value.endswith(" (retest)")  # plain text is pasted as ever


async def test_a_form_over_a_hostile_value_shows_it_spelled_out_and_keeps_it_unless_edited(
    tmp_path: Path, pinned_clock: object
) -> None:
    from textual.widgets import Input

    from pilotdesk.session.store import PilotStore
    from pilotdesk.ui.app import PilotdeskApp

    path = tmp_path / "hostile.toml"
    path.write_text(poisoned_text(), encoding="utf-8")
    store = PilotStore.open(path, pinned_clock, prepare=False)  # type: ignore[arg-type]
    app = PilotdeskApp(store, clock=pinned_clock, remember_theme=False)  # type: ignore[arg-type]
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        target = app.screen.query_one("#field-target", Input)
        assert "\\x1b]52;c;" in target.value and "\x1b" not in target.value
        await pilot.press("ctrl+s")  # saved untouched: nothing changes
        await pilot.pause()
    assert path.read_text(encoding="utf-8") == poisoned_text()
    assert PAYLOAD in PilotStore.open(path).pilot.criteria[0].target


async def test_a_read_only_session_says_why_not_that_every_change_is_saved(
    tmp_pilot: object, pinned_clock: object
) -> None:
    from pilotdesk.pilotfile.lock import PilotLock
    from pilotdesk.session.store import PilotStore
    from pilotdesk.ui.app import PilotdeskApp

    path = tmp_pilot("acme")  # type: ignore[operator]
    holder = PilotLock(path)
    assert holder.acquire() is None  # another pilotdesk has it
    try:
        store = PilotStore.open(path, pinned_clock, prepare=False)  # type: ignore[arg-type]
        app = PilotdeskApp(store, clock=pinned_clock, remember_theme=False)  # type: ignore[arg-type]
        async with app.run_test(size=(160, 40)) as pilot:
            await pilot.pause()
            status = str(app.status.render())
            assert "every change is saved at once" not in status
            assert "acme.toml · read-only: another pilotdesk has this file open" in status
    finally:
        holder.release()


def _nest_500_deep(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    deep = "schema = 1\nx = " + "[" * 500 + "]" * 500 + "\n"
    path.write_text(text.replace("schema = 1\n", deep, 1), encoding="utf-8")


def _replace_by_a_fifo(path: Path) -> None:
    path.unlink()
    os.mkfifo(path)


def _grow_past_16_mib(path: Path) -> None:
    with path.open("ab") as handle:
        handle.truncate(17 * 1024 * 1024)


@pytest.mark.parametrize(
    ("hand_edit", "said"),
    [
        (_nest_500_deep, "nested more than 64 levels deep"),
        (_replace_by_a_fifo, "is a FIFO (named pipe), not a pilot file"),
        (_grow_past_16_mib, "up to 16 MiB"),
    ],
)
async def test_an_open_workbook_keeps_its_pilot_when_a_hand_edit_brings_a_hostile_file(
    open_workbook: object, hand_edit: object, said: str
) -> None:
    async with open_workbook("acme") as wb:  # type: ignore[operator]
        title = wb.app.store.pilot.pilot.title
        hand_edit(wb.path)  # type: ignore[operator]
        wb.app.disk.poll()
        await wb.pilot.pause()
        assert said in str(wb.app.status.render())  # the reason, in the status line
        assert wb.app.disk.invalid_reason is not None and wb.app.store.read_only
        assert wb.app.store.pilot.pilot.title == title  # the last good state stays


def test_the_composed_email_spells_out_control_characters_so_a_paste_is_safe() -> None:
    # y copies the email through the terminal (OSC 52) into paste buffers: a raw ESC there
    # would drive whatever terminal it is pasted into.
    from pilotdesk.domain.mail import compose
    from pilotdesk.pilotfile.read import parse_bytes

    pilot = parse_bytes(poisoned_text().encode("utf-8"), "hostile.toml").pilot
    email = compose(pilot)
    for text in (email.subject, email.body, email.clipboard_text(), email.as_text()):
        assert not RAW_CONTROL.findall(text.replace("\r\n", "\n"))
    assert "\\x1b]52;c;" in email.body  # shown, spelled out

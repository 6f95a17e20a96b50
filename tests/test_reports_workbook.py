"""The palette's exports in the workbook: reports, calendar, status email (ui/exports.py)."""

from __future__ import annotations

from pathlib import Path

from icalendar import Calendar

from pilotdesk.ui.clipboard import ClipboardUnavailable
from pilotdesk.ui.commands import palette_commands


async def _run(wb, title: str) -> None:  # type: ignore[no-untyped-def]
    command = next(c for c in palette_commands(wb.app) if c.title == title)
    command.callback()
    await wb.pilot.pause()  # the notification is posted, then shown


def _notes(wb) -> list[str]:  # type: ignore[no-untyped-def]
    return [n.message for n in wb.app._notifications]


async def test_report_for_the_prospect_is_saved_next_to_the_pilot_and_says_where(
    open_workbook,
) -> None:
    async with open_workbook("acme") as wb:
        await _run(wb, "Report: save for the prospect")
        saved = wb.path.with_name("acme-prospect-report.html")
        text = saved.read_text(encoding="utf-8")
        assert "Lumen S3 evaluation" in text and "skeptic" not in text
        assert any(str(saved) in note for note in _notes(wb))
        assert wb.text() == wb.original  # the pilot is untouched


async def test_an_export_never_writes_over_a_file_or_through_a_link(
    open_workbook, tmp_path: Path
) -> None:
    async with open_workbook("acme") as wb:
        target = tmp_path / "elsewhere.txt"
        target.write_text("keep me", encoding="utf-8")
        wb.path.with_name("acme-team-brief.html").symlink_to(target)
        await _run(wb, "Report: save for the team")
        assert target.read_text(encoding="utf-8") == "keep me"
        saved = wb.path.with_name("acme-team-brief-2.html")
        assert "skeptic" in saved.read_text(encoding="utf-8")
        assert any(str(saved) in note for note in _notes(wb))


async def test_calendar_save_writes_an_ics_with_the_pilots_dates(open_workbook) -> None:
    async with open_workbook("acme") as wb:
        await _run(wb, "Calendar: save")
        saved = wb.path.with_name("acme-dates.ics")
        events = Calendar.from_ical(saved.read_bytes()).walk("VEVENT")
        assert any(str(e["SUMMARY"]).endswith("time-box ends") for e in events)


async def test_status_email_is_copied_and_saved_when_the_copy_is_unconfirmed(
    open_workbook,
) -> None:
    def no_clipboard(text: str) -> str:
        raise ClipboardUnavailable("no clipboard here")

    async with open_workbook("acme") as wb:
        wb.app.system_copy = no_clipboard
        await _run(wb, "Email: status update")
        assert wb.app.clipboard.startswith("Hi Maria,")
        saved = wb.path.with_name("acme-status.txt")
        assert saved.read_text(encoding="utf-8").startswith("Subject: Lumen S3 evaluation status")
        assert any(str(saved) in note for note in _notes(wb))

"""The Technical Win review, driven from the keyboard as in the meeting (pilotdesk/ui/review.py).

Every test runs the real workbook over a copy of a sample pilot with a pinned clock, and a fake
system clipboard in ``app.system_copy`` (the real one is never touched). The clock is pinned on
Thursday 2026-11-26 at 16:05:37: the seconds show that ``asked_on`` is taken to the minute, and
a Thursday makes the "5 business days" of "We need more time" cross a weekend.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from _emails import NORTHWIND_YES  # tests/ is on sys.path (no package)
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input, Select, SelectionList, Static

from pilotdesk.domain import mail
from pilotdesk.session.changes import SetFields, SetStatus, SetTechnicalWin
from pilotdesk.session.store import PilotStore
from pilotdesk.ui import clipboard
from pilotdesk.ui.app import PilotdeskApp
from pilotdesk.ui.clipboard import ClipboardUnavailable
from pilotdesk.ui.review.steps import (
    AttendeesStep,
    CriterionStep,
    DetailsStep,
    EmailPreview,
    QuestionStep,
)
from pilotdesk.ui.widgets.chrome import PilotHeader

#: Thursday 26 November 2026, 16:05:37 (inside both samples' time-boxes).
PINNED = dt.datetime(2026, 11, 26, 16, 5, 37)
ASKED_ON = dt.datetime(2026, 11, 26, 16, 5)  # the minute of the question

ACME_IDS = [
    "snr",
    "depth_accuracy",
    "ros2_driver",
    "thermal_drift",
    "sunlight",
    "power",
    "shock_vibration",
]
ACME_NOT_PASSED = ["thermal_drift", "sunlight", "power", "shock_vibration"]


# --- local fixtures and helpers ----------------------------------------------------------------


class MovableClock:
    """A stopped clock a test can move forward."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


@dataclass
class FakeSystemCopy:
    """Stands in for the system clipboard: records what it was given; fails when told to."""

    available: bool = True
    texts: list[str] = field(default_factory=list)

    def __call__(self, text: str) -> str:
        if not self.available:
            raise ClipboardUnavailable("no clipboard mechanism on this test machine")
        self.texts.append(text)
        return "fake clipboard"


@dataclass
class Review:
    """The running workbook, its pilot file (and its bytes at start) and the fakes around it."""

    app: PilotdeskApp
    pilot: Pilot[Any]
    path: Path
    original: bytes
    clock: MovableClock
    system_copy: FakeSystemCopy
    notes: list[str]

    @property
    def email_file(self) -> Path:
        return self.path.with_name(f"{self.path.stem}-technical-win.txt")

    def data(self) -> dict[str, Any]:
        return tomllib.loads(self.path.read_text(encoding="utf-8"))

    def win(self) -> dict[str, Any] | None:
        return self.data().get("technical_win")

    def events(self) -> list[str]:
        return [entry["event"] for entry in self.data().get("log", [])]

    def new_events(self) -> list[str]:
        before = len(tomllib.loads(self.original.decode("utf-8")).get("log", []))
        return self.events()[before:]

    def header(self) -> str:
        return str(self.app.query_one(PilotHeader).visual)


@pytest.fixture
def open_review(
    tmp_pilot: Callable[[str], Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Callable[..., Any]:
    """``async with open_review("northwind") as r:`` runs the workbook over a copy of the sample
    (first changed by ``edit``, if given), the clock pinned at :data:`PINNED`, a fake system
    clipboard (``clipboard_works=False``: one that raises ClipboardUnavailable), notifications
    recorded."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))

    @asynccontextmanager
    async def opener(
        sample: str, *, clipboard_works: bool = True, edit: Callable[[str], str] | None = None
    ) -> AsyncIterator[Review]:
        path = tmp_pilot(sample)
        if edit is not None:
            path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
        clock = MovableClock(PINNED)
        app = PilotdeskApp(PilotStore.open(path, clock), clock=clock, remember_theme=False)
        fake = FakeSystemCopy(available=clipboard_works)
        app.system_copy = fake
        notes: list[str] = []
        notify = app.notify

        def recording_notify(message: str, *args: Any, **kwargs: Any) -> None:
            notes.append(message)
            notify(message, *args, **kwargs)

        app.notify = recording_notify  # type: ignore[method-assign]
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.pause()
            yield Review(app, pilot, path, path.read_bytes(), clock, fake, notes)

    return opener


async def wait_for(pilot: Pilot[Any], ready: Callable[[], bool], what: str) -> None:
    for _ in range(100):
        if ready():
            return
        await pilot.pause()
    raise AssertionError(f"timed out waiting for {what}")


async def on_screen(r: Review, kind: type[Screen[Any]]) -> Any:
    """Wait until ``kind`` is the screen on top and mounted (its widgets composed)."""
    await wait_for(
        r.pilot, lambda: isinstance(r.app.screen, kind) and r.app.screen.is_mounted, kind.__name__
    )
    return r.app.screen


async def on_criterion(r: Review, index: int) -> CriterionStep:
    await wait_for(
        r.pilot,
        lambda: (
            isinstance(r.app.screen, CriterionStep)
            and r.app.screen.index == index
            and r.app.screen.is_mounted
        ),
        f"criterion {index + 1}",
    )
    return r.app.screen  # type: ignore[return-value]


async def press(r: Review, *keys: str) -> None:
    await r.pilot.press(*keys)  # waits until the screen has handled them


async def start(r: Review) -> AttendeesStep:
    await press(r, "w")
    return await on_screen(r, AttendeesStep)


async def walk_to_question(r: Review, corrections: dict[int, str] | None = None) -> QuestionStep:
    """From the attendees step (as ticked): confirm every criterion, pressing ``corrections``'
    key (p, f or u) on the criterion at that index first."""
    corrections = corrections or {}
    await press(r, "enter")
    for index in range(len(r.app.store.pilot.criteria)):
        await on_criterion(r, index)
        if index in corrections:
            await press(r, corrections[index])
        await press(r, "enter")
    return await on_screen(r, QuestionStep)


async def type_text(r: Review, text: str) -> None:
    await r.pilot.press(*[("space" if ch == " " else ch) for ch in text])


def static_text(screen: Screen[Any], selector: str) -> str:
    return str(screen.query_one(selector, Static).visual)


def screen_text(screen: Screen[Any]) -> str:
    return "\n".join(str(s.visual) for s in screen.query(Static))


async def record_review(r: Review, answer: str, text: str = "") -> EmailPreview:
    """From the workbook: the whole review as ticked and recorded, then answer ``answer``
    (1-4) with ``text`` typed in the details; returns the email preview."""
    await start(r)
    await walk_to_question(r)
    await press(r, answer)
    await on_screen(r, DetailsStep)
    if text:
        await type_text(r, text)
    await press(r, "enter")
    return await on_screen(r, EmailPreview)


def notified(r: Review, text: str) -> bool:
    return any(text in note for note in r.notes)


# --- the four answers -----------------------------------------------------------------------------


async def test_yes_records_verdict_attendees_and_log_and_y_copies_exactly_the_email(
    open_review: Callable[..., Any],
) -> None:
    async with open_review("northwind") as r:
        assert "Verdict: not asked yet" in r.header()
        attendees = await start(r)
        # Ticked to begin with: the evaluators, the evaluator's manager, the SE and the AE.
        assert attendees.query_one(SelectionList).selected == [
            "priya",
            "marcus",
            "jonas",
            "chris",
            "ana",
        ]
        await press(r, "down", "down", "space")  # Jonas is not in the room...
        await press(r, "down", "space")  # ...Beth is
        await walk_to_question(r)
        await press(r, "1")  # a yes needs no details: straight to the email
        preview = await on_screen(r, EmailPreview)

        # Attendees in the file's order, whatever the order they were ticked in.
        assert r.win() == {
            "verdict": "yes",
            "asked_on": ASKED_ON,
            "attendees": ["priya", "marcus", "beth", "chris", "ana"],
        }
        assert r.new_events() == [
            "technical win: yes (in the room: priya, marcus, beth, chris, ana)"
        ]
        assert "Verdict: Technical Win" in r.header()
        composed = mail.compose(r.app.store.pilot)
        assert preview.email.as_text() == composed.as_text()
        # The body is what is pasted into the message; the subject is shown, and copied, apart.
        expected = composed.clipboard_text()
        assert str(preview.query_one("#email-body Static", Static).visual) == expected
        assert composed.subject in str(preview.query_one("#email-subject", Static).visual)

        assert r.app.clipboard == ""
        await press(r, "y")
        assert r.app.clipboard == expected and not expected.startswith("Subject:")
        assert r.system_copy.texts == [expected]
        assert "copied to the clipboard (fake clipboard)" in static_text(preview, "#email-status")
        assert not r.email_file.exists()  # a confirmed copy writes no file
        await press(r, "Y")
        assert r.app.clipboard == composed.subject
        assert r.system_copy.texts == [expected, composed.subject]

        # The email itself, line by line, as the SE pastes it.
        assert composed.as_text() == f"Subject: {composed.subject}\n\n{expected}"
        assert composed.as_text().split("\n") == NORTHWIND_YES.split("\n")

        # Later, y in the workbook copies the recorded verdict's email again.
        await press(r, "escape")
        await on_screen(r, Screen)
        await press(r, "y")
        assert r.system_copy.texts == [expected, composed.subject, expected]
        assert r.app.clipboard == expected
        assert notified(r, "The email was copied to the clipboard (fake clipboard)")
        assert not r.email_file.exists()


async def test_yes_but_records_the_concern_48_hours_and_the_header_turns_overdue(
    open_review: Callable[..., Any],
) -> None:
    async with open_review("northwind") as r:
        await start(r)
        await walk_to_question(r)
        await press(r, "2")
        details = await on_screen(r, DetailsStep)
        assert isinstance(r.app.focused, Input)
        await press(r, "enter")  # no concern written yet: refused
        assert static_text(details, "#details-error") == "Write down the concern first."
        assert r.path.read_bytes() == r.original
        await type_text(r, "SOC 2 letter")
        await press(r, "enter")
        preview = await on_screen(r, EmailPreview)

        win = r.win()
        assert win is not None
        assert (win["verdict"], win["asked_on"], win["concern"]) == (
            "yes_but",
            ASKED_ON,
            "SOC 2 letter",
        )
        # 48 hours is Saturday: the next working day at the same time, Monday 30 November 16:05
        assert (
            win["follow_up_by"]
            == dt.datetime(2026, 11, 30, 16, 5)
            == ASKED_ON + dt.timedelta(hours=96)
        )
        assert r.new_events() == [
            "technical win: yes_but (in the room: priya, marcus, jonas, chris, ana)"
        ]
        assert preview.email.as_text() == mail.compose(r.app.store.pilot).as_text()
        assert "one concern remains open: SOC 2 letter." in " ".join(preview.email.body.split())

        assert "Verdict: Yes, but… · follow up by Mon 30 Nov 16:05" in r.header()
        assert "OVERDUE" not in r.header()
        r.clock.now = dt.datetime(2026, 11, 30, 16, 5)  # the deadline itself: not late yet
        r.app.refresh_views()
        assert "OVERDUE" not in r.header()
        r.clock.now = dt.datetime(2026, 11, 30, 16, 6)
        r.app.refresh_views()
        assert "Yes, but… · follow up by Mon 30 Nov 16:05 · OVERDUE" in r.header()


async def test_more_time_preselects_what_has_not_passed_gives_5_business_days_and_s_saves_the_email(
    open_review: Callable[..., Any],
) -> None:
    async with open_review("acme") as r:
        await start(r)
        await walk_to_question(r)
        await press(r, "3")
        details = await on_screen(r, DetailsStep)
        picks = details.query_one(SelectionList)
        assert picks.selected == ACME_NOT_PASSED
        # Thursday + 5 business days is the next Thursday (not Tuesday, 5 calendar days on).
        assert "To be proven within 5 business days: by Thursday 3 December" in screen_text(details)
        await press(r, *["down"] * 6, "space")  # the nice-to-have shock test is not in question
        await press(r, "enter")
        preview = await on_screen(r, EmailPreview)

        win = r.win()
        assert win is not None
        assert (win["verdict"], win["asked_on"]) == ("more_time", ASKED_ON)
        assert win["unproven"] == ["thermal_drift", "sunlight", "power"]
        assert win["prove_by"] == dt.date(2026, 12, 3)
        assert r.new_events() == [
            "technical win: more_time (in the room: maria, tom, kofi, dana, sam)"
        ]
        email = mail.compose(r.app.store.pilot).as_text()
        assert preview.email.as_text() == email
        assert "We agreed to prove them by Thursday 3 December:" in " ".join(email.split())

        assert not r.email_file.exists()
        await press(r, "s")
        assert r.email_file == r.path.parent / "acme-technical-win.txt"
        assert r.email_file.read_bytes() == email.encode("utf-8")
        assert static_text(preview, "#email-status") == f"Saved as {r.email_file}."
        assert r.system_copy.texts == []  # saving is not copying
        assert r.app.clipboard == ""


async def test_no_records_the_reason_and_without_a_system_clipboard_the_email_is_saved(
    open_review: Callable[..., Any],
) -> None:
    async with open_review("northwind", clipboard_works=False) as r:
        await start(r)
        await walk_to_question(r)
        await press(r, "4")
        details = await on_screen(r, DetailsStep)
        await press(r, "enter")  # no reason written yet: refused
        assert static_text(details, "#details-error") == "Write down the reason first."
        assert r.path.read_bytes() == r.original
        await type_text(r, "security veto")
        await press(r, "enter")
        preview = await on_screen(r, EmailPreview)

        win = r.win()
        assert win is not None
        assert (win["verdict"], win["asked_on"], win["reason"]) == ("no", ASKED_ON, "security veto")
        assert r.new_events() == [
            "technical win: no (in the room: priya, marcus, jonas, chris, ana)"
        ]
        email = mail.compose(r.app.store.pilot).as_text()
        assert preview.email.as_text() == email
        assert "The reason you gave: security veto." in email

        # y in the preview: sent to the terminal only, so it is saved next to the pilot too
        # (the file with its subject line, the clipboard with the body alone).
        await press(r, "y")
        assert r.app.clipboard == mail.compose(r.app.store.pilot).clipboard_text()
        assert r.email_file == r.path.parent / "northwind-technical-win.txt"
        assert r.email_file.read_bytes() == email.encode("utf-8")
        status = static_text(preview, "#email-status")
        assert "cannot confirm" in status and f"Also saved as {r.email_file}." in status

        # y in the workbook does the same, and the notification says where the file is.
        r.email_file.unlink()
        await press(r, "escape")
        await on_screen(r, Screen)
        await press(r, "y")
        assert r.email_file.read_bytes() == email.encode("utf-8")
        assert notified(r, f"Also saved as {r.email_file}.")
        assert r.system_copy.texts == []


# --- Yes only when every criterion passed; corrections; one undo -----------------------------


async def test_yes_refused_then_a_correction_and_the_verdict_recorded_as_one_undoable_change(
    open_review: Callable[..., Any],
) -> None:
    async with open_review("acme") as r:
        before = tomllib.loads(r.original.decode("utf-8"))
        await start(r)
        await press(r, "enter")
        for index, criterion_id in enumerate(ACME_IDS):
            step = await on_criterion(r, index)
            assert step.criterion.id == criterion_id
            if criterion_id == "sunlight":  # pending; the prospect confirms it passed
                await press(r, "p")
                assert "passed (corrected here)" in static_text(step, "#criterion-status")
            await press(r, "enter")
        question = await on_screen(r, QuestionStep)
        assert r.path.read_bytes() == r.original  # nothing is written before the answer
        assert "3 of 7 have not passed" in screen_text(question)

        await press(r, "1")
        assert r.app.screen is question
        assert (
            static_text(question, "#question-error")
            == "Yes needs every criterion passed. Choose 2, 3 or 4."
        )
        assert r.path.read_bytes() == r.original
        assert r.app.store.pilot.technical_win is None

        await press(r, "2")
        details = await on_screen(r, DetailsStep)
        assert details.verdict == "yes_but"
        await type_text(r, "retest thermal")
        await press(r, "enter")
        await on_screen(r, EmailPreview)

        after = r.data()
        assert {c["id"]: c["status"] for c in after["criteria"]}["sunlight"] == "passed"
        assert (after["technical_win"]["verdict"], after["technical_win"]["concern"]) == (
            "yes_but",
            "retest thermal",
        )
        assert r.new_events() == [
            "criterion sunlight: pending -> passed",
            "technical win: yes_but (in the room: maria, tom, kofi, dana, sam)",
        ]

        await press(r, "escape")
        await on_screen(r, Screen)
        await press(r, "ctrl+z")
        undone = r.data()
        assert "technical_win" not in undone
        assert {k: v for k, v in undone.items() if k != "log"} == {
            k: v for k, v in before.items() if k != "log"
        }
        assert r.new_events()[2:] == [
            "technical win: record removed (undo)",
            "criterion sunlight: passed -> pending (undo)",
        ]
        assert not r.app.store.can_undo  # the one ctrl+z took both back


# --- leaving the review, and going back --------------------------------------------------------


async def leave(r: Review, kind: type[Screen[Any]]) -> None:
    """escape on the step ``kind``: back on the workbook, the file as it was, nothing recorded."""
    assert isinstance(r.app.screen, kind)
    r.notes.clear()
    await press(r, "escape")
    await on_screen(r, Screen)
    assert type(r.app.screen) is Screen  # the workbook, no other step
    assert r.path.read_bytes() == r.original
    assert r.app.store.pilot.technical_win is None
    assert not r.app.store.can_undo
    assert r.notes == ["Technical Win review left; nothing was recorded."]


async def test_escape_on_the_attendees_and_on_the_first_criterion_records_nothing(
    open_review: Callable[..., Any],
) -> None:
    async with open_review("northwind") as r:
        await start(r)
        await press(r, "space")  # untick someone first
        await leave(r, AttendeesStep)

        await start(r)
        await press(r, "enter")
        await on_criterion(r, 0)
        await press(r, "f")
        await leave(r, CriterionStep)


async def test_escape_on_the_question_and_on_the_details_records_nothing(
    open_review: Callable[..., Any],
) -> None:
    async with open_review("northwind") as r:
        await start(r)
        await walk_to_question(r, {3: "f"})
        await leave(r, QuestionStep)

        await start(r)
        await walk_to_question(r, {0: "u"})
        await press(r, "2")
        await on_screen(r, DetailsStep)
        await type_text(r, "half")
        await leave(r, DetailsStep)


async def test_b_goes_back_a_criterion_keeping_corrections_and_escape_on_a_middle_one_records_nothing(
    open_review: Callable[..., Any],
) -> None:
    async with open_review("northwind") as r:
        await start(r)
        await press(r, "enter")
        await on_criterion(r, 0)
        await press(r, "enter")
        await on_criterion(r, 1)
        await press(r, "f", "enter")
        await on_criterion(r, 2)
        await press(r, "b")
        back = await on_criterion(r, 1)
        assert back.criterion.id == "query_latency"
        assert back.status == "failed"  # the correction made there is still part of the review
        assert "failed (corrected here)" in static_text(back, "#criterion-status")
        await press(r, "b")
        first = await on_criterion(r, 0)
        await press(r, "b")  # nothing before the first: it is asked again
        again = await on_criterion(r, 0)
        assert again is not first and again.criterion.id == "ingest"
        await press(r, "enter")
        forward = await on_criterion(r, 1)
        assert forward.status == "failed"  # still corrected on the way forward again
        await press(r, "enter")
        await on_criterion(r, 2)  # the middle one of five

        # Starting another review meanwhile (from the command palette) is refused.
        stack = list(r.app.screen_stack)
        r.app.action_technical_win()
        await r.pilot.pause()
        assert r.app.screen_stack == stack
        assert "The Technical Win review is already under way." in r.notes

        await leave(r, CriterionStep)


# --- y in the workbook ---------------------------------------------------------------------------


async def test_y_in_the_workbook_without_a_verdict_or_with_a_yes_the_scorecard_no_longer_shows(
    open_review: Callable[..., Any],
) -> None:
    async with open_review("northwind") as r:
        # No verdict: y is greyed out in the footer and does nothing (it used to answer with
        # a "No Technical Win declared yet" toast).
        assert "y" not in r.app.screen.active_bindings  # no verdict: y is hidden
        await press(r, "y")
        assert r.notes == []
        assert r.app.clipboard == ""
        assert r.system_copy.texts == []

        yes = SetTechnicalWin({"verdict": "yes", "asked_on": ASKED_ON, "attendees": ["priya"]})
        assert r.app.apply_change(yes) is not None
        assert r.app.apply_change(SetStatus("criteria", "cdc", "failed")) is not None
        r.notes.clear()
        await press(r, "y")
        assert len(r.notes) == 1
        assert "not every criterion has passed: cdc (failed)" in r.notes[0]
        assert r.app.clipboard == ""
        assert r.system_copy.texts == []
        assert not r.email_file.exists()


# --- names as written; the system clipboard failing ------------------------------------------


def _brackets(text: str) -> str:
    text = text.replace('name = "Kofi Mensah"', 'name = "Kofi Mensah [contractor]"')
    return text.replace(
        'title = "Average power draw at 30 fps"', 'title = "Average power draw [W] at 30 fps"'
    )


async def test_names_and_titles_with_square_brackets_are_listed_as_written(
    open_review: Callable[..., Any],
) -> None:
    async with open_review("acme", edit=_brackets) as r:
        attendees = await start(r)
        picks = attendees.query_one(SelectionList)
        prompts = [str(picks.get_option_at_index(i).prompt) for i in range(picks.option_count)]
        assert "Kofi Mensah [contractor] — evaluator, technical track" in prompts
        await press(r, "escape")
        await on_screen(r, Screen)

        pilot = r.app.store.pilot
        r.app.push_screen(
            DetailsStep(pilot, {c.id: c.status for c in pilot.criteria}, "more_time", ASKED_ON)
        )
        details = await on_screen(r, DetailsStep)
        picks = details.query_one(SelectionList)
        prompts = [str(picks.get_option_at_index(i).prompt) for i in range(picks.option_count)]
        assert "Average power draw [W] at 30 fps" in prompts


@pytest.mark.parametrize(
    "error",
    [
        FileNotFoundError(2, "No such file or directory", "clip.exe"),
        PermissionError(13, "Permission denied", "xclip"),
    ],
)
def test_a_clipboard_tool_that_cannot_run_is_an_unavailable_clipboard_not_a_crash(
    monkeypatch: pytest.MonkeyPatch, error: OSError
) -> None:
    import pyperclip

    def failing_copy(text: str) -> None:
        raise error

    monkeypatch.setattr(pyperclip, "copy", failing_copy)  # the real clipboard is never reached
    with pytest.raises(ClipboardUnavailable, match=error.strerror or ""):
        clipboard.pyperclip_copy("the email")


# --- the pilot's record in the review (lifecycle) ------------------------------------------------


async def test_a_yes_but_concern_is_recorded_as_a_gap_in_the_same_step(
    open_review: Callable[..., Any],
) -> None:
    async with open_review("northwind") as r:
        await start(r)
        await walk_to_question(r)
        await press(r, "2")
        details = await on_screen(r, DetailsStep)
        await type_text(r, "No SCIM deprovisioning within 1 hour")
        details.query_one("#gap-severity", Select).value = "deal_breaker"
        await r.pilot.pause()
        details.action_save()
        await on_screen(r, EmailPreview)
        data = tomllib.loads(r.path.read_text(encoding="utf-8"))
        gap = data["gaps"][0]
        assert gap["title"] == "No SCIM deprovisioning within 1 hour"
        assert (gap["severity"], gap["status"]) == ("deal_breaker", "open")
        assert data["technical_win"]["concern"] == "No SCIM deprovisioning within 1 hour"
        assert r.new_events() == [
            f"gap {gap['id']}: added",
            "technical win: yes_but (in the room: priya, marcus, jonas, chris, ana)",
        ]
        r.app.action_undo()  # one review, one undo: the gap goes with the verdict
        await r.pilot.pause()
        undone = tomllib.loads(r.path.read_text(encoding="utf-8"))
        assert "gaps" not in undone and "technical_win" not in undone


async def test_the_criterion_step_shows_the_signed_target_beside_a_changed_one(
    open_review: Callable[..., Any],
) -> None:
    async with open_review("northwind") as r:
        first = r.app.store.pilot.criteria[0]
        r.app.apply_change(SetFields("criteria", first.id, {"target": "a looser target"}))
        await r.pilot.pause()
        await start(r)
        await press(r, "enter")
        step = await on_criterion(r, 0)
        target = static_text(step, "#fact-target")
        signed = r.app.store.pilot.agreement.targets[first.id]
        assert target.startswith("a looser target") and f": {signed})" in target
        assert "(signed 2026-10-16" in target


async def test_enter_on_the_product_gap_drop_down_records_the_verdict_as_the_step_says(
    open_review: Callable[..., Any],
) -> None:
    """Issue 27.1: with the focus on "Also a product gap?", enter records (it reopened the
    drop-down); space or down opens it, and a choice made there is recorded with the verdict."""
    async with open_review("northwind") as r:
        await start(r)
        await walk_to_question(r)
        await press(r, "2")
        details = await on_screen(r, DetailsStep)
        await type_text(r, "No SCIM deprovisioning within 1 hour")
        await press(r, "tab")
        severity = details.query_one("#gap-severity", Select)
        assert severity.has_focus
        await press(r, "space")
        assert severity.expanded
        await press(r, "down", "enter")  # the first choice under the blank: "deal breaker"
        assert not severity.expanded and severity.value == "deal_breaker"
        await press(r, "enter")
        await on_screen(r, EmailPreview)
        data = r.data()
        assert data["technical_win"]["verdict"] == "yes_but"
        assert data["gaps"][0]["severity"] == "deal_breaker"

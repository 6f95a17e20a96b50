"""The workbook, driven key by key as the SE drives it in a meeting.

Every test presses real keys in a running PilotdeskApp and then reads the pilot file on disk:
each change must be saved at once, touch only the lines it must, and log itself in [[log]].
(``w`` and ``y``, the Technical Win review and the email, are tested with review.py.)
"""

from __future__ import annotations

import difflib
import errno
import tomllib
from typing import Any

from textual import events
from textual.command import CommandList, CommandPalette
from textual.widgets import Input, Label, Static, TabbedContent

from pilotdesk.ui.modals.confirm import ConfirmModal
from pilotdesk.ui.modals.form import FormModal
from pilotdesk.ui.modals.help import HelpModal
from pilotdesk.ui.widgets.table import PilotTable

TODAY_LOG = "at = 2026-11-22T10:30:00"
#: The ids of the acme scorecard, in file order.
ACME_CRITERIA = [
    "snr",
    "depth_accuracy",
    "ros2_driver",
    "thermal_drift",
    "sunlight",
    "power",
    "shock_vibration",
]


# --- helpers ---------------------------------------------------------------------------------


def data(text: str) -> dict[str, Any]:
    return tomllib.loads(text)


def entry(text: str, collection: str, entry_id: str) -> dict[str, Any]:
    return next(e for e in data(text)[collection] if e["id"] == entry_id)


def ids(text: str, collection: str) -> list[str]:
    return [e["id"] for e in data(text).get(collection, [])]


def log_events(text: str) -> list[str]:
    return [e["event"] for e in data(text).get("log", [])]


def appended_log(original: str, text: str) -> list[str]:
    """The file is ``original`` plus [[log]] entries and nothing else; returns their events."""
    assert text.startswith(original), "the file changed above the appended log"
    tail = tomllib.loads(text[len(original) :])
    assert set(tail) <= {"log"}, f"appended more than log entries: {sorted(tail)}"
    for entry_ in tail.get("log", []):
        assert entry_["at"].isoformat() == "2026-11-22T10:30:00"
    return [e["event"] for e in tail.get("log", [])]


def line_of(text: str, entry_id: str, key: str) -> int:
    """Index of the ``key = ...`` line of the entry whose id is ``entry_id``."""
    lines = text.splitlines()
    start = lines.index(f'id = "{entry_id}"')
    for index in range(start, len(lines)):
        if lines[index].startswith(f"{key} ="):
            return index
        if index > start and lines[index].startswith("[["):
            break
    raise AssertionError(f"no {key} line in {entry_id}")


def assert_one_line_changed(before: str, after: str, index: int, new_line: str, event: str) -> None:
    """Exactly line ``index`` became ``new_line``, and one [[log]] entry was appended at the end."""
    a, b = before.splitlines(), after.splitlines()
    ops = [
        op
        for op in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
        if op[0] != "equal"
    ]
    assert len(ops) == 2, ops
    (tag, i1, i2, j1, j2), (tag2, k1, k2, m1, m2) = ops
    assert (tag, i1, i2, j2 - j1) == ("replace", index, index + 1, 1)
    assert b[j1] == new_line
    assert (tag2, k1, k2) == ("insert", len(a), len(a)), "only log lines may be added, at the end"
    appended = "\n".join(b[m1:m2])
    assert "[[log]]" in appended and TODAY_LOG in appended and f'event = "{event}"' in appended


async def goto(wb: Any, table: PilotTable, key: str) -> None:
    """Put the cursor on the row ``key`` (j/k themselves are tested on their own)."""
    table.move_cursor(row=table.get_row_index(key))
    await wb.pilot.pause()
    assert table.selected_key == key


async def type_text(wb: Any, text: str) -> None:
    await wb.pilot.press(*("space" if ch == " " else ch for ch in text))


async def paste(wb: Any, text: str) -> None:
    """Paste into the focused widget, as the terminal does (quicker than typing it key by key)."""
    wb.app.post_message(events.Paste(text))
    await wb.pilot.pause()


async def replace_text(wb: Any, text: str) -> None:
    """Replace the focused Input's text."""
    assert isinstance(wb.app.focused, Input)
    await wb.pilot.press("home", "ctrl+k")
    if text:
        await paste(wb, text)


async def retitle(wb: Any, criterion: str, title: str) -> None:
    """Give a criterion a new title through its form (which opens on the title)."""
    await goto(wb, criteria_table(wb), criterion)
    await wb.pilot.press("enter")
    await replace_text(wb, title)
    await wb.pilot.press("ctrl+s")
    await wb.pilot.pause()


def criteria_table(wb: Any) -> PilotTable:
    return wb.app.query_one("#criteria-table", PilotTable)


def status_line(wb: Any) -> str:
    return str(wb.app.query_one("#status").render())


def screen_text(app: Any) -> list[str]:
    return [strip.text for strip in app.screen._compositor.render_strips()]


# --- panes and moving ------------------------------------------------------------------------


async def test_number_keys_switch_panes_and_focus_their_list(open_workbook) -> None:
    async with open_workbook() as wb:
        tabs = wb.app.query_one(TabbedContent)
        assert (tabs.active, wb.app.focused.id) == ("tab-scorecard", "criteria-table")
        for key, tab, focused in [
            ("2", "tab-stakeholders", "technical-table"),
            ("3", "tab-commercial", "checklist-table"),
            ("4", "tab-readiness", "findings-table"),
            ("1", "tab-scorecard", "criteria-table"),
        ]:
            await wb.pilot.press(key)
            assert tabs.active == tab
            assert wb.app.focused.id == focused
            assert wb.app.focused in wb.app.query_one(f"#{tab}").query(PilotTable)
        assert wb.text() == wb.original


async def test_j_k_and_arrows_move_the_cursor(open_workbook) -> None:
    async with open_workbook() as wb:
        table = criteria_table(wb)
        assert (table.cursor_row, table.selected_key) == (0, "snr")
        await wb.pilot.press("j", "j")
        assert (table.cursor_row, table.selected_key) == (2, "ros2_driver")
        await wb.pilot.press("down")
        assert table.selected_key == "thermal_drift"
        await wb.pilot.press("k")
        assert table.selected_key == "ros2_driver"
        await wb.pilot.press("up", "up")
        assert table.selected_key == "snr"
        await wb.pilot.press("k")  # already first
        assert table.cursor_row == 0
        # The detail below the list follows the cursor.
        await wb.pilot.press("j")
        assert "Depth error" in str(wb.app.query_one("#criterion-detail").render())
        # Other panes' lists move the same way.
        await wb.pilot.press("3", "j", "down")
        assert wb.app.query_one("#checklist-table", PilotTable).selected_key == "po_timeline"
        assert wb.text() == wb.original


# --- scorecard -------------------------------------------------------------------------------


async def test_p_f_u_change_only_that_criterion_s_status_line(open_workbook) -> None:
    async with open_workbook() as wb:
        table = criteria_table(wb)
        await wb.pilot.press("p")  # snr has passed already: nothing to write
        assert wb.text() == wb.original
        before = wb.original
        for key, criterion, old, new in [
            ("p", "sunlight", "pending", "passed"),
            ("f", "snr", "passed", "failed"),
            ("u", "thermal_drift", "failed", "pending"),
        ]:
            await goto(wb, table, criterion)
            row = table.cursor_row
            await wb.pilot.press(key)
            after = wb.text()
            assert_one_line_changed(
                before,
                after,
                line_of(before, criterion, "status"),
                f'status = "{new}"',
                f"criterion {criterion}: {old} -> {new}",
            )
            assert entry(after, "criteria", criterion)["status"] == new
            assert (table.cursor_row, table.selected_key) == (row, criterion)
            assert new in str(table.get_cell(criterion, "Status"))
            assert status_line(wb).startswith("Saved acme.toml at ")
            before = after


async def test_the_scorecard_shows_titles_as_written_and_follows_every_edit(open_workbook) -> None:
    """Brackets and colons in a title are not markup or emoji codes ("[ms]" stayed hidden and
    ":warning:" became a sign); and a row the table keeps between keystrokes shows each edit."""
    async with open_workbook() as wb:
        table = criteria_table(wb)
        await retitle(wb, "sunlight", "Latency [ms] under load [b]x[/b] :warning:")
        title = table.get_cell("sunlight", "Criterion")
        assert title.plain.startswith("Latency [ms] under load [b]x[/b]")
        assert (
            entry(wb.text(), "criteria", "sunlight")["title"]
            == "Latency [ms] under load [b]x[/b] :warning:"
        )
        assert "Latency [ms] under load" in "\n".join(screen_text(wb.app))
        await wb.pilot.press("f")
        assert table.get_cell("sunlight", "Status").plain.rstrip().endswith("failed")
        await wb.pilot.press("ctrl+z")
        was = entry(wb.original, "criteria", "sunlight").get("status", "pending")
        assert was != "failed"
        assert table.get_cell("sunlight", "Status").plain.rstrip().endswith(f" {was}")
        assert (
            table.get_cell("snr", "Criterion").plain.rstrip("…")
            in entry(wb.original, "criteria", "snr")["title"]
        )


async def test_enter_edits_a_criterion_escape_cancels_ctrl_s_saves(open_workbook) -> None:
    async with open_workbook() as wb:
        await goto(wb, criteria_table(wb), "sunlight")
        # escape: asks first (something was typed), y discards it; nothing written
        await wb.pilot.press("enter", "tab", "tab")
        await type_text(wb, "oops")
        await wb.pilot.press("escape")
        assert isinstance(wb.app.screen, ConfirmModal)
        await wb.pilot.press("y")
        assert not isinstance(wb.app.screen, FormModal)
        assert wb.app.focused.id == "criteria-table"
        assert wb.text() == wb.original
        # ctrl+s: the result is saved, on its own line
        await wb.pilot.press("enter")
        assert isinstance(wb.app.screen, FormModal)
        assert wb.app.focused.id == "field-title"
        await wb.pilot.press("tab", "tab")
        assert wb.app.focused.id == "field-result"
        await paste(wb, "97.2 %")
        await wb.pilot.press("ctrl+s")
        assert not isinstance(wb.app.screen, FormModal)
        after = wb.text()
        assert entry(after, "criteria", "sunlight")["result"] == "97.2 %"
        assert_one_line_changed(
            wb.original,
            after,
            line_of(wb.original, "sunlight", "result"),
            'result = "97.2 %"',
            "criterion sunlight: edited result",
        )
        assert criteria_table(wb).selected_key == "sunlight"


async def test_an_invalid_form_stays_open_and_writes_nothing(open_workbook) -> None:
    async with open_workbook() as wb:
        await wb.pilot.press("enter")
        await replace_text(wb, "")  # the title is required
        await wb.pilot.press("ctrl+s")
        assert isinstance(wb.app.screen, FormModal)
        assert "Title: required" in str(wb.app.screen.query_one("#error-title", Static).render())
        assert wb.app.focused.id == "field-title"
        assert wb.text() == wb.original
        # Fixing it saves.
        await paste(wb, "SNR at 2 m")
        await wb.pilot.press("ctrl+s")
        assert not isinstance(wb.app.screen, FormModal)
        assert entry(wb.text(), "criteria", "snr")["title"] == "SNR at 2 m"


async def test_a_adds_a_pending_criterion_below_the_cursor_with_an_id_from_its_title(
    open_workbook,
) -> None:
    async with open_workbook() as wb:
        table = criteria_table(wb)
        await goto(wb, table, "ros2_driver")
        await wb.pilot.press("a", "tab")
        await type_text(wb, "Nope")
        await wb.pilot.press("escape", "y")  # something was typed: it asks, y discards
        assert wb.text() == wb.original
        await wb.pilot.press("a")
        assert isinstance(wb.app.screen, FormModal)
        assert wb.app.focused.id == "field-id"
        await wb.pilot.press("tab")
        await paste(wb, "Latency under load")
        await wb.pilot.press("ctrl+s")
        after = wb.text()
        assert ids(after, "criteria") == [
            *ACME_CRITERIA[:3],
            "latency_under_load",
            *ACME_CRITERIA[3:],
        ]
        added = entry(after, "criteria", "latency_under_load")
        assert added == {
            "id": "latency_under_load",
            "title": "Latency under load",
            "status": "pending",
            "must_have": False,
        }
        assert log_events(after)[-1] == "criterion latency_under_load: added"
        assert table.selected_key == "latency_under_load"
        # Everything that was there is still there, word for word.
        assert not [line for line in wb.original.splitlines() if line not in after.splitlines()]


async def test_d_asks_first_n_keeps_y_deletes(open_workbook) -> None:
    async with open_workbook() as wb:
        table = criteria_table(wb)
        await goto(wb, table, "power")
        await wb.pilot.press("d")
        assert isinstance(wb.app.screen, ConfirmModal)
        assert "Average power draw" in str(wb.app.screen.query_one("#question", Label).render())
        await wb.pilot.press("n")
        assert not isinstance(wb.app.screen, ConfirmModal)
        assert wb.text() == wb.original
        await wb.pilot.press("d", "y")
        after = wb.text()
        assert ids(after, "criteria") == [c for c in ACME_CRITERIA if c != "power"]
        assert log_events(after)[-1] == "criterion power: deleted"
        assert "power" not in [key.value for key in table.rows]
        assert table.selected_key is not None  # the cursor is still on a row


async def test_shift_k_and_shift_j_reorder_and_the_cursor_follows(open_workbook) -> None:
    async with open_workbook() as wb:
        table = criteria_table(wb)
        await wb.pilot.press("K")  # snr is first already: refused, nothing written
        assert wb.text() == wb.original
        assert any("already first" in n.message for n in wb.app._notifications)
        await goto(wb, table, "sunlight")
        await wb.pilot.press("K")
        order = ACME_CRITERIA.copy()
        order.remove("sunlight")
        order.insert(3, "sunlight")
        assert ids(wb.text(), "criteria") == order
        assert (table.cursor_row, table.selected_key) == (3, "sunlight")
        await wb.pilot.press("J", "J")
        order.remove("sunlight")
        order.insert(5, "sunlight")
        after = wb.text()
        assert ids(after, "criteria") == order
        assert (table.cursor_row, table.selected_key) == (5, "sunlight")
        assert log_events(after)[-3:] == [
            "criterion sunlight: moved up",
            "criterion sunlight: moved down",
            "criterion sunlight: moved down",
        ]
        # A move loses nothing: every line of the file is still there.
        assert sorted(wb.original.splitlines()) == sorted(
            after.splitlines()[: len(wb.original.splitlines())]
        )


# --- stakeholders ----------------------------------------------------------------------------


async def test_stakeholders_c_logs_a_contact_today_and_enter_edits(open_workbook) -> None:
    async with open_workbook() as wb:
        await wb.pilot.press("2")
        table = wb.app.query_one("#technical-table", PilotTable)
        await goto(wb, table, "kofi")
        await wb.pilot.press("c")
        after = wb.text()
        assert_one_line_changed(
            wb.original,
            after,
            line_of(wb.original, "kofi", "last_contact"),
            "last_contact = 2026-11-22",
            "stakeholder kofi: edited last_contact",
        )
        assert str(table.get_row("kofi")[-1]) == "today"  # the last-contact column
        assert table.selected_key == "kofi"
        before = after
        await goto(wb, table, "maria")
        await wb.pilot.press("enter")
        assert isinstance(wb.app.screen, FormModal)
        await wb.pilot.press("tab")
        assert wb.app.focused.id == "field-title"
        await replace_text(wb, "Head of QA")
        await wb.pilot.press("ctrl+s")
        after = wb.text()
        assert entry(after, "stakeholders", "maria")["title"] == "Head of QA"
        assert_one_line_changed(
            before,
            after,
            line_of(before, "maria", "title"),
            'title = "Head of QA"',
            "stakeholder maria: edited title",
        )


async def test_deleting_a_referenced_stakeholder_is_refused(open_workbook) -> None:
    async with open_workbook() as wb:
        await wb.pilot.press("2")
        await goto(wb, wb.app.query_one("#technical-table", PilotTable), "kofi")
        await wb.pilot.press("d")
        await wb.pilot.pause()
        assert not isinstance(wb.app.screen, ConfirmModal)
        messages = [n.message for n in wb.app._notifications]
        assert any(
            "Kofi Mensah" in m and "verifier of criterion depth_accuracy" in m for m in messages
        ), messages
        await wb.pilot.press("y")  # a stray y deletes nothing
        assert wb.text() == wb.original


async def test_stakeholders_a_adds_on_the_focused_track_and_d_deletes_after_asking(
    open_workbook,
) -> None:
    async with open_workbook() as wb:
        await wb.pilot.press("2", "l")  # the commercial track
        assert wb.app.focused.id == "commercial-table"
        await wb.pilot.press("a", "tab")
        assert wb.app.focused.id == "field-name"
        await paste(wb, "Olga Petrova")
        await wb.pilot.press("ctrl+s")
        after = wb.text()
        assert ids(after, "stakeholders")[-1] == "olga"
        added = entry(after, "stakeholders", "olga")
        assert {k: added[k] for k in ("name", "side", "track", "stance", "influence")} == {
            "name": "Olga Petrova",
            "side": "prospect",
            "track": "commercial",
            "stance": "unknown",
            "influence": "medium",
        }
        assert wb.app.query_one("#commercial-table", PilotTable).selected_key == "olga"
        # d on our side: asks, n keeps, y deletes
        await wb.pilot.press("l")
        table = wb.app.query_one("#ours-table", PilotTable)
        assert wb.app.focused is table
        await goto(wb, table, "sam")
        await wb.pilot.press("d")
        assert isinstance(wb.app.screen, ConfirmModal)
        await wb.pilot.press("n")
        assert wb.text() == after
        await wb.pilot.press("d", "y")
        after = wb.text()
        assert "sam" not in ids(after, "stakeholders")
        assert log_events(after)[-1] == "stakeholder sam: deleted"


# --- commercial ------------------------------------------------------------------------------


async def test_space_steps_todo_doing_done_todo_and_e_edits_the_commitment(open_workbook) -> None:
    async with open_workbook() as wb:
        await wb.pilot.press("3")
        table = wb.app.query_one("#checklist-table", PilotTable)
        await goto(wb, table, "quality_audit")
        row = table.cursor_row
        line = line_of(wb.original, "quality_audit", "status")
        before = wb.original
        for old, new in [("todo", "doing"), ("doing", "done"), ("done", "todo")]:
            await wb.pilot.press("space")
            after = wb.text()
            assert_one_line_changed(
                before, after, line, f'status = "{new}"', f"checklist quality_audit: {old} -> {new}"
            )
            assert (table.cursor_row, table.selected_key) == (row, "quality_audit")
            before = after
        # e: the commitment agreed before the pilot
        await wb.pilot.press("e")
        assert isinstance(wb.app.screen, FormModal)
        assert wb.app.focused.id == "field-if_positive"
        await replace_text(wb, "PO in 14 days")
        await wb.pilot.press("ctrl+s")
        after = wb.text()
        assert data(after)["commercial"]["if_positive"] == "PO in 14 days"
        if_positive = next(
            n for n, text in enumerate(before.splitlines()) if text.startswith("if_positive =")
        )
        assert_one_line_changed(
            before,
            after,
            if_positive,
            'if_positive = "PO in 14 days"',
            "commercial: edited if_positive",
        )
        assert "PO in 14 days" in str(wb.app.query_one("#commitment").render())


async def test_commercial_enter_a_d(open_workbook) -> None:
    async with open_workbook() as wb:
        await wb.pilot.press("3")
        table = wb.app.query_one("#checklist-table", PilotTable)
        await goto(wb, table, "legal_review")
        # enter: edit the item's text
        await wb.pilot.press("enter")
        assert wb.app.focused.id == "field-item"
        await replace_text(wb, "Legal review")
        await wb.pilot.press("ctrl+s")
        assert entry(wb.text(), "checklist", "legal_review")["item"] == "Legal review"
        # a: a new item in the selected item's section
        await wb.pilot.press("a", "tab")
        assert wb.app.focused.id == "field-item"
        await paste(wb, "Tax form W-9")
        await wb.pilot.press("ctrl+s")
        added = entry(wb.text(), "checklist", "tax_form_w_9")
        assert (added["item"], added["section"], added["status"]) == (
            "Tax form W-9",
            "paper",
            "todo",
        )
        assert table.selected_key == "tax_form_w_9"
        # d: asks, then deletes
        await wb.pilot.press("d", "y")
        after = wb.text()
        assert "tax_form_w_9" not in ids(after, "checklist")
        assert log_events(after)[-3:] == [
            "checklist item legal_review: edited item",
            "checklist item tax_form_w_9: added",
            "checklist item tax_form_w_9: deleted",
        ]


# --- readiness -------------------------------------------------------------------------------


async def test_readiness_enter_goes_to_the_finding_s_entry(open_workbook) -> None:
    async with open_workbook() as wb:
        await wb.pilot.press("4")
        pane = wb.app.query_one("#readiness")
        table = wb.app.query_one("#findings-table", PilotTable)
        targets = [f.target for f in pane.findings]
        row = next(
            n
            for n, t in enumerate(targets)
            if t is not None and t[0] in ("criteria", "stakeholders", "checklist") and t[1]
        )
        await goto(wb, table, table.coordinate_to_cell_key((row, 0)).row_key.value)
        collection, entry_id = targets[row]
        await wb.pilot.press("enter")
        tab = {
            "criteria": "tab-scorecard",
            "stakeholders": "tab-stakeholders",
            "checklist": "tab-commercial",
        }[collection]
        assert wb.app.query_one(TabbedContent).active == tab
        assert isinstance(wb.app.focused, PilotTable)
        assert wb.app.focused.selected_key == entry_id
        assert wb.text() == wb.original


# --- undo, redo ------------------------------------------------------------------------------


async def test_ctrl_z_undoes_and_ctrl_y_redoes(open_workbook) -> None:
    async with open_workbook() as wb:
        # Nothing to undo or redo yet: both keys are greyed out in the footer and do nothing
        # (they used to answer with a "Nothing to undo" toast).
        active = wb.app.screen.active_bindings
        assert "ctrl+z" not in active and "ctrl+y" not in active  # nothing to undo: hidden
        await wb.pilot.press("ctrl+z", "ctrl+y")
        await wb.pilot.pause()
        assert list(wb.app._notifications) == []
        assert wb.text() == wb.original
        await goto(wb, criteria_table(wb), "sunlight")
        await wb.pilot.press("p")
        assert entry(wb.text(), "criteria", "sunlight")["status"] == "passed"
        assert wb.app.screen.active_bindings["ctrl+z"].enabled
        await wb.pilot.press("ctrl+z")
        assert wb.app.screen.active_bindings["ctrl+y"].enabled
        undone = wb.text()
        assert appended_log(wb.original, undone) == [
            "criterion sunlight: pending -> passed",
            "criterion sunlight: passed -> pending (undo)",
        ]
        assert "pending" in str(criteria_table(wb).get_cell("sunlight", "Status"))
        await wb.pilot.press("ctrl+y")
        redone = wb.text()
        assert entry(redone, "criteria", "sunlight")["status"] == "passed"
        assert log_events(redone)[-1] == "criterion sunlight: pending -> passed (redo)"
        assert status_line(wb).startswith("Saved acme.toml")


async def test_undo_brings_back_a_deleted_criterion_exactly(open_workbook) -> None:
    async with open_workbook() as wb:
        await goto(
            wb, criteria_table(wb), "thermal_drift"
        )  # a comment above it, a key pilotdesk does not know
        await wb.pilot.press("d", "y")
        assert "thermal_drift" not in ids(wb.text(), "criteria")
        await wb.pilot.press("ctrl+z")
        assert appended_log(wb.original, wb.text())[-1] == "criterion thermal_drift: added (undo)"
        await wb.pilot.press("K", "ctrl+z")  # a move, undone
        assert ids(wb.text(), "criteria") == ACME_CRITERIA
        appended_log(wb.original, wb.text())


# --- help, palette, quit ---------------------------------------------------------------------


async def test_question_mark_and_f1_open_the_help_and_escape_closes_it(open_workbook) -> None:
    async with open_workbook() as wb:
        for key in ("question_mark", "f1"):
            await wb.pilot.press(key)
            assert isinstance(wb.app.screen, HelpModal), key
            assert "pilotdesk keys" in "\n".join(screen_text(wb.app))
            listed = "\n".join(str(static.render()) for static in wb.app.screen.query(Static))
            for words in (
                "Passed",
                "Step status",
                "Contacted today",
                "Edit commitment",
                "Undo",
                "Quit",
            ):
                assert words in listed, words
            await wb.pilot.press("escape")
            assert not isinstance(wb.app.screen, HelpModal)
            assert wb.app.focused.id == "criteria-table"
        assert wb.text() == wb.original


async def test_the_command_palette_marks_a_criterion_passed(open_workbook) -> None:
    async with open_workbook() as wb:
        await goto(wb, criteria_table(wb), "power")
        await wb.pilot.press("ctrl+p")
        assert isinstance(wb.app.screen, CommandPalette)
        await type_text(wb, "mark passed")
        for _ in range(50):  # the palette searches in the background
            await wb.pilot.pause(0.02)
            if wb.app.screen.query_one(CommandList).option_count:
                break
        commands = wb.app.screen.query_one(CommandList)
        assert "Criterion: mark passed" in str(
            commands.get_option_at_index(commands.highlighted or 0).prompt
        )
        await wb.pilot.press("enter")
        for _ in range(20):
            await wb.pilot.pause(0.02)
            if wb.text() != wb.original:
                break
        assert not isinstance(wb.app.screen, CommandPalette)
        after = wb.text()
        assert_one_line_changed(
            wb.original,
            after,
            line_of(wb.original, "power", "status"),
            'status = "passed"',
            "criterion power: pending -> passed",
        )


async def test_q_quits(open_workbook) -> None:
    async with open_workbook() as wb:
        assert wb.app.return_code is None
        await wb.pilot.press("q")
        await wb.pilot.pause()
        assert wb.app.return_code == 0  # set by q, not by leaving run_test()
    assert not wb.app.is_running
    assert wb.text() == wb.original


# --- saving ----------------------------------------------------------------------------------


async def test_a_change_made_behind_the_app_s_back_is_not_overwritten(
    open_workbook, monkeypatch
) -> None:
    # The workbook also polls the file (pilotdesk.ui.disk); here the other writer is quicker
    # than the poll, so it is the save itself that must notice.
    monkeypatch.setattr("pilotdesk.ui.disk.POLL_SECONDS", 3600)
    async with open_workbook() as wb:
        await goto(wb, criteria_table(wb), "sunlight")
        theirs = wb.original.replace('result = "48.3 dB"', 'result = "48.5 dB"  # Sam, re-measured')
        wb.path.write_text(theirs, encoding="utf-8")
        await wb.pilot.press("p")
        status = wb.app.query_one("#status")
        assert str(status.render()).startswith("NOT SAVED")
        assert "changed by someone else" in str(status.render())
        assert status.has_class("error")
        assert wb.text() == theirs


async def test_a_failed_write_is_shown_and_leaves_the_file_as_it_was(
    open_workbook, monkeypatch
) -> None:
    def disk_full(path, data, check=None):
        raise OSError(errno.ENOSPC, "No space left on device")

    async with open_workbook() as wb:
        monkeypatch.setattr("pilotdesk.session.store.atomic_write", disk_full)
        await goto(wb, criteria_table(wb), "sunlight")
        await wb.pilot.press("p")
        await wb.pilot.pause()
        status = str(wb.app.query_one("#status").render())
        assert status.startswith("NOT SAVED") and "the disk is full" in status
        assert any(n.title == "Not saved" for n in wb.app._notifications)
        assert wb.text() == wb.original
        # The screen shows the change the file does not have: the status line is the warning.
        assert "passed" in str(criteria_table(wb).get_cell("sunlight", "Status"))


# --- a small terminal ------------------------------------------------------------------------


def columns_fit(table: PilotTable) -> tuple[int, int]:
    """(width the columns need, width the table has)."""
    return sum(
        c.get_render_width(table) for c in table.columns.values()
    ), table.scrollable_content_region.width


async def test_every_pane_fits_an_80x24_terminal(open_workbook) -> None:
    async with open_workbook(size=(80, 24)) as wb:
        lines = screen_text(wb.app)
        # The header never wraps: at 80 columns its figures drop their labels to keep the
        # verdict and the readiness counts (issue 27.8).
        shown = "\n".join(lines)
        assert "not asked yet" in shown and "1 blocker, 2 warnings" in shown
        header = next(line for line in lines if "Criterion" in line and "Target" in line)
        assert "Status" in header and header.rstrip().endswith("Must")
        assert any("✗ failed" in line for line in lines)
        assert any("○ pending" in line for line in lines)
        needed, width = columns_fit(criteria_table(wb))
        assert needed <= width
        for key, pane in (("2", "stakeholders"), ("3", "commercial"), ("4", "readiness")):
            await wb.pilot.press(key)
            await wb.pilot.pause()
            screen_text(wb.app)  # renders without an exception
            for table in wb.app.query_one(f"#{pane}").query(PilotTable):
                needed, width = columns_fit(table)
                assert 0 < needed <= width, (table.id, needed, width)
        # Wider, then narrow again: the columns grow, then shrink back to fit.
        await wb.pilot.press("1")
        table = criteria_table(wb)
        await wb.pilot.resize_terminal(160, 36)
        await wb.pilot.pause()
        wide, _ = columns_fit(table)
        await wb.pilot.resize_terminal(80, 24)
        await wb.pilot.pause()
        needed, width = columns_fit(table)
        assert needed < wide
        assert needed <= width <= 80
        assert wb.text() == wb.original


async def test_a_file_tomlkit_would_rewrite_still_takes_statuses_and_says_why_it_cannot_add(
    tmp_pilot, pinned_clock
) -> None:
    """``[["stakeholders"]]`` is valid, but editing the whole document would write it as
    ``[[stakeholders]]`` (`pilotdesk open` used to go read-only). Status changes touch only
    their entry and are saved; a delete, which needs the whole document, is refused with the
    line to fix, and the file keeps its header as written."""
    from pilotdesk.session.store import PilotStore
    from pilotdesk.ui.app import PilotdeskApp

    path = tmp_pilot("acme")
    original = path.read_text(encoding="utf-8").replace("[[stakeholders]]", '[["stakeholders"]]', 1)
    path.write_text(original, encoding="utf-8")
    app = PilotdeskApp(
        PilotStore.open(path, pinned_clock, prepare=False), clock=pinned_clock, remember_theme=False
    )
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        table = app.query_one("#criteria-table", PilotTable)
        table.move_cursor(row=table.get_row_index("sunlight"))
        await pilot.press("p")
        after_p = path.read_text(encoding="utf-8")
        assert entry(after_p, "criteria", "sunlight")["status"] == "passed"
        assert '[["stakeholders"]]' in after_p
        await pilot.press("d", "y")
        await pilot.pause()
        assert path.read_text(encoding="utf-8") == after_p
        assert "sunlight" in ids(after_p, "criteria")
        messages = [n.message for n in app._notifications]
        # (tomlkit would write every [[stakeholders]] header like the first one: the message
        # names the first line that would change)
        said = [
            m
            for m in messages
            if "pilotdesk cannot edit this file without rewriting this line" in m
        ]
        assert said, messages
        number = int(said[0].split(":")[0].removeprefix("line "))
        assert original.splitlines()[number - 1].startswith("[[")


async def test_the_detail_line_shows_brackets_as_written(open_workbook) -> None:
    """Textual's markup hides "[W]" (a capital after the bracket) even when escaped its way."""
    async with open_workbook() as wb:
        await retitle(wb, "power", "Average power draw [W] at 30 fps [Q3] [b]")
        detail = str(wb.app.query_one("#criterion-detail", Static).render())
        assert "Average power draw [W] at 30 fps [Q3] [b]" in detail

"""Issue 29: a keystroke is painted first and saved right after, with nothing lost.

The save still happens for every key, in the order of the keys, each atomic through the store's
one save path; a failed one still says so and keeps the change for the next save; quitting
straight after a key saves it rather than asking. No timing here (benchmarks/run.py measures).
"""

from __future__ import annotations

import errno
import tomllib
from typing import Any

from test_workbook import criteria_table, goto  # tests/ is on sys.path (no package)
from textual import events

from pilotdesk.session.changes import SetStatus
from pilotdesk.session.store import PilotStore


def _statuses_logged(text: str) -> list[str]:
    return [e["event"] for e in tomllib.loads(text).get("log", []) if "sunlight" in e["event"]]


async def test_a_key_is_painted_before_its_change_is_saved(open_workbook, monkeypatch) -> None:
    async with open_workbook() as wb:
        await goto(wb, criteria_table(wb), "sunlight")
        screen = wb.app.screen
        paints = {"n": 0}
        real_refresh = type(screen)._compositor_refresh

        def counted(self: Any) -> None:
            paints["n"] += 1
            real_refresh(self)

        seen: list[tuple[int, str, bytes]] = []
        real_save = PilotStore.save

        def watched(store: PilotStore) -> None:
            cell = str(criteria_table(wb).get_cell("sunlight", "Status"))
            seen.append((paints["n"], cell, store.path.read_bytes()))
            real_save(store)

        monkeypatch.setattr(type(screen), "_compositor_refresh", counted)
        monkeypatch.setattr(PilotStore, "save", watched)
        real_apply = PilotStore.apply
        applied_at: list[int] = []

        def apply(store: PilotStore, change: Any, **kw: Any) -> Any:
            applied_at.append(paints["n"])
            return real_apply(store, change, **kw)

        monkeypatch.setattr(PilotStore, "apply", apply)
        await wb.pilot.press("p")
        await wb.pilot.pause()
        assert len(seen) == 1 and len(applied_at) == 1
        painted_at_save, cell, on_disk = seen[0]
        # The save ran after a frame was painted with the row already showing the change.
        assert painted_at_save > applied_at[0]
        assert "passed" in cell
        assert on_disk == wb.original.encode("utf-8")
        assert _statuses_logged(wb.text()) == ["criterion sunlight: pending -> passed"]
        assert not wb.app.store.dirty


async def test_keys_pressed_together_are_all_saved_in_their_order(open_workbook) -> None:
    async with open_workbook() as wb:
        await goto(wb, criteria_table(wb), "sunlight")
        await wb.pilot.press("p", "f", "u", "p")
        await wb.pilot.pause()
        assert _statuses_logged(wb.text()) == [
            "criterion sunlight: pending -> passed",
            "criterion sunlight: passed -> failed",
            "criterion sunlight: failed -> pending",
            "criterion sunlight: pending -> passed",
        ]
        assert not wb.app.store.dirty and wb.app.store.unsaved == []
        assert "passed" in str(wb.app.query_one("#status").render())


async def test_undo_is_painted_then_saved_too(open_workbook) -> None:
    async with open_workbook() as wb:
        await goto(wb, criteria_table(wb), "sunlight")
        await wb.pilot.press("p", "ctrl+z")
        await wb.pilot.pause()
        assert tomllib.loads(wb.text())["criteria"][4]["status"] == "pending"
        assert _statuses_logged(wb.text())[-1] == "criterion sunlight: passed -> pending (undo)"
        assert not wb.app.store.dirty


async def test_a_failed_save_after_the_paint_keeps_the_change_and_the_next_key_saves_both(
    open_workbook, monkeypatch
) -> None:
    import pilotdesk.session.store as store_module

    real_write = store_module.atomic_write
    failing = {"on": True}

    def maybe_full(path: Any, data: bytes, check: Any = None) -> None:
        if failing["on"]:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_write(path, data, check=check)

    async with open_workbook() as wb:
        monkeypatch.setattr(store_module, "atomic_write", maybe_full)
        await goto(wb, criteria_table(wb), "sunlight")
        await wb.pilot.press("p")
        await wb.pilot.pause()
        assert str(wb.app.query_one("#status").render()).startswith("NOT SAVED")
        assert wb.app.store.dirty
        assert wb.app.store.unsaved_descriptions == ["criterion sunlight: pending -> passed"]
        assert wb.text() == wb.original
        failing["on"] = False
        await wb.pilot.press("f")
        await wb.pilot.pause()
        assert _statuses_logged(wb.text()) == [
            "criterion sunlight: pending -> passed",
            "criterion sunlight: passed -> failed",
        ]
        assert not wb.app.store.dirty


async def test_quit_straight_after_a_key_saves_it_and_does_not_ask(open_workbook) -> None:
    async with open_workbook() as wb:
        await goto(wb, criteria_table(wb), "sunlight")
        # Both keys queued at once, as a terminal delivers "pq" typed fast (one read).
        wb.app.post_message(events.Key("p", "p"))
        wb.app.post_message(events.Key("q", "q"))
        await wb.pilot.pause()
        await wb.pilot.pause()
        assert _statuses_logged(wb.text()) == ["criterion sunlight: pending -> passed"]
        assert not wb.app.store.dirty
        assert wb.app.return_code is not None  # exited, no question on screen


async def test_the_keys_are_refreshed_only_when_what_can_act_changes(
    open_workbook, monkeypatch
) -> None:
    async with open_workbook() as wb:
        await goto(wb, criteria_table(wb), "sunlight")
        calls: list[str] = []
        real = type(wb.app).refresh_bindings

        def counted(app: Any) -> None:
            calls.append("refresh")
            real(app)

        monkeypatch.setattr(type(wb.app), "refresh_bindings", counted)
        await wb.pilot.press("p")  # undo becomes possible: the footer must say so
        await wb.pilot.pause()
        assert calls == ["refresh"]
        await wb.pilot.press("f")  # the same keys apply: no rebuild of the footer
        await wb.pilot.pause()
        assert calls == ["refresh"]
        await wb.pilot.press("ctrl+z", "ctrl+z")  # undo runs out, redo appears
        await wb.pilot.pause()
        assert len(calls) >= 2


def test_a_change_held_for_later_is_unsaved_until_save_outcome(tmp_pilot, clock) -> None:
    path = tmp_pilot("acme")
    before = path.read_bytes()
    store = PilotStore.open(path, clock, prepare=False)
    first = store.apply(SetStatus("criteria", "sunlight", "passed"), save=False)
    second = store.apply(SetStatus("criteria", "sunlight", "failed"), save=False)
    assert first.pending and not first.saved and second.pending
    assert path.read_bytes() == before and store.dirty
    assert store.unsaved_descriptions == [
        "criterion sunlight: pending -> passed",
        "criterion sunlight: passed -> failed",
    ]
    assert store.save_outcome(first.description).saved
    assert store.save_outcome(second.description).saved  # already written by the first
    assert not store.dirty and store.unsaved == []
    assert tomllib.loads(path.read_text(encoding="utf-8"))["criteria"][4]["status"] == "failed"

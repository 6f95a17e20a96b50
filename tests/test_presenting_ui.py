"""Presenting (issue 24) in the workbook: entering, leaving, and everything else still working."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from _waits import settle  # tests/ is on sys.path (no package)

from pilotdesk.cli.main import _parser
from pilotdesk.config import load_config
from pilotdesk.pilotfile.read import read_file
from pilotdesk.session.changes import SetFields
from pilotdesk.session.store import PilotStore
from pilotdesk.ui.app import PilotdeskApp
from pilotdesk.ui.modals.form import FormModal
from pilotdesk.ui.presenting import LeavePresentingModal

NOW = dt.datetime(2026, 11, 22, 10, 30)


def _app(path: Path, present: bool | None = True) -> PilotdeskApp:
    store = PilotStore.open(path, lambda: NOW, prepare=False)
    return PilotdeskApp(store, clock=lambda: NOW, remember_theme=False, present=present)


def header(app: Any) -> str:
    return str(app.query_one("#header").render())


def status(app: Any) -> str:
    return str(app.query_one("#status").render())


def stance(path: Path, sid: str) -> str:
    pilot = read_file(path)[1].pilot
    person = pilot.stakeholder(sid)
    assert person is not None
    return person.stance


async def test_p_enters_at_once_and_leaving_asks_first_escape_keeps_presenting(
    tmp_pilot: Callable[[str], Path],
) -> None:
    app = _app(tmp_pilot("acme"), present=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "PRESENTING" not in header(app) and "Readiness:" in header(app)
        await pilot.press("P")
        await pilot.pause()
        assert app.presenting and "PRESENTING" in header(app)
        assert "Readiness:" not in header(app)
        await pilot.press("P")
        await settle(pilot, lambda: isinstance(app.screen, LeavePresentingModal))
        await pilot.press("escape")
        await pilot.pause()
        assert app.presenting and not isinstance(app.screen, LeavePresentingModal)
        await pilot.press("P")
        await settle(pilot, lambda: isinstance(app.screen, LeavePresentingModal))
        await pilot.press("y")
        await pilot.pause()
        assert not app.presenting and "Readiness:" in header(app)


async def test_a_pane_the_room_may_not_see_says_so_and_its_keys_do_nothing(
    tmp_pilot: Callable[[str], Path],
) -> None:
    path = tmp_pilot("acme")
    app = _app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("5")
        await pilot.pause()
        gaps = app.pane("gaps")
        assert gaps.hidden and "hidden while presenting" in str(
            gaps.query_one("#hidden-line").render()
        )
        tab = app.query_one("#panes").get_tab("tab-gaps")
        assert "hidden while presenting" in str(tab.label)
        await pilot.press("a", "d", "space")
        await pilot.pause()
        assert not isinstance(app.screen, FormModal)
        assert path.read_text(encoding="utf-8") == tmp_pilot("acme").read_text(encoding="utf-8")


async def test_the_stakeholder_form_leaves_out_stance_and_influence_and_keeps_them(
    tmp_pilot: Callable[[str], Path],
) -> None:
    path = tmp_pilot("acme")
    app = _app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        app.pane("stakeholders").select("greta")
        await pilot.press("enter")
        await settle(pilot, lambda: isinstance(app.screen, FormModal))
        form = app.screen
        keys = {f.key for f in form.fields}
        assert {"name", "title", "role"} <= keys
        assert not keys & {"stance", "influence", "last_contact"}
        assert not form.query("#field-stance")
        note = str(form.query_one("#form-hidden").render())
        assert "stance" in note and "not editable" in note
        title = form.query_one("#field-title")
        title.value = "Supplier Quality Lead"
        await pilot.press("ctrl+s")
        await pilot.pause()
    pilot_after = read_file(path)[1].pilot
    greta = pilot_after.stakeholder("greta")
    assert greta is not None and greta.title == "Supplier Quality Lead"
    assert greta.stance == "skeptic"  # untouched: the form never had it


async def test_p_f_u_undo_and_saves_work_while_presenting_and_a_private_undo_is_not_named(
    tmp_pilot: Callable[[str], Path],
) -> None:
    path = tmp_pilot("acme")
    app = _app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        # A change made before presenting, to the SE's read of someone.
        app.apply_change(SetFields("stakeholders", "greta", {"stance": "blocker"}))
        await pilot.pause()
        assert stance(path, "greta") == "blocker"
        await pilot.press("1", "j", "j", "j", "p")
        await pilot.pause()
        assert read_file(path)[1].pilot.criteria[3].status == "passed"
        assert "thermal_drift" in status(app)  # a change the room sees is named
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert read_file(path)[1].pilot.criteria[3].status == "failed"
        await pilot.press("ctrl+z")  # the stance change
        await pilot.pause()
        assert stance(path, "greta") == "skeptic"
        assert "stance" not in status(app) and "hidden while presenting" in status(app)
        assert "Saved acme.toml" in status(app)


async def test_the_review_while_presenting_records_the_verdict_without_a_gap_question(
    tmp_pilot: Callable[[str], Path],
) -> None:
    from pilotdesk.ui.review.steps import DetailsStep, EmailPreview, QuestionStep

    path = tmp_pilot("acme")
    app = _app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("w")
        await pilot.pause()
        for _ in range(1 + len(app.store.pilot.criteria)):
            await pilot.press("enter")
            await pilot.pause()
        await settle(pilot, lambda: isinstance(app.screen, QuestionStep))
        await pilot.press("4")
        await settle(pilot, lambda: isinstance(app.screen, DetailsStep))
        assert not app.screen.query("#gap-severity")  # a gap is not the room's
        await pilot.press(*"budget moved to 2028", "enter")
        await settle(pilot, lambda: isinstance(app.screen, EmailPreview))
        assert app.presenting
    win = read_file(path)[1].pilot.technical_win
    assert win is not None and win.verdict == "no" and win.reason == "budget moved to 2028"


def test_present_true_in_config_toml_is_the_default(config_home: Path) -> None:
    (config_home / "pilotdesk").mkdir(parents=True)
    (config_home / "pilotdesk" / "config.toml").write_text("present = true\n", encoding="utf-8")
    assert load_config().present
    (config_home / "pilotdesk" / "config.toml").write_text('present = "yes"\n', encoding="utf-8")
    settings = load_config()
    assert not settings.present and settings.warning and '"present"' in settings.warning


@pytest.mark.parametrize(
    ("argv", "present"), [([], None), (["--present"], True), (["--no-present"], False)]
)
def test_open_present_is_passed_to_the_workbook(
    monkeypatch: pytest.MonkeyPatch, tmp_pilot: Callable[[str], Path], argv: list[str], present: Any
) -> None:
    import pilotdesk.ui.launch as app_module

    seen: dict[str, Any] = {}
    monkeypatch.setattr(app_module, "run", lambda store, **options: seen.update(options) or 0)
    args = _parser().parse_args(["open", str(tmp_pilot("acme")), *argv])
    assert args.run(args) == 0
    assert seen["present"] is present


async def test_the_question_about_another_writers_change_does_not_name_yours_while_presenting(
    tmp_pilot: Callable[[str], Path],
) -> None:
    from pilotdesk.ui.modals.conflict import ConflictModal

    app = _app(tmp_pilot("acme"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.push_screen(ConflictModal("acme.toml", ["stakeholder greta: edited stance"]))
        await settle(pilot, lambda: isinstance(app.screen, ConflictModal))
        await pilot.pause()
        text = "\n".join(strip.text for strip in app.screen._compositor.render_strips())
        assert "stance" not in text, text
        assert "1 (not listed while presenting)" in text, text


async def test_the_palette_offers_no_command_of_a_hidden_pane_never_visited(
    tmp_pilot: Callable[[str], Path],
) -> None:
    from pilotdesk.ui.commands import palette_commands

    app = _app(tmp_pilot("acme"), present=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        titles = {c.title for c in palette_commands(app)}
        assert "Gap: add" in titles
        await pilot.press("P")
        await pilot.pause()
        titles = {c.title for c in palette_commands(app)}
        assert not {t for t in titles if t.startswith(("Gap:", "Readiness:"))}
        assert "Criterion: mark passed" in titles


@pytest.mark.parametrize("present", [True, False])
async def test_a_toast_that_names_what_the_room_may_not_see_says_only_that(
    tmp_pilot: Callable[[str], Path], present: bool
) -> None:
    app = _app(tmp_pilot("acme"), present=present)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.notify("gaps[0].criterion: 'x' names no criterion", title="Not changed")
        app.notify("criterion x: there is already one", title="Not changed")
        await pilot.pause()
        messages = [n.message for n in app._notifications]
    assert ("criterion x: there is already one" in messages) is True
    assert ("gaps[0].criterion: 'x' names no criterion" in messages) is not present
    assert ("A message about what is hidden while presenting." in messages) is present

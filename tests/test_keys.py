"""Keys as data: ids on every binding, the help and palette generated from them, check_action
deciding what applies, and the user's ``[keys]`` table in config.toml remapping by id."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path
from typing import Any

import pytest
from test_workbook import criteria_table, entry, goto, ids  # tests/ is on sys.path (no package)
from textual.widgets import Static, Tab
from textual.widgets._footer import FooterKey

from pilotdesk.config import Config
from pilotdesk.pilotfile.template import new_pilot_text
from pilotdesk.session.changes import SetTechnicalWin
from pilotdesk.session.store import PilotStore
from pilotdesk.ui.app import PilotdeskApp
from pilotdesk.ui.commands import EXPORT_COMMANDS, palette_commands
from pilotdesk.ui.keymap import DIALOGS, contexts, help_sections
from pilotdesk.ui.keys import PilotBinding, bindings_of, check_keymap, known_ids, valid_key
from pilotdesk.ui.modals.form import FormModal
from pilotdesk.ui.modals.help import HelpModal
from pilotdesk.ui.panes.registry import PANES
from pilotdesk.ui.widgets.table import PilotTable


def write_keys(config_home: Path, text: str) -> None:
    config_home.joinpath("pilotdesk").mkdir(parents=True, exist_ok=True)
    config_home.joinpath("pilotdesk", "config.toml").write_text(text, encoding="utf-8")


def notes(wb: Any) -> list[str]:
    return [n.message for n in wb.app._notifications]


def footer(wb: Any) -> dict[str, str]:
    """What the footer shows: key as displayed -> description (enabled keys only)."""
    return {
        key.key_display: key.description
        for key in wb.app.screen.query(FooterKey)
        if not key.has_class("-disabled")
    }


async def help_text(wb: Any) -> str:
    await wb.pilot.press("question_mark")
    assert isinstance(wb.app.screen, HelpModal)
    return "\n".join(str(static.render()) for static in wb.app.screen.query(Static))


def help_line(text: str, binding_id: str) -> str:
    return next(line for line in text.splitlines() if line.rstrip().endswith(f" {binding_id}"))


# --- the acceptance: "scorecard.pass" = "x" ------------------------------------------------------


async def test_scorecard_pass_remapped_to_x_marks_passed_and_p_no_longer_does(
    open_workbook, config_home: Path
) -> None:
    write_keys(config_home, '[keys]\n"scorecard.pass" = "x"\n')
    async with open_workbook() as wb:
        assert notes(wb) == []  # a good keymap says nothing
        await goto(wb, criteria_table(wb), "sunlight")
        await wb.pilot.press("p")
        await wb.pilot.pause()
        assert wb.text() == wb.original
        await wb.pilot.press("x")
        assert entry(wb.text(), "criteria", "sunlight")["status"] == "passed"
        shown = footer(wb)
        assert shown.get("x") == "Passed" and "p" not in shown
        line = help_line(await help_text(wb), "scorecard.pass")
        assert line.split()[:2] == ["x", "Passed"]


async def test_a_remap_written_as_a_dotted_toml_key_applies_too(
    open_workbook, config_home: Path
) -> None:
    write_keys(config_home, '[keys]\napp.help = "f2"\napp.pane.scorecard = "!"\n')
    async with open_workbook() as wb:
        assert notes(wb) == []
        tabs = [str(tab.label) for tab in wb.app.query(Tab)]
        assert tabs[0] == "! Scorecard" and tabs[1] == "2 Stakeholders"
        await wb.pilot.press("f2")
        assert isinstance(wb.app.screen, HelpModal)
        titles = [str(label.render()) for label in wb.app.screen.query(".help-section")]
        assert "Scorecard (!)" in titles and "Stakeholders (2)" in titles


# --- one message for what cannot apply ----------------------------------------------------------


async def test_a_remap_onto_a_key_taken_in_the_same_pane_is_refused_in_one_message(
    open_workbook, config_home: Path
) -> None:
    write_keys(config_home, '[keys]\n"scorecard.pass" = "f"\n"app.quit" = "Q"\n')
    async with open_workbook() as wb:
        [message] = notes(wb)
        assert "1 entry ignored" in message
        assert '"scorecard.pass" = "f"' in message and "scorecard.fail" in message
        assert "the Scorecard pane" in message
        await goto(wb, criteria_table(wb), "sunlight")
        await wb.pilot.press("p")  # the refused entry left p as it was
        assert entry(wb.text(), "criteria", "sunlight")["status"] == "passed"
        await wb.pilot.press("f")
        assert entry(wb.text(), "criteria", "sunlight")["status"] == "failed"
        assert footer(wb).get("Q") == "Quit"  # the good entry applies


async def test_unknown_ids_and_bad_key_names_are_reported_together_and_the_rest_apply(
    open_workbook, config_home: Path
) -> None:
    write_keys(
        config_home,
        '[keys]\n"scorecard.pas" = "x"\n"scorecard.fail" = "ctrl+"\n'
        '"list.add" = 3\n"scorecard.pending" = "o"\n',
    )
    async with open_workbook() as wb:
        [message] = notes(wb)  # one notification for all three problems
        assert "3 entries ignored" in message
        assert '"scorecard.pas": no binding has this id (did you mean scorecard.pass?)' in message
        assert '"scorecard.fail"' in message and "not a key name" in message
        assert '"list.add" = 3' in message
        await goto(wb, criteria_table(wb), "power")
        await wb.pilot.press("o")
        assert entry(wb.text(), "criteria", "power")["status"] == "pending"
        await wb.pilot.press("f")
        assert entry(wb.text(), "criteria", "power")["status"] == "failed"


def test_a_swap_of_two_keys_is_not_a_conflict() -> None:
    accepted, problems = check_keymap(
        {"scorecard.pass": "f", "scorecard.fail": "p"}, contexts(PilotdeskApp)
    )
    assert problems == []
    assert accepted == {"scorecard.pass": "f", "scorecard.fail": "p"}


def test_the_readme_s_example_of_several_keys_for_one_binding_applies() -> None:
    accepted, problems = check_keymap({"app.undo": "ctrl+u, f9"}, contexts(PilotdeskApp))
    assert (accepted, problems) == ({"app.undo": "ctrl+u,f9"}, [])


def test_two_remaps_onto_one_key_are_both_refused() -> None:
    accepted, problems = check_keymap(
        {"scorecard.pass": "z", "list.add": "z", "app.quit": "Q"}, contexts(PilotdeskApp)
    )
    assert accepted == {"app.quit": "Q"}
    assert len(problems) == 1 and "scorecard.pass" in problems[0] and "list.add" in problems[0]


def test_a_remap_onto_textual_s_own_keys_is_refused() -> None:
    accepted, problems = check_keymap({"app.help": "ctrl+p"}, contexts(PilotdeskApp))
    assert accepted == {}
    assert "command_palette" in problems[0]


def test_a_remap_onto_a_key_a_form_field_uses_is_refused() -> None:
    accepted, problems = check_keymap({"form.save": "ctrl+a"}, contexts(PilotdeskApp))
    assert accepted == {}
    assert problems == [
        '"form.save" = "ctrl+a": ctrl+a would be both form.save and Textual\'s home in a form.'
    ]


@pytest.mark.parametrize("key", ["x", "X", "ctrl+k", "f5", "space", "question_mark", "shift+up"])
def test_key_names_a_terminal_sends_are_valid(key: str) -> None:
    assert valid_key(key)


@pytest.mark.parametrize("key", ["", "ctrl+", "cntrl+k", "ctrl+ctrl+k", "escap", "F5", "two words"])
def test_key_names_no_terminal_sends_are_invalid(key: str) -> None:
    assert not valid_key(key)


def test_control_characters_in_a_keymap_are_shown_escaped_never_raw() -> None:
    _, problems = check_keymap({"app.\x1b[2J": "x", "app.quit": "\x07"}, contexts(PilotdeskApp))
    assert len(problems) == 2
    assert not any(ch in "".join(problems) for ch in "\x1b\x07")
    assert "\\u001b" in problems[0] and "\\u0007" in problems[1]


def test_a_keys_value_that_is_not_a_table_is_reported() -> None:
    keys, problems = Config(values=tomllib.loads('keys = "x"')).keys()
    assert keys == {} and "should be a table" in problems[0]


# --- every binding has an id; help and palette come from the bindings ---------------------------


def test_every_binding_pilotdesk_declares_has_an_id_and_the_defaults_never_clash() -> None:
    owners = [PilotdeskApp, PilotTable, *(spec.cls for spec in PANES)]
    owners += [owner for _, group in DIALOGS for owner in group]
    ours = {o for owner in owners for o in owner.__mro__ if o.__module__.startswith("pilotdesk")}
    bindings = [b for owner in ours for b in bindings_of(owner)]
    assert len(bindings) > 50 and all(b.id for b in bindings), [b for b in bindings if not b.id]
    assert check_keymap({}, contexts(PilotdeskApp)) == ({}, [])


async def test_the_help_lists_every_binding_with_its_key_and_id(open_workbook) -> None:
    async with open_workbook() as wb:
        text = await help_text(wb)
        for binding_id in known_ids(contexts(PilotdeskApp)):
            assert f" {binding_id}" in text, binding_id
        assert help_line(text, "scorecard.move_up").split()[:3] == ["K", "or", "shift+↑"]
        assert help_line(text, "app.help").split()[:3] == ["?", "or", "f1"]
        listed = [b for _, bindings in help_sections(wb.app) for b in bindings]
        assert {b.id for b in listed} == known_ids(contexts(PilotdeskApp))


async def test_the_palette_lists_one_command_per_binding_with_its_current_key(
    open_workbook, config_home: Path
) -> None:
    write_keys(config_home, '[keys]\n"scorecard.pass" = "x"\n')
    async with open_workbook() as wb:
        commands = {c.title: c.help for c in palette_commands(wb.app)}
        expected = [
            b.command
            for owner in (PilotdeskApp, *(type(p) for p in wb.app.query("Pane")))
            for b in bindings_of(owner)
            if isinstance(b, PilotBinding) and b.command
        ]
        assert len(expected) >= 28
        palette_only = ["Agreement: record sign-off", "Pilot: close out", "Theme: switch"]
        palette_only += [title for title, _, _ in EXPORT_COMMANDS]
        # Undo, redo and the email have nothing to act on yet: hidden, in the palette too.
        hidden = ["Edit: undo", "Edit: redo", "Email: copy"]
        assert sorted(commands) == sorted(
            [c for c in [*expected, *palette_only] if c not in hidden]
        )
        assert commands["Criterion: mark passed"] == "Selected criterion passed (x)"
        assert commands["Help: keys"].endswith("(? or f1)")


async def test_under_a_dialog_the_palette_offers_only_what_cannot_change_the_pilot(
    open_workbook,
) -> None:
    async with open_workbook() as wb:
        await wb.pilot.press("a")  # the form for a new criterion
        assert isinstance(wb.app.screen, FormModal)
        titles = {c.title for c in palette_commands(wb.app)}
        assert titles == {"Help: keys", "App: quit", "Theme: switch"}


# --- check_action: what applies where -----------------------------------------------------------


async def test_p_is_not_in_the_footer_on_the_stakeholders_pane(open_workbook) -> None:
    async with open_workbook() as wb:
        assert footer(wb).get("p") == "Passed"
        await wb.pilot.press("2")
        await wb.pilot.pause()
        shown = footer(wb)
        assert "p" not in shown and shown.get("c") == "Contacted today"
        assert "p" not in wb.app.screen.active_bindings


async def test_without_criteria_w_and_the_criterion_keys_are_greyed_out_and_add_is_not(
    tmp_path: Path, pinned_clock
) -> None:
    path = tmp_path / "new.toml"
    start = pinned_clock().date()
    path.write_text(new_pilot_text("Acme", "Lumen", start, start), encoding="utf-8")
    app = PilotdeskApp(
        PilotStore.open(path, pinned_clock), clock=pinned_clock, remember_theme=False
    )
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        active = app.screen.active_bindings
        assert not active["w"].enabled and "y" not in active  # greyed; hidden
        assert not active["p"].enabled and not active["enter"].enabled
        assert active["a"].enabled and active["q"].enabled
        await pilot.press("w", "p")  # greyed out: nothing opens, nothing is said
        await pilot.pause()
        assert len(app.screen_stack) == 1 and list(app._notifications) == []


async def test_y_is_enabled_once_a_verdict_is_recorded(open_workbook) -> None:
    async with open_workbook("northwind") as wb:
        active = wb.app.screen.active_bindings
        assert active["w"].enabled and "y" not in active
        asked = dt.datetime(2026, 11, 20, 15, 2)
        no = SetTechnicalWin({"verdict": "no", "asked_on": asked, "attendees": ["priya"]})
        assert wb.app.apply_change(no) is not None
        await wb.pilot.pause()
        assert wb.app.screen.active_bindings["y"].enabled


async def test_hints_in_dialogs_name_the_remapped_keys(open_workbook, config_home: Path) -> None:
    write_keys(config_home, '[keys]\n"app.undo" = "ctrl+u"\n"confirm.yes" = "x"\n')
    async with open_workbook() as wb:
        await goto(wb, criteria_table(wb), "sunlight")
        await wb.pilot.press("d")
        shown = "\n".join(str(label.render()) for label in wb.app.screen.query("Label, Button"))
        assert "ctrl+u brings it back." in shown and "Delete (x)" in shown
        assert "ctrl+z" not in shown and "(y)" not in shown
        await wb.pilot.press("x")
        assert "sunlight" not in ids(wb.text(), "criteria")


async def test_footer_labels_are_not_cut_at_120_columns(open_workbook) -> None:
    """Issue 14, point 14: at 120 columns the footer ended "? ▏^p palette", Help and Quit cut.
    Keys with nothing to act on (undo, redo, the email before a verdict) are hidden now."""
    import html
    import re

    async with open_workbook("acme", size=(120, 36)) as wb:
        svg = html.unescape(wb.app.export_screenshot())
        text = re.sub(r"<[^>]+>", "", svg).replace("\xa0", " ")
        for label in ("Passed", "Technical Win", "Help", "Quit", "palette"):
            assert label in text, label
        await wb.pilot.press("j", "j", "j", "j", "p")  # a change: undo appears
        svg = html.unescape(wb.app.export_screenshot())
        text = re.sub(r"<[^>]+>", "", svg).replace("\xa0", " ")
        for label in ("Undo", "Help", "Quit"):
            assert label in text, label


async def test_a_binding_to_a_key_no_keyboard_has_is_reported_and_the_default_kept(
    open_workbook, config_home: Path
) -> None:
    """Issue 27.7: Textual reads "banana" as the character U+1F34C, so the entry was taken
    silently: j and Down stopped working and the help showed a mangled key."""
    write_keys(config_home, '[keys]\n"list.down" = "ctrl+shift+alt+banana"\n')
    async with open_workbook() as wb:
        [message] = notes(wb)
        assert '"list.down" = "ctrl+shift+alt+banana"' in message and "not a key name" in message
        table = criteria_table(wb)
        start = table.cursor_row
        await wb.pilot.press("j", "down")
        assert table.cursor_row == start + 2


@pytest.mark.parametrize("key", ["banana", "ctrl+banana", "latin_small_letter_e_with_acute"])
def test_unicode_character_names_are_not_key_names(key: str) -> None:
    assert not valid_key(key)


def test_board_keys_are_known_ids_in_the_workbook_s_keymap() -> None:
    """[keys] is one table: the workbook does not call the board's ids unknown."""
    accepted, problems = check_keymap(
        {"board.sort": "o", "board.back": "backspace"}, contexts(PilotdeskApp)
    )
    assert problems == [] and accepted == {"board.sort": "o", "board.back": "backspace"}

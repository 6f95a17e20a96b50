"""Tests for the shipped theme files and pilotdesk.ui.themes."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.color import Color
from textual.theme import BUILTIN_THEMES, Theme
from textual.widgets import DataTable, Footer, Input

from pilotdesk import resources
from pilotdesk.ui.themes import (
    DEFAULT_THEME,
    FALLBACK_THEME,
    load_themes,
    resolve_theme_name,
    theme_alias,
    theme_names_by_alias,
)

SHIPPED = {
    "pilotdesk-dark": True,  # name -> dark flag
    "pilotdesk-light": False,
    "pilotdesk-high-contrast": False,
}
THEMES_DIR = resources.data_dir("themes")


# --- WCAG 2.x contrast ---------------------------------------------------------


def relative_luminance(colour: str) -> float:
    """WCAG relative luminance of an opaque colour."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    parsed = Color.parse(colour)
    return 0.2126 * linear(parsed.r) + 0.7152 * linear(parsed.g) + 0.0722 * linear(parsed.b)


def contrast_ratio(a: str, b: str) -> float:
    lighter, darker = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_contrast_ratio_matches_wcag_reference_values() -> None:
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#777777") == pytest.approx(1.0)
    # #767676 on white is the well-known "just passes 4.5:1" grey.
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


# --- helpers -------------------------------------------------------------------


def shipped_theme(name: str) -> Theme:
    themes, _ = load_themes()
    return next(theme for theme in themes if theme.name == name)


@pytest.fixture
def themes_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped themes folder."""
    folder = tmp_path / "themes"
    shutil.copytree(THEMES_DIR, folder)
    return folder


def assert_one_message_and_shipped_themes_survive(folder: Path, filename: str) -> str:
    themes, messages = load_themes(folder)
    assert len(messages) == 1, messages
    assert filename in messages[0]
    assert sorted(theme.name for theme in themes) == sorted(SHIPPED)
    return messages[0]


# --- shipped themes ------------------------------------------------------------


def test_data_dir_finds_the_shipped_themes_folder() -> None:
    assert (THEMES_DIR / "dark.toml").is_file()


def test_data_dir_names_the_missing_folder() -> None:
    with pytest.raises(FileNotFoundError, match="no-such-folder"):
        resources.data_dir("no-such-folder")


def test_every_shipped_theme_loads_without_messages() -> None:
    themes, messages = load_themes()
    assert messages == []
    assert {theme.name: theme.dark for theme in themes} == SHIPPED
    assert all(isinstance(theme, Theme) for theme in themes)


def test_default_theme_is_shipped() -> None:
    themes, _ = load_themes()
    assert DEFAULT_THEME in {theme.name for theme in themes}


@pytest.mark.parametrize("path", sorted(THEMES_DIR.glob("*.toml")), ids=lambda p: p.name)
def test_shipped_file_stem_is_the_theme_alias(path: Path) -> None:
    # `--theme <file stem>` works because each shipped file is named after its alias.
    name = tomllib.loads(path.read_text(encoding="utf-8"))["name"]
    assert theme_alias(name) == path.stem


class ThemedApp(App[None]):
    def compose(self) -> ComposeResult:
        table: DataTable[str] = DataTable()
        table.add_columns("Criterion", "Status")
        table.add_row("SSO works", "pass")
        yield table
        yield Input("notes")
        yield Footer()


async def test_shipped_themes_apply_in_a_running_textual_app() -> None:
    themes, _ = load_themes()
    app = ThemedApp()
    for theme in themes:
        app.register_theme(theme)
    async with app.run_test() as pilot:
        for theme in themes:
            app.theme = theme.name
            await pilot.pause()
            assert app.theme == theme.name
            variables = app.get_css_variables()
            assert Color.parse(variables["background"]) == Color.parse(theme.background)
            expected_cursor = theme.variables.get("block-cursor-background", theme.primary)
            assert Color.parse(variables["block-cursor-background"]) == Color.parse(expected_cursor)


# --- broken theme files --------------------------------------------------------


def test_invalid_toml_is_skipped_with_file_and_line(themes_copy: Path) -> None:
    (themes_copy / "broken.toml").write_text('name = "broken"\ndark = true\nprimary = = "#fff"\n')
    message = assert_one_message_and_shipped_themes_survive(themes_copy, "broken.toml")
    assert "line 3" in message


def test_bad_colour_is_skipped_naming_the_file_and_key(themes_copy: Path) -> None:
    text = (themes_copy / "dark.toml").read_text()
    text = text.replace('"pilotdesk-dark"', '"my-theme"').replace('"#5b9cf5"', '"bluish"', 1)
    (themes_copy / "mine.toml").write_text(text)
    message = assert_one_message_and_shipped_themes_survive(themes_copy, "mine.toml")
    assert "primary" in message and "bluish" in message


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda t: t.replace('error = "#f27474"', ""), "missing colour 'error'"),
        (lambda t: t.replace("dark = true", 'dark = "yes"'), '"dark" must be true or false'),
        (lambda t: t.replace('success = "#5fc98a"', "success = 42"), "got int"),
        (lambda t: t.replace('name = "my-theme"', "name = 7"), '"name" must be'),
        (lambda t: t.replace("foreground =", "forground ="), "'forground'"),
        (lambda t: t.replace('"#5b9cf5 40%"', '"blue-ish 40%"'), "input-selection-background"),
        (lambda t: t.replace("[variables]", "variables = 3\n[x]"), "[variables] must be a table"),
        (lambda t: t.replace('style = "bold"', 'style = "shiny"'), "not a text style"),
    ],
    ids=[
        "missing",
        "dark-not-bool",
        "colour-not-string",
        "name-not-string",
        "unknown-key",
        "bad-variable",
        "variables-not-table",
        "bad-text-style",
    ],
)
def test_invalid_theme_values_give_one_message(themes_copy: Path, change, expected: str) -> None:
    text = (themes_copy / "dark.toml").read_text().replace('"pilotdesk-dark"', '"my-theme"')
    changed = change(text)
    assert changed != text  # guard: the edit really happened
    (themes_copy / "mine.toml").write_text(changed)
    message = assert_one_message_and_shipped_themes_survive(themes_copy, "mine.toml")
    assert expected in message


def test_duplicate_theme_name_is_reported_once(themes_copy: Path) -> None:
    shutil.copy(themes_copy / "light.toml", themes_copy / "light-copy.toml")
    themes, messages = load_themes(themes_copy)
    assert len(messages) == 1 and "pilotdesk-light" in messages[0]
    assert sorted(theme.name for theme in themes) == sorted(SHIPPED)


def test_missing_theme_folder_is_a_message_not_an_exception(tmp_path: Path) -> None:
    themes, messages = load_themes(tmp_path / "nowhere")
    assert themes == []
    assert len(messages) == 1 and "nowhere" in messages[0]


# --- choosing a theme ----------------------------------------------------------


@pytest.mark.parametrize(
    ("requested", "expected"),
    [
        ("dark", "pilotdesk-dark"),
        ("light", "pilotdesk-light"),
        ("high-contrast", "pilotdesk-high-contrast"),
        ("pilotdesk-light", "pilotdesk-light"),
        ("  High-Contrast ", "pilotdesk-high-contrast"),
    ],
)
def test_aliases_and_full_names_resolve(requested: str, expected: str) -> None:
    themes, _ = load_themes()
    assert resolve_theme_name(requested, themes) == (expected, None)


def test_alias_table_covers_stems_and_full_names() -> None:
    themes, _ = load_themes()
    names = theme_names_by_alias(themes)
    for full_name in SHIPPED:
        assert names[full_name] == full_name
        assert names[theme_alias(full_name)] == full_name


@pytest.mark.parametrize("requested", [None, "", "   "])
def test_no_request_means_default_without_warning(requested: str | None) -> None:
    themes, _ = load_themes()
    assert resolve_theme_name(requested, themes) == (DEFAULT_THEME, None)


def test_unknown_theme_falls_back_to_default_with_warning() -> None:
    themes, _ = load_themes()
    name, warning = resolve_theme_name("solarised", themes)
    assert name == DEFAULT_THEME
    assert warning is not None
    assert "solarised" in warning and "high-contrast" in warning


def test_fallback_when_default_theme_did_not_load() -> None:
    themes = [t for t in load_themes()[0] if t.name != DEFAULT_THEME]
    name, warning = resolve_theme_name("nope", themes)
    assert name == FALLBACK_THEME and FALLBACK_THEME in BUILTIN_THEMES
    assert warning is not None
    assert resolve_theme_name("light", themes) == ("pilotdesk-light", None)


# --- readability ---------------------------------------------------------------

STATUS = ("success", "error", "warning")


def test_high_contrast_is_light_with_near_black_text() -> None:
    theme = shipped_theme("pilotdesk-high-contrast")
    assert theme.dark is False
    assert relative_luminance(theme.background) >= 0.9  # white or nearly so
    assert relative_luminance(theme.foreground) <= 0.01  # black or nearly so
    assert contrast_ratio(theme.foreground, theme.background) >= 7


@pytest.mark.parametrize("status", STATUS)
@pytest.mark.parametrize("base", ["background", "surface", "panel"])
def test_high_contrast_status_colours_are_readable(status: str, base: str) -> None:
    # Status text appears on every kind of region, not only the screen background.
    theme = shipped_theme("pilotdesk-high-contrast")
    assert contrast_ratio(getattr(theme, status), getattr(theme, base)) >= 4.5


def test_high_contrast_cursor_is_very_visible() -> None:
    theme = shipped_theme("pilotdesk-high-contrast")
    cursor_bg = theme.variables["block-cursor-background"]
    cursor_fg = theme.variables["block-cursor-foreground"]
    assert contrast_ratio(cursor_fg, cursor_bg) >= 7  # text on the cursor row
    assert contrast_ratio(cursor_bg, theme.surface) >= 7  # the row against the table


@pytest.mark.parametrize("name", ["pilotdesk-dark", "pilotdesk-light"])
def test_everyday_themes_are_readable_too(name: str) -> None:
    theme = shipped_theme(name)
    assert contrast_ratio(theme.foreground, theme.background) >= 7
    for status in STATUS:
        assert contrast_ratio(getattr(theme, status), theme.background) >= 4.5, status

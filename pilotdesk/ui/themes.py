"""Load pilotdesk's colour themes from TOML files into Textual ``Theme`` objects.

Each ``*.toml`` file in the themes folder describes one theme (see
``themes/dark.toml`` for a commented example). Users may edit or add theme
files, so loading is forgiving: a broken file is skipped and described in one
message naming the file, and the remaining themes still load.

A theme can be asked for by its full name ("pilotdesk-high-contrast") or by its
short alias, the name without the "pilotdesk-" prefix ("high-contrast"), which
is also the file stem of every shipped theme.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from textual.color import Color, ColorParseError
from textual.css.constants import VALID_STYLE_FLAGS
from textual.theme import Theme

from pilotdesk import config, resources

DEFAULT_THEME = "pilotdesk-dark"
# Used only if the default theme file itself is missing or broken, so the app
# still starts with a sensible look.
FALLBACK_THEME = "textual-dark"
ALIAS_PREFIX = "pilotdesk-"

REQUIRED_COLOURS = (
    "primary", "secondary", "accent", "foreground", "background",
    "surface", "panel", "warning", "error", "success",
)  # fmt: skip
OPTIONAL_COLOURS = ("boost",)
OPTIONAL_NUMBERS = ("luminosity_spread", "text_alpha")  # Theme fields between 0 and 1
KNOWN_KEYS = {"name", "dark", "variables", *REQUIRED_COLOURS, *OPTIONAL_COLOURS, *OPTIONAL_NUMBERS}

# Theme variables are pasted into Textual's CSS, where a bad value stops the app
# starting, so check them here. Colour variables hold a colour or "auto",
# optionally with an alpha percentage ("#81a1c1 35%", "auto 87%"); style
# variables hold text-style words ("bold", "b reverse", "not underline").
_VARIABLE_VALUE = re.compile(r"^(?P<colour>.+?)(?:\s+\d+(?:\.\d+)?%)?$")
_NON_COLOUR_WORDS = {"auto", "initial", "transparent"}


def load_themes(folder: Path | None = None) -> tuple[list[Theme], list[str]]:
    """Load every ``*.toml`` theme in ``folder``; by default the shipped themes, then the
    user's own from ``themes/`` in the config folder, beside the templates (a theme there
    with a shipped theme's name replaces it: an installed pilotdesk's folder is not for
    editing, and an upgrade would overwrite it).

    Returns the themes (sorted by file name) and one message per file that was
    skipped. Never raises: even a missing folder is reported as a message.
    """
    if folder is not None:
        return _load_folder(folder)
    try:
        themes, messages = _load_folder(resources.data_dir("themes"))
    except FileNotFoundError as exc:
        themes, messages = [], [f"No themes loaded: {exc}"]
    mine = config.themes_dir()
    if mine.is_dir():
        own, problems = _load_folder(mine)
        names = {theme.name for theme in own}
        themes = [theme for theme in themes if theme.name not in names] + own
        messages += problems
    return themes, messages


def _load_folder(folder: Path) -> tuple[list[Theme], list[str]]:
    if not folder.is_dir():
        return [], [f"No themes loaded: theme folder {folder} does not exist"]

    themes: list[Theme] = []
    messages: list[str] = []
    used_by: dict[str, Path] = {}  # theme name -> file that defined it
    for path in sorted(folder.glob("*.toml")):
        theme, problems = _load_theme_file(path)
        if theme is not None and theme.name in used_by:
            problems = [f"theme name {theme.name!r} is already used by {used_by[theme.name].name}"]
        if theme is None or problems:
            messages.append(f"Skipped theme file {path}: {'; '.join(problems)}.")
        else:
            used_by[theme.name] = path
            themes.append(theme)
    return themes, messages


def _load_theme_file(path: Path) -> tuple[Theme | None, list[str]]:
    """Parse and check one theme file; returns the theme or the list of problems."""
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:  # str(exc) gives "... (at line N, column M)"
        return None, [f"invalid TOML: {exc}"]
    except UnicodeDecodeError:
        return None, ["file is not UTF-8 text"]
    except OSError as exc:
        return None, [f"could not read file: {exc.strerror or exc}"]

    problems = _check_theme_data(data)
    if problems:
        return None, problems
    optional = {key: data[key] for key in (*OPTIONAL_COLOURS, *OPTIONAL_NUMBERS) if key in data}
    theme = Theme(
        name=data["name"],
        dark=data["dark"],
        variables=dict(data.get("variables", {})),
        **{key: data[key] for key in REQUIRED_COLOURS},
        **optional,
    )
    # Safety net: build Textual's colour system now, so anything our checks missed
    # is reported here instead of breaking the app when the theme is applied.
    try:
        theme.to_color_system().generate()
    except Exception as exc:  # noqa: BLE001 - any failure means "unusable theme"
        return None, [f"Textual could not use this theme: {exc}"]
    return theme, []


def _check_theme_data(data: dict[str, Any]) -> list[str]:
    """Every problem with a parsed theme file, in file order where possible."""
    problems: list[str] = []
    unknown = [key for key in data if key not in KNOWN_KEYS]
    if unknown:  # usually a typo such as "forground"; silently ignoring it hides the mistake
        problems.append(f"unknown key(s) {', '.join(map(repr, unknown))}")

    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        problems.append('"name" must be a non-empty string')
    if not isinstance(data.get("dark"), bool):
        problems.append('"dark" must be true or false')

    for key in REQUIRED_COLOURS:
        if key not in data:
            problems.append(f"missing colour {key!r}")
    for key in (*REQUIRED_COLOURS, *OPTIONAL_COLOURS):
        if key in data and (problem := _colour_problem(data[key])):
            problems.append(f"{key}: {problem}")
    for key in OPTIONAL_NUMBERS:
        value = data.get(key, 0.5)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
            problems.append(f"{key} must be a number between 0 and 1")

    variables = data.get("variables", {})
    if not isinstance(variables, dict):
        problems.append("[variables] must be a table")
    else:
        for key, value in variables.items():
            if problem := _variable_problem(key, value):
                problems.append(f"variables.{key}: {problem}")
    return problems


def _colour_problem(value: object) -> str | None:
    if not isinstance(value, str):
        return f"expected a colour string, got {type(value).__name__}"
    try:
        Color.parse(value)
    except ColorParseError:
        return f'{value!r} is not a colour (use e.g. "#1a2b3c" or "rgb(26, 43, 60)")'
    return None


def _variable_problem(key: str, value: object) -> str | None:
    if not isinstance(value, str):
        return f"expected a string, got {type(value).__name__}"
    if "style" in key:  # e.g. block-cursor-text-style, link-style-hover
        bad = [word for word in value.split() if word not in VALID_STYLE_FLAGS]
        if bad or not value.strip():
            return f'{value!r} is not a text style (use words like "bold", "reverse", "none")'
        return None
    match = _VARIABLE_VALUE.match(value.strip())
    colour = match.group("colour") if match else value
    if colour in _NON_COLOUR_WORDS:
        return None
    return _colour_problem(colour)


def theme_alias(name: str) -> str:
    """The short name for a theme: "pilotdesk-light" -> "light"."""
    return name.removeprefix(ALIAS_PREFIX)


def theme_names_by_alias(themes: Iterable[Theme]) -> dict[str, str]:
    """Map every accepted spelling (full name and short alias, lower-case) to the theme name."""
    themes = list(themes)  # iterated twice below
    names: dict[str, str] = {}
    for theme in themes:
        names.setdefault(theme_alias(theme.name).lower(), theme.name)
    for theme in themes:  # a full name always wins over another theme's alias
        names[theme.name.lower()] = theme.name
    return names


def resolve_theme_name(
    requested: str | None, themes: Iterable[Theme], saved: str | None = None
) -> tuple[str, str | None]:
    """Pick the theme to use for a ``--theme`` value or config setting.

    Returns ``(theme name, warning)``. An empty request quietly means ``saved`` (the theme in
    config.toml), else the default; an unknown one falls back the same way, with a warning
    listing the choices: a typo in ``--theme`` must not throw a projector's high-contrast
    theme away for the dark one. If the default theme itself did not load, Textual's built-in
    dark theme is used.
    """
    themes = list(themes)
    names = theme_names_by_alias(themes)
    default = DEFAULT_THEME if DEFAULT_THEME in names.values() else FALLBACK_THEME
    saved_name = names.get((saved or "").strip().lower())
    fallback = saved_name or default
    if requested is None or not requested.strip():
        return fallback, None
    found = names.get(requested.strip().lower())
    if found is not None:
        return found, None
    choices = ", ".join(sorted(theme_alias(theme.name) for theme in themes)) or "none loaded"
    using = f"your saved theme, {fallback}" if saved_name else fallback
    near = difflib.get_close_matches(requested.strip().lower(), list(names), n=1)
    hint = f" (did you mean {near[0]!r}?)" if near else ""
    warning = (
        f"Unknown theme {requested.strip()!r}{hint}; using {using}. Available themes: {choices}."
    )
    return fallback, warning

"""The user's pilotdesk settings: ``config.toml`` in the XDG config folder.

The config file is optional and hand-editable, so two rules shape this module:

* Reading never raises. A missing file is simply "no settings"; a file that cannot
  be read or parsed gives empty settings plus a warning the app can show, because a
  typo in a config file must not stop anyone starting a pilot in a meeting.
* Writing keeps whatever the user wrote (comments, other keys, ordering) by editing
  the document with tomlkit, and replaces the file atomically so a crash mid-write
  cannot leave a half-written config behind.

This module deliberately does not import Textual.
"""

from __future__ import annotations

import json
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.exceptions import TOMLKitError

from pilotdesk.pilotfile.atomic import atomic_write

CONFIG_FILENAME = "config.toml"


def config_dir() -> Path:
    """Return ``$XDG_CONFIG_HOME/pilotdesk``, or ``~/.config/pilotdesk``.

    Per the XDG spec an empty or relative ``XDG_CONFIG_HOME`` is ignored.
    """
    xdg = os.environ.get("XDG_CONFIG_HOME", "")
    base = Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".config"
    return base / "pilotdesk"


def config_path() -> Path:
    """Return the path of ``config.toml`` (which may not exist)."""
    return config_dir() / CONFIG_FILENAME


@dataclass(frozen=True)
class Config:
    """The settings read from config.toml.

    ``values`` is the plain parsed TOML ({} when the file is missing or broken);
    ``warning`` says what was wrong with the file, if anything, ready to show.
    """

    values: dict[str, Any] = field(default_factory=dict)
    warning: str | None = None

    @property
    def theme(self) -> str | None:
        """The configured theme name, or None if unset (or not a string)."""
        theme = self.values.get("theme")
        return theme if isinstance(theme, str) and theme.strip() else None

    @property
    def vendor(self) -> str:
        """``vendor = "..."``: our company's name, which ``pilotdesk new`` writes into a new
        pilot's ``[pilot] vendor`` ("" when unset or not text)."""
        vendor = self.values.get("vendor")
        return vendor.strip() if isinstance(vendor, str) else ""

    def keys(self) -> tuple[dict[str, str], list[str]]:
        """The ``[keys]`` table (binding id -> key), and what in it is not an id = "key" pair.

        ``"scorecard.pass" = "x"`` and ``scorecard.pass = "x"`` (a dotted TOML key, read as a
        nested table) say the same. Whether an id exists and a key name is valid is for the app
        to say: it knows both."""
        table = self.values.get("keys", {})
        if not isinstance(table, dict):
            return {}, ['"keys" should be a table: [keys] then lines like "scorecard.pass" = "x".']
        keys: dict[str, str] = {}
        problems: list[str] = []
        _flatten(table, "", keys, problems)
        return keys, problems


def _flatten(table: dict[str, Any], prefix: str, keys: dict[str, str], problems: list[str]) -> None:
    for name, value in table.items():
        binding_id = f"{prefix}{name}"
        if isinstance(value, dict):
            _flatten(value, f"{binding_id}.", keys, problems)
        elif isinstance(value, str):
            keys[binding_id] = value
        else:
            # As TOML writes it: a control character in the id is shown escaped, never sent raw.
            problems.append(
                f'{json.dumps(binding_id)} = {value!r}: the key should be text, as in "x".'
            )


def load_config() -> Config:
    """Read config.toml. Never raises: problems come back as ``Config.warning``."""
    path = config_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Config()
    except (OSError, UnicodeDecodeError) as exc:
        return Config(warning=f"Could not read config file {path}: {exc}; using defaults.")
    try:
        values = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:  # message includes line and column
        return Config(warning=f"Config file {path} is not valid TOML: {exc}; using defaults.")

    warning = None
    if "theme" in values and not isinstance(values["theme"], str):
        warning = f'Config file {path}: "theme" should be a text value such as "dark"; ignoring it.'
    return Config(values=values, warning=warning)


def get_theme() -> str | None:
    """The theme saved in config.toml, or None (ignores any warning)."""
    return load_config().theme


def set_theme(name: str) -> str | None:
    """Save ``theme = name`` in config.toml, keeping the user's other keys and comments.

    Returns None on success, or a warning message if the theme could not be saved.
    A config file that is not valid TOML is left untouched rather than overwritten,
    since it is probably a hand edit in progress.
    """
    # Write through symlinks (e.g. a dotfiles manager linking config.toml) rather
    # than replacing the link with a regular file.
    path = config_path().resolve()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    except (OSError, UnicodeDecodeError) as exc:
        return f"Theme not saved: could not read config file {path}: {exc}"
    try:
        document = tomlkit.parse(text)
    except TOMLKitError as exc:
        return f"Theme not saved: config file {path} is not valid TOML ({exc}); fix or remove it."

    document["theme"] = name
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, tomlkit.dumps(document).encode("utf-8"))
    except OSError as exc:
        return f"Theme not saved: could not write config file {path}: {exc}"
    return None

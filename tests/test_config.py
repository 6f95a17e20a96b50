"""Tests for pilotdesk.config: the user's config.toml."""

from __future__ import annotations

import os
import stat
import tomllib
from pathlib import Path

import pytest

from pilotdesk import config
from pilotdesk.config import Config, config_dir, config_path, get_theme, load_config, set_theme


@pytest.fixture
def xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point XDG_CONFIG_HOME at a temp folder; returns the pilotdesk config folder."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    return tmp_path / "xdg" / "pilotdesk"


def write_config(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_config_dir_follows_xdg_config_home(xdg: Path) -> None:
    assert config_dir() == xdg
    assert config_path() == xdg / "config.toml"


@pytest.mark.parametrize("value", ["", "relative/path"])
def test_config_dir_ignores_empty_or_relative_xdg(
    value: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", value)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert config_dir() == tmp_path / ".config" / "pilotdesk"


def test_missing_config_is_empty_without_warning(xdg: Path) -> None:
    assert load_config() == Config(values={}, warning=None)
    assert get_theme() is None


def test_set_theme_creates_folder_and_file(xdg: Path) -> None:
    assert set_theme("high-contrast") is None
    assert get_theme() == "high-contrast"
    assert [p.name for p in xdg.iterdir()] == ["config.toml"]  # no temp files left behind


def test_set_theme_keeps_comments_unknown_keys_and_tables(xdg: Path) -> None:
    original = (
        "# my pilotdesk settings - do not lose this comment\n"
        'theme = "dark"  # for my laptop\n'
        "future_option = 42\n"
        "\n"
        "[ui]\n"
        'font = "big"\n'
    )
    path = write_config(xdg, original)
    assert set_theme("light") is None

    text = path.read_text(encoding="utf-8")
    assert "# my pilotdesk settings - do not lose this comment" in text
    assert text == original.replace('"dark"', '"light"')  # nothing else touched
    values = tomllib.loads(text)
    assert values == {"theme": "light", "future_option": 42, "ui": {"font": "big"}}
    assert load_config().warning is None


def test_set_theme_adds_top_level_key_before_tables(xdg: Path) -> None:
    path = write_config(xdg, "# comment\n[ui]\nfont = 'big'\n")
    assert set_theme("light") is None
    values = tomllib.loads(path.read_text(encoding="utf-8"))
    assert values["theme"] == "light"  # top level, not ui.theme
    assert values["ui"] == {"font": "big"}
    assert "# comment" in path.read_text(encoding="utf-8")


def test_invalid_toml_gives_warning_and_empty_settings(xdg: Path) -> None:
    path = write_config(xdg, 'theme = "dark"\nbroken = = 1\n')
    loaded = load_config()
    assert loaded.values == {}
    assert loaded.warning is not None
    assert str(path) in loaded.warning and "line 2" in loaded.warning
    assert get_theme() is None


def test_set_theme_does_not_overwrite_a_broken_config(xdg: Path) -> None:
    broken = 'theme = "dark"\nbroken = = 1\n'
    path = write_config(xdg, broken)
    warning = set_theme("light")
    assert warning is not None and "not saved" in warning
    assert path.read_text(encoding="utf-8") == broken


def test_unreadable_config_gives_warning(xdg: Path) -> None:
    (xdg / "config.toml").mkdir(parents=True)  # a folder where the file should be
    loaded = load_config()
    assert loaded.values == {} and loaded.warning is not None
    assert "config.toml" in loaded.warning


def test_non_utf8_config_gives_warning(xdg: Path) -> None:
    xdg.mkdir(parents=True)
    (xdg / "config.toml").write_bytes(b'theme = "\xff\xfe"\n')
    loaded = load_config()
    assert loaded.values == {} and loaded.warning is not None


def test_theme_of_wrong_type_is_ignored_with_warning(xdg: Path) -> None:
    write_config(xdg, "theme = 3\nother = true\n")
    loaded = load_config()
    assert loaded.theme is None
    assert loaded.warning is not None and "theme" in loaded.warning
    assert loaded.values["other"] is True  # the rest of the file is still used


def test_set_theme_keeps_file_permissions(xdg: Path) -> None:
    path = write_config(xdg, 'theme = "dark"\n')
    path.chmod(0o640)
    assert set_theme("light") is None
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_set_theme_writes_through_a_symlink(xdg: Path, tmp_path: Path) -> None:
    target = tmp_path / "dotfiles" / "pilotdesk.toml"
    target.parent.mkdir()
    target.write_text("# managed by my dotfiles\n", encoding="utf-8")
    xdg.mkdir(parents=True)
    link = xdg / "config.toml"
    link.symlink_to(target)

    assert set_theme("light") is None
    assert link.is_symlink()
    assert tomllib.loads(target.read_text(encoding="utf-8")) == {"theme": "light"}
    assert "# managed by my dotfiles" in target.read_text(encoding="utf-8")


def test_failed_write_leaves_old_file_and_no_temp_file(
    xdg: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_config(xdg, 'theme = "dark"\n')

    def failing_replace(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(config.os, "replace", failing_replace)
    warning = set_theme("light")
    assert warning is not None and "No space left" in warning
    assert path.read_text(encoding="utf-8") == 'theme = "dark"\n'
    assert [p.name for p in xdg.iterdir()] == ["config.toml"]

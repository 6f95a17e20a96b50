"""Issue 21, point 7: pilotdesk installed as people install command-line tools. One version
source, the samples reachable from an installed copy, the user's own themes beside the
templates, and settings where macOS and Windows keep them (Linux: the XDG folders, as before).
"""

from __future__ import annotations

import tomllib
from importlib import metadata
from pathlib import Path

import pytest

import pilotdesk
from pilotdesk import config
from pilotdesk.cli import main

ROOT = Path(__file__).resolve().parent.parent


def test_the_version_lives_in_one_place() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert "version" not in project and project["dynamic"] == ["version"]
    assert metadata.version("pilotdesk") == pilotdesk.__version__


def test_license_file_is_mit_and_shipped() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "MIT" and project["license-files"] == ["LICENSE"]
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License") and "the pilotdesk authors" in text


def test_new_sample_copies_a_shipped_pilot_that_checks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "try.toml"
    assert main(["new", str(target), "--sample", "acme"]) == 0
    assert target.read_bytes() == (ROOT / "sample_pilots" / "acme.toml").read_bytes()
    assert f"pilotdesk open {target}" in capsys.readouterr().out
    assert main(["check", str(target)]) == 0
    assert main(["new", str(target), "--sample", "acme"]) == 2, "never over a file"


def test_new_sample_unknown_names_the_samples(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", str(tmp_path / "x.toml"), "--sample", "../../etc/passwd"]) == 2
    err = capsys.readouterr().err
    assert "no sample called" in err and "acme, northwind, ready" in err
    assert not (tmp_path / "x.toml").exists()


def test_list_samples_names_each_with_its_title(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "--list-samples"]) == 0
    out = capsys.readouterr().out
    assert "acme: Acme Robotics — Lumen S3 depth sensor evaluation" in out
    assert "northwind:" in out and "ready:" in out


def test_user_themes_folder_adds_and_replaces_themes(config_home: Path) -> None:
    from pilotdesk.ui.themes import load_themes

    shipped, _ = load_themes()
    folder = config_home / "pilotdesk" / "themes"
    folder.mkdir(parents=True)
    dark = (ROOT / "themes" / "dark.toml").read_text(encoding="utf-8")
    (folder / "mine.toml").write_text(
        dark.replace('name = "pilotdesk-dark"', 'name = "pilotdesk-mine"'), encoding="utf-8"
    )
    (folder / "dark.toml").write_text(
        dark.replace('primary = "', 'primary = "#123456" #'), encoding="utf-8"
    )
    themes, problems = load_themes()
    names = [theme.name for theme in themes]
    assert problems == []
    assert "pilotdesk-mine" in names and names.count("pilotdesk-dark") == 1
    assert len(themes) == len(shipped) + 1
    [mine_dark] = [theme for theme in themes if theme.name == "pilotdesk-dark"]
    assert mine_dark.primary.lower() == "#123456"


def test_linux_keeps_the_xdg_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(config.sys, "platform", "linux")
    monkeypatch.delenv("XDG_CONFIG_HOME")
    monkeypatch.delenv("XDG_STATE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert config.config_dir() == tmp_path / ".config" / "pilotdesk"
    assert config.state_dir() == tmp_path / ".local" / "state" / "pilotdesk"
    assert config.themes_dir() == tmp_path / ".config" / "pilotdesk" / "themes"


@pytest.mark.parametrize("platform", ["darwin", "win32"])
def test_macos_and_windows_use_platformdirs_unless_xdg_is_set(
    platform: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import platformdirs

    monkeypatch.setattr(config.sys, "platform", platform)
    monkeypatch.delenv("XDG_CONFIG_HOME")
    monkeypatch.delenv("XDG_STATE_HOME")
    asked: list[tuple[str, str]] = []

    def user_dir(kind: str) -> object:
        def where(app: str, **options: object) -> str:
            assert options.get("appauthor") is False  # no "pilotdesk\\pilotdesk" on Windows
            asked.append((kind, app))
            return str(tmp_path / kind / app)

        return where

    monkeypatch.setattr(platformdirs, "user_config_dir", user_dir("config"))
    monkeypatch.setattr(platformdirs, "user_state_dir", user_dir("state"))
    assert config.config_dir() == tmp_path / "config" / "pilotdesk"
    assert config.state_dir() == tmp_path / "state" / "pilotdesk"
    assert asked == [("config", "pilotdesk"), ("state", "pilotdesk")]
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg"))
    assert config.state_dir() == tmp_path / "xdg" / "pilotdesk", "set by the user: followed"


def test_version_imports_neither_textual_nor_tomlkit() -> None:
    import subprocess
    import sys

    code = (
        "import sys\nfrom pilotdesk.cli import main\n"
        "try:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('textual', 'tomlkit') if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    version_line, imported = result.stdout.splitlines()
    assert version_line.startswith("pilotdesk ") and "textual " in version_line
    assert imported == "[]"

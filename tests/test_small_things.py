"""The small things a new SE trips over in the first week (issue 27, point 11)."""

from __future__ import annotations

import datetime as dt
import os
import shlex
import shutil
from pathlib import Path

import pytest

from pilotdesk.cli.main import main
from pilotdesk.domain import headline
from pilotdesk.pilotfile.read import parse_bytes
from pilotdesk.portfolio.load import Cache
from pilotdesk.portfolio.team import team

NORDHAVN = Path(__file__).parent / "golden" / "nordhavn_power_module.toml"
SAMPLES = Path(__file__).resolve().parent.parent / "sample_pilots"
NOW = dt.datetime(2026, 12, 6, 10, 30)


def _text() -> str:
    return NORDHAVN.read_text(encoding="utf-8")


def _errors(text: str, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> str:
    path = tmp_path / "nordhavn.toml"
    path.write_text(text, encoding="utf-8")
    assert main(["check", str(path)]) == 2
    return capsys.readouterr().err


def test_a_report_is_written_with_the_pilot_s_permissions(tmp_path: Path) -> None:
    pilot = tmp_path / "nordhavn.toml"
    shutil.copyfile(NORDHAVN, pilot)
    os.chmod(pilot, 0o644)
    for command in (["report", str(pilot)], ["calendar", str(pilot)]):
        out = tmp_path / f"{command[0]}.out"
        assert main([*command, "-o", str(out)]) == 0
        assert out.stat().st_mode & 0o777 == 0o644


def test_a_closed_pilot_s_time_box_says_closed_not_days_left_or_over() -> None:
    text = _text() + '\n[close_out]\noutcome = "won"\non = 2026-12-04\n'
    pilot = parse_bytes(text.encode("utf-8"), "n.toml").pilot
    assert headline.time_box(pilot, dt.date(2027, 7, 1)) == "closed on 2026-12-04"
    assert headline.time_box(pilot, dt.date(2026, 11, 1)) == "closed on 2026-12-04"


def test_running_per_se_counts_only_pilots_that_have_started(tmp_path: Path) -> None:
    shutil.copyfile(NORDHAVN, tmp_path / "running.toml")
    later = (
        _text()
        .replace("starts = 2026-11-09", "starts = 2027-01-11")
        .replace("ends = 2026-12-18", "ends = 2027-02-26")
    )
    (tmp_path / "later.toml").write_text(later, encoding="utf-8")
    rows = Cache().load_all([tmp_path], NOW)
    assert len(rows) == 2
    assert team(rows).running == [("Ines Kowalczyk", 1)]


def test_the_next_hint_is_quoted_for_the_shell(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["new", "Nordhavn Trucks", "--prospect", "Nordhavn", "--product", "VX"]) == 0
    hint = next(ln for ln in capsys.readouterr().out.splitlines() if ln.startswith("Next:"))
    assert hint == "Next: pilotdesk open 'Nordhavn Trucks.toml'"
    assert shlex.split(hint)[-1] == "Nordhavn Trucks.toml"


def test_an_impossible_date_says_what_is_wrong_and_how_to_write_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    err = _errors(_text().replace("ends = 2026-12-18", "ends = 2026-11-31"), capsys, tmp_path)
    assert "2026-11-31 is not a date (day is out of range for month)" in err
    assert "YYYY-MM-DD, no quotes, such as 2026-11-30" in err


def test_an_unquoted_text_says_it_needs_quotes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = _text().replace('product = "Voltaris VX-900"', "product = Voltaris VX-900  # ours")
    err = _errors(text, capsys, tmp_path)
    assert 'text needs quotes, as in product = "Voltaris VX-900"' in err


def test_a_mistyped_stakeholder_id_gets_did_you_mean_and_an_honest_count(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    err = _errors(_text().replace('verifier = "pia"', 'verifier = "pja"'), capsys, tmp_path)
    assert "'pja' is not a stakeholder id; did you mean 'pia'?" in err
    assert "and 3 more)" in err and "in all" not in err  # 11 people: 8 named, 3 more


def test_status_skips_hidden_and_venv_folders(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for folder in (".venv/lib", ".tox", ".cache", "venv", "team"):
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(NORDHAVN, tmp_path / folder / "pilot.toml")
    assert main(["status", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "team/pilot.toml" in out
    for hidden in (".venv", ".tox", ".cache", "venv/"):
        assert hidden not in out, hidden


def test_a_pilot_whose_pilot_header_is_broken_is_found_and_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copyfile(NORDHAVN, tmp_path / "good.toml")
    (tmp_path / "broken.toml").write_text(_text().replace("[pilot]", "[pilot", 1), "utf-8")
    assert main(["status", str(tmp_path)]) == 2
    captured = capsys.readouterr()
    assert "broken.toml:" in captured.err and "good.toml" in captured.out


async def test_the_palette_offers_the_themes_by_the_names_the_command_line_takes(
    tmp_path: Path,
) -> None:
    from pilotdesk.session.store import PilotStore
    from pilotdesk.ui.app import PilotdeskApp

    path = tmp_path / "nordhavn.toml"
    shutil.copyfile(NORDHAVN, path)
    app = PilotdeskApp(
        PilotStore.open(path, lambda: NOW),
        theme="high-contrast",
        clock=lambda: NOW,
        remember_theme=False,
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.theme == "high-contrast"
        assert set(app.available_themes) == {"dark", "light", "high-contrast"}

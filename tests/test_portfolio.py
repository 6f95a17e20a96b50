"""Many pilots at once: discovery, ``status``, ``gaps`` and ``check`` over files and folders."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pilotdesk.cli import main

TODAY = "2026-11-22"
REPO = Path(__file__).resolve().parent.parent
BROKEN = 'schema = 1\n[pilot]\nprospect = "Broken\n'


@pytest.fixture
def folder(tmp_path: Path, samples_dir: Path) -> Path:
    """Three sample pilots (one in a subfolder), a broken pilot, a pyproject.toml, a broken
    non-pilot TOML, and pilot files inside a virtual environment, node_modules and .git."""
    root = tmp_path / "pilots"
    (root / "team" / "dana").mkdir(parents=True)
    shutil.copyfile(samples_dir / "acme.toml", root / "acme.toml")
    shutil.copyfile(samples_dir / "northwind.toml", root / "team" / "northwind.toml")
    shutil.copyfile(samples_dir / "ready.toml", root / "team" / "dana" / "ready.toml")
    (root / "team" / "broken.toml").write_text(BROKEN, encoding="utf-8")
    (root / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    (root / "settings.toml").write_text("not = [toml\n", encoding="utf-8")
    for hidden in (".venv/lib", "node_modules/pkg", ".git/x"):
        (root / hidden).mkdir(parents=True)
        shutil.copyfile(samples_dir / "acme.toml", root / hidden / "acme.toml")
    (root / ".venv" / "pyvenv.cfg").write_text("home = /usr/bin\n", encoding="utf-8")
    return root


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_status_json_lists_pilots_and_broken_files_but_skips_venv_and_non_pilots(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["status", str(folder), "--format", "json", "--today", TODAY], capsys)
    assert code == 2  # one file was invalid
    records = json.loads(out)
    paths = sorted(Path(r["path"]).relative_to(folder).as_posix() for r in records)
    assert paths == ["acme.toml", "team/broken.toml", "team/dana/ready.toml", "team/northwind.toml"]
    broken = next(r for r in records if "error" in r)
    assert set(broken) == {"path", "error"}
    assert broken["error"].startswith(f"{folder / 'team' / 'broken.toml'}:3:")
    acme = next(r for r in records if r["path"].endswith("acme.toml"))
    assert acme["prospect"] == "Acme Robotics"
    assert acme["se"] == "Dana Ortiz"
    assert (acme["passed"], acme["failed"]) == (3, 1)
    assert acme["days_left"] == 19  # ends 2026-12-11
    assert acme["state"] in {"running", "overdue"}
    assert acme["outcome"] is None
    assert err == ""


def test_status_exits_0_when_every_pilot_is_valid(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / "team" / "broken.toml").unlink()
    code, out, _ = run(["status", str(folder), "--today", TODAY], capsys)
    assert code == 0
    assert out.splitlines()[0].split()[:5] == ["PROSPECT", "CRM", "PILOT", "VENDOR", "SE"]
    assert sum("Robotics" in line for line in out.splitlines()) == 1


def test_gaps_csv_has_every_gap_with_its_prospect(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["gaps", str(folder), "--format", "csv", "--today", TODAY], capsys)
    assert code == 2
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {(r["prospect"], r["id"], r["severity"], r["status"]) for r in rows} == {
        ("Acme Robotics", "thermal_api", "deal_challenge", "open"),
        ("Acme Robotics", "ros2_humble", "nice_to_have", "planned"),
    }
    assert rows[0]["request"] == "LUM-2291"
    assert "broken.toml:3:" in err


def test_check_of_a_folder_checks_each_pilot_then_a_total_and_exits_the_worst(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["check", str(folder), "--today", TODAY], capsys)
    assert code == 2
    assert out.count("== ") == 4
    assert out.rstrip().endswith("4 pilot files checked: 3 valid, 1 invalid")
    assert "broken.toml:3:" in err


def test_check_of_many_files_with_strict_exits_1_on_findings(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = [str(folder / "acme.toml"), str(folder / "team" / "dana" / "ready.toml")]
    code, out, _ = run(["check", *files, "--strict", "--today", TODAY], capsys)
    assert code == 1
    assert "2 pilot files checked: 2 valid, 0 invalid" in out
    code, _, _ = run(["check", *files, "--today", TODAY], capsys)
    assert code == 0


def test_check_of_one_file_prints_exactly_what_it_always_did(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from pilotdesk.cli import pilot as cli

    path = folder / "acme.toml"
    code, out, err = run(["check", str(path), "--today", TODAY], capsys)
    assert "==" not in out and "checked" not in out
    import argparse
    import datetime as dt

    alone = cli.check_one(
        argparse.Namespace(file=path, strict=False, today=dt.date.fromisoformat(TODAY))
    )
    assert (code, (out, err)) == (alone, capsys.readouterr())


_PROBE = """
import io, sys
from contextlib import redirect_stdout
from pilotdesk.cli import main
sink = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
with redirect_stdout(sink):
    code = main(sys.argv[1:])
print(code, 'textual' in sys.modules, 'tomlkit' in sys.modules)
"""


@pytest.mark.parametrize("command", ["check", "status", "gaps"])
def test_many_file_commands_import_neither_textual_nor_tomlkit(command: str, folder: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, command, str(folder), "--today", TODAY],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.stdout.split() == ["2", "False", "False"], done.stderr


def test_check_of_a_folder_without_pilots_exits_2_and_prints_nothing_on_stdout(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    code, out, err = run(["check", str(tmp_path)], capsys)
    assert (code, out) == (2, "")
    assert err == f"pilotdesk: no pilot files under {tmp_path}\n"


def test_team_figures_count_running_per_se_win_rate_and_median_days_over_closed_pilots(
    tmp_path: Path, samples_dir: Path
) -> None:
    import datetime as dt

    from pilotdesk.portfolio.load import load_all
    from pilotdesk.portfolio.rows import Row, attention
    from pilotdesk.portfolio.team import team

    for name, extra in (
        ("northwind", '\n[technical_win]\nverdict = "yes"\nasked_on = 2026-11-08T10:00:00\n'
         '\n[close_out]\noutcome = "won"\non = 2026-11-20\n'),  # 20 days from its start
        ("acme", '\n[technical_win]\nverdict = "no"\nasked_on = 2026-11-12T10:00:00\n'
         '\n[close_out]\noutcome = "lost"\non = 2026-11-21\n'),  # 10 days from its start
        ("ready", ""),
    ):  # fmt: skip
        text = (samples_dir / f"{name}.toml").read_text(encoding="utf-8")
        (tmp_path / f"{name}.toml").write_text(text + extra, encoding="utf-8")
    items = load_all([tmp_path], dt.datetime(2026, 11, 22, 10, 30))
    figures = team(items)
    assert figures.running == [("Noor Haddad", 1)]
    assert (figures.closed, figures.win_rate, figures.median_days_to_verdict) == (2, 0.5, 15)
    rows = sorted(items, key=attention)
    assert isinstance(rows[0], Row) and rows[0].outcome is None  # running before closed
    assert {r.outcome for r in rows[1:] if isinstance(r, Row)} == {"won", "lost"}
    assert all(r.overdue == 0 and r.next_due is None for r in rows[1:] if isinstance(r, Row))


def test_cache_reads_again_only_files_that_changed(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import datetime as dt

    from pilotdesk.portfolio import load as loading

    read: list[str] = []
    real = loading.load

    def counting(path: Path, now: dt.datetime, *, named: bool = True) -> object:
        read.append(path.name)
        return real(path, now, named=named)

    monkeypatch.setattr(loading, "load", counting)
    cache, now = loading.Cache(), dt.datetime(2026, 11, 22, 10, 30)
    first = cache.load_all([folder], now)
    assert len(first) == 4 and "acme.toml" in read
    read.clear()
    acme = folder / "acme.toml"
    acme.write_text(acme.read_text(encoding="utf-8") + "\n# touched\n", encoding="utf-8")
    again = cache.load_all([folder], now)
    assert read == ["acme.toml"]
    assert [i.path for i in again] == [i.path for i in first]
    read.clear()
    cache.load_all([folder], now + dt.timedelta(days=1))  # a new day: every row is stale
    assert "ready.toml" in read


def test_team_words_say_when_no_pilot_is_closed_yet() -> None:
    from pilotdesk.portfolio.team import Team

    assert Team([("Dana Ortiz", 2)], 0, None, None).words() == (
        "Running per SE: Dana Ortiz 2 · no closed pilots yet"
    )
    assert Team(
        [],
        4,
        0.75,
        21.5,
    ).words() == (
        "Running per SE: none · Technical Win rate 75% of 4 closed"
        " · median 21.5 days from start to verdict"
    )

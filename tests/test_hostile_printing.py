"""Every line pilotdesk prints goes through one function (pilotdesk.domain.text.visible).

A grep of the command line's modules for a print or a write that bypasses it; then the hostile
corpus (tests/_hostile.py) and hostile names through every command that prints: no raw control
character, no traceback, JSON that ``json.loads`` reads, CSV cells no spreadsheet runs.
"""

from __future__ import annotations

import ast
import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from _hostile import RAW_CONTROL, build

from pilotdesk.cli import main
from pilotdesk.domain.text import json_text, visible

ROOT = Path(__file__).resolve().parent.parent
#: The modules that print to the terminal.
PRINTING = sorted((ROOT / "pilotdesk" / "cli").glob("*.py")) + [
    ROOT / "pilotdesk" / "merge" / "driver.py"
]
SAFE = {"visible", "visible_bytes", "json_text"}


def _safe_call(node: ast.expr) -> bool:
    """``visible(...)`` (or ``visible_bytes``, ``json_text``), possibly ``+ "\\n"`` after it."""
    if isinstance(node, ast.BinOp):
        return _safe_call(node.left)
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in SAFE


def bypasses(source: str) -> list[str]:
    """Each ``print(...)`` and ``sys.….write(...)`` in ``source`` whose text is not made safe,
    and each CSV writer straight onto a standard stream."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        text = ast.unparse(node)
        if isinstance(func, ast.Name) and func.id == "print":
            if not all(_safe_call(arg) for arg in node.args):
                found.append(text)
        elif isinstance(func, ast.Attribute) and func.attr == "write":
            if ast.unparse(func.value).startswith("sys.") and not all(
                _safe_call(arg) for arg in node.args
            ):
                found.append(text)
        elif isinstance(func, ast.Attribute) and func.attr in ("writer", "DictWriter"):
            if node.args and ast.unparse(node.args[0]).startswith("sys."):
                found.append(text)
    return found


def test_the_grep_finds_a_print_that_bypasses_visible() -> None:
    bad = (
        "print(path)\nprint(f'{path}', file=sys.stderr)\nsys.stdout.write(text)\n"
        "sys.stdout.buffer.write(data)\ncsv.writer(sys.stdout)\n"
        "print(visible(x))\nsys.stdout.write(visible(x) + '\\n')\nprint()\n"
    )
    assert len(bypasses(bad)) == 5


@pytest.mark.parametrize("module", PRINTING, ids=lambda p: p.name)
def test_no_print_in_the_command_line_bypasses_visible(module: Path) -> None:
    assert bypasses(module.read_text(encoding="utf-8")) == []


# --- the one function ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("\x1b]0;t\x07", "\\x1b]0;t\\x07"),
        ("\x7f\x85\x9b", "\\x7f\\x85\\x9b"),
        ("a\u202eb\u2066c\u200fd\u061c", "a\\u202eb\\u2066c\\u200fd\\u061c"),
        (os.fsdecode(b"caf\xe9.toml"), "caf\\xe9.toml"),
        ("\ud800", "\\ud800"),
        ("tab\tand\r\nlines\n", "tab\tand\r\nlines\n"),
    ],
)
def test_visible_spells_out_c0_del_c1_bidi_and_lone_surrogates(raw: str, shown: str) -> None:
    assert visible(raw) == shown
    visible(raw).encode("utf-8")  # never a UnicodeEncodeError


def test_json_text_is_valid_json_with_nothing_raw_and_the_same_strings() -> None:
    value = {"path": os.fsdecode(b"\xff\x1b]0;x\x07.toml"), "t": "a\x7f\x85\u202e\r\n"}
    text = json_text(value)
    text.encode("utf-8")
    assert not RAW_CONTROL.search(text) and json.loads(text) == value


# --- the corpus through every printing command ------------------------------------------------


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, int]]:
    return build(tmp_path_factory.mktemp("printing"))


COMMANDS = [
    ["status", "{f}"],
    ["status", "{f}", "--format", "json"],
    ["status", "{f}", "--format", "csv"],
    ["gaps", "{f}", "--format", "json"],
    ["report", "{f}"],
    ["report", "{f}", "--for", "team", "--format", "html"],
    ["calendar", "{f}"],
    ["email", "{f}", "--status"],
    ["email", "{f}", "--status", "--eml"],
]
CASES = [
    "control-characters",
    "misspelt-key-with-escapes",
    "formula-cells",
    "dotted-key-20000-parts",
    "4000-bad-statuses",
    "hostile-file-name",
    "non-utf-8-file-name",
    "symlink-loop",
    "fifo",
]


@pytest.mark.parametrize("name", CASES)
@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_printing_command_prints_the_corpus_safely(
    corpus: dict[str, tuple[Path, int]],
    name: str,
    command: list[str],
    capfdbinary: pytest.CaptureFixture[bytes],
) -> None:
    path, check_exit = corpus[name]
    argv = [str(path) if a == "{f}" else a for a in command]
    code = main([*argv, *(["--today", "2026-11-22"] if command[0] != "calendar" else [])])
    out_bytes, err_bytes = capfdbinary.readouterr()
    out, err = out_bytes.decode("utf-8"), err_bytes.decode("utf-8")  # UTF-8, whatever the name
    assert code == check_exit and "Traceback" not in err
    assert (err + out).strip() if code else out.strip()
    assert not RAW_CONTROL.search(out.replace("\r\n", "\n")), RAW_CONTROL.findall(out)[:5]
    assert not RAW_CONTROL.search(err), RAW_CONTROL.findall(err)[:5]
    if "json" in command:
        json.loads(out)


def test_check_of_a_folder_names_every_file_safely(
    corpus: dict[str, tuple[Path, int]], capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    folder = corpus["control-characters"][0].parent
    assert main(["check", str(folder), "--today", "2026-11-22"]) == 2
    out, err = (s.decode("utf-8") for s in capfdbinary.readouterr())
    assert "caf\\xe9-\\x9b31m.toml" in out and "\\x1b]0;pwned\\x07.toml" in out
    assert not RAW_CONTROL.search(out) and not RAW_CONTROL.search(err)


def test_status_json_of_a_name_that_is_not_utf_8_is_valid_under_a_utf_8_stdout(
    corpus: dict[str, tuple[Path, int]],
) -> None:
    folder = corpus["control-characters"][0].parent
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "LC_ALL": "C.UTF-8"}
    for argv in (["status", str(folder), "--format", "json"], ["check", str(folder)]):
        done = subprocess.run(
            [sys.executable, "-m", "pilotdesk", *argv], capture_output=True, env=env, timeout=120
        )
        assert done.returncode == 2 and b"Traceback" not in done.stderr, done.stderr[-500:]
        out = done.stdout.decode("utf-8")
        if "json" in argv:
            paths = [row["path"] for row in json.loads(out)]
            assert os.fsdecode(b"caf\xe9-\x9b31m.toml") in {Path(p).name for p in paths}


def test_the_misspelt_key_hint_spells_out_the_key_at_its_own_line(
    corpus: dict[str, tuple[Path, int]], capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    path, _ = corpus["misspelt-key-with-escapes"]
    assert main(["check", str(path), "--today", "2026-11-22"]) == 0
    err = capfdbinary.readouterr()[1].decode("utf-8")
    lines = path.read_text(encoding="utf-8").split("\n")
    key_line = next(n for n, line in enumerate(lines, 1) if "PWNED" in line)
    hint = next(line for line in err.splitlines() if "PWNED" in line)
    assert f":{key_line}: commercial.qualification_owner\\x1b]0;PWNED\\x07: warning" in hint
    assert not RAW_CONTROL.search(err)


# --- spreadsheets -----------------------------------------------------------------------------


def _rows(out: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(out)))


def test_csv_cells_that_would_be_formulas_start_with_an_apostrophe_and_raw_keeps_them(
    corpus: dict[str, tuple[Path, int]], capfd: pytest.CaptureFixture[str]
) -> None:
    path, _ = corpus["formula-cells"]
    assert main(["status", str(path), "--format", "csv", "--today", "2026-11-22"]) == 0
    [row] = _rows(capfd.readouterr()[0])
    assert row["prospect"].startswith("'=HYPERLINK(")
    assert row["days_left"].lstrip("-").isdigit()  # a number is a number
    assert main(["status", str(path), "--format", "csv", "--raw", "--today", "2026-11-22"]) == 0
    [row] = _rows(capfd.readouterr()[0])
    assert row["prospect"].startswith("=HYPERLINK(")


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t=", "\r=", " =", "-1+1"])
def test_every_formula_start_is_made_inert(start: str) -> None:
    from pilotdesk.cli.common import inert_cell

    assert inert_cell(start + "cmd|' /C calc'!A0").startswith("'")
    assert inert_cell("-12.5") == "-12.5" and inert_cell("Acme") == "Acme"


def test_gaps_csv_makes_a_formula_in_a_gap_inert(
    tmp_path: Path, samples_dir: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "acme.toml"
    text = (samples_dir / "acme.toml").read_text(encoding="utf-8")
    path.write_text(text.replace('request = "', 'request = "@SUM(1+1)*cmd|', 1), encoding="utf-8")
    assert main(["gaps", str(path), "--format", "csv", "--today", "2026-11-22"]) == 0
    cells = [c for row in csv.reader(io.StringIO(capfd.readouterr()[0])) for c in row]
    assert any(c.startswith("'@SUM(") for c in cells)
    assert not any(c.startswith(("=", "+", "@")) for c in cells)


# --- file names in every message --------------------------------------------------------------

NAME = "\x1b]0;pwned\x07\x1b]52;c;ZWNobw==\x07\x1bc\u202e"


def test_file_names_are_spelled_out_in_every_message(
    tmp_path: Path, samples_dir: Path, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    folder = tmp_path / NAME
    folder.mkdir()
    pilot = folder / f"{NAME}.toml"
    shutil.copyfile(samples_dir / "acme.toml", pilot)
    runs = [
        ["report", str(pilot), "-o", str(folder / f"{NAME}.md")],
        ["report", str(pilot), "-o", str(folder / f"{NAME}.md")],  # already exists
        ["calendar", str(pilot), "-o", str(folder / f"{NAME}.ics")],
        ["new", str(folder / f"{NAME}-new"), "--prospect", "X"],
        ["new", str(folder / f"{NAME}-new"), "--prospect", "X"],  # already exists
        ["open", str(folder / f"{NAME}-missing.toml")],
        ["mark", str(pilot), "sunlight", "passed"],
        ["mark", str(pilot), "sunlight", "passed"],  # already recorded
        ["contact", str(pilot), "maria", "--on", "2026-11-20"],
        ["check", str(folder), "--today", "2026-11-22"],
        ["status", str(folder)],
    ]
    for argv in runs:
        main(argv)
        out, err = (s.decode("utf-8") for s in capfdbinary.readouterr())
        assert "\\x1b]0;pwned\\x07" in out + err, argv  # the name is there, spelled out
        assert not RAW_CONTROL.search(out + err), (argv, RAW_CONTROL.findall(out + err)[:3])


def test_the_merge_drivers_message_spells_out_the_name(
    tmp_path: Path, samples_dir: Path, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    from pilotdesk.merge.driver import run

    text = (samples_dir / "acme.toml").read_text(encoding="utf-8")
    ours, theirs, base = (tmp_path / n for n in ("ours", "theirs", "base"))
    base.write_text(text, encoding="utf-8")
    ours.write_text(text.replace('product = "Lumen S3"', 'product = "S4"'), encoding="utf-8")
    theirs.write_text(text.replace('product = "Lumen S3"', 'product = "S5"'), encoding="utf-8")
    run(base, ours, theirs, f"{NAME}.toml")
    err = capfdbinary.readouterr()[1].decode("utf-8")
    assert "\\x1b]0;pwned\\x07" in err and not RAW_CONTROL.search(err)


def test_list_templates_spells_out_a_user_templates_description(
    config_home: Path, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    from pilotdesk.pilotfile.template import templates

    folder = config_home / "pilotdesk" / "templates"
    folder.mkdir(parents=True)
    builtin = next(t for t in templates(folder) if t.path is None)
    assert builtin.name
    source = (ROOT / "pilotdesk" / "pilotfile" / "templates").glob("*.toml")
    text = next(iter(source)).read_text(encoding="utf-8")
    (folder / "wiki.toml").write_text(f"# From the wiki{NAME}\n{text}", encoding="utf-8")
    assert main(["new", "--list-templates"]) == 0
    out = capfdbinary.readouterr()[0].decode("utf-8")
    assert "wiki" in out and "\\x1b]0;pwned\\x07" in out and not RAW_CONTROL.search(out)

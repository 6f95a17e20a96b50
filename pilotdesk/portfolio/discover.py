"""Finding the pilot files under the paths a user names.

A folder is walked recursively; hidden folders (``.git``, ``.venv``, ``.tox``, ``.cache``: a
dot-folder, as ripgrep and fd skip them), ``node_modules``, ``venv`` and virtual environments (a
folder holding ``pyvenv.cfg``) are not entered. A folder named on the command line is walked
whatever its name. A ``*.toml`` file is a pilot when it has ``schema`` and
a ``[pilot]`` table: a valid TOML file is asked (one tomllib parse, kept for validation), a file
that does not parse is judged by its lines, so a broken pilot still shows as a broken pilot
while a broken ``pyproject.toml`` is skipped. A file named explicitly is always a pilot.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

SKIPPED_FOLDERS = frozenset({"node_modules", "__pycache__", "venv", "site-packages"})
_SCHEMA_LINE = re.compile(rb"^\s*schema\s*=", re.MULTILINE)
#: ``[pilot]``, and a header broken while typing it (``[pilot`` alone on its line): a file
#: that does not parse is judged by its lines, and a pilot whose own header is the error must
#: be shown as a broken pilot, not silently skipped.
_PILOT_TABLE = re.compile(rb"^\s*\[\s*pilot\b\s*(?:\]|$)", re.MULTILINE)


def candidates(paths: Iterable[Path]) -> Iterator[tuple[Path, bool]]:
    """Each file to consider, with whether it was named explicitly, in a stable order."""
    for path in paths:
        if path.is_dir():
            for found in _walk(path):
                yield found, False
        else:
            yield path, True


def _walk(root: Path) -> Iterator[Path]:
    for folder, subfolders, files in os.walk(root):
        if "pyvenv.cfg" in files:  # a virtual environment named directly: its own TOML files
            subfolders[:] = []
            continue
        subfolders[:] = sorted(
            d
            for d in subfolders
            if d not in SKIPPED_FOLDERS
            and not d.startswith(".")
            and not os.path.exists(os.path.join(folder, d, "pyvenv.cfg"))
        )
        for name in sorted(files):
            if name.lower().endswith(".toml"):
                yield Path(folder, name)


def looks_like_pilot(raw: bytes, data: dict[str, object] | None) -> bool:
    """A pilot has ``schema`` and ``[pilot]``: asked of the parsed data when it parsed, else of
    the lines (a pilot with a syntax error is still a pilot, with an error to show)."""
    if data is not None:
        return "schema" in data and isinstance(data.get("pilot"), dict)
    return bool(_SCHEMA_LINE.search(raw) and _PILOT_TABLE.search(raw))

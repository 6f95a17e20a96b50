"""Reading the pilots found under paths into rows, one parse per file."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pilotdesk.domain.errors import PilotFileError
from pilotdesk.domain.text import visible
from pilotdesk.pilotfile import read
from pilotdesk.portfolio.discover import candidates, looks_like_pilot
from pilotdesk.portfolio.rows import Broken, Row, row


def load(path: Path, now: dt.datetime, *, named: bool = True) -> Row | Broken | None:
    """The row for ``path``; None when it was found in a folder and is not a pilot."""
    try:
        raw = read.read_bytes(path)
    except PilotFileError as error:
        return Broken(str(path), visible(error.render())) if named else None
    except OSError as error:
        return Broken(str(path), visible(f"{path}:1: cannot be read: {error.strerror or error}"))
    data: dict[str, Any] | None
    try:
        text = read.decode(raw, path)
        try:
            # The reader's parse, limits included (a key of 20,000 parts costs tomllib
            # gigabytes): one parse, kept for validation, or the error's FILE:LINE.
            data, problem = read.parse_toml(text, path), None
        except PilotFileError as error:
            data, problem = None, error
        if not named and not looks_like_pilot(raw, data):
            return None
        if problem is not None:
            raise problem
        assert data is not None
        return row(path, read.validate(data, text, path), now)
    except PilotFileError as error:
        if not named and not looks_like_pilot(raw, None):
            return None
        return Broken(str(path), visible(error.render()))


def resolved(path: Path) -> Path:
    """``path`` with its links followed, to know a file named twice; a link in a loop
    (``a.toml`` -> ``b.toml`` -> ``a.toml``) or a folder that cannot be read is taken as
    written: it is a file like any other that cannot be read, and :func:`load` says why."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # Python before 3.13 raises RuntimeError on a loop
        return Path(os.path.abspath(path))


def load_all(paths: Iterable[Path], now: dt.datetime) -> list[Row | Broken]:
    """Every pilot under ``paths`` (files named explicitly always count), in path order."""
    found: list[Row | Broken] = []
    seen: set[Path] = set()
    for path, named in candidates(paths):
        key = resolved(path)
        if key in seen:
            continue
        seen.add(key)
        item = load(path, now, named=named)
        if item is not None:
            found.append(item)
    return found


class Cache:
    """:func:`load_all` that reads again only the files whose size or modification time
    changed (the board reloads on every change; 1,000 files must not be parsed for one). Rows
    depend on the day too, so a new day reads everything again."""

    def __init__(self) -> None:
        self._items: dict[tuple[str, bool], tuple[tuple[int, int], Row | Broken | None]] = {}
        self._day: dt.date | None = None

    def load_all(self, paths: Iterable[Path], now: dt.datetime) -> list[Row | Broken]:
        if now.date() != self._day:
            self._items, self._day = {}, now.date()
        kept: dict[tuple[str, bool], tuple[tuple[int, int], Row | Broken | None]] = {}
        found: list[Row | Broken] = []
        seen: set[Path] = set()
        for path, named in candidates(paths):
            real = resolved(path)
            if real in seen:
                continue
            seen.add(real)
            try:
                info = os.stat(path)
                stamp = (info.st_mtime_ns, info.st_size)
            except OSError:
                stamp = (-1, -1)  # gone or unreadable: load says why, never cached as fresh
            key = (str(path), named)
            cached = self._items.get(key)
            item = cached[1] if cached and cached[0] == stamp and stamp[0] >= 0 else None
            if cached is None or cached[0] != stamp or stamp[0] < 0:
                item = load(path, now, named=named)
            kept[key] = (stamp, item)
            if item is not None:
                found.append(item)
        self._items = kept
        return found

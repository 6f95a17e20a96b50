"""Read a pilot file's bytes into validated data, or say exactly what is wrong and where.

The order matters: encoding first, then TOML syntax with Python's own ``tomllib`` (it rejects
every invalid document of the toml-test corpus, where tomlkit accepts some), then the format
version, then content. Only a document that passes all of them is ever edited.

A pilot file is untrusted input, so reading also has limits, each refused with a message like
any other problem (exit 2, the file untouched), never a hang, a traceback or all the memory:
a regular file only (a FIFO would block, ``/dev/zero`` never ends), at most
:data:`MAX_FILE_BYTES`, arrays and inline tables nested at most :data:`MAX_NESTING` deep
(parsers recurse), keys of at most a few dotted parts and not millions of them
(:mod:`pilotdesk.pilotfile.prescan`, before ``tomllib`` spends memory on them), dates in
:mod:`pilotdesk.domain.limits`' range (deadlines are computed from them). Every reader goes
through :func:`read_bytes` and :func:`validate`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
import stat
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from pilotdesk.domain.errors import Location, PilotFileError
from pilotdesk.domain.integrity import content_problems
from pilotdesk.domain.limits import date_in_range, range_words
from pilotdesk.domain.model import SCHEMA_VERSION, Pilot, format_path, integrity_problems
from pilotdesk.pilotfile.explain import explained
from pilotdesk.pilotfile.locate import line_of
from pilotdesk.pilotfile.prescan import check_keys

_BOM = b"\xef\xbb\xbf"
_AT = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_AT_END = re.compile(r"\s*\(at end of document\)\s*$")

#: A pilot of 2,000 criteria is well under 1 MiB; 16 MiB is a generous ceiling.
MAX_FILE_BYTES = 16 * 1024 * 1024
#: A pilot needs three levels; parsers and editors recurse once per level (tomlkit stops at 100).
MAX_NESTING = 64
#: What a nesting scan skips (strings and comments) and what it counts (brackets and braces).
_NESTING_TOKENS = re.compile(
    r'"""(?:[^\\"]++|\\.|"(?!""))*+"""|\'\'\'(?:[^\']++|\'(?!\'\'))*+\'\'\''
    r'|"(?:[^"\\\n]++|\\.)*+"|\'[^\'\n]*+\'|#[^\n]*+|[\[\]{}]',
    re.DOTALL,
)


@dataclass(frozen=True)
class Parsed:
    """A valid pilot: its text exactly as read, the plain data, and the model."""

    text: str
    data: dict[str, Any]
    pilot: Pilot


def parse_bytes(raw: bytes, path: Path | str) -> Parsed:
    """Validate ``raw`` as a pilot file; raise :class:`PilotFileError` naming ``path``."""
    text = decode(raw, path)
    data = parse_toml(text, path)
    return Parsed(text, data, validate(data, text, path))


def decode(raw: bytes, path: Path | str) -> str:
    if raw.startswith(_BOM):
        raise PilotFileError(
            path,
            [
                Location(
                    1,
                    "the file starts with a byte-order mark (BOM); save it as UTF-8 without BOM",
                    column=1,
                )
            ],
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        line_start = raw.rfind(b"\n", 0, error.start) + 1
        # Columns count characters, like tomllib's and editors' do, not bytes.
        column = len(raw[line_start : error.start].decode("utf-8", errors="replace")) + 1
        byte = raw[error.start]
        raise PilotFileError(
            path,
            [
                Location(
                    line,
                    f"byte 0x{byte:02x} is not valid UTF-8; save the file as UTF-8",
                    column=column,
                )
            ],
        ) from None


def parse_toml(text: str, path: Path | str) -> dict[str, Any]:
    check_keys(text, path)  # before tomllib: a key 20,000 parts deep costs it gigabytes
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise PilotFileError(path, [_syntax_location(str(error), text)]) from None
    except RecursionError:
        # tomllib recurses once per level; far deeper than MAX_NESTING, it runs out of stack.
        raise PilotFileError(path, [_too_deep(_deep_line(text), "")]) from None


def _deep_line(text: str) -> int:
    """The line where brackets first open deeper than :data:`MAX_NESTING` (1 if nowhere)."""
    depth = 0
    for token in _NESTING_TOKENS.finditer(text):
        char = token.group()
        if char in "[{":
            depth += 1
            if depth > MAX_NESTING:
                return text.count("\n", 0, token.start()) + 1
        elif char in "]}":
            depth = max(0, depth - 1)
    return 1


def _too_deep(line: int, field: str) -> Location:
    return Location(
        line,
        f"arrays or inline tables nested more than {MAX_NESTING} levels deep",
        field=field or None,
    )


def _within_limits(data: dict[str, Any]) -> bool:
    """True when nothing in ``data`` nests too deep or holds a date out of range: the check
    every change pays (validate runs on each), so it builds no paths; see :func:`_limit_problems`."""
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack:
        value, depth = stack.pop()
        for child in value.values() if isinstance(value, dict) else value:
            if isinstance(child, dict | list):
                if depth >= MAX_NESTING:
                    return False
                stack.append((child, depth + 1))
            elif isinstance(child, dt.date) and not date_in_range(child):
                return False
    return True


def _limit_problems(data: dict[str, Any], text: str) -> list[Location]:
    """Nesting deeper than :data:`MAX_NESTING` and dates out of range, anywhere in ``data``
    (unknown keys too: they are kept and shown). Iterative, so that depth costs no stack."""
    if _within_limits(data):
        return []
    problems: list[Location] = []
    stack: list[tuple[Any, tuple[str | int, ...], int]] = [(data, (), 0)]
    while stack:
        value, at, depth = stack.pop()
        if isinstance(value, dict | list):
            if depth > MAX_NESTING:
                field = format_path(at[:6]) + ("…" if len(at) > 6 else "")
                problems.append(_too_deep(line_of(text, at), field))
                continue
            items = value.items() if isinstance(value, dict) else enumerate(value)
            stack.extend((child, (*at, key), depth + 1) for key, child in items)
        elif isinstance(value, dt.date) and not date_in_range(value):
            problems.append(
                _locate(
                    text,
                    at,
                    f"date out of range: {value.isoformat()} (pilotdesk reads dates "
                    f"{range_words()})",
                )
            )
    return problems


def _syntax_location(message: str, text: str) -> Location:
    found = _AT.search(message)
    if found:
        number = int(found.group(1))
        lines = text.replace("\r\n", "\n").split("\n")
        line = lines[number - 1] if 0 < number <= len(lines) else ""
        words = explained(_AT.sub("", message), line)
        return Location(number, words, column=int(found.group(2)))
    lines = text.replace("\r\n", "\n").split("\n")  # LF only, as TOML counts lines
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()  # the final newline ends the last line; it does not start another
    return Location(
        len(lines),
        _AT_END.sub("", message) + " (at the end of the file)",
        column=len(lines[-1]) + 1,
    )


def validate(data: dict[str, Any], text: str, path: Path | str) -> Pilot:
    """Check format version and content; ``text`` is only used to find line numbers."""
    schema = data.get("schema", SCHEMA_VERSION)
    if type(schema) is not int or schema < 1:
        raise PilotFileError(
            path,
            [
                Location(
                    line_of(text, ("schema",)),
                    f"should be {SCHEMA_VERSION}, the format version",
                    field="schema",
                )
            ],
        )
    if schema > SCHEMA_VERSION:
        raise PilotFileError(
            path,
            [
                Location(
                    line_of(text, ("schema",)),
                    f"this file is format version {schema}, newer than this pilotdesk reads "
                    f"(version {SCHEMA_VERSION}); upgrade pilotdesk to open it",
                    field="schema",
                )
            ],
        )
    limits = _limit_problems(data, text)
    if limits:
        raise PilotFileError(path, limits)
    try:
        pilot = Pilot.model_validate(data)
    except ValidationError as error:
        wrong = [(tuple(e["loc"]), _message(e)) for e in error.errors()]
        # References are checked on the plain data too, so that a hand edit gets every problem
        # in one message rather than the dangling ones only after the schema errors are fixed.
        seen = {loc for loc, _ in wrong}
        unsure = frozenset(str(loc[0]) for loc in seen if len(loc) == 3 and loc[2] == "id")
        found = content_problems(data, unsure)
        wrong += [(p.path, p.message) for p in found if p.path not in seen]
        raise PilotFileError(
            path, [_locate(text, loc, message) for loc, message in wrong]
        ) from None
    problems = integrity_problems(pilot)
    if problems:
        raise PilotFileError(path, [_locate(text, p.path, p.message) for p in problems])
    return pilot


def _locate(text: str, loc: tuple[Any, ...], message: str) -> Location:
    return Location(line_of(text, loc), message, field=format_path(loc) or None)


_EXPECTED = {
    "string_type": "text in quotes",
    "bool_type": "true or false",
    "int_type": "a whole number",
    "date_type": "a date like 2026-11-20",
    "datetime_type": "a date and time like 2026-11-20T15:02:00",
    "timezone_naive": "a local date and time like 2026-11-20T15:02:00 (no time zone)",
    "list_type": "a list",
    "dict_type": "a table",
    "model_type": "a table",
    "model_attributes_type": "a table",
}


def _message(error: Any) -> str:
    kind = error["type"]
    value = error.get("input")
    if kind == "missing":
        return "required, but missing"
    if kind == "literal_error":
        expected = str(error["ctx"]["expected"])
        return f"{describe(value)} is not one of {expected}{_did_you_mean(value, expected)}"
    if kind in _EXPECTED:
        return f"should be {_EXPECTED[kind]}, not {describe(value)}"
    if kind == "value_error":
        return str(error["msg"]).removeprefix("Value error, ")
    return str(error["msg"])


def _did_you_mean(value: Any, expected: str) -> str:
    """``; did you mean 'skeptic'?`` for a near miss (``sceptic``), else ""."""
    if not isinstance(value, str):
        return ""
    options = re.findall(r"'([^']*)'", expected)
    match = difflib.get_close_matches(value.strip().lower(), options, n=1, cutoff=0.6)
    return f"; did you mean {match[0]!r}?" if match else ""


def describe(value: Any) -> str:
    """A TOML value in words, for messages."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, dt.datetime):
        return f"the date and time {value.isoformat()}"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, dt.time):
        return f"the time {value.isoformat()}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


def read_file(path: Path) -> tuple[bytes, Parsed]:
    """Read and validate a pilot file; an unreadable file is a :class:`PilotFileError` too."""
    try:
        raw = read_bytes(path)
    except FileNotFoundError:
        raise PilotFileError(path, [Location(1, "no such file")]) from None
    except IsADirectoryError:
        raise PilotFileError(path, [Location(1, "is a folder, not a pilot file")]) from None
    except OSError as error:
        raise PilotFileError(
            path, [Location(1, f"cannot be read: {error.strerror or error}")]
        ) from None
    return raw, parse_bytes(raw, path)


def read_bytes(path: Path) -> bytes:
    """The bytes of ``path``, if it is a regular file of at most :data:`MAX_FILE_BYTES`.

    Raises :class:`PilotFileError` for anything else (a folder, a FIFO, a device, a file too
    large) and ``OSError`` when it cannot be read. A FIFO is refused without waiting for a
    writer, and at most one byte more than the limit is ever read (a file may grow)."""
    _refuse_odd(path, os.stat(path))
    fd = os.open(path, _READ_FLAGS)
    try:
        info = os.fstat(fd)  # what was opened, whatever the path pointed to a moment ago
        _refuse_odd(path, info)
        chunks: list[bytes] = []
        size = 0
        while size <= MAX_FILE_BYTES:
            chunk = os.read(fd, min(1 << 20, MAX_FILE_BYTES + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    finally:
        os.close(fd)
    if size > MAX_FILE_BYTES:
        raise PilotFileError(path, [_too_large()])
    return b"".join(chunks)


#: Binary (Windows would translate CRLF), never waiting on a FIFO, never a controlling
#: terminal; the last two are POSIX-only names (a Windows Python has no FIFO to wait on).
_READ_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_BINARY", 0)
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
)


def _refuse_odd(path: Path, info: os.stat_result) -> None:
    mode = info.st_mode
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(path)
    if not stat.S_ISREG(mode):
        kind = (
            "a FIFO (named pipe)"
            if stat.S_ISFIFO(mode)
            else "a device"
            if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
            else "a socket"
            if stat.S_ISSOCK(mode)
            else "not a regular file"
        )
        raise PilotFileError(path, [Location(1, f"is {kind}, not a pilot file")])
    if info.st_size > MAX_FILE_BYTES:
        raise PilotFileError(path, [_too_large(info.st_size)])


def _too_large(size: int | None = None) -> Location:
    mib = MAX_FILE_BYTES // (1024 * 1024)
    what = f"is {size / (1024 * 1024):.1f} MiB" if size else "is too large"
    return Location(1, f"{what}; pilotdesk reads pilot files of up to {mib} MiB")

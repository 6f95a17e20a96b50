"""Read a pilot file's bytes into validated data, or say exactly what is wrong and where.

The order matters: encoding first, then TOML syntax with Python's own ``tomllib`` (it rejects
every invalid document of the toml-test corpus, where tomlkit accepts some), then the format
version, then content. Only a document that passes all of them is ever edited.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from pilotdesk.domain.errors import Location, PilotFileError
from pilotdesk.domain.integrity import content_problems
from pilotdesk.domain.model import SCHEMA_VERSION, Pilot, format_path, integrity_problems
from pilotdesk.pilotfile.locate import line_of

_BOM = b"\xef\xbb\xbf"
_AT = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_AT_END = re.compile(r"\s*\(at end of document\)\s*$")


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
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise PilotFileError(path, [_syntax_location(str(error), text)]) from None


def _syntax_location(message: str, text: str) -> Location:
    found = _AT.search(message)
    if found:
        return Location(int(found.group(1)), _AT.sub("", message), column=int(found.group(2)))
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
        raw = path.read_bytes()
    except FileNotFoundError:
        raise PilotFileError(path, [Location(1, "no such file")]) from None
    except IsADirectoryError:
        raise PilotFileError(path, [Location(1, "is a folder, not a pilot file")]) from None
    except OSError as error:
        raise PilotFileError(
            path, [Location(1, f"cannot be read: {error.strerror or error}")]
        ) from None
    return raw, parse_bytes(raw, path)

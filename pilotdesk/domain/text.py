"""Text from a pilot file, made safe to show on a terminal.

A pilot file is untrusted input (a colleague's commit, a prospect's copy, a template off a
wiki). A control character in a name or a result, sent raw to a terminal, is an instruction to
it: ``ESC ] 52`` writes the clipboard, ``ESC ] 0`` renames the window, ``ESC [ 2J`` clears the
screen, a bidi override reorders what the reader sees. Everything pilotdesk shows from a file
goes through :func:`visible`, which spells such characters out instead (``\\x1b``, ``\\u202e``),
the way Python and most tools write them, so that they can be seen, searched and fixed.
"""

from __future__ import annotations

import re

__all__ = ["has_control", "json_text", "one_line", "visible"]

#: C0 but tab and line feed; a carriage return only when no line feed follows (CRLF is a line
#: end, a lone CR moves the cursor back over what was written); DEL; C1; the bidi marks,
#: embeddings, overrides and isolates (U+061C, U+200E-U+200F, U+202A-U+202E, U+2066-U+2069);
#: lone surrogates (a file name that is not UTF-8 holds them, U+DC80-U+DCFF, one per byte:
#: written out raw they are not even text, and a UTF-8 stream refuses them with a traceback).
_UNSAFE_CLASS = (
    "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff"
)
_UNSAFE = re.compile(f"[{_UNSAFE_CLASS}]|\r(?!\n)")
#: What JSON text may not hold raw either: everything above but the line breaks JSON escapes
#: itself (json.dumps writes C0 as \\u00XX already).
_UNSAFE_IN_JSON = re.compile(f"[{_UNSAFE_CLASS}\r]")


def _spell(found: re.Match[str]) -> str:
    code = ord(found.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a name that is not UTF-8: shown as that byte
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def visible(text: str) -> str:
    """``text`` with every control character spelled out: ``"a\\x1b[2Jb"`` shows as the
    seven characters ``a\\x1b[2Jb`` (a backslash, an x, 1, b, ...). Tabs, line feeds and CRLF line
    ends are kept; everything else printable is unchanged. The one function every line
    pilotdesk prints goes through (tests/test_hostile_printing.py checks the command line's)."""
    return _UNSAFE.sub(_spell, text)


def json_text(value: object, *, indent: int | None = 2) -> str:
    """``value`` as JSON that is safe on a terminal and always valid: every character
    :func:`visible` would spell out is written as a JSON escape (``\\u001b``, ``\\u202e``,
    ``\\udcff``), which any JSON reader turns back into the same string."""
    import json

    text = json.dumps(value, indent=indent, ensure_ascii=False)
    return _UNSAFE_IN_JSON.sub(lambda found: f"\\u{ord(found.group()):04x}", text)


def has_control(text: str) -> bool:
    """True when :func:`visible` would change ``text`` (for forms that refuse such input)."""
    return _UNSAFE.search(text) is not None


def one_line(text: str) -> str:
    """``text`` on one line, its runs of white space (line breaks included) made one space: for a
    value shown in a summary, a header of an email, a finding."""
    return " ".join(text.split())

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

__all__ = ["has_control", "visible"]

#: C0 but tab and line feed; a carriage return only when no line feed follows (CRLF is a line
#: end, a lone CR moves the cursor back over what was written); DEL; C1; the bidi embeddings,
#: overrides and isolates (U+202A-U+202E, U+2066-U+2069).
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]|\r(?!\n)")


def _spell(found: re.Match[str]) -> str:
    code = ord(found.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def visible(text: str) -> str:
    """``text`` with every control character spelled out: ``"a\\x1b[2Jb"`` shows as the
    seven characters ``a\\x1b[2Jb`` (a backslash, an x, 1, b, ...). Tabs, line feeds and CRLF line
    ends are kept; everything else printable is unchanged."""
    return _UNSAFE.sub(_spell, text)


def has_control(text: str) -> bool:
    """True when :func:`visible` would change ``text`` (for forms that refuse such input)."""
    return _UNSAFE.search(text) is not None

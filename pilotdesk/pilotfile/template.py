"""The file ``pilotdesk new`` writes: a commented skeleton with the commercial checklist filled in."""

from __future__ import annotations

import datetime as dt
import re
from importlib.resources import files

from pilotdesk.pilotfile.read import parse_bytes


def _toml_escape(text: str) -> str:
    """Escape ``text`` for use inside a TOML basic string ("...")."""
    out = []
    for ch in text:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "".join(out)


def new_pilot_text(prospect: str, product: str, starts: dt.date, ends: dt.date) -> str:
    """The template with the values in place; checked to be a valid pilot before it is returned."""
    template = files("pilotdesk.pilotfile").joinpath("new_pilot.toml").read_text(encoding="utf-8")
    values = {
        "{{title}}": _toml_escape(f"{prospect} — {product} pilot"),
        "{{prospect}}": _toml_escape(prospect),
        "{{product}}": _toml_escape(product),
        "{{starts}}": starts.isoformat(),
        "{{ends}}": ends.isoformat(),
    }
    # One pass: a value that itself contains "{{product}}" or "{{starts}}" is kept as written.
    text = re.sub(r"\{\{[a-z]+\}\}", lambda m: values.get(m.group(0), m.group(0)), template)
    parse_bytes(text.encode("utf-8"), "new pilot")  # a broken template must never reach a user
    return text

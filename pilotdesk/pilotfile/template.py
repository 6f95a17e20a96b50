"""The files ``pilotdesk new`` writes: commented skeletons with the commercial checklist filled in.

A pilot's commercial track depends on what is sold: an OEM component needs a quality audit and
a site visit, a SaaS product a security questionnaire, a SOC 2 report and a DPA. So ``new``
starts from a template: ``hardware`` (the default, what ``new`` has always written) or
``software``, shipped in ``templates/``, or the user's own, ``NAME.toml`` in the ``templates``
folder of their config folder, which wins over a shipped one of the same name (that is how a
team changes the default checklist).

A template is a pilot file with ``{{title}}``, ``{{prospect}}``, ``{{product}}``, ``{{vendor}}``,
``{{starts}}`` and ``{{ends}}`` where the values go. It is filled in one pass and validated before anything is
written: a broken template of the user's is reported at its own line, never written out.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from pilotdesk.domain.errors import PilotdeskError
from pilotdesk.pilotfile.read import parse_bytes

__all__ = ["DEFAULT", "Template", "UnknownTemplate", "find", "new_pilot_text", "templates"]

DEFAULT = "hardware"
_BUILTIN = {
    "hardware": "an OEM component or device: quality audit, site visit, supply terms",
    "software": "a SaaS or software product: security questionnaire, SOC 2, DPA, SSO, MSA",
}
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


class UnknownTemplate(PilotdeskError):
    """No template of that name."""


@dataclass(frozen=True)
class Template:
    name: str
    description: str
    #: Where a user's template lives; None for the ones shipped with pilotdesk.
    path: Path | None

    def text(self) -> str:
        if self.path is None:
            source = files("pilotdesk.pilotfile").joinpath("templates", f"{self.name}.toml")
            return source.read_text(encoding="utf-8")
        try:
            return self.path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise UnknownTemplate(f"template {self.path} cannot be read: {error}") from None


def _description(path: Path) -> str:
    """A user's template describes itself in its first line, if that is a comment."""
    try:
        with path.open(encoding="utf-8") as handle:
            first = handle.readline(200).strip()
    except (OSError, UnicodeDecodeError):
        return "(cannot be read)"
    return first.lstrip("#").strip() if first.startswith("#") else "your template"


def templates(user_folder: Path | None) -> list[Template]:
    """Every template by name: the user's own (from ``user_folder``) over the shipped ones."""
    found = {name: Template(name, text, None) for name, text in _BUILTIN.items()}
    if user_folder is not None and user_folder.is_dir():
        for path in sorted(user_folder.glob("*.toml")):
            if _NAME.fullmatch(path.stem) and path.is_file():
                found[path.stem] = Template(path.stem, _description(path), path)
    return sorted(found.values(), key=lambda t: (t.name != DEFAULT, t.path is not None, t.name))


def find(name: str, user_folder: Path | None) -> Template:
    """The template called ``name``; :class:`UnknownTemplate` says which there are."""
    known = templates(user_folder)
    match = next((t for t in known if t.name == name), None)
    if match is None:
        names = ", ".join(t.name for t in known)
        where = f" (yours go in {user_folder})" if user_folder is not None else ""
        near = difflib.get_close_matches(name.strip().lower(), [t.name for t in known], n=1)
        hint = f" (did you mean {near[0]!r}?)" if near else ""
        raise UnknownTemplate(f"no template {name!r}{hint}; there are: {names}{where}")
    return match


def has_vendor(template: Template) -> bool:
    """Whether the template has a place for our company's name (older user templates do not)."""
    return "{{vendor}}" in template.text()


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


def new_pilot_text(
    prospect: str,
    product: str,
    starts: dt.date,
    ends: dt.date,
    template: Template | None = None,
    vendor: str = "",
) -> str:
    """The template with the values in place; checked to be a valid pilot before it is returned.

    A broken template raises :class:`~pilotdesk.domain.errors.PilotFileError` naming the template
    (the values never add lines, so its line numbers are the template's own).
    """
    chosen = template or Template(DEFAULT, _BUILTIN[DEFAULT], None)
    values = {
        "{{title}}": _toml_escape(f"{prospect} — {product} pilot"),
        "{{prospect}}": _toml_escape(prospect),
        "{{product}}": _toml_escape(product),
        "{{vendor}}": _toml_escape(vendor),
        "{{starts}}": starts.isoformat(),
        "{{ends}}": ends.isoformat(),
    }
    # One pass: a value that itself contains "{{product}}" or "{{starts}}" is kept as written.
    text = re.sub(r"\{\{[a-z]+\}\}", lambda m: values.get(m.group(0), m.group(0)), chosen.text())
    # A broken template must never reach a user's file.
    parse_bytes(text.encode("utf-8"), chosen.path or f"{chosen.name} template")
    return text

"""The editable document: parsed so that writing it back gives the very bytes that were read.

tomlkit round-trips a file exactly but for one thing a person may write: it writes every header
of an array of tables the way the array's first one is written, so ``[[ criteria ]]`` comes out
as ``[[criteria]]``. :func:`parse` gives the document
:class:`~pilotdesk.pilotfile.toml_edit.internals.HeadersAsWritten` as its class, a subclass of
tomlkit's that writes each entry's header as it was written (every parsed entry
remembers it as ``display_name``). Nothing of tomlkit itself is changed: other documents in the
process (the user's config) render as tomlkit renders them.

:func:`parse_editable` also refuses a document that still would not render back to its bytes,
naming the first line that would change, so that pilotdesk never rewrites what it cannot keep.
"""

from __future__ import annotations

from pathlib import Path

import tomlkit
from tomlkit.exceptions import TOMLKitError
from tomlkit.toml_document import TOMLDocument

from pilotdesk.domain.errors import Location, PilotFileError
from pilotdesk.pilotfile.toml_edit.internals import HeadersAsWritten


def parse(text: str) -> TOMLDocument:
    """``text`` as an editable document that writes its entry headers as written.

    Raises what tomlkit raises for text it cannot parse."""
    doc = tomlkit.parse(text)
    doc.__class__ = HeadersAsWritten
    return doc


def parse_editable(text: str, path: Path) -> TOMLDocument:
    """The document of a pilot file that tomllib already read, or :class:`PilotFileError` when
    tomlkit cannot parse it or could not write it back byte for byte."""
    try:
        doc = parse(text)
    except (TOMLKitError, ValueError, TypeError, KeyError, IndexError) as error:
        line = getattr(error, "line", None)
        raise PilotFileError(
            path,
            [
                Location(
                    line if isinstance(line, int) and line > 0 else 1,
                    f"pilotdesk can read this file but not edit it: {error}",
                )
            ],
        ) from None
    rendered = doc.as_string()
    if rendered != text:
        # Editing would rewrite bytes the user wrote; refuse rather than lose them.
        line, rewritten = first_difference(text, rendered)
        raise PilotFileError(
            path,
            [
                Location(
                    line,
                    "pilotdesk cannot edit this file without rewriting this line as "
                    f"{rewritten!r}; write it that way to edit the file with pilotdesk",
                )
            ],
        )
    return doc


def first_difference(text: str, rendered: str) -> tuple[int, str]:
    """The 1-based number of the first line that differs, and how it would be written."""
    ours, theirs = text.split("\n"), rendered.split("\n")
    for number, (line, other) in enumerate(zip(ours, theirs, strict=False), start=1):
        if line != other:
            return number, other
    number = min(len(ours), len(theirs))
    return number, theirs[number - 1] if number <= len(theirs) else ""

"""Where an edit of the pilot's TOML lands: the whole document, or only the pieces it touches.

The session's :class:`~pilotdesk.session.editor.Editor` edits the text through this one
interface, :class:`EditTarget`, whichever way the text is held:

* :class:`WholeDocument`: the file parsed whole by tomlkit. Every edit is possible: fields,
  tables, adding, deleting and moving entries, the verdict.
* :class:`SplicedPieces`: only the entries a change edits and the end of the ``[[log]]``, each
  parsed alone (:mod:`pilotdesk.pilotfile.splice`). Setting an entry's fields and appending to
  the log are possible; anything else raises :class:`NotSpliceable`. Building the whole document
  of a large pilot costs most of a second, so the store uses this for a status or a field edit.

Both edit tomlkit tables with the same functions (:mod:`pilotdesk.pilotfile.toml_edit`), so a
field edit comes out byte for byte the same either way (the splice tests pin that).
"""

from __future__ import annotations

from typing import Any, Protocol

from tomlkit.items import AoT, Table
from tomlkit.toml_document import TOMLDocument

from pilotdesk.pilotfile import toml_edit
from pilotdesk.pilotfile.splice import NotSpliceable, Splicer


class EditTarget(Protocol):
    """The text an Editor changes."""

    def entry(self, collection: str, index: int) -> Table:
        """The table of entry ``index`` of the array ``collection`` (``[[criteria]]``, ...)."""
        ...

    def document(self) -> TOMLDocument:
        """The whole document, for edits beyond an entry's fields; raises
        :class:`NotSpliceable` where only pieces are held."""
        ...

    def check_editable(self, name: str, kind: type[Table] | type[AoT]) -> None:
        """Raise :class:`ValueError` with the reason when ``name`` is not written as ``kind``
        (``criteria = [{...}]`` is valid TOML pilotdesk reads but cannot edit in place)."""
        ...

    def append_log(self, values: dict[str, Any]) -> None: ...

    def text(self) -> str:
        """The file's text with every edit made so far."""
        ...


class WholeDocument:
    """The file as one tomlkit document."""

    def __init__(self, doc: TOMLDocument) -> None:
        self.doc = doc

    def entry(self, collection: str, index: int) -> Table:
        return self.doc[collection][index]

    def document(self) -> TOMLDocument:
        return self.doc

    def check_editable(self, name: str, kind: type[Table] | type[AoT]) -> None:
        if name in self.doc and not isinstance(self.doc.item(name), kind):
            form = f"[[{name}]] blocks" if kind is AoT else f"a [{name}] table"
            raise ValueError(
                f"{name} is not written as {form} in the file; "
                "pilotdesk can only edit it in that form"
            )

    def append_log(self, values: dict[str, Any]) -> None:
        toml_edit.append_log(self.doc, values)

    def text(self) -> str:
        return self.doc.as_string()


class SplicedPieces:
    """The pieces of the text a :class:`Splicer` prepared: entries' fields and the log's end."""

    def __init__(self, splicer: Splicer) -> None:
        self.splicer = splicer

    def entry(self, collection: str, index: int) -> Table:
        return self.splicer.table(collection, index)

    def document(self) -> TOMLDocument:
        raise NotSpliceable("this edit needs the whole document")

    def check_editable(self, name: str, kind: type[Table] | type[AoT]) -> None:
        # Nothing to check: Splicer.prepare found a [[name]] header for every entry, and the
        # pieces are only ever entries of arrays of tables.
        return None

    def append_log(self, values: dict[str, Any]) -> None:
        self.splicer.append_log(values)

    def text(self) -> str:
        return self.splicer.text()

"""Edits to the tomlkit document that keep everything the user wrote.

tomlkit round-trips a file exactly, but three of its defaults would move or lose what a person
wrote, so every edit of the pilot's TOML goes through this module:

* a new key is appended after a table's trailing comments, which in a pilot file belong to the
  *next* entry's header; we insert it right after the table's last key instead;
* the comment lines above an ``[[criteria]]`` header are stored in the body of the *previous*
  entry, so deleting or moving that entry would take them along; before rearranging an array of
  tables we move each entry's header comments onto the entry itself (``trivia.indent`` is
  rendered verbatim before the header), and put the trailer of the last entry back at the end;
* new tables and arrays are placed where a person would put them (the order of the brief,
  under the comment that describes them, before the next section's heading), not at the end
  of the file; removing one leaves the comments around it on the page (see "gap" below).

Placing a line exactly needs a few of tomlkit's private names; :mod:`.internals` is the one
module that touches them, a test checks each against the installed tomlkit, CI runs the editing
tests on the oldest allowed and the newest released tomlkit, and the round-trip tests pin the
behaviour.

The package: :mod:`.document` parses the editable document (and says why a file cannot be
edited losslessly), :mod:`.keys` edits the keys of a table, :mod:`.tables` places and removes
top-level tables, :mod:`.entries` edits arrays of tables, :mod:`.trivia` moves the comments
and blank lines that belong to an entry along with it. tomlkit's own classes are never
changed: where its rendering needs help, :func:`parse` gives the document a subclass of ours.
"""

from pilotdesk.pilotfile.toml_edit.document import parse, parse_editable
from pilotdesk.pilotfile.toml_edit.entries import (
    append_log,
    insert_entry,
    move_entry,
    new_entry,
    remove_entry,
)
from pilotdesk.pilotfile.toml_edit.keys import Taken, same_value, set_key, to_item
from pilotdesk.pilotfile.toml_edit.tables import (
    CANONICAL_ORDER,
    Created,
    Gap,
    Removed,
    create_table,
    get_aot,
    get_table,
    put_table,
    remove_created_table,
    remove_table,
    swap_table,
)

__all__ = [
    "CANONICAL_ORDER",
    "Created",
    "Gap",
    "Removed",
    "Taken",
    "append_log",
    "create_table",
    "get_aot",
    "get_table",
    "insert_entry",
    "move_entry",
    "new_entry",
    "parse",
    "parse_editable",
    "put_table",
    "remove_created_table",
    "remove_entry",
    "remove_table",
    "same_value",
    "set_key",
    "swap_table",
    "to_item",
]

"""The baseline: the least a Textual app can do to show a pilot's scorecard and mark a criterion.

    python benchmarks/minimal_app.py FILE

Reads FILE with tomllib and shows one DataTable row per criterion (id, status, title, target,
result: the status before the long texts, so that it is on screen at 120 columns); ``p`` marks
the criterion under the cursor passed: it updates the cell and saves the file at once, as the
same bytes with that criterion's status replaced, written to a temporary file, fsync'd and
renamed over FILE. ``q`` quits. No validation, no theme, no header or footer, no log: what
pilotdesk is measured against, so its cost is the cost of Python, Textual and a DataTable with the
same rows, and of an atomic save of the same file.
"""

from __future__ import annotations

import os
import sys
import tomllib

from textual.app import App, ComposeResult
from textual.coordinate import Coordinate
from textual.widgets import DataTable

COLUMNS = ("id", "status", "title", "target", "result")
STATUS = COLUMNS.index("status")


class MinimalApp(App[None]):
    BINDINGS = [("q", "quit", "Quit"), ("p", "passed", "Passed")]

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path
        self.raw = b""

    def compose(self) -> ComposeResult:
        yield DataTable(cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        with open(self.path, "rb") as handle:
            self.raw = handle.read()
        data = tomllib.loads(self.raw.decode("utf-8"))
        table = self.query_one(DataTable)
        table.add_columns(*COLUMNS)
        table.add_rows(
            [tuple(str(c.get(key, "")) for key in COLUMNS) for c in data.get("criteria", [])]
        )
        table.focus()

    def action_passed(self) -> None:
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.update_cell_at(Coordinate(row, STATUS), "passed")
        self.save(row, "passed")

    def save(self, index: int, status: str) -> None:
        """The file's bytes with criterion ``index``'s status value replaced, saved atomically."""
        raw, at = self.raw, -1
        for _ in range(index + 1):
            at = raw.index(b"\n[[criteria]]", at + 1)
        start = raw.index(b'\nstatus = "', at) + len(b'\nstatus = "')
        end = raw.index(b'"', start)
        new = raw[:start] + status.encode() + raw[end:]
        temporary = self.path + ".tmp"
        with open(temporary, "wb") as handle:
            handle.write(new)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, self.path)
        self.raw = new


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python benchmarks/minimal_app.py FILE")
    MinimalApp(sys.argv[1]).run()

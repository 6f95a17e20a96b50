"""The baseline: the least a Textual app can do to show a pilot's scorecard.

    python benchmarks/minimal_app.py FILE

Reads FILE with tomllib and shows one DataTable row per criterion (id, title, target, result,
status); ``q`` quits. No validation, no theme, no header or footer: what pilotdesk is measured
against, so its cost is the cost of Python, Textual and a DataTable with the same rows.
"""

from __future__ import annotations

import sys
import tomllib

from textual.app import App, ComposeResult
from textual.widgets import DataTable

COLUMNS = ("id", "title", "target", "result", "status")


class MinimalApp(App[None]):
    BINDINGS = [("q", "quit", "Quit")]

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path

    def compose(self) -> ComposeResult:
        yield DataTable(cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        with open(self.path, "rb") as handle:
            data = tomllib.load(handle)
        table = self.query_one(DataTable)
        table.add_columns(*COLUMNS)
        table.add_rows(
            [tuple(str(c.get(key, "")) for key in COLUMNS) for c in data.get("criteria", [])]
        )
        table.focus()


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python benchmarks/minimal_app.py FILE")
    MinimalApp(sys.argv[1]).run()

"""The list widget every pane uses: a DataTable with vim keys that updates in place."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import DataTable
from textual.widgets.data_table import CellDoesNotExist

from pilotdesk.ui.keys import bind
from pilotdesk.ui.style import plain, safe

Cell = str | Text
Row = tuple[str, Sequence[Cell]]


class PilotTable(DataTable, inherit_bindings=False):
    """Rows are keyed by entry id. :meth:`sync` changes only the cells that differ, so a status
    change re-renders one cell and the cursor never moves under the user's hands."""

    # Not inherited: enter belongs to the pane (edit, jump), so the footer can say what it does.
    BINDINGS = [
        bind("list.down", "down,j", "cursor_down", "Down", show=False),
        bind("list.up", "up,k", "cursor_up", "Up", show=False),
        bind("list.page_down", "pagedown", "page_down", "Page down", show=False),
        bind("list.page_up", "pageup", "page_up", "Page up", show=False),
        bind("list.first", "home,g", "scroll_top", "First", show=False),
        bind("list.last", "end,G", "scroll_bottom", "Last", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self._shown: dict[str, tuple[Cell, ...]] = {}  # what the DataTable holds, fitted
        self._raw: dict[str, Sequence[Cell]] = {}  # the cells the pane gave, by row key
        self._widths: dict[str, tuple[int, ...]] = {}  # their widths, measured once per cells
        self._cache: dict[str, tuple[tuple[object, ...], tuple[Cell, ...]]] = {}
        self._flex: dict[int, int] = {}
        self._limits: dict[int, int] = {}

    #: This table's style for the paint under way (see :meth:`render_lines`), else None.
    _painting_style: Style | None = None

    def render_lines(self, crop: Region) -> list[Strip]:
        """Paint with this table's style worked out once, not once per line: DataTable asks
        for it on every line, and working it out walks every ancestor (the tabs, the pane):
        most of a keystroke's paint at a few criteria. Nothing changes styles mid-paint."""
        self._painting_style = super().rich_style
        try:
            return super().render_lines(crop)
        finally:
            self._painting_style = None

    @property
    def rich_style(self) -> Style:
        painting = self._painting_style
        return painting if painting is not None else super().rich_style

    def set_columns(self, *labels: str, flex: dict[str, int] | None = None) -> None:
        """Columns in order; ``flex`` columns share the width the others leave, by weight, and
        their text is cut with an ellipsis, so the last columns (status!) never scroll away."""
        if self.columns:
            return
        for label in labels:
            self.add_column(label, key=label)
        self._flex = {labels.index(name): weight for name, weight in (flex or {}).items()}

    def reset_columns(self) -> None:
        """Forget the columns (and rows) so :meth:`set_columns` can lay out different ones."""
        self.clear(columns=True)
        self._shown = {}
        self._raw = {}
        self._widths = {}
        self._cache = {}
        self._limits = {}

    def on_resize(self) -> None:
        if self._flex and self._raw:
            self.sync(list(self._raw.items()))

    def _fit(self, rows: Sequence[Row]) -> dict[int, int]:
        """The width of each flex column (empty when there is nothing to fit)."""
        width = self.size.width or self.app.size.width
        if not self._flex or not rows or width <= 0:
            return {}
        count = len(self.columns)
        labels = [column.label.cell_len for column in self.columns.values()]
        widths = [self._widths[key] for key, _ in rows]
        natural = [max(labels[i], *(row[i] for row in widths)) for i in range(count)]
        fixed = sum(natural[i] for i in range(count) if i not in self._flex)
        room = width - fixed - 2 * count - 1  # cell padding and the vertical scrollbar
        return _share(room, self._flex, labels, natural)

    def sync(self, rows: Sequence[Row]) -> None:
        """Show ``rows``, changing only the cells that differ from what is shown.

        A pane that passes the very same cells tuple for an unchanged row (see
        :meth:`cached_row`) costs one identity check for that row: at 2,000 criteria a
        keystroke must not measure and compare every cell of every row."""
        before = self._raw
        self._raw = {key: cells for key, cells in rows}
        changed = [key for key, cells in rows if before.get(key) is not cells]
        for key in changed:
            self._widths[key] = tuple(_len(cell) for cell in self._raw[key])
        limits = self._fit(rows)
        # Columns only ever grow when cells change, so new limits need the rows laid out anew.
        if list(before) != list(self._raw) or limits != self._limits:
            self._limits = limits
            self._widths = {key: self._widths[key] for key in self._raw}
            self._cache = {key: row for key, row in self._cache.items() if key in self._raw}
            self._rebuild(rows)
            return
        columns = list(self.columns)
        for key in changed:
            old = self._shown[key]
            cells = self._fitted(self._raw[key])
            for index, cell in enumerate(cells):
                if index >= len(old) or not _cell_unchanged(old[index], cell):
                    # A longer value widens its column (flex columns are cut to their limit).
                    self.update_cell(key, columns[index], cell, update_width=True)
            self._shown[key] = cells

    def cached_row(
        self, key: str, signature: tuple[object, ...], build: Callable[[], tuple[Cell, ...]]
    ) -> Row:
        """``(key, cells)``, with the cells built again only when ``signature`` (everything
        the row shows) changed since the last call for ``key``."""
        cached = self._cache.get(key)
        if cached is None or cached[0] != signature:
            cached = (signature, build())
            self._cache[key] = cached
        return key, cached[1]

    def _fitted(self, cells: Sequence[Cell]) -> tuple[Cell, ...]:
        limits = self._limits
        # Plain strings become Text here: DataTable reads a str cell as markup and emoji codes,
        # and a title like "Latency [ms] at 2 m" or "Boot :30s" must show as written.
        return tuple(
            _cut(cell, limits[i]) if i in limits else _plain(cell) for i, cell in enumerate(cells)
        )

    def _rebuild(self, rows: Sequence[Row]) -> None:
        selected = self.selected_key
        row = self.cursor_row
        self.clear()
        # clear() keeps each column's width; start again from the label so columns can shrink.
        for column in self.columns.values():
            column.content_width = column.label.cell_len
        self._shown = {}
        for key, cells in rows:
            fitted = self._fitted(cells)
            self.add_row(*fitted, key=key)
            self._shown[key] = fitted
        if selected in self._shown:
            self.select_key(selected)
        elif rows:
            self.move_cursor(row=min(max(row, 0), len(rows) - 1))

    @property
    def selected_key(self) -> str | None:
        if not self.row_count or self.cursor_row < 0:
            return None
        try:
            return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        except CellDoesNotExist:
            return None

    def select_key(self, key: str | None) -> None:
        if key is None or key not in self._shown:
            return
        self.move_cursor(row=self.get_row_index(key))


def _share(room: int, flex: dict[int, int], floor: list[int], natural: list[int]) -> dict[int, int]:
    """Widths for the flex columns: each at least its label (a DataTable column is never
    narrower than its label), then ``room`` shared by weight among the columns that want more,
    none wider than it needs."""
    limits = {i: floor[i] for i in flex}
    left = room - sum(limits.values())
    while left > 0:
        wanting = {i: w for i, w in flex.items() if limits[i] < natural[i]}
        if not wanting:
            break
        total = sum(wanting.values())
        given = 0
        for i, weight in wanting.items():
            extra = min(natural[i] - limits[i], max(1, left * weight // total), left - given)
            limits[i] += extra
            given += extra
        left -= given
    return limits


def _len(cell: Cell) -> int:
    # Measuring a plain string with cell_len avoids building a Text per cell: at 2,000 rows
    # the fitting would otherwise cost more than the rest of a keystroke.
    return cell.cell_len if isinstance(cell, Text) else cell_len(cell)


def _plain(cell: Cell) -> Text:
    # Every cell shows text from the file: control characters are spelled out here, once.
    return safe(cell) if isinstance(cell, Text) else plain(cell)


def _cut(cell: Cell, width: int) -> Text:
    if _len(cell) <= width:
        return _plain(cell)
    text = _plain(cell)
    text = text.copy() if text is cell else text
    text.truncate(width, overflow="ellipsis")
    return text


def _cell_unchanged(old: Cell, new: Cell) -> bool:
    """The cell would paint the same (text, style and spans), so its row need not re-render."""
    if isinstance(old, str) or isinstance(new, str):
        return old == new
    return old.plain == new.plain and old.style == new.style and old.spans == new.spans

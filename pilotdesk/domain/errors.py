"""The errors pilotdesk reports to its users.

Each one carries what a person needs to fix the problem: the file, the line (and column for
TOML syntax), the field, and what is wrong, formatted the way compilers do so that editors and
terminals can jump to it: ``acme.toml:21: criteria[1].status: 'passd' is not one of ...``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pilotdesk.domain.text import visible


class PilotdeskError(Exception):
    """Base of every error pilotdesk reports without a traceback."""


@dataclass(frozen=True)
class Location:
    """One problem at one place in a file."""

    line: int
    message: str
    column: int | None = None
    field: str | None = None

    def render(self, filename: str) -> str:
        where = f"{filename}:{self.line}"
        if self.column is not None:
            where += f":{self.column}"
        what = f"{self.field}: {self.message}" if self.field else self.message
        # Messages quote the file (ids, values) and the file's own name: never raw to a terminal.
        return visible(f"{where}: {what}")


class PilotFileError(PilotdeskError):
    """The pilot file cannot be read: bad bytes, bad TOML or bad content. Nothing was changed."""

    def __init__(self, path: Path | str, problems: list[Location]):
        self.path = Path(path)
        self.problems = sorted(problems, key=lambda p: (p.line, p.column or 0))
        super().__init__(self.render())

    def render(self) -> str:
        return "\n".join(p.render(str(self.path)) for p in self.problems)

    @property
    def first(self) -> Location:
        return self.problems[0]


class ChangeRejected(PilotdeskError):
    """A change would make the pilot invalid (or names something that is not there)."""


class SaveError(PilotdeskError):
    """The file could not be written; the change is kept in memory and nothing on disk broke."""


class ConflictError(SaveError):
    """The file changed on disk since pilotdesk read it; pilotdesk did not write over it."""


class DateOutOfRange(PilotdeskError, ValueError):
    """A date computation would leave the calendar (Python's dates end at 9999-12-31)."""

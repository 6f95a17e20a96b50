"""The ``pilotdesk`` command line: :func:`main` is the console script.

One module per group of commands: :mod:`.pilot` (open, new, check, email), :mod:`.portfolio`
(check over folders, status, gaps, board), :mod:`.documents` (report, calendar, the status
email), :mod:`.git` (mark, contact, merge, git setup); :mod:`.common` is what they share and
:mod:`.main` builds the parser. The arrows point one way (an import-linter contract): main over
the groups, portfolio over pilot, the groups over git, and everything over common.
Nothing outside this package imports it but ``python -m pilotdesk``.
"""

from pilotdesk.cli.main import main

__all__ = ["main"]

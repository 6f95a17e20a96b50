"""Documents for people who never open a terminal: the prospect's one-pager, the team's brief,
the dates as a calendar, the weekly status email.

Owns turning a pilot into such documents. May import :mod:`pilotdesk.domain` and
:mod:`pilotdesk.pilotfile`; never the editing session or Textual (an import-linter contract
in pyproject.toml keeps it so). The prospect's version is built from an allow-list of model
fields (:mod:`pilotdesk.reports.audiences`), never by removing private things from the team's:
a field added to the format later stays out of it until someone decides it may go in.
"""

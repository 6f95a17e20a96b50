"""The domain: what a pilot is and what it means, with no idea of files, sessions or screens.

Owns the pilot's model (format version 1), the readiness rules, the review's deadlines, the
words of the header and of ``pilotdesk check``, the Technical Win email, and the errors that
every layer reports to the user.

May import: the standard library and pydantic. Never the file layer (``pilotdesk.pilotfile``),
the editing session (``pilotdesk.session``), tomlkit or Textual: every other layer builds on
this one, so it stays pure and fast to import (``check`` and ``email`` run in git hooks).
"""

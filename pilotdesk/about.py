"""What pilotdesk is running on: its version and the versions of what it is built on.

``pilotdesk --version`` prints them and every crash report starts with them, so that a bug
report says which Textual, tomlkit and pydantic it met. Read from the installed packages'
metadata (``importlib.metadata``): nothing is imported, so ``--version`` stays quick and
works even when a library is broken.
"""

from __future__ import annotations

import platform
import sys
from importlib import metadata

from pilotdesk import __version__

#: The libraries whose behaviour pilotdesk depends on most (the UI, the editing, the model).
LIBRARIES = ("textual", "tomlkit", "pydantic")


def library_versions() -> list[tuple[str, str]]:
    """``(name, version)`` for Python and each of :data:`LIBRARIES` ("not installed" if absent)."""
    found = [("Python", platform.python_version())]
    for name in LIBRARIES:
        try:
            found.append((name, metadata.version(name)))
        except metadata.PackageNotFoundError:
            found.append((name, "not installed"))
    return found


def version_line() -> str:
    """``pilotdesk 0.1.0 (Python 3.12.3, textual 8.2.8, tomlkit 0.15.3, pydantic 2.12.5)``."""
    versions = ", ".join(f"{name} {version}" for name, version in library_versions())
    return f"pilotdesk {__version__} ({versions})"


def platform_line() -> str:
    """The operating system and Python build, for a crash report."""
    return f"{platform.platform()}; {sys.implementation.name} {sys.version.split()[0]}"

"""The system clipboard (pyperclip), for the workbook and the command line alike.

``pilotdesk email --copy`` and the workbook's ``y`` use this one path, so they copy the same way
on every machine and say the same thing when they cannot. It imports no Textual: the workbook
adds the terminal's own clipboard (OSC 52) as its fallback in :mod:`pilotdesk.ui.clipboard`;
the command line has no such fallback it could confirm, so it says that it could not copy.
"""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["ClipboardUnavailable", "SystemCopy", "pyperclip_copy"]

SystemCopy = Callable[[str], str]
"""Copies text to the system clipboard and returns the mechanism's name; raises on failure."""


class ClipboardUnavailable(Exception):
    """No system clipboard mechanism on this machine."""


def pyperclip_copy(text: str) -> str:
    import pyperclip

    try:
        pyperclip.copy(text)
    except pyperclip.PyperclipException as error:
        raise ClipboardUnavailable(str(error).split("\n")[0]) from None
    except OSError as error:
        # The mechanism pyperclip chose could not be run: clip.exe under WSL without Windows
        # interop (or in a container on a WSL host), a copy tool removed since. Not a crash of
        # the workbook in the middle of the meeting: the terminal path and the file still work.
        raise ClipboardUnavailable(
            f"the system clipboard tool could not be run: {error.strerror or error}"
        ) from None
    copy_function, _ = pyperclip.determine_clipboard()
    return getattr(copy_function, "__name__", "system").removeprefix("copy_").replace("_", " ")

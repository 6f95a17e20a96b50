"""Copying text out of pilotdesk: the one place that touches a clipboard.

Two paths, both tried every time:

* the system clipboard through pyperclip, where this machine has a mechanism (pbcopy, xclip,
  xsel, wl-copy, the Windows API); pyperclip tells us when it worked or not;
* the terminal's own clipboard through the OSC 52 escape sequence (Textual's
  ``copy_to_clipboard``), which also works over SSH and inside tmux with ``set-clipboard on``,
  but which no terminal acknowledges: we can send it, never confirm it.

The result says honestly which path was used, so the message to the user can too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual.app import App

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


@dataclass(frozen=True)
class CopyResult:
    system: str | None  # the mechanism that confirmed the copy, if any
    problem: str | None  # why the system clipboard was not used

    @property
    def confirmed(self) -> bool:
        return self.system is not None

    def message(self, what: str) -> str:
        if self.confirmed:
            return f"{what} was copied to the clipboard ({self.system}) and sent to the terminal."
        return f"{what} was sent to the terminal's clipboard (OSC 52); pilotdesk cannot confirm the terminal took it."


def copy(app: App, text: str, system: SystemCopy = pyperclip_copy) -> CopyResult:
    app.copy_to_clipboard(text)  # OSC 52, always; also sets app.clipboard
    try:
        mechanism = system(text)
    except ClipboardUnavailable as error:
        return CopyResult(None, str(error))
    return CopyResult(mechanism, None)

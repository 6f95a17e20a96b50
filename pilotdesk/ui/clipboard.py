"""Copying text out of the workbook: the system clipboard and the terminal's, both at once.

Two paths, both tried every time:

* the system clipboard through pyperclip (:mod:`pilotdesk.clipboard`, shared with the command
  line's ``email --copy``), where this machine has a mechanism (pbcopy, xclip,
  xsel, wl-copy, the Windows API); pyperclip tells us when it worked or not;
* the terminal's own clipboard through the OSC 52 escape sequence (Textual's
  ``copy_to_clipboard``), which also works over SSH and inside tmux with ``set-clipboard on``,
  but which no terminal acknowledges: we can send it, never confirm it.

The result says honestly which path was used, so the message to the user can too.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import App

from pilotdesk.clipboard import ClipboardUnavailable, SystemCopy, pyperclip_copy

__all__ = ["ClipboardUnavailable", "CopyResult", "SystemCopy", "copy", "pyperclip_copy"]


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

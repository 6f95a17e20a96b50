"""Where an email from the command line goes: standard output, a new file (``-o``), the system
clipboard (``--copy``) or a ``mailto:`` URL for the default mail client (``--mailto``).

Shared by the Technical Win email (:mod:`.pilot`) and the status update (:mod:`.documents`), so
both go everywhere the same way. Whatever goes out quotes the file: control characters are
spelled out (``visible``); the ``.eml``'s CRLF line ends are kept. May import :mod:`.common`, the
domain, and the system clipboard lazily (only ``--copy`` loads pyperclip).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from pilotdesk.cli.common import (
    EXIT_INVALID,
    EXIT_OK,
    add_output,
    say,
    visible_bytes,
    write_document,
)
from pilotdesk.domain.mail import Email
from pilotdesk.domain.model import Pilot
from pilotdesk.domain.text import visible


def add_delivery(email: argparse.ArgumentParser) -> None:
    """``-o``, ``--copy``, ``--mailto`` and ``--open`` on the ``email`` command."""
    add_output(email)
    email.add_argument(
        "--copy",
        action="store_true",
        help="copy the body (or with --subject, the subject) to the system clipboard",
    )
    email.add_argument(
        "--mailto",
        action="store_true",
        help="print a mailto: URL with the recipients, subject and body (for Gmail or any "
        "mail client)",
    )
    email.add_argument(
        "--open",
        action="store_true",
        help="with --mailto: hand the URL to the default mail client",
    )


def problem(args: argparse.Namespace) -> str | None:
    """Options that cannot go together, in words (None: they can)."""
    given = [
        name
        for name, on in (
            ("-o", args.output is not None),
            ("--copy", args.copy),
            ("--mailto", args.mailto),
        )
        if on
    ]
    if len(given) > 1:
        return f"{' and '.join(given)} cannot go together: the email goes one way at a time"
    if args.mailto and (args.eml or args.subject):
        return "--mailto carries the subject and the body: not with --eml or --subject"
    if args.copy and args.eml:
        return "--copy copies the body (or --subject the subject), not an --eml message"
    if args.open and not args.mailto:
        return "--open opens a --mailto URL: add --mailto"
    return None


def deliver(args: argparse.Namespace, message: Email, pilot: Pilot) -> int:
    """The composed ``message`` where the options say (see the module)."""
    refused = problem(args)
    if refused is not None:
        say(f"pilotdesk: {refused}", err=True)
        return EXIT_INVALID
    if args.mailto:
        return _mailto(message, pilot, args.open)
    if args.eml:
        from pilotdesk.domain.mail import to_eml

        raw = to_eml(message, pilot, dt.datetime.now().astimezone())
        return write_document(visible_bytes(raw), args.output)
    # The body alone by default: it is what goes into the message (`pilotdesk email f | pbcopy`
    # pastes clean, as y in the workbook does); the subject has its own field, and its own
    # option, so a script can fill both: mail -s "$(pilotdesk email f --subject)" < <(…).
    text = visible(message.subject + "\n" if args.subject else message.clipboard_text())
    if args.copy:
        return _copy(text, "the subject" if args.subject else "the body", message)
    return write_document(text.encode("utf-8"), args.output)


def _copy(text: str, what: str, message: Email) -> int:
    from pilotdesk.clipboard import ClipboardUnavailable, pyperclip_copy

    try:
        mechanism = pyperclip_copy(text)
    except ClipboardUnavailable as error:
        say(
            f"pilotdesk: cannot copy to the clipboard: {error}; print the email instead "
            "(without --copy) and pipe it to your copy tool, or use --mailto",
            err=True,
        )
        return EXIT_INVALID
    say(f"Copied {what} to the clipboard ({mechanism}).", err=True)
    if what == "the body":
        say(f"Subject: {message.subject}", err=True)
    return EXIT_OK


def _mailto(message: Email, pilot: Pilot, open_it: bool) -> int:
    from pilotdesk.domain.mailto import mailto_url

    url = mailto_url(message, pilot)  # percent-encoded: ASCII, no control character
    say(url)
    if open_it:
        import webbrowser

        sys.stdout.flush()
        if not webbrowser.open(url):
            say("pilotdesk: no mail client or browser to open it with", err=True)
            return EXIT_INVALID
    return EXIT_OK

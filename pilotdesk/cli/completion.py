"""``pilotdesk completion bash|zsh|fish``: a shell completion script, generated from the parser.

Generated (by ``shtab``, a maintained generator) from the same parser that reads the command
line, so a new command or option completes as soon as it exists; nothing is kept by hand.
Files and folders complete where a command takes them (every argument typed as a path).
May import :mod:`.common`; the parser comes from :mod:`.main` as a function.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from pilotdesk.cli.common import write_document

SHELLS = ("bash", "zsh", "fish")

#: How to install each, for ``--help`` and the README.
INSTALL = {
    "bash": 'eval "$(pilotdesk completion bash)"   # in ~/.bashrc',
    "zsh": 'eval "$(pilotdesk completion zsh)"    # in ~/.zshrc, after compinit',
    "fish": "pilotdesk completion fish > ~/.config/fish/completions/pilotdesk.fish",
}


def add_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    root: Callable[[], argparse.ArgumentParser],
) -> None:
    """``completion``; ``root`` builds the whole parser (the one the script completes)."""
    completion = commands.add_parser(
        "completion",
        help="print a completion script for your shell",
        description="Print a shell completion script for pilotdesk's commands, options, "
        "choices and files.",
        epilog="install:\n" + "\n".join(f"  {line}" for line in INSTALL.values()),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    completion.add_argument("shell", choices=SHELLS, help="bash, zsh or fish")
    completion.set_defaults(run=lambda args: _completion(args, root()))


def script(parser: argparse.ArgumentParser, shell: str) -> str:
    """The completion script for ``shell``."""
    import shtab

    for action in _actions(parser):
        if action.type is Path and not hasattr(action, "complete"):
            action.complete = shtab.FILE  # type: ignore[attr-defined]
        if isinstance(action, argparse._SubParsersAction) and action.help == argparse.SUPPRESS:
            # Hidden from the top --help only because the groups there list the commands;
            # the shell must still complete them (shtab skips a suppressed action).
            action.help = "the command"
    return shtab.complete(parser, shell=shell)


def _actions(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    found = list(parser._actions)
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in dict.fromkeys(action.choices.values()):
                found += _actions(sub)
    return found


def _completion(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    return write_document(script(parser, args.shell).encode("utf-8"), None)

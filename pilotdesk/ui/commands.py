"""The command palette (ctrl+p), generated from the bindings: every binding with a palette title
becomes a command, described by the binding's own words and the keys that run it now.

What the palette offers is what ``check_action`` allows: a pane's command switches to that pane
first, so it is offered when the app may switch panes (no dialog open) and the pane does not
refuse it. Commands without a key (the agreement's sign-off, the handoff, the close-out, Theme:
switch) are written here, once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING

from textual.actions import parse
from textual.app import SystemCommand
from textual.binding import Binding
from textual.dom import DOMNode

from pilotdesk.ui.keys import PilotBinding, bindings_of, key_names
from pilotdesk.ui.panes.registry import PANES

if TYPE_CHECKING:
    from pilotdesk.ui.app import PilotdeskApp


def _allowed(node: DOMNode, action: str) -> bool:
    _, name, parameters = parse(action)
    return node.check_action(name, parameters) is not False


def _describe(app: PilotdeskApp, binding: Binding) -> str:
    return f"{binding.tooltip} ({key_names(app, binding)})"


def _commands(owner: type) -> Iterator[PilotBinding]:
    return (b for b in bindings_of(owner) if isinstance(b, PilotBinding) and b.command)


#: Palette-only commands that make documents from the pilot (see pilotdesk.ui.exports).
EXPORT_COMMANDS = (
    ("Report: save for the prospect", "An HTML report without your private notes", "prospect"),
    ("Report: save for the team", "An HTML brief with stances, gaps and findings", "team"),
    ("Calendar: save", "The pilot's dates as an .ics file", "calendar"),
    ("Email: status update", "Copy the weekly status email to the champion", "status"),
)


def palette_commands(app: PilotdeskApp) -> Iterator[SystemCommand]:
    app_commands = list(_commands(type(app)))
    goes = [b for b in app_commands if b.action.startswith("pane(")]
    for binding in goes:
        if _allowed(app, binding.action):
            yield SystemCommand(binding.command, _describe(app, binding), _run(app, binding.action))
    for pane_class in (spec.cls for spec in PANES):
        pane: DOMNode = app.query_one(pane_class)
        name = pane.id or ""
        if not _allowed(app, f"pane('{name}')"):
            continue
        for binding in _commands(pane_class):
            if _allowed(pane, binding.action):
                yield SystemCommand(
                    binding.command, _describe(app, binding), _on_pane(app, name, binding.action)
                )
    for binding in app_commands:
        if binding not in goes and _allowed(app, binding.action):
            yield SystemCommand(binding.command, _describe(app, binding), _run(app, binding.action))
    if _allowed(app, "pane('scorecard')"):  # changes the pilot: not under a dialog
        yield SystemCommand(
            "Agreement: record sign-off",
            "Who at the prospect signed the scorecard, and when",
            app.action_record_sign_off,
        )
        win = app.store.pilot.technical_win
        if win is not None and win.verdict == "yes":  # the AE takes over after a Yes
            yield SystemCommand(
                "Handoff: record and write brief",
                "Hand the Technical Win to the AE; writes NAME-handoff.md beside the pilot",
                app.action_handoff,
            )
        yield SystemCommand(
            "Pilot: close out", "How the pilot ended: won, lost, …", app.action_close_out
        )
    if _allowed(app, "pane('scorecard')"):  # not over a form: it would leave out what is typed
        for title, help_, what in EXPORT_COMMANDS:
            yield SystemCommand(title, help_, partial(app.action_export, what))
    yield SystemCommand(
        "Theme: switch", "Choose a theme; remembered for next time", app.action_change_theme
    )


def _run(app: PilotdeskApp, action: str) -> Callable[[], object]:
    return lambda: app.run_action(action)


def _on_pane(app: PilotdeskApp, name: str, action: str) -> Callable[[], None]:
    def run() -> None:
        app.action_pane(name)
        app.call_after_refresh(app.pane(name).run_action, action)

    return run

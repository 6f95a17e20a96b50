"""The workbook's theme: the ones ``--theme`` names (and the user's), the one asked for or
remembered, and remembering a change made in the palette.

A base of :class:`~pilotdesk.ui.app.PilotdeskApp` (and so of the board's workbook), apart so
that the app's module stays one sitting's read.
"""

from __future__ import annotations

import dataclasses

from textual.app import App
from textual.theme import Theme

from pilotdesk import config
from pilotdesk.ui.themes import load_themes, resolve_theme_name, theme_alias


class ThemedApp(App[int]):
    """Sets the theme up at start (``_setup_theme``, from ``__init__``) and follows changes."""

    remember_theme: bool
    _requested_theme: str | None
    _startup_notes: list[str]
    _shown_theme: str

    def refresh_views(self) -> None:
        raise NotImplementedError

    def _setup_theme(self) -> None:
        themes, problems = load_themes()
        if themes:
            # Only the themes --theme takes, by its names ("high-contrast"), not Textual's twenty.
            for builtin in list(self.available_themes):
                self.unregister_theme(builtin)
        for theme in themes:
            self.register_theme(dataclasses.replace(theme, name=theme_alias(theme.name)))
        self._startup_notes.extend(problems)
        settings = config.load_config()
        if settings.warning:
            self._startup_notes.append(settings.warning)
        requested = self._requested_theme or settings.theme
        name, warning = resolve_theme_name(requested, themes, settings.theme)
        name = theme_alias(name) if themes else name
        if warning:
            self._startup_notes.append(warning)
        self.theme = name
        self._shown_theme = name
        if self._requested_theme and not warning and self._requested_theme != settings.theme:
            self._remember(name)

    def _theme_changed(self, theme: Theme) -> None:
        # The theme set at start-up is announced too: neither remember nor re-render for it.
        if theme.name == self._shown_theme:
            return
        self._shown_theme = theme.name
        self._remember(theme.name)
        self.refresh_views()

    def _remember(self, name: str) -> None:
        if self.remember_theme:
            problem = config.set_theme(name)
            if problem:
                self.notify(problem, severity="warning")

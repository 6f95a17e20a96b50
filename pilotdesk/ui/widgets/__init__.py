"""Widgets shared by the panes and screens: the header, the status line, the entry table."""

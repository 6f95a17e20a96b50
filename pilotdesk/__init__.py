"""pilotdesk: a terminal workbook for one technical pilot."""

__version__ = "0.1.0"

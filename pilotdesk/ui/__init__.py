"""The Textual user interface (the only part of pilotdesk that imports Textual)."""

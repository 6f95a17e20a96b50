"""Modal screens: each returns a typed result, and escape always cancels with ``None``."""

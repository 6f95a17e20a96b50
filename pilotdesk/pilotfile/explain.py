"""tomllib's syntax errors in words that say what is wrong and how to write it.

tomllib says "Invalid date or datetime" for ``ends = 2026-11-31`` and "Invalid value" for
``product = Lumen S3``: true, and no help to a person who wrote a pilot file by hand from the
README. The line itself says which mistake it is.
"""

from __future__ import annotations

import datetime as dt
import re

#: A value that looks like a date (``2026-11-31``), to say what is wrong with it.
_DATE_LIKE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
#: ``key = value``: the value of a line that did not parse.
_KEY_VALUE = re.compile(r"^\s*([A-Za-z0-9_.\"' -]+?)\s*=\s*(.*?)\s*$")


def explained(message: str, line: str) -> str:
    """tomllib's words, with what is wrong and how to write it for the two a person meets
    most: a date that is no date (``2026-11-31``) and a text without quotes."""
    found = _KEY_VALUE.match(line)
    value = re.sub(r"\s+#.*$", "", found.group(2)) if found else ""  # not the comment
    key = found.group(1).strip() if found else "key"
    if message == "Invalid date or datetime":
        date = _DATE_LIKE.match(value)
        if date:
            year, month, day = (int(n) for n in date.groups())
            try:
                dt.date(year, month, day)
            except ValueError as error:
                return (
                    f"{date.group(0)} is not a date ({error}); write a real one as YYYY-MM-DD, "
                    "no quotes, such as 2026-11-30"
                )
        return f"{message}; write a date as YYYY-MM-DD, no quotes, such as 2026-11-30"
    if message == "Invalid value" and value and value[0] not in "\"'[{" and not value[0].isdigit():
        shown = value if len(value) <= 40 else value[:39] + "…"
        return f'{message}: text needs quotes, as in {key} = "{shown}"'
    return message

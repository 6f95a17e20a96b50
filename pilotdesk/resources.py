"""Find the data folders that ship with pilotdesk (themes, sample pilots).

The folders live at the top of the source checkout, where users look for them,
and pyproject.toml force-includes them into the wheel as ``pilotdesk/_data/...``.
So there are two places to look, and this module is the only code that knows
about both. It deliberately does not import Textual.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """Return the shipped data folder called ``name`` ("themes" or "sample_pilots").

    Looks first in the installed-wheel location (``pilotdesk/_data/<name>``), then
    in the source checkout / editable install (``<repo>/<name>``).

    Raises:
        FileNotFoundError: if neither folder exists, naming both places searched.
    """
    candidates = (
        _PACKAGE_DIR / "_data" / name,  # installed wheel
        _PACKAGE_DIR.parent / name,  # source checkout or editable install
    )
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    searched = " or ".join(str(c) for c in candidates)
    raise FileNotFoundError(
        f"pilotdesk data folder {name!r} not found (looked in {searched}); "
        "the installation may be incomplete"
    )

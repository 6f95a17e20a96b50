"""Issue 2, acceptance point 2: the toml-test corpus.

Every invalid document raises :class:`PilotFileError` (never another exception) with a
``NAME:LINE:COL: `` message; no valid document raises anything else either (most are not pilot
files, so they fail on content, with a ``NAME:LINE: `` message).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from _corpus import CORPUS, needs_corpus  # tests/ is on sys.path (no package)

from pilotdesk.domain.errors import PilotFileError
from pilotdesk.pilotfile.read import parse_bytes

INVALID = sorted(CORPUS.glob("invalid/**/*.toml"))
VALID = sorted(CORPUS.glob("valid/**/*.toml"))

pytestmark = needs_corpus


def _id(path: Path) -> str:
    return str(path.relative_to(CORPUS))


def test_the_corpus_is_complete() -> None:
    assert len(INVALID) == 509
    assert len(VALID) >= 200


@pytest.mark.parametrize("path", INVALID, ids=_id)
def test_invalid_document_is_a_located_pilot_file_error(path: Path) -> None:
    name = path.name
    with pytest.raises(PilotFileError) as raised:
        parse_bytes(path.read_bytes(), name)
    message = str(raised.value)
    assert re.match(rf"^{re.escape(name)}:\d+:\d+: \S", message), message
    assert raised.value.first.line >= 1 and (raised.value.first.column or 0) >= 1


@pytest.mark.parametrize("path", VALID, ids=_id)
def test_valid_document_raises_nothing_but_pilot_file_error(path: Path) -> None:
    name = path.name
    try:
        parse_bytes(path.read_bytes(), name)
    except PilotFileError as error:
        assert re.match(rf"^{re.escape(name)}:\d+(:\d+)?: \S", str(error)), str(error)
        for line in str(error).splitlines():
            assert line.startswith(f"{name}:")

"""Where the toml-test corpus is: beside the checkout (``../shared/toml-test``, as in CI and on a
developer's machine), or where ``TOML_TEST_DIR`` says. In CI a missing corpus is an error, not
a skip, so the corpus tests can never pass by not running."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

_CANDIDATES = [
    os.environ.get("TOML_TEST_DIR", ""),
    str(Path(__file__).resolve().parents[1].parent / "shared" / "toml-test" / "tests"),
    "/work/shared/toml-test/tests",
]


def corpus_dir() -> Path:
    for candidate in _CANDIDATES:
        if candidate and (Path(candidate) / "invalid").is_dir():
            return Path(candidate)
    return Path(_CANDIDATES[1])


CORPUS = corpus_dir()

if os.environ.get("CI") and not (CORPUS / "invalid").is_dir():
    raise RuntimeError(
        f"the toml-test corpus is missing (looked in {', '.join(c for c in _CANDIDATES if c)})"
    )

needs_corpus = pytest.mark.skipif(
    not CORPUS.is_dir(), reason="the toml-test corpus is not on this machine"
)

"""Waiting for a running app to catch up, for tests that change files under it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


async def settle(pilot: Any, ready: Callable[[], bool], timeout: float = 15.0) -> None:
    """Let the app run until ``ready()`` (a file poll has seen a change, a dialog is up), for at
    most ``timeout`` seconds: a busy machine (CI on two cores, tests in parallel) may take
    several poll intervals; a fixed pause made these tests flaky. The caller asserts after."""
    import time

    deadline = time.monotonic() + timeout
    while not ready() and time.monotonic() < deadline:
        await pilot.pause(0.1)

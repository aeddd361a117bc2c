"""The test process's full garbage collections: how many, how long, and how many objects it holds.

    python -m pytest -p tests.benchmarks.gc_pauses -p no:randomly tests/bot

The bot and the sandbox share the test process, so a full collection stops both: one that takes
longer than Slack's 3 s makes a click miss its acknowledgement and its form's trigger expire. Each
collection's time grows with the objects the process holds, which is how a leak between tests
shows up (`tests/bot/process/test_local.py`). A plug-in, not a test: it prints figures at the end.
"""

from __future__ import annotations

import gc
import time
from typing import Any

import pytest

LONGEST_SHOWN = 5
_started: list[float] = []
_full: list[float] = []  # seconds each full (generation 2) collection took


def _watch(phase: str, info: dict[str, Any]) -> None:
    if phase == "start":
        _started[:] = [time.perf_counter()]
    elif info["generation"] == 2 and _started:
        _full.append(time.perf_counter() - _started[0])


def pytest_configure(config: pytest.Config) -> None:
    gc.callbacks.append(_watch)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    gc.callbacks.remove(_watch)
    longest = ", ".join(f"{s:.2f}" for s in sorted(_full, reverse=True)[:LONGEST_SHOWN])
    terminalreporter.write_line(
        f"full garbage collections: {len(_full)}, {sum(_full):.1f} s in all, longest {longest} s; "
        f"{len(gc.get_objects()):,} objects held at the end"
    )

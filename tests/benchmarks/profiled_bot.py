"""`hiring-workshop run` under cProfile, every thread included (the listeners run on worker threads,
which a plain `python -m cProfile` never sees). Each thread is timed by its own CPU clock, so time
spent waiting (for the database, Slack, a lock or the GIL) is not counted: the profile shows where
the CPU goes. The merged profile is written to BENCH_PROFILE when the bot stops; the benchmarks
start it in place of the bot when given --profile."""

from __future__ import annotations

import cProfile
import os
import pstats
import sys
import threading
import time
from types import FrameType
from typing import Any

from bot.cli import main as run_bot

_profiles: list[cProfile.Profile] = []
_lock = threading.Lock()


def _profile_this_thread(_frame: FrameType, _event: str, _arg: Any) -> None:
    # threading.setprofile installs this in every new thread; it hands the thread to a profiler.
    sys.setprofile(None)
    profile = cProfile.Profile(time.thread_time)
    with _lock:
        _profiles.append(profile)
    profile.enable()


def main() -> int:
    target = os.environ["BENCH_PROFILE"]
    threading.setprofile(_profile_this_thread)
    main_thread = cProfile.Profile(time.thread_time)
    _profiles.append(main_thread)
    main_thread.enable()
    try:
        return run_bot(["run"])
    finally:
        main_thread.disable()
        with _lock:
            stats = pstats.Stats(*_profiles)
        stats.dump_stats(target)


if __name__ == "__main__":
    raise SystemExit(main())

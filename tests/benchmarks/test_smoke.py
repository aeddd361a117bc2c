"""Every benchmark, run at a tiny size as its own command: it must finish and print its figures.

Nothing here judges a figure (a benchmark is not a timed test); the real runs and their results are
in docs/benchmarks.md. The six commands start together, since most of their time is spent waiting
for processes to start and for the bot to act, and each test then reads one command's output.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from tests.benchmarks.common import REPO_ROOT

TIMEOUT_SECONDS = 180
# Each benchmark at a tiny size, on SQLite, and the figures its JSON line must carry.
SMOKE = {
    "reconciliation": (
        ["--size", "5,10", "--min-seconds", "0.01"],
        ["n5_total_ms", "n10_analyse_cpu_ms", "growth_5_to_10", "profile_sensitivity_ms"],
    ),
    "ack": (
        ["--size", "4", "--concurrency", "2", "--db", "sqlite"],
        [
            "bare_start_p99_ms",
            "sqlite_start_p99_ms",
            "sqlite_answer_p50_ms",
            "sqlite_answer_throughput_vs_bare",
        ],
    ),
    "fanout": (
        ["--size", "3"],
        ["invitations_delivered_s", "least_time_s", "refused_twice_for_same_reason"],
    ),
    "scheduling": (
        ["--size", "1", "--interval", "1", "--spread", "1", "--lead", "1"],
        ["startup_s", "peak_rss_mb", "lateness_max_s", "later_than_one_interval"],
    ),
    "edge": (
        ["--body-mb", "2", "--half-sent", "2", "--wait", "15"],
        ["peak_rss_before_mb", "peak_rss_after_chunked_mb", "half_sent_body_held_max_s"],
    ),
    "memory": (
        ["--size", "1,2", "--db", "sqlite", "--settle", "0.1"],
        ["sqlite_idle_rss_mb", "sqlite_rss_with_2_workshops_mb", "sqlite_growth_per_workshop_kib"],
    ),
}


@dataclass(frozen=True)
class Run:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture(scope="module")
def runs() -> Iterator[dict[str, Run]]:
    started = {
        name: subprocess.Popen(
            [sys.executable, "-m", f"tests.benchmarks.{name}", *arguments],
            cwd=REPO_ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name, (arguments, _) in SMOKE.items()
    }
    finished = {}
    try:
        for name, process in started.items():
            stdout, stderr = process.communicate(timeout=TIMEOUT_SECONDS)
            finished[name] = Run(process.returncode, stdout, stderr)
        yield finished
    finally:
        for process in started.values():
            if process.poll() is None:
                process.kill()
                process.wait()


@pytest.mark.parametrize("name", list(SMOKE))
def test_the_benchmark_runs_and_prints_its_figures(runs: dict[str, Run], name: str) -> None:
    run = runs[name]
    assert run.returncode == 0, f"{name} failed:\n{run.stderr[-3000:]}"
    lines = run.stdout.strip().splitlines()
    figures = json.loads(lines[-1])
    assert figures["benchmark"] == name
    for figure in SMOKE[name][1]:
        assert figure in figures, f"{name} printed no {figure}; it printed {sorted(figures)}"
        # The same figure is printed as a plain line for people, too.
        assert any(line.startswith(f"{figure}: ") for line in lines), f"no plain line for {figure}"

"""What every benchmark shares: percentiles, timing, resident memory, throwaway databases, and the
report each one prints (plain `name: value unit` lines, then one JSON line with every figure)."""

from __future__ import annotations

import json
import math
import os
import platform
import pstats
import socket
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import make_url

REPO_ROOT = Path(__file__).resolve().parents[2]
POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
DATABASES = ("sqlite", "postgres")


def percentile(values: Sequence[float], share: float) -> float:
    """The value below which `share` (0..1) of `values` lie, interpolated between neighbours."""
    if not values:
        raise ValueError("no values to take a percentile of")
    ordered = sorted(values)
    position = (len(ordered) - 1) * share
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass(frozen=True)
class Timing:
    """Median wall-clock and CPU time of repeated runs, in ms. The CPU time is what the work costs
    whatever else the machine is doing; the wall time is what a person waits on this machine."""

    wall_ms: float
    cpu_ms: float
    runs: int


def timing(action: Callable[[], object], min_seconds: float) -> Timing:
    """Run `action` at least three times and for at least `min_seconds`."""
    walls: list[float] = []
    cpus: list[float] = []
    started = time.perf_counter()
    while len(walls) < 3 or time.perf_counter() - started < min_seconds:
        wall, cpu = time.perf_counter(), time.thread_time()
        action()
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.thread_time() - cpu) * 1000)
    return Timing(statistics.median(walls), statistics.median(cpus), len(walls))


def rss_mb(pid: int | str = "self") -> float:
    """Resident memory of a process (VmRSS), in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"/proc/{pid}/status has no VmRSS line")


def cpu_seconds(pid: int | str = "self") -> float:
    """User plus system CPU time a process has used so far, all its threads together."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def machine() -> dict[str, Any]:
    meminfo = Path("/proc/meminfo").read_text().splitlines()
    total_kb = next(int(line.split()[1]) for line in meminfo if line.startswith("MemTotal:"))
    return {
        "load_average_1m": float(Path("/proc/loadavg").read_text().split()[0]),
        "cpus": os.cpu_count(),
        "memory_gib": round(total_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
    }


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Report:
    """Figures as they are measured, printed at once; `finish()` prints them again as one JSON line."""

    def __init__(self, benchmark: str, **parameters: Any) -> None:
        self.benchmark = benchmark
        self.parameters = parameters
        self.figures: dict[str, Any] = {}
        print(f"# {benchmark} {' '.join(f'{k}={v}' for k, v in parameters.items())}", flush=True)
        print(f"# machine {machine()}", flush=True)

    def figure(self, name: str, value: Any, unit: str = "") -> None:
        self.figures[name] = round(value, 4) if isinstance(value, float) else value
        shown = f"{value:.3f}" if isinstance(value, float) else str(value)
        print(f"{name}: {shown}{' ' + unit if unit else ''}", flush=True)

    def note(self, text: str) -> None:
        print(f"  {text}", flush=True)

    def finish(self) -> None:
        line = {"benchmark": self.benchmark, "machine": machine(), **self.parameters, **self.figures}
        print(json.dumps(line, sort_keys=True), flush=True)


def ratio(measured: float, anchor: float) -> float | None:
    return measured / anchor if anchor > 0 else None


@contextmanager
def database(kind: str) -> Iterator[str]:
    """A URL to an empty database of the benchmark's own: a fresh SQLite file, or a fresh schema on
    the PostgreSQL server (dropped afterwards) that every connection reaches through its search_path."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory(prefix="bench-db-") as folder:
            yield f"sqlite:///{folder}/workshops.db"
        return
    if kind != "postgres":
        raise ValueError(f"unknown database {kind!r}: use one of {', '.join(DATABASES)}")
    schema = f"bench_{uuid.uuid4().hex[:12]}"
    admin = make_url(POSTGRES_URL).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE SCHEMA "{schema}"')
    try:
        url = make_url(POSTGRES_URL).update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP SCHEMA "{schema}" CASCADE')


def chosen_databases(choice: str) -> tuple[str, ...]:
    return DATABASES if choice == "both" else (choice,)


def profile_top(path: str, count: int = 15, sort: str = "cumulative") -> list[str]:
    """The top entries of a saved cProfile, one line each: cumulative and own seconds, calls, where."""
    stats = pstats.Stats(path)
    entries = stats.stats.items()  # type: ignore[attr-defined]
    key = 3 if sort == "cumulative" else 2
    top = sorted(entries, key=lambda item: item[1][key], reverse=True)[:count]
    return [
        f"{ct:8.2f} s cum {tt:7.2f} s own {nc:8d} calls  {name} ({_short(file)}:{line})"
        for (file, line, name), (_cc, nc, tt, ct, _callers) in top
    ]


def _short(file: str) -> str:
    parts = Path(file).parts
    for anchor in ("site-packages", "bot", "storage", "flows"):
        if anchor in parts:
            return "/".join(parts[parts.index(anchor) + (anchor == "site-packages") :])
    return Path(file).name

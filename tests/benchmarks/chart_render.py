"""How long the recommendation's chart takes to draw, per shipped flow and panel size.

Run: .venv/bin/python -m tests.benchmarks.chart_render
Prints the first (cold) render and the median of ten warm renders, in milliseconds. The target is
under 300 ms a chart; this is a measurement, not a test, so nothing fails on a slow machine."""

from __future__ import annotations

import statistics
import time

from bot.charts.verdict import verdict_chart
from bot.demo.plan import plan_story
from flows.loader import FlowCatalog

RUNS = 10


def main() -> None:
    catalog = FlowCatalog.load()
    print(f"{'flow':40} {'people':>6} {'cold ms':>8} {'warm median ms':>15} {'PNG bytes':>10}")
    for flow in catalog.all():
        for people in (3, 5, 50):
            analysis = plan_story(flow, people, seed=1).round2
            start = time.perf_counter()
            chart = verdict_chart(flow, analysis, 1)
            cold = (time.perf_counter() - start) * 1000
            warm = []
            for _ in range(RUNS):
                start = time.perf_counter()
                verdict_chart(flow, analysis, 1)
                warm.append((time.perf_counter() - start) * 1000)
            print(
                f"{flow.id:40} {people:>6} {cold:>8.0f} {statistics.median(warm):>15.0f} {len(chart.png):>10}"
            )


if __name__ == "__main__":
    main()

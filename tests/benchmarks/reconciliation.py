"""Benchmark 3, reconciliation: how long the engine takes to score, judge agreement, test
sensitivity and write the summary for panels of 10, 100 and 1,000 on the flow with most questions.

    python -m tests.benchmarks.reconciliation [--size 10,100,1000] [--seed 7]

Target: 1,000 participants under 200 ms, and cost growing linearly (about 10x per 10x people).
A cProfile of the largest panel shows where the time goes, stage by stage.
"""

from __future__ import annotations

import argparse
import cProfile
import itertools
import pstats
import random
import time

from flows.engine import analyse, summary_json, summary_sections
from flows.engine.model import Answer, AnswerValue, Member, Panel
from flows.loader import FlowCatalog
from flows.schema import Flow, Question, QuestionKind
from tests.benchmarks.common import Report, timing

TARGET_MS = 200.0
MIN_SECONDS = 0.5  # repeat each timing at least this long, so the median is steady
ROLES = ("ceo", "cto", "cfo", "product", "engineering", "compliance", "people", "operations", "other")
# What the engine does inside `analyse`, by the functions that do it (for the profile's breakdown).
STAGES = {
    "reading answers": "read_panel",
    "agreement": "judge",
    "scoring": "tally",
    "sensitivity": "sensitivity_cases",
    "reliability (alpha)": "alpha_of",
    "confidence": "judge_confidence",
}


def largest_flow() -> Flow:
    return max(FlowCatalog.load().all(), key=lambda flow: len(flow.questions))


def random_answer(question: Question, chance: random.Random) -> AnswerValue:
    kind = question.kind
    if kind is QuestionKind.YES_NO:
        return chance.random() < 0.6
    if kind is QuestionKind.SCALE:
        return chance.randint(1, 5)
    values = [c.value for c in question.choices or []]
    if kind is QuestionKind.SINGLE_CHOICE:
        return chance.choice(values)
    if kind is QuestionKind.MULTI_CHOICE:
        return chance.sample(values, chance.randint(1, len(values)))
    if kind is QuestionKind.NUMBER:
        low = question.min if question.min is not None else 0
        high = question.max if question.max is not None else low + 1000
        return chance.randint(int(low), int(min(high, low + 5000)))
    return f"Free-text view number {chance.randint(1, 50)}."


def random_panel(flow: Flow, size: int, seed: int) -> Panel:
    """`size` members with random answers; a few decline and a few leave questions blank, as panels do."""
    chance = random.Random(seed)
    members, answers = [], {}
    for number in range(size):
        member_id = f"m{number:05d}"
        declined = chance.random() < 0.05
        members.append(Member(id=member_id, role=chance.choice(ROLES), declined=declined))
        if not declined:
            answers[member_id] = {
                q.id: Answer(value=random_answer(q, chance)) for q in flow.questions if chance.random() < 0.9
            }
    return Panel(members=members, round1=answers)


def measure_size(flow: Flow, size: int, args: argparse.Namespace, report: Report) -> float:
    """Time the three steps for one panel size; returns the CPU ms of all three together."""
    panel = random_panel(flow, size, args.seed)
    analysis = analyse(flow, panel)
    steps = {
        "analyse": timing(lambda: analyse(flow, panel), args.min_seconds),
        "summary_sections": timing(lambda: summary_sections(flow, analysis), args.min_seconds),
        "summary_json": timing(lambda: summary_json(flow, analysis), args.min_seconds),
    }
    for step, taken in steps.items():
        report.figure(f"n{size}_{step}_ms", taken.wall_ms, f"ms wall, median of {taken.runs}")
        report.figure(f"n{size}_{step}_cpu_ms", taken.cpu_ms, "ms CPU")
    total_cpu = sum(t.cpu_ms for t in steps.values())
    report.figure(f"n{size}_total_ms", sum(t.wall_ms for t in steps.values()), "ms wall")
    report.figure(f"n{size}_total_cpu_ms", total_cpu, "ms CPU")
    report.figure(f"n{size}_disputed", len(analysis.disputed))
    return total_cpu


def stage_breakdown(flow: Flow, panel: Panel) -> tuple[dict[str, float], list[str]]:
    """CPU milliseconds spent in each stage of one profiled `analyse` (profiling slows it several
    times over, so compare the stages with each other, not with the timings), and the top entries."""
    profile = cProfile.Profile(time.thread_time)
    profile.runcall(analyse, flow, panel)
    stats = pstats.Stats(profile)
    cumulative: dict[str, float] = {}
    for (_file, _line, name), (_cc, _nc, _tt, ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        cumulative[name] = cumulative.get(name, 0.0) + ct
    stages = {stage: cumulative.get(function, 0.0) * 1000 for stage, function in STAGES.items()}
    top = sorted(stats.stats.items(), key=lambda item: item[1][3], reverse=True)[:12]  # type: ignore[attr-defined]
    lines = [
        f"{ct * 1000:8.1f} ms cumulative {nc:7d} calls  {name} ({file.split('/')[-1]}:{line})"
        for (file, line, name), (_, nc, _, ct, _) in top
    ]
    return stages, lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="10,100,1000", help="panel sizes, comma-separated")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--min-seconds", type=float, default=MIN_SECONDS, help="repeat each timing this long")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.size.split(",")]
    flow = largest_flow()
    report = Report("reconciliation", flow=flow.id, questions=len(flow.questions), sizes=sizes)
    totals = [measure_size(flow, size, args, report) for size in sizes]
    for (small, before), (big, after) in itertools.pairwise(zip(sizes, totals, strict=True)):
        report.figure(f"growth_{small}_to_{big}", after / before, f"x CPU for {big / small:g}x people")
    report.figure("largest_cpu_vs_target", totals[-1] / TARGET_MS, f"of the {TARGET_MS:g} ms target")
    stages, profile = stage_breakdown(flow, random_panel(flow, sizes[-1], args.seed))
    for stage, ms in stages.items():
        report.figure(
            f"profile_{stage.split()[0]}_ms", ms, f"ms CPU in {stage} (under cProfile, n={sizes[-1]})"
        )
    report.note("cProfile of one analyse (CPU time), top entries by cumulative time:")
    for line in profile:
        report.note(line)
    report.finish()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Benchmark 1, acknowledgement: how fast the bot acknowledges `/hiring start FLOW @a @b` and an
answer-section submission over HTTP with 50 concurrent senders, against a bare Bolt app that only
acknowledges, served the same way on the same machine in the same run.

    python -m tests.benchmarks.ack [--size 1000] [--concurrency 50] [--db both]

The bot runs as `hiring-workshop run` (HTTP mode) in a process of its own, talking to the sandbox's
Web API; the senders run in another process and sign each request as Slack does. Target: p99 under
100 ms, and throughput at least half the bare app's.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import math
import time

from sqlalchemy import func, select

from bot.edge.http_server import EVENTS_PATH
from bot.sandbox import Sandbox
from flows.loader import FlowCatalog
from storage.db import make_engine
from storage.models import Workshop
from tests.benchmarks.common import (
    Report,
    chosen_databases,
    cpu_seconds,
    database,
    percentile,
    profile_top,
    ratio,
)
from tests.benchmarks.load import LoadProcess, LoadResult, Prepared
from tests.benchmarks.servers import ServerProcess, bare_process, bot_process
from tests.benchmarks.workspace import (
    CHANNEL,
    FACILITATOR,
    FLOW_ID,
    TEAM,
    add_channels,
    build_workspace,
    example_answers,
    invitations_delivered,
    open_answer_form,
    prepared,
    slash_body,
    start_text,
    submission_body,
)

TARGET_P99_MS = 100.0
TARGET_SHARE_OF_BARE = 0.5
PANEL = 5  # people per workshop in the answering phase
WARMUP = 2  # requests per sender before measuring
DRAIN_LIMIT_S = 60.0  # how long to wait for the fan-outs still running after the last ack


def spread(requests: list[Prepared], senders: int) -> list[list[Prepared]]:
    return [requests[number::senders] for number in range(senders)]


def any_answer(per_sender: list[list[Prepared]]) -> list[list[Prepared]]:
    """The same requests for the bare app, which acknowledges with an empty body."""
    return [[dataclasses.replace(request, expect=b"") for request in requests] for requests in per_sender]


def start_requests(sandbox: Sandbox, invitees: list[str], count: int, expect: bytes) -> list[Prepared]:
    """Each start in a channel of its own: Slack allows about one message a second per channel, so
    many starts in one channel would measure that limit (the bot's pacing keeps to it), not the bot."""
    channels = add_channels(sandbox, count, invitees)
    return [prepared(slash_body(sandbox, start_text(invitees), channel), expect) for channel in channels]


def answer_requests(
    sandbox: Sandbox, answerers: list[str], per_sender: int, expect: bytes
) -> list[list[Prepared]]:
    """Each answerer submits the first section of their form over and over, alternating between two
    sets of answers so that every submission stores new answers."""
    facilitator = sandbox.user(TEAM, FACILITATOR)
    for first in range(0, len(answerers), PANEL):
        started = facilitator.slash("/hiring", start_text(answerers[first : first + PANEL]), channel=CHANNEL)
        if not started.acknowledged:
            raise RuntimeError(f"the bot did not acknowledge /hiring start: {started}")
    flow, examples = FlowCatalog.load().get(FLOW_ID), example_answers()
    per_person = []
    for number, user_id in enumerate(answerers):
        form = open_answer_form(sandbox, user_id)
        bodies = [
            submission_body(sandbox, flow, form, examples[(number + turn) % len(examples)]) for turn in (0, 1)
        ]
        per_person.append([prepared(bodies[turn % 2], expect) for turn in range(per_sender)])
    return per_person


def describe(report: Report, name: str, result: LoadResult, bare: LoadResult | None) -> None:
    report.figure(
        f"{name}_server_cpu_ms",
        result.server_cpu / max(1, result.sent) * 1000,
        "ms of server CPU per request",
    )
    report.figure(
        f"{name}_sandbox_cpu_ms",
        result.sandbox_cpu / max(1, result.sent) * 1000,
        "ms of sandbox CPU per request",
    )
    # Over every answered request: one refused after Slack's 3 s (Bolt's "unhandled request") counts.
    answered = result.latencies + result.refused_latencies
    if not answered:
        raise RuntimeError(f"{name}: no request was answered at all; first failures: {result.failures[:3]}")
    p50, p99 = (percentile(answered, share) * 1000 for share in (0.5, 0.99))
    report.figure(f"{name}_p50_ms", p50, "ms")
    report.figure(f"{name}_p99_ms", p99, "ms")
    report.figure(f"{name}_per_second", result.throughput, "acknowledgements/s")
    report.figure(f"{name}_failures", len(result.failures))
    if result.failures:
        report.note(f"first failure: {result.failures[0]}")
    if bare is not None:
        share = ratio(result.throughput, bare.throughput)
        report.figure(f"{name}_throughput_vs_bare", share, "x the bare app's")
        met = p99 < TARGET_P99_MS and share is not None and share >= TARGET_SHARE_OF_BARE
        report.figure(f"{name}_meets_target", "yes" if met else "no")


def measure(
    senders: LoadProcess, server: ServerProcess, sandbox: Sandbox, per_sender: list[list[Prepared]]
) -> LoadResult:
    server_cpu, sandbox_cpu = cpu_seconds(server.pid), cpu_seconds()
    result = senders.run(server.url + EVENTS_PATH, sandbox.signing_secret, per_sender, WARMUP)
    result.server_cpu, result.sandbox_cpu = cpu_seconds(server.pid) - server_cpu, cpu_seconds() - sandbox_cpu
    return result


def workshops_stored(url: str) -> int:
    engine = make_engine(url, pool_size=1, max_overflow=0)
    try:
        with engine.connect() as connection:
            return int(connection.execute(select(func.count()).select_from(Workshop)).scalar_one())
    finally:
        engine.dispose()


def launched_cpu(
    report: Report, name: str, bot: ServerProcess, url: str, expected: int, cpu_before: float, count: int
) -> None:
    """A start is acknowledged first and stored after (its launch: the workshop, its posts in the
    outbox, its schedule), so the CPU of the acknowledgements alone leaves most of a start out. This
    is the bot's CPU from the first start sent until every start is stored, a start; sending the
    posts, at Slack's pace, comes later still and is not in it."""
    began = time.perf_counter()
    while workshops_stored(url) < expected:
        if time.perf_counter() - began > DRAIN_LIMIT_S:
            report.note(f"{name}: not every start was stored within {DRAIN_LIMIT_S:g} s")
            return
        time.sleep(0.05)
    used = cpu_seconds(bot.pid) - cpu_before
    report.figure(
        f"{name}_server_cpu_until_stored_ms",
        used / count * 1000,
        "ms of server CPU per start, launch included",
    )


def wait_for_fanout(sandbox: Sandbox, before: int, expected: int, report: Report, name: str) -> None:
    """Starts are acknowledged first and carried out after: how long after the last acknowledgement
    the last invitation went out, if within DRAIN_LIMIT_S; else how many had gone out by then."""
    began = time.perf_counter()
    try:
        sandbox.wait_for(lambda: invitations_delivered(sandbox) - before >= expected, timeout=DRAIN_LIMIT_S)
    except TimeoutError:
        delivered = invitations_delivered(sandbox) - before
        report.figure(f"{name}_invitations_within_{DRAIN_LIMIT_S:g}s", delivered, f"of {expected}")
        return
    report.figure(f"{name}_fanout_drained_after_s", time.perf_counter() - began, "s after the last ack")


def run_database(
    db: str, args: argparse.Namespace, senders: LoadProcess, report: Report, bare: dict[str, LoadResult]
) -> None:
    """The bot on one database; the first time, the bare app as well (started alongside, measured
    first, with the same requests in the same sandbox)."""
    per_sender = math.ceil(args.size / args.concurrency) + WARMUP
    with (
        Sandbox() as sandbox,
        database(db) as url,
        database("sqlite") as spare,
        contextlib.ExitStack() as stack,
    ):
        people = build_workspace(sandbox, math.ceil(args.concurrency / PANEL) * PANEL + 2)
        answerers, invitees = people[: args.concurrency], people[-2:]
        profile_to = f"{args.profile}.{db}" if args.profile else None
        bot = stack.enter_context(bot_process(sandbox, TEAM, url, http=True, profile_to=profile_to).launch())
        anchor = None if bare else stack.enter_context(bare_process(sandbox, TEAM, spare).launch())
        bot.wait_until_ready()
        sandbox.connect_http(bot.url + EVENTS_PATH)
        answers = answer_requests(sandbox, answerers, per_sender, b'"update"')
        before = invitations_delivered(sandbox)
        starts = spread(
            start_requests(sandbox, invitees, per_sender * args.concurrency, b"Starting a workshop"),
            args.concurrency,
        )
        if anchor is not None:
            anchor.wait_until_ready()
            bare["answer"] = measure(senders, anchor, sandbox, any_answer(answers))
            bare["start"] = measure(senders, anchor, sandbox, any_answer(starts))
            anchor.stop()
            describe(report, "bare_answer", bare["answer"], None)
            describe(report, "bare_start", bare["start"], None)
        if "answer" in args.kinds:
            describe(report, f"{db}_answer", measure(senders, bot, sandbox, answers), bare["answer"])
        if "start" in args.kinds:
            stored_before = workshops_stored(url)
            cpu_before = cpu_seconds(bot.pid)
            describe(report, f"{db}_start", measure(senders, bot, sandbox, starts), bare["start"])
            count = sum(map(len, starts))
            launched_cpu(report, f"{db}_start", bot, url, stored_before + count, cpu_before, count)
            wait_for_fanout(sandbox, before, len(invitees) * count, report, f"{db}_start")
        bot.stop()
    if profile_to:
        report.note(f"cProfile of the bot ({db}), every thread, top entries by own time:")
        for line in profile_top(profile_to, sort="own"):
            report.note(line)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1000, help="measured requests of each kind per server")
    parser.add_argument("--concurrency", type=int, default=50, help="concurrent senders")
    parser.add_argument("--db", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--profile", metavar="FILE", help="run the bot under cProfile; save to FILE.<db>")
    parser.add_argument(
        "--kinds",
        type=lambda text: set(text.split(",")),
        default={"answer", "start"},
        help="which requests to measure on the bot, e.g. 'answer' to profile answers alone",
    )
    args = parser.parse_args(argv)
    report = Report("ack", size=args.size, concurrency=args.concurrency, db=args.db)
    bare: dict[str, LoadResult] = {}
    with LoadProcess() as senders:
        for db in chosen_databases(args.db):
            run_database(db, args, senders, report, bare)
    report.finish()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

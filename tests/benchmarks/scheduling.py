"""Benchmark 4, scheduling: 10,000 pending nudges over 1,000 workshops, due over the next few
dispatcher intervals. How long the bot takes to start with them pending, its resident memory, and
how late each nudge is sent (done time less due time).

    python -m tests.benchmarks.scheduling [--size 1000] [--interval 30] [--spread 3] [--db sqlite]

The workshops, their five participants each and the scheduled items are stored with the project's
own service and scheduling functions; then the bot starts as `hiring-workshop run` does, in a
process of its own (`scheduled_bot`: the same start, with its clock moved to a weekday noon so the
nudges fall in working hours whatever day this runs). Target: start-up under 2 s, memory under
200 MB, no nudge later than one dispatcher interval.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker

from bot.sandbox import Sandbox
from bot.services.scheduling import ItemKind, NudgePlan, schedule_round
from bot.services.scope import ServiceScope
from bot.services.workshops import Invitee, WorkshopService
from flows.loader import FlowCatalog
from storage.db import make_engine, make_session_factory
from storage.migrate import upgrade
from storage.models import ScheduledItem, ScheduledState
from tests.benchmarks.common import Report, cpu_seconds, database, free_port, percentile, rss_mb
from tests.benchmarks.servers import ServerProcess, settings_env
from tests.benchmarks.workspace import CHANNEL, FACILITATOR, FLOW_ID, TEAM, build_workspace

PANEL = 5
NUDGES_EACH = (48, 4)  # hours before the deadline, as the bot plans them
TARGET_STARTUP_S = 2.0
TARGET_RSS_MB = 200.0
RUN_BOT = [sys.executable, "-m", "tests.benchmarks.scheduled_bot"]
FINISHED = (ScheduledState.DONE, ScheduledState.CANCELLED, ScheduledState.FAILED)


def weekday_noon_offset() -> timedelta:
    """How far to move the clock so that it reads the next Wednesday at 12:00 UTC."""
    now = datetime.now(UTC)
    days = (2 - now.weekday()) % 7 or 7
    target = (now + timedelta(days=days)).replace(hour=12, minute=0, second=0, microsecond=0)
    return target - now


def store_workshops(session: Session, sandbox: Sandbox, service: WorkshopService, count: int) -> list[int]:
    """`count` running workshops of five, each person invited (a DM open, an invitation posted)."""
    people = build_workspace(sandbox, count * PANEL)
    deadline = service.scope.now() + timedelta(days=7)
    ids = []
    for number in range(count):
        panel = people[number * PANEL : (number + 1) * PANEL]
        workshop = service.create_workshop(
            team_id=TEAM,
            channel_id=CHANNEL,
            facilitator_id=FACILITATOR,
            flow_id=FLOW_ID,
            invitees=[Invitee(user_id=user_id) for user_id in panel],
            deadline=deadline,
            anonymous=True,
        )
        for participant in service.participants(workshop.id):
            with sandbox.workspace.changing():
                dm = sandbox.workspace.dm_with(TEAM, participant.user_id)
                zone = sandbox.workspace.person(TEAM, participant.user_id).tz
            assert dm is not None
            participant.dm_channel_id, participant.invite_ts = dm.id, "1700000000.000100"
            participant.timezone = zone  # as planning the round keeps it (`bot.workflows.planning`)
        ids.append(workshop.id)
        if number % 100 == 99:
            session.commit()
    session.commit()
    return ids


def schedule_nudges(session: Session, service: WorkshopService, ids: list[int]) -> int:
    """Every participant's two nudges, stored by the bot's own scheduling function. They are stored
    due a day from now, in order, and brought forward by `retime` once all are in, since storing
    10,000 takes longer than the lead before the first falls due."""
    later = service.scope.now() + timedelta(days=1)
    number = 0
    for workshop_id in ids:
        workshop = service.get(TEAM, workshop_id)
        plans = []
        for participant in service.participants(workshop_id):
            for hours in NUDGES_EACH:
                plans.append(NudgePlan(participant.id, hours, later + timedelta(microseconds=number)))
                number += 1
        schedule_round(session, workshop, 1, workshop.deadline, plans)
    session.commit()
    return number


def retime(session: Session, first: datetime, spread: timedelta) -> None:
    """Make the nudges due one after another from `first` over `spread`, in the order they were stored."""
    query = (
        select(ScheduledItem.id).where(ScheduledItem.kind == ItemKind.NUDGE).order_by(ScheduledItem.due_at)
    )
    ids = list(session.scalars(query))
    step = spread / max(1, len(ids) - 1)
    session.execute(update(ScheduledItem), [{"id": i, "due_at": first + step * n} for n, i in enumerate(ids)])
    session.commit()


def nudges(session: Session) -> list[ScheduledItem]:
    return list(session.scalars(select(ScheduledItem).where(ScheduledItem.kind == ItemKind.NUDGE)))


def unfinished(session: Session) -> int:
    query = select(func.count()).where(
        ScheduledItem.kind == ItemKind.NUDGE, ScheduledItem.state.not_in(FINISHED)
    )
    return int(session.scalar(query) or 0)


def prepare(
    sandbox: Sandbox, sessions: sessionmaker[Session], args: argparse.Namespace, offset: timedelta
) -> int:
    """The workshops and their nudges, stored before the bot starts; how many nudges."""
    with sessions() as session:
        service = WorkshopService(
            ServiceScope(session, FlowCatalog.load(), lambda: datetime.now(UTC) + offset)
        )
        count = schedule_nudges(session, service, store_workshops(session, sandbox, service, args.size))
        retime(
            session,
            service.scope.now() + timedelta(seconds=args.lead),
            timedelta(seconds=args.interval * args.spread),
        )
        return count


def watch(
    bot: ServerProcess, sessions: sessionmaker[Session], give_up_after: float
) -> tuple[list[float], int]:
    """The bot's memory every half second until every nudge is finished; and how many were not."""
    samples: list[float] = []
    deadline = time.perf_counter() + give_up_after
    with sessions() as session:
        while unfinished(session) and time.perf_counter() < deadline:
            samples.append(rss_mb(bot.pid))
            time.sleep(0.5)
            session.rollback()  # a fresh snapshot for the next count
        return samples, unfinished(session)


def describe(report: Report, items: list[ScheduledItem], interval: int) -> int:
    """Outcomes and lateness (done time less due time); returns how many were later than `interval`."""
    outcomes = Counter((item.outcome or item.state.value).split(":")[0] for item in items)
    for outcome, number in sorted(outcomes.items()):
        report.figure(f"outcome_{outcome.replace(' ', '_')}", number)
    lateness = [(item.done_at - item.due_at).total_seconds() for item in items if item.done_at is not None]
    if not lateness:
        return len(items)
    report.figure("lateness_p50_s", percentile(lateness, 0.5), "s")
    report.figure("lateness_p99_s", percentile(lateness, 0.99), "s")
    report.figure("lateness_max_s", max(lateness), "s")
    later = sum(seconds > interval for seconds in lateness)
    report.figure("later_than_one_interval", later, f"of {len(lateness)} (interval {interval} s)")
    return later


def run(args: argparse.Namespace, report: Report) -> None:
    offset = weekday_noon_offset()
    with Sandbox() as sandbox, database(args.db) as url:
        upgrade(url)
        engine = make_engine(url)
        sessions = make_session_factory(engine)
        began = time.perf_counter()
        count = prepare(sandbox, sessions, args, offset)
        report.figure(
            "setup_s", time.perf_counter() - began, "s to store workshops and nudges (not measured)"
        )
        report.figure("pending_nudges", count)
        port = free_port()
        env = settings_env(sandbox, TEAM, url, http=False, port=port)
        env |= {
            "SCHEDULER_INTERVAL_SECONDS": str(args.interval),
            "BENCH_CLOCK_OFFSET": str(offset.total_seconds()),
        }
        sandbox.connect_socket_mode()
        with ServerProcess(RUN_BOT, env, port) as bot:
            spawned = time.perf_counter()
            bot.start(ready=lambda: sandbox.socket_mode_connections > 0)
            startup = time.perf_counter() - spawned
            report.figure("startup_s", startup, "s from launch to connected, with the nudges pending")
            report.figure("rss_after_startup_mb", rss_mb(bot.pid), "MiB")
            allowed = args.lead + args.interval * (args.spread + 2) + count * args.max_item_seconds
            bot_cpu, sandbox_cpu, watched = cpu_seconds(bot.pid), cpu_seconds(), time.perf_counter()
            samples, left = watch(bot, sessions, allowed)
            # Whether the dispatcher waits (on Slack, the disk) or computes: CPU over wall-clock.
            watched = time.perf_counter() - watched
            bot_cpu = cpu_seconds(bot.pid) - bot_cpu
            report.figure("bot_cpu_ms_per_nudge", bot_cpu / max(1, count) * 1000, "ms")
            report.figure("bot_cpu_share", bot_cpu / watched, "of a CPU while dispatching")
            report.figure(
                "sandbox_cpu_share", (cpu_seconds() - sandbox_cpu) / watched, "of a CPU (this process)"
            )
        with sessions() as session:
            items = nudges(session)
        engine.dispose()
    peak = max(samples, default=0.0)
    report.figure("peak_rss_mb", peak, "MiB while dispatching")
    report.figure("unfinished_at_end", left)
    later = describe(report, items, args.interval)
    met = startup < TARGET_STARTUP_S and peak < TARGET_RSS_MB and later == 0 and not left
    report.figure("meets_target", "yes" if met else "no")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1000, help="workshops (each with 10 nudges pending)")
    parser.add_argument("--interval", type=int, default=30, help="the dispatcher interval, seconds")
    parser.add_argument("--spread", type=float, default=3, help="intervals over which the nudges fall due")
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--lead", type=float, default=15, help="seconds from storing to the first due item")
    parser.add_argument(
        "--max-item-seconds", type=float, default=0.2, help="give up after this long per item"
    )
    args = parser.parse_args(argv)
    report = Report("scheduling", size=args.size, interval=args.interval, spread=args.spread, db=args.db)
    run(args, report)
    report.finish()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

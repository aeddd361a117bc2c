"""Benchmark 5, memory: the idle bot's resident memory, and how it grows per active workshop.

    python -m tests.benchmarks.memory [--size 10,100] [--db both]

The bot runs as `hiring-workshop run` in Socket Mode in a process of its own (so the sandbox's
memory is not counted), connected to the sandbox. Idle is measured once it is connected; then
workshops of five people are started with `/hiring start`, each in a channel of its own, until each
count in --size is running with every invitation delivered. Growth per workshop is taken between
the first and the last count, so the first requests' one-off costs (imports, caches, pools) are
not charged to every workshop.
"""

from __future__ import annotations

import argparse
import time

from bot.sandbox import Sandbox
from tests.benchmarks.common import Report, chosen_databases, database, rss_mb
from tests.benchmarks.servers import ServerProcess, bot_process
from tests.benchmarks.workspace import (
    FACILITATOR,
    TEAM,
    add_channels,
    build_workspace,
    invitations_delivered,
    start_text,
)

PANEL = 5
SETTLE_SECONDS = 1.0  # let the process finish what start-up began before reading its memory
SECONDS_PER_WORKSHOP = 2.0  # generous time for one workshop's start and invitations


def steady_rss(process: ServerProcess, settle: float) -> float:
    time.sleep(settle)
    return rss_mb(process.pid)


def start_workshops(sandbox: Sandbox, channels: list[str], people: list[str]) -> None:
    facilitator = sandbox.user(TEAM, FACILITATOR)
    for channel_id in channels:
        delivery = facilitator.slash("/hiring", start_text(people), channel=channel_id)
        if not delivery.acknowledged:
            raise RuntimeError(f"the bot did not acknowledge /hiring start in {channel_id}: {delivery}")


def run_database(db: str, counts: list[int], settle: float, report: Report) -> None:
    with Sandbox() as sandbox, database(db) as url:
        people = build_workspace(sandbox, PANEL)
        channels = add_channels(sandbox, counts[-1], people)
        sandbox.connect_socket_mode()
        with bot_process(sandbox, TEAM, url, http=False) as bot:
            bot.start(ready=lambda: sandbox.socket_mode_connections > 0)
            idle = steady_rss(bot, settle)
            report.figure(f"{db}_idle_rss_mb", idle, "MiB")
            running, measured = 0, {}
            for count in counts:
                start_workshops(sandbox, channels[running:count], people)
                running = count
                sandbox.wait_for(
                    lambda invited=count * PANEL: invitations_delivered(sandbox) >= invited,
                    timeout=30 + count * SECONDS_PER_WORKSHOP,
                )
                measured[count] = steady_rss(bot, settle)
                report.figure(f"{db}_rss_with_{count}_workshops_mb", measured[count], "MiB")
    first, last = counts[0], counts[-1]
    report.figure(f"{db}_first_{first}_workshops_kib_each", (measured[first] - idle) * 1024 / first, "KiB")
    if last > first:
        growth = (measured[last] - measured[first]) * 1024 / (last - first)
        report.figure(f"{db}_growth_per_workshop_kib", growth, f"KiB (from {first} to {last} workshops)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="10,100", help="workshop counts to measure at, ascending")
    parser.add_argument("--db", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--settle", type=float, default=SETTLE_SECONDS, help="seconds to wait before reading")
    args = parser.parse_args(argv)
    counts = sorted(int(c) for c in args.size.split(","))
    report = Report("memory", size=counts, db=args.db, panel=PANEL)
    for db in chosen_databases(args.db):
        run_database(db, counts, args.settle, report)
    report.finish()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

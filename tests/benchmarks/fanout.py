"""Benchmark 2, fan-out: a workshop inviting 200 stakeholders, against the sandbox with Slack's
published rate limits switched on. How long until every invitation DM is delivered, against the
least time the limits allow, and whether any request was refused twice for the same reason.

    python -m tests.benchmarks.fanout [--size 200] [--db sqlite]

The start form and `/hiring start` take at most 50 people, so the benchmark hands the bot's own
launch (what both run once they have acknowledged) a request for `--size` people, with the bot's
own client, database session and settings. Target: within 1.2 times the least time.
"""

from __future__ import annotations

import argparse
import threading
import time
from datetime import UTC, datetime, timedelta

from bot.process.local import LocalBot
from bot.sandbox import Sandbox
from bot.sandbox.limits import PER_MINUTE_BY_TIER, WINDOW_SECONDS
from bot.services.workshops import Invitee
from bot.workflows.launch import LaunchRequest, launch
from tests.benchmarks.common import Report, database, ratio
from tests.benchmarks.workspace import (
    CHANNEL,
    FACILITATOR,
    FLOW_ID,
    TEAM,
    build_workspace,
    invitations_delivered,
)

TARGET_RATIO = 1.2
OPENS_PER_WINDOW = PER_MINUTE_BY_TIER[3]  # conversations.open is Tier 3


def least_seconds(invitees: int, per_window: int = OPENS_PER_WINDOW) -> float:
    """The least time Slack's limits allow for the fan-out. Each invitee needs a conversations.open
    (at most `per_window` in any 60 s) and a chat.postMessage to their own DM (a channel of its own,
    so its one-a-second limit never binds, nor does the announcement's in the channel). The k-th
    open (from 0) can come no sooner than floor(k / per_window) windows after the first."""
    return ((invitees - 1) // per_window) * WINDOW_SECONDS if invitees > 0 else 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=200, help="stakeholders to invite")
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    args = parser.parse_args(argv)
    bound = least_seconds(args.size)
    report = Report("fanout", size=args.size, db=args.db)
    with Sandbox() as sandbox, database(args.db) as url:
        invitees = build_workspace(sandbox, args.size)
        bot = LocalBot(sandbox, TEAM, url)  # not connected: nobody acts in Slack during a fan-out
        sandbox.limit_rates()
        request = LaunchRequest(
            team_id=TEAM,
            channel_id=CHANNEL,
            facilitator_id=FACILITATOR,
            flow_id=FLOW_ID,
            invitees=[Invitee(user_id=user_id) for user_id in invitees],
            deadline=datetime.now(UTC) + timedelta(days=7),
            request_key="benchmark:fanout",
        )

        def run_launch() -> None:
            # One transaction: the workshop with its announcement and invitations, sent once it commits.
            with bot.runtime.sessions.begin() as session:
                launch(bot.app.client, session, bot.runtime.service(session), request)

        worker = threading.Thread(target=run_launch, name="launch")
        began = time.perf_counter()
        worker.start()
        sandbox.wait_for(lambda: invitations_delivered(sandbox) >= args.size, timeout=bound * 2 + 60)
        delivered = time.perf_counter() - began
        worker.join()
        finished = time.perf_counter() - began
        bot.stop()
        refusals, repeated = sandbox.refusals, sandbox.repeated_refusals()
    report.figure("invitations_delivered_s", delivered, "s until the last invitation DM")
    report.figure("least_time_s", bound, "s the rate limits allow")
    share = ratio(delivered, bound)
    report.figure("ratio_to_least_time", share if share is not None else "n/a (the limits never bind)")
    report.figure("launch_finished_s", finished, "s until launch returned (round planned too)")
    report.figure("refusals", len(refusals), "requests refused with 429")
    for method in sorted({r.method for r in refusals}):
        report.figure(f"refusals_{method}", sum(r.method == method for r in refusals))
    report.figure("refused_twice_for_same_reason", len(repeated))
    met = (share is None or share <= TARGET_RATIO) and not repeated
    report.figure("meets_target", "yes" if met else "no")
    report.finish()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

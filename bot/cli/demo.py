"""`hiring-workshop demo`: a whole workshop on a local Slack, with simulated stakeholders."""

from __future__ import annotations

import argparse
import os
import sys

from bot.cli.catalog import catalog_for
from bot.demo.script import DemoOptions, run_demo


def demo(args: argparse.Namespace) -> int:
    if args.flows_dir:
        # The bot reads its flows from FLOWS_DIR, as `hiring-workshop run` does.
        os.environ["FLOWS_DIR"] = args.flows_dir
    options = DemoOptions(
        flow_id=args.flow,
        people=args.people,
        transport=args.transport,
        seed=args.seed,
        database_url=args.database_url,
        anonymous=not args.named,
    )
    run_demo(options, sys.stdout, catalog_for(args))
    return 0

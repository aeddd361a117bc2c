"""`hiring-workshop rehearse FLOW --answers FILE`: a whole workshop computed from a file, no Slack."""

from __future__ import annotations

import argparse
import html
import json
from pathlib import Path

from bot.cli.answers_file import load_panel
from bot.cli.catalog import catalog_for
from flows.engine import analyse, render_mrkdwn, summary_json


def rehearse(args: argparse.Namespace) -> int:
    flow = catalog_for(args).get(args.flow_id)
    panel, _names = load_panel(Path(args.answers), flow)
    analysis = analyse(flow, panel)
    if args.json:
        print(json.dumps(summary_json(flow, analysis), indent=2))
    else:
        # The summary is Slack mrkdwn; a terminal reads it better with the entities undone.
        print(html.unescape(render_mrkdwn(flow, analysis)))
    return 0

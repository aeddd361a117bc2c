"""`hiring-workshop rehearse FLOW --answers FILE`: a whole workshop computed from a file, no Slack.

The summary prints as plain text, or with `--format mrkdwn` escaped as Slack mrkdwn, as the database
keeps it with each recommendation (`flows.engine.summary`, the terminal's renderer; the channel's post
and thread are `bot.blocks.summary`'s, which `hiring-workshop demo` shows); or as JSON with `--json`.
Both word what they share alike (`flows.engine.phrasing`); with no recommendation, both say so and
list what is missing."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from bot.cli.answers_file import load_panel
from bot.cli.catalog import catalog_for
from flows.engine import analyse, render_mrkdwn, render_text, summary_json


def rehearse(args: argparse.Namespace) -> int:
    flow = catalog_for(args).get(args.flow_id)
    panel, _names = load_panel(Path(args.answers), flow)
    analysis = analyse(flow, panel)
    if args.json:
        print(json.dumps(summary_json(flow, analysis), indent=2))
    elif getattr(args, "format", "text") == "mrkdwn":
        print(render_mrkdwn(flow, analysis))
    else:
        print(render_text(flow, analysis))
    return 0

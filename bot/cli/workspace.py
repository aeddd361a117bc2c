"""`hiring-workshop workspace delete TEAM_ID [--yes]`: erase a workspace's workshops, answers and
installation records, for a data-protection request. Without --yes it asks on a terminal, and
refuses anywhere else, so a script never erases by accident."""

from __future__ import annotations

import argparse
import os
import re
import sys

from bot.process.settings import DEFAULT_DATABASE_URL
from flows.errors import WorkshopError
from storage.db import make_engine, make_session_factory
from storage.erasure import clear_from_disk, erase_workspace
from storage.migrate import require_current

TEAM_ID = re.compile(r"T[A-Z0-9_]{2,31}")
EXIT_NOT_CONFIRMED = 1


def workspace_delete(args: argparse.Namespace) -> int:
    team_id: str = args.team_id
    if not TEAM_ID.fullmatch(team_id):
        raise WorkshopError(
            f"'{team_id}' is not a Slack workspace id.",
            "Give the team id, which starts with T (e.g. T0123ABCD); the bot's logs and Slack's "
            "workspace settings show it.",
        )
    if not args.yes and not _confirmed(team_id):
        print("Nothing was erased.")
        return EXIT_NOT_CONFIRMED
    engine = make_engine(args.database_url or os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL)
    try:
        require_current(engine)
        with make_session_factory(engine).begin() as session:
            erased = erase_workspace(session, team_id)
        if not clear_from_disk(session):  # once committed
            print("The erased rows stay in SQLite's write-ahead log until the bot's next checkpoint.")
    finally:
        engine.dispose()
    print(f"Erased {erased.describe()}.")
    return 0


def _confirmed(team_id: str) -> bool:
    if not sys.stdin.isatty():
        raise WorkshopError(
            f"Refusing to erase workspace {team_id} without confirmation: there is no terminal to ask on.",
            f"Run `hiring-workshop workspace delete {team_id} --yes` to confirm.",
        )
    print(f"This erases every workshop, answer and installation record of workspace {team_id}, for good.")
    return input(f"Type {team_id} to confirm: ").strip() == team_id

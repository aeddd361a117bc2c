"""`hiring-workshop retention run [--dry-run] [--months N]`: the daily retention purge, by hand.
Prints what it purged (or would purge), in counts only."""

from __future__ import annotations

import argparse
import os

from bot.process.clock import SystemClock
from bot.process.settings import DEFAULT_DATABASE_URL
from bot.services.retention import due_for_purge, purge
from flows.errors import WorkshopError
from storage.db import make_engine, make_session_factory
from storage.erasure import clear_from_disk
from storage.migrate import require_current


def retention_run(args: argparse.Namespace) -> int:
    months = args.months if args.months is not None else _months_from_environment()
    if months is None:
        print("RETENTION_MONTHS is not set, so answers are kept: nothing was purged.")
        return 0
    if not 1 <= months <= 600:
        raise WorkshopError(f"{months} is not a number of months from 1 to 600.", "Give --months 1 to 600.")
    engine = make_engine(args.database_url or os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL)
    try:
        require_current(engine)
        with make_session_factory(engine).begin() as session:
            now = SystemClock().now()
            purged = purge(session, due_for_purge(session, now, months), now, dry_run=args.dry_run)
        if purged.workshops and not args.dry_run:
            clear_from_disk(session)  # once committed: the purged text leaves SQLite's log too
    finally:
        engine.dispose()
    print(f"{'Would purge' if args.dry_run else 'Purged'} {purged.describe()}.")
    return 0


def _months_from_environment() -> int | None:
    given = os.environ.get("RETENTION_MONTHS", "").strip()
    if not given:
        return None
    if not given.isdigit():
        raise WorkshopError(
            f"RETENTION_MONTHS is '{given}', not a whole number of months.",
            "Set it to 1 to 600, or unset it.",
        )
    return int(given)

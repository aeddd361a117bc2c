"""`hiring-workshop db upgrade`."""

from __future__ import annotations

import argparse
import os

from bot.process.settings import DEFAULT_DATABASE_URL
from storage.db import make_engine
from storage.migrate import current_revision, upgrade


def db_upgrade(args: argparse.Namespace) -> int:
    url = args.database_url or os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    engine = make_engine(url)
    try:
        encrypted = upgrade(engine, token_key=os.environ.get("TOKEN_ENCRYPTION_KEY") or None)
        print(f"Database schema is at revision {current_revision(engine)}.")
        if encrypted:
            print(f"Encrypted {encrypted} Slack token(s) stored in plain text.")
    finally:
        engine.dispose()
    return 0

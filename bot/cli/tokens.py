"""`hiring-workshop tokens rotate-key`: re-encrypt every stored Slack token under the first key of
TOKEN_ENCRYPTION_KEY. To rotate, put the new key first and keep the old one after it
(`NEW,OLD`), run this, then drop the old key."""

from __future__ import annotations

import argparse
import os

from bot.process.settings import DEFAULT_DATABASE_URL
from flows.errors import WorkshopError
from storage.db import make_engine
from storage.migrate import require_current
from storage.tokens import MAKE_KEY, TokenCipher, rotate_tokens


def tokens_rotate_key(args: argparse.Namespace) -> int:
    keys = os.environ.get("TOKEN_ENCRYPTION_KEY", "").strip()
    if not keys:
        raise WorkshopError(
            "TOKEN_ENCRYPTION_KEY is not set.",
            f"Set it to NEW_KEY,OLD_KEY (make a new key with: {MAKE_KEY}) and run this again.",
        )
    cipher = TokenCipher(keys)
    engine = make_engine(args.database_url or os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL)
    try:
        require_current(engine)
        with engine.begin() as connection:
            rewritten = rotate_tokens(connection, cipher)
    finally:
        engine.dispose()
    print(f"Re-encrypted {rewritten} Slack token(s) under the first key of TOKEN_ENCRYPTION_KEY.")
    return 0

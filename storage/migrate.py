"""Schema migrations, run from code: the CLI's `db upgrade`, the bot's start-up check, the tests."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from flows.errors import WrongState
from storage.db import checkpoint_wal, make_engine
from storage.tokens import TokenCipher, encrypt_plain_tokens

_HERE = Path(__file__).parent


def _config() -> Config:
    # Found from the installed package, never the working directory, so `hiring-workshop db upgrade`
    # works from anywhere.
    config = Config(_HERE / "alembic.ini")
    config.set_main_option("script_location", str(_HERE / "migrations"))
    return config


def upgrade(url_or_engine: str | Engine, revision: str = "head", *, token_key: str | None = None) -> int:
    """Bring the schema up to `revision` in one transaction; with `token_key` (TOKEN_ENCRYPTION_KEY),
    also encrypt the Slack tokens stored in plain text, in the same transaction. The number of
    tokens encrypted."""
    if isinstance(url_or_engine, str):
        engine = make_engine(url_or_engine)
        try:
            return upgrade(engine, revision, token_key=token_key)
        finally:
            engine.dispose()
    config = _config()
    cipher = TokenCipher(token_key) if token_key else None  # a bad key stops before anything changes
    with url_or_engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
        encrypted = encrypt_plain_tokens(connection, cipher) if cipher is not None else 0
    if encrypted:
        checkpoint_wal(url_or_engine)  # the plain tokens' old pages leave the write-ahead log
    return encrypted


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str:
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None, "the migrations folder has no revisions"
    return head


def require_current(engine: Engine) -> None:
    """Refuse to run on a schema older (or newer) than this code expects."""
    current, head = current_revision(engine), head_revision()
    if current != head:
        at = f"at {current}" if current else "empty (no tables yet)"
        raise WrongState(
            f"The database schema is {at} but this version needs {head}.", "Run: hiring-workshop db upgrade"
        )

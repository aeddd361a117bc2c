"""Schema migrations, run from code: the CLI's `db upgrade`, the bot's start-up check, the tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

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
    with url_or_engine.connect() as connection, _foreign_keys_deferred(connection), connection.begin():
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
        _require_foreign_keys_hold(connection)
        encrypted = encrypt_plain_tokens(connection, cipher) if cipher is not None else 0
    if encrypted:
        checkpoint_wal(url_or_engine)  # the plain tokens' old pages leave the write-ahead log
    return encrypted


@contextmanager
def _foreign_keys_deferred(connection: Connection) -> Iterator[None]:
    """On SQLite, foreign keys off while the schema changes. Batch mode changes a table by copying it
    and dropping the original, and with foreign keys on, dropping `workshops` deletes every row that
    cascades from it: every participant and answer. SQLite ignores the pragma inside a transaction,
    so it is set before the migrations' transaction begins, and set back after it ends."""
    if connection.dialect.name != "sqlite":
        yield
        return
    connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
    connection.commit()  # ends the transaction SQLAlchemy began for the pragma; SQLite began none
    try:
        yield
    finally:
        connection.exec_driver_sql("PRAGMA foreign_keys=ON")
        connection.commit()


def _require_foreign_keys_hold(connection: Connection) -> None:
    """What the migrations left must still satisfy every foreign key, checked before they commit."""
    if connection.dialect.name != "sqlite":
        return
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
    if broken:
        raise WrongState(
            f"The schema upgrade would leave {len(broken)} rows pointing at rows that do not exist "
            f"(first in table {broken[0][0]}); nothing was changed.",
            "Report this as a bug, with the schema version the database was at; it is unchanged.",
        )


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

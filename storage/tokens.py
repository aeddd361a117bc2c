"""Slack tokens at rest: every bot, user and refresh token in the installation tables is stored
encrypted with Fernet (AES-128-CBC with an HMAC-SHA256, from `cryptography`), under
TOKEN_ENCRYPTION_KEY.

The setting holds comma-separated keys, the first one current: a MultiFernet encrypts with the first
and decrypts with any, so a key can be rotated without a moment in which some token cannot be read
(`hiring-workshop tokens rotate-key` then re-encrypts every token under the new first key).

A Fernet token always begins with its version byte and a timestamp, which base64 renders as
"gAAAAA"; no Slack token does (they begin "xox"), so a plain row left from before is told apart
without trying to decrypt it.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import ColumnElement, Connection, Engine, Table, func, or_, select, update

from flows.errors import WorkshopError, WrongState
from storage.models import SLACK_BOTS, SLACK_INSTALLATIONS

ENCRYPTED_PREFIX = "gAAAAA"
MAKE_KEY = 'python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"'
TOKEN_COLUMNS: dict[Table, tuple[str, ...]] = {
    SLACK_INSTALLATIONS: ("bot_token", "bot_refresh_token", "user_token", "user_refresh_token"),
    SLACK_BOTS: ("bot_token", "bot_refresh_token"),
}


class TokenCipher:
    """Encrypts under the first of TOKEN_ENCRYPTION_KEY's keys and decrypts under any of them."""

    def __init__(self, keys: str) -> None:
        from cryptography.fernet import Fernet, MultiFernet

        parts = [part.strip() for part in keys.split(",") if part.strip()]
        if not parts:
            raise WorkshopError("TOKEN_ENCRYPTION_KEY is empty.", f"Make a key with: {MAKE_KEY}")
        fernets = []
        for number, part in enumerate(parts, start=1):
            try:
                fernets.append(Fernet(part))
            except ValueError:
                raise WorkshopError(
                    f"TOKEN_ENCRYPTION_KEY's key {number} of {len(parts)} is not a Fernet key "
                    "(32 url-safe base64-encoded bytes).",
                    f"Make a key with: {MAKE_KEY}",
                ) from None
        self._fernet = MultiFernet(fernets)

    def encrypt(self, token: str | None) -> str | None:
        if token is None or is_encrypted(token):
            return token
        return self._fernet.encrypt(token.encode()).decode()

    def decrypt(self, stored: str | None) -> str | None:
        from cryptography.fernet import InvalidToken

        if stored is None or not is_encrypted(stored):
            return stored
        try:
            return self._fernet.decrypt(stored.encode()).decode()
        except InvalidToken:
            raise WorkshopError(
                "A stored Slack token cannot be decrypted with any key in TOKEN_ENCRYPTION_KEY.",
                "Put back the key it was encrypted with (after the new one, comma-separated).",
            ) from None

    def rotate(self, stored: str) -> str:
        """The token re-encrypted under the current key (a plain one encrypted)."""
        if not is_encrypted(stored):
            return self._fernet.encrypt(stored.encode()).decode()
        try:
            return self._fernet.rotate(stored.encode()).decode()
        except Exception:
            self.decrypt(stored)  # raises the one-line error
            raise


def is_encrypted(value: str) -> bool:
    return value.startswith(ENCRYPTED_PREFIX)


def plain_token_count(connection: Connection) -> int:
    """How many token values are stored in plain text."""
    total = 0
    for table, names in TOKEN_COLUMNS.items():
        plain = [_is_plain(table, name) for name in names]
        total += sum(
            connection.execute(select(func.count()).select_from(table).where(condition)).scalar() or 0
            for condition in plain
        )
    return total


def encrypt_plain_tokens(connection: Connection, cipher: TokenCipher) -> int:
    """Encrypt every plain token in place; the number of values encrypted."""
    return _rewrite(connection, cipher.rotate, only_plain=True)


def rotate_tokens(connection: Connection, cipher: TokenCipher) -> int:
    """Re-encrypt every stored token under the current key; the number of values rewritten."""
    return _rewrite(connection, cipher.rotate, only_plain=False)


def require_encrypted(engine: Engine) -> None:
    """Refuse to serve installations while any token is stored in plain text."""
    with engine.connect() as connection:
        plain = plain_token_count(connection)
    if plain:
        raise WrongState(
            f"{plain} Slack token(s) in the database are stored in plain text.",
            "Run `hiring-workshop db upgrade` with TOKEN_ENCRYPTION_KEY set to encrypt them.",
        )


def _is_plain(table: Table, name: str) -> ColumnElement[bool]:
    column = table.c[name]
    return column.is_not(None) & ~column.startswith(ENCRYPTED_PREFIX, autoescape=True)


def _rewrite(connection: Connection, change: Callable[[str], str], *, only_plain: bool) -> int:
    rewritten = 0
    for table, names in TOKEN_COLUMNS.items():
        columns = [table.c[name] for name in names]
        if only_plain:
            where = or_(*(_is_plain(table, name) for name in names))
        else:
            where = or_(*(column.is_not(None) for column in columns))
        rows = connection.execute(select(table.c.id, *columns).where(where)).mappings().all()
        for row in rows:
            values: dict[str, str] = {}
            for name in names:
                stored = row[name]
                if stored is None or (only_plain and is_encrypted(stored)):
                    continue
                values[name] = change(stored)
            if values:
                connection.execute(update(table).where(table.c.id == row["id"]).values(**values))
                rewritten += len(values)
    return rewritten

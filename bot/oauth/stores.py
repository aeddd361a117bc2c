"""Where Bolt's OAuth flow keeps installations and install-link states: the app's own database, in
the tables slack-sdk's SQLAlchemy stores use (see `storage.models.installations`).

These follow slack-sdk's `SQLAlchemyInstallationStore` and `SQLAlchemyOAuthStateStore` query for
query; they exist because those modules cannot be imported without `greenlet` under SQLAlchemy 2.1.
The state store differs on purpose: it reads the time from the bot's clock, so a test can expire a
link, and it signs each state with SLACK_STATE_SECRET, so a forged state is refused before any query.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from slack_sdk.oauth import InstallationStore, OAuthStateStore
from slack_sdk.oauth.installation_store import Bot, Installation
from sqlalchemy import Engine, Table, and_, delete, desc, insert, select, update
from sqlalchemy.engine import RowMapping
from sqlalchemy.sql import ColumnElement

from storage.models import SLACK_BOTS, SLACK_INSTALLATIONS, SLACK_OAUTH_STATES
from storage.tokens import TOKEN_COLUMNS, TokenCipher

log = logging.getLogger(__name__)


def naive_utc(value: datetime | None) -> datetime | None:
    """How slack-sdk's tables hold times: UTC without a zone."""
    if value is None or value.tzinfo is None:
        return value
    return value.astimezone(UTC).replace(tzinfo=None)


class DatabaseInstallationStore(InstallationStore):
    """Tokens are encrypted as they are saved and decrypted as they are found (`storage.tokens`)."""

    def __init__(self, client_id: str, engine: Engine, cipher: TokenCipher) -> None:
        self.client_id = client_id
        self.engine = engine
        self.cipher = cipher

    @property
    def logger(self) -> logging.Logger:
        return log

    def save(self, installation: Installation) -> None:
        self._save(SLACK_INSTALLATIONS, installation.to_dict())
        self.save_bot(installation.to_bot())

    def save_bot(self, bot: Bot) -> None:
        self._save(SLACK_BOTS, bot.to_dict())

    def find_bot(
        self, *, enterprise_id: str | None, team_id: str | None, is_enterprise_install: bool | None = False
    ) -> Bot | None:
        team_id = None if is_enterprise_install else team_id
        query = (
            select(SLACK_BOTS)
            .where(self._of(SLACK_BOTS, enterprise_id, team_id), SLACK_BOTS.c.bot_token.is_not(None))
            .order_by(desc(SLACK_BOTS.c.installed_at), desc(SLACK_BOTS.c.id))
            .limit(1)
        )
        with self.engine.connect() as connection:
            row = connection.execute(query).mappings().first()
        return None if row is None else Bot(**self._fields(SLACK_BOTS, row))

    def find_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
        is_enterprise_install: bool | None = False,
    ) -> Installation | None:
        team_id = None if is_enterprise_install else team_id
        where = self._of(SLACK_INSTALLATIONS, enterprise_id, team_id)
        if user_id is not None:
            where = and_(where, SLACK_INSTALLATIONS.c.user_id == user_id)
        columns = SLACK_INSTALLATIONS.c
        query = (
            select(SLACK_INSTALLATIONS).where(where).order_by(desc(columns.installed_at), desc(columns.id))
        )
        with self.engine.connect() as connection:
            row = connection.execute(query.limit(1)).mappings().first()
        if row is None:
            return None
        installation = Installation(**self._fields(SLACK_INSTALLATIONS, row))
        if user_id is not None or installation.bot_token is None:
            # As slack-sdk does: a person's own installation carries the workspace's latest bot token.
            self._use_latest_bot(installation, enterprise_id, team_id, is_enterprise_install)
        return installation

    def delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        with self.engine.begin() as connection:
            connection.execute(delete(SLACK_BOTS).where(self._of(SLACK_BOTS, enterprise_id, team_id)))

    def delete_installation(
        self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None
    ) -> None:
        where = self._of(SLACK_INSTALLATIONS, enterprise_id, team_id)
        if user_id is not None:
            where = and_(where, SLACK_INSTALLATIONS.c.user_id == user_id)
        with self.engine.begin() as connection:
            connection.execute(delete(SLACK_INSTALLATIONS).where(where))

    def _save(self, table: Table, row: dict[str, Any]) -> None:
        values = {name: row.get(name) for name in _names(table) if name != "id"}
        values["client_id"] = self.client_id
        for name in ("installed_at", "bot_token_expires_at", "user_token_expires_at"):
            if name in values:
                values[name] = naive_utc(values[name])
        for name in TOKEN_COLUMNS[table]:
            values[name] = self.cipher.encrypt(values.get(name))
        # Saving the same installation again (a token rotation) updates it; a reinstall adds a row.
        of_team = self._of(table, values["enterprise_id"], values["team_id"])
        same = and_(of_team, table.c.installed_at == values["installed_at"])
        with self.engine.begin() as connection:
            existing = connection.execute(select(table.c.id).where(same).limit(1)).scalar()
            if existing is None:
                connection.execute(insert(table).values(**values))
            else:
                connection.execute(update(table).where(table.c.id == existing).values(**values))

    def _fields(self, table: Table, row: RowMapping) -> dict[str, Any]:
        fields = _fields(table, row)
        for name in TOKEN_COLUMNS[table]:
            fields[name] = self.cipher.decrypt(fields[name])
        return fields

    def _of(self, table: Table, enterprise_id: str | None, team_id: str | None) -> ColumnElement[bool]:
        # `== None` renders IS NULL, which is what a missing enterprise or team means here.
        return and_(
            table.c.client_id == self.client_id,
            table.c.enterprise_id == enterprise_id,
            table.c.team_id == team_id,
        )

    def _use_latest_bot(
        self,
        installation: Installation,
        enterprise_id: str | None,
        team_id: str | None,
        is_enterprise_install: bool | None,
    ) -> None:
        bot = self.find_bot(
            enterprise_id=enterprise_id, team_id=team_id, is_enterprise_install=is_enterprise_install
        )
        if bot is not None and bot.bot_token != installation.bot_token:
            installation.bot_id = bot.bot_id
            installation.bot_user_id = bot.bot_user_id
            installation.bot_token = bot.bot_token
            installation.bot_scopes = bot.bot_scopes
            installation.bot_refresh_token = bot.bot_refresh_token
            installation.bot_token_expires_at = bot.bot_token_expires_at


class SignedStateStore(OAuthStateStore):
    """One-time states for install links, valid for `lifetime` by the bot's clock."""

    def __init__(self, engine: Engine, secret: str, lifetime: timedelta, now: Callable[[], datetime]) -> None:
        self.engine = engine
        self._key = secret.encode()
        self.lifetime = lifetime
        self.now = now

    @property
    def logger(self) -> logging.Logger:
        return log

    def issue(self, *args: Any, **kwargs: Any) -> str:
        nonce = secrets.token_urlsafe(24)
        state = f"{nonce}.{self._sign(nonce)}"
        now = self.now()
        with self.engine.begin() as connection:
            # Links opened and never followed would pile up; each new one clears the expired ones.
            connection.execute(
                delete(SLACK_OAUTH_STATES).where(SLACK_OAUTH_STATES.c.expire_at <= naive_utc(now))
            )
            connection.execute(
                insert(SLACK_OAUTH_STATES).values(state=state, expire_at=naive_utc(now + self.lifetime))
            )
        return state

    def consume(self, state: str) -> bool:
        nonce, _, signature = state.rpartition(".")
        if not nonce or not hmac.compare_digest(signature, self._sign(nonce)):
            log.warning("Refused an install callback whose state was not signed by this app")
            return False
        columns = SLACK_OAUTH_STATES.c
        with self.engine.begin() as connection:
            # Deleting it, expired or not, is what makes it one-time: a second use finds nothing.
            expiries = connection.execute(
                delete(SLACK_OAUTH_STATES).where(columns.state == state).returning(columns.expire_at)
            ).scalars()
            now = naive_utc(self.now())
            return any(expire_at > now for expire_at in expiries)

    def _sign(self, nonce: str) -> str:
        return hmac.new(self._key, nonce.encode(), hashlib.sha256).hexdigest()[:32]


def _fields(table: Table, row: RowMapping) -> dict[str, Any]:
    """A row as slack-sdk's models take it (they read naive times as UTC, as these are stored)."""
    return {name: row[name] for name in _names(table) if name not in ("id", "client_id")}


def _names(table: Table) -> list[str]:
    return [column.name for column in table.columns]

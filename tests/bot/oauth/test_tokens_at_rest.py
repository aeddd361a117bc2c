"""Slack tokens are encrypted at rest: an installed workspace's token appears nowhere in the database
(on SQLite not in the file's bytes, nor its write-ahead log); rows stored in plain text before are
encrypted by `hiring-workshop db upgrade` given the key, and stop an OAuth start until then; a key is
rotated by `hiring-workshop tokens rotate-key`."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import Engine, insert, make_url, select

from bot.cli import main
from bot.process.local import LocalBot
from bot.sandbox import Sandbox
from flows.errors import WrongState
from storage.db import make_engine
from storage.migrate import upgrade
from storage.models import SLACK_BOTS, SLACK_INSTALLATIONS
from storage.tokens import TokenCipher
from tests.bot.oauth.conftest import ACME, ACME_ADMIN, install

PLAIN_BOT_TOKEN = "xoxb-1111-2222-plainplainplainplain"
PLAIN_REFRESH_TOKEN = "xoxe-1-refreshrefreshrefresh"
PLAIN_ROW = {
    "client_id": "1.1",
    "app_id": "A1",
    "team_id": ACME,
    "bot_token": PLAIN_BOT_TOKEN,
    "bot_refresh_token": PLAIN_REFRESH_TOKEN,
    "is_enterprise_install": False,
    "installed_at": datetime(2026, 11, 24, 9, 0),
}


def database_bytes(database_url: str) -> bytes:
    """An SQLite database's file and its write-ahead log, as they lie on disk."""
    path = Path(make_url(database_url).database or "")
    return b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists())


def stored_tokens(engine: Engine) -> list[str]:
    with engine.connect() as connection:
        values = [
            *connection.execute(
                select(SLACK_INSTALLATIONS.c.bot_token, SLACK_INSTALLATIONS.c.bot_refresh_token)
            ),
            *connection.execute(select(SLACK_BOTS.c.bot_token, SLACK_BOTS.c.bot_refresh_token)),
        ]
    return [value for row in values for value in row if value is not None]


@pytest.fixture
def plain_rows(database_url: str) -> Iterator[Engine]:
    """A database from before encryption: an installation and its bot with tokens in plain text."""
    upgrade(database_url)
    engine = make_engine(database_url)
    with engine.begin() as connection:
        connection.execute(insert(SLACK_INSTALLATIONS).values(PLAIN_ROW | {"user_id": ACME_ADMIN}))
        connection.execute(insert(SLACK_BOTS).values(PLAIN_ROW))
    yield engine
    engine.dispose()


def test_an_installed_token_appears_nowhere_in_the_database(
    bot: LocalBot, slack: Sandbox, database_url: str
) -> None:
    assert install(bot, slack, ACME, ACME_ADMIN).status == 200
    token = slack.bot_token(ACME)
    stored = stored_tokens(bot.runtime.engine)
    assert len(stored) == 2 and all(token not in value for value in stored)
    if database_url.startswith("sqlite"):
        assert token.encode() not in database_bytes(database_url)
        secret_part = token.rsplit("-", 1)[-1].encode()
        assert secret_part not in database_bytes(database_url)
    # Stored encrypted, and still what the bot works with.
    found = bot.app.installation_store.find_bot(enterprise_id=None, team_id=ACME)  # type: ignore[union-attr]
    assert found is not None and found.bot_token == token


def test_db_upgrade_with_the_key_encrypts_plain_rows(
    plain_rows: Engine, database_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    key = Fernet.generate_key().decode()
    monkeypatch.setenv("TOKEN_ENCRYPTION_KEY", key)
    assert main(["db", "upgrade", "--database-url", database_url]) == 0
    assert "Encrypted 4 Slack token(s) stored in plain text." in capsys.readouterr().out
    stored = stored_tokens(plain_rows)
    assert len(stored) == 4 and not {PLAIN_BOT_TOKEN, PLAIN_REFRESH_TOKEN} & set(stored)
    assert sorted(TokenCipher(key).decrypt(value) or "" for value in stored) == sorted(
        [PLAIN_BOT_TOKEN, PLAIN_BOT_TOKEN, PLAIN_REFRESH_TOKEN, PLAIN_REFRESH_TOKEN]
    )
    if database_url.startswith("sqlite"):
        assert PLAIN_BOT_TOKEN.encode() not in database_bytes(database_url)
    assert main(["db", "upgrade", "--database-url", database_url]) == 0
    assert "Encrypted" not in capsys.readouterr().out  # nothing left in plain text


def test_an_oauth_start_refuses_plain_rows_in_one_line(
    plain_rows: Engine, slack: Sandbox, database_url: str
) -> None:
    with pytest.raises(WrongState) as refused:
        LocalBot(slack, ACME, database_url, transport="http", oauth=True)
    [line] = str(refused.value).splitlines()
    assert "4 Slack token(s) in the database are stored in plain text" in line
    assert "hiring-workshop db upgrade" in line and "TOKEN_ENCRYPTION_KEY" in line


def test_rotate_key_re_encrypts_under_the_new_first_key(
    plain_rows: Engine, database_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    monkeypatch.setenv("TOKEN_ENCRYPTION_KEY", old)
    assert main(["db", "upgrade", "--database-url", database_url]) == 0
    monkeypatch.setenv("TOKEN_ENCRYPTION_KEY", f"{new},{old}")
    assert main(["tokens", "rotate-key", "--database-url", database_url]) == 0
    assert "Re-encrypted 4 Slack token(s)" in capsys.readouterr().out
    only_new = TokenCipher(new)
    assert sorted(only_new.decrypt(value) or "" for value in stored_tokens(plain_rows)) == sorted(
        [PLAIN_BOT_TOKEN, PLAIN_BOT_TOKEN, PLAIN_REFRESH_TOKEN, PLAIN_REFRESH_TOKEN]
    )
    # The old key alone no longer reads them: a one-line error, not a traceback.
    monkeypatch.setenv("TOKEN_ENCRYPTION_KEY", old)
    assert main(["tokens", "rotate-key", "--database-url", database_url]) == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert "cannot be decrypted with any key in TOKEN_ENCRYPTION_KEY" in line


def test_rotate_key_without_a_key_says_how_to_make_one(
    database_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("TOKEN_ENCRYPTION_KEY", raising=False)
    assert main(["tokens", "rotate-key", "--database-url", database_url]) == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert "TOKEN_ENCRYPTION_KEY is not set" in line and "Fernet.generate_key()" in line

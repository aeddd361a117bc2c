"""Two workspaces that install the real bot through the sandbox's OAuth flow, over HTTP, on SQLite
and PostgreSQL: Acme, set up in the sandbox first with its people and a channel, and Globex, which
exists only once its owner approves the install."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import Table, select

from bot.process.clock import ManualClock
from bot.process.local import LocalBot
from bot.sandbox import Sandbox
from storage.tokens import TokenCipher
from tests.bot.oauth.browser import Browser, Page

ACME, GLOBEX = "T_ACME", "T_GLOBEX"
ACME_CHANNEL, GLOBEX_CHANNEL = "C_ACME", "C_GLOBEX"
ACME_ADMIN, ACME_CEO, ACME_CTO = "U_ACME_ADMIN", "U_ACME_CEO", "U_ACME_CTO"
GLOBEX_OWNER, GLOBEX_CEO = "U_GLOBEX_OWNER", "U_GLOBEX_CEO"
START = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
FLOW = "002-caio-or-cto"


@pytest.fixture
def slack() -> Iterator[Sandbox]:
    with Sandbox() as sandbox:
        sandbox.add_team(ACME, name="Acme")
        sandbox.add_user(ACME, ACME_ADMIN, real_name="Ada Admin", is_admin=True)
        sandbox.add_user(ACME, ACME_CEO, real_name="Carl Chief")
        sandbox.add_user(ACME, ACME_CTO, real_name="Tess Tech")
        sandbox.add_channel(
            ACME, "leadership", channel_id=ACME_CHANNEL, members=[ACME_ADMIN, ACME_CEO, ACME_CTO]
        )
        yield sandbox


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
def bot(slack: Sandbox, database_url: str, clock: ManualClock) -> Iterator[LocalBot]:
    with LocalBot(slack, ACME, database_url, transport="http", clock=clock, oauth=True) as local:
        yield local


def install(
    bot: LocalBot, slack: Sandbox, team_id: str, user_id: str, *, browser: Browser | None = None
) -> Page:
    """Open the install page, approve on Slack's authorize page, come back to the redirect page."""
    browser = browser or Browser()
    authorize = browser.get(install_url(bot))
    assert authorize.status == 302 and authorize.location, authorize
    approval = slack.approve_install(authorize.location, team_id, user_id)
    return browser.get(approval.redirect_url(redirect_url(bot)))


def install_url(bot: LocalBot) -> str:
    return f"{bot.url}{bot.runtime.settings.slack_install_path}"


def redirect_url(bot: LocalBot) -> str:
    return f"{bot.url}{bot.runtime.settings.slack_redirect_path}"


@pytest.fixture
def both_installed(bot: LocalBot, slack: Sandbox) -> LocalBot:
    """Acme installed by its admin; Globex created by its owner's approval, with a CEO and a channel."""
    for team_id, user_id in ((ACME, ACME_ADMIN), (GLOBEX, GLOBEX_OWNER)):
        page = install(bot, slack, team_id, user_id)
        assert page.status == 200, page.body
    slack.add_user(GLOBEX, GLOBEX_CEO, real_name="Gina Globe")
    slack.add_channel(GLOBEX, "exec", channel_id=GLOBEX_CHANNEL, members=[GLOBEX_OWNER, GLOBEX_CEO])
    return bot


def rows(bot: LocalBot, table: Table, **where: Any) -> list[dict[str, Any]]:
    query = select(table).where(*(table.c[name] == value for name, value in where.items()))
    with bot.runtime.engine.connect() as connection:
        return [dict(row) for row in connection.execute(query).mappings()]


def decrypted(bot: LocalBot, stored: str) -> str | None:
    """A token as the bot stored it, decrypted with the bot's own key."""
    key = bot.runtime.settings.token_encryption_key
    assert key is not None, "an OAuth bot has a token key"
    return TokenCipher(key).decrypt(stored)


def invite_text(*users: str) -> str:
    return " ".join(f"<@{u}|{u.lower()}>" for u in users)


def start_workshop(
    bot: LocalBot, slack: Sandbox, team_id: str, channel: str, facilitator: str, *people: str
) -> None:
    """`/hiring start` with the flow and the invitees in the text: the workshop starts at once."""
    slack.user(team_id, facilitator).slash("/hiring", f"start {FLOW} {invite_text(*people)}", channel=channel)
    bot.settle()

"""The whole app driven through the sandbox: a small leadership team in one workspace, the real
bot connected over Socket Mode or signed HTTP, on SQLite or PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from bot.process.local import LocalBot
from bot.sandbox import Person, Sandbox

TEAM = "T_ACME"
CHANNEL = "C_LEAD"
# Who sits on the panel, by Slack id, with the role the facilitator gives them.
PANEL = {"U_CEO": "ceo", "U_CTO": "cto", "U_CFO": "cfo", "U_PROD": "product", "U_RISK": "compliance"}


@dataclass
class Workspace:
    sandbox: Sandbox
    bot: LocalBot

    def person(self, user_id: str) -> Person:
        return self.sandbox.user(TEAM, user_id)

    @property
    def facilitator(self) -> Person:
        return self.person("U_FAC")

    def channel_text(self) -> list[str]:
        return [m.readable_text() for m in self.sandbox.messages(CHANNEL)]

    def ephemeral_text(self, user_id: str = "U_FAC") -> list[str]:
        return [e.readable_text() for e in self.person(user_id).ephemerals(CHANNEL)]


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    with Sandbox() as slack:
        slack.add_team(TEAM, name="Acme")
        slack.add_user(TEAM, "U_FAC", real_name="Fay Facilitator", tz="Europe/London")
        names = {
            "U_CEO": "Ada Lovelace",
            "U_CTO": "Grace Hopper",
            "U_CFO": "Mary Somerville",
            "U_PROD": "Katherine Johnson",
            "U_RISK": "Rosalind Franklin",
        }
        for user_id, name in names.items():
            slack.add_user(TEAM, user_id, real_name=name, tz="America/New_York")
        slack.add_user(TEAM, "U_ADMIN", real_name="Alan Admin", is_admin=True)
        slack.add_user(TEAM, "U_OTHER", real_name="Otto Outsider")
        slack.add_channel(
            TEAM, "leadership", channel_id=CHANNEL, members=["U_FAC", *names, "U_ADMIN", "U_OTHER"]
        )
        slack.add_channel(TEAM, "random", channel_id="C_RANDOM", members=["U_FAC"], bot_is_member=False)
        yield slack


@pytest.fixture(params=["socket", "http"])
def transport(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def workspace(sandbox: Sandbox, database_url: str, transport: str) -> Iterator[Workspace]:
    with LocalBot(sandbox, TEAM, database_url, transport=transport) as bot:  # type: ignore[arg-type]
        yield Workspace(sandbox, bot)


@pytest.fixture
def acme(sandbox: Sandbox, database_url: str) -> Iterator[Workspace]:
    """The same team over Socket Mode only, for tests about behaviour rather than transport."""
    with LocalBot(sandbox, TEAM, database_url, transport="socket") as bot:
        yield Workspace(sandbox, bot)

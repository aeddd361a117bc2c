"""Several bot instances on one PostgreSQL database, behind the sandbox's load balancer, and the demo's
leadership team of thirty in the sandbox: what the multi-instance tests drive."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path

import pytest
from sqlalchemy import Engine

from bot.cli import main
from bot.demo.plan import Story, plan_story
from bot.demo.stage import TEAM_ID, Cast, set_stage
from bot.sandbox import Sandbox
from bot.sandbox.balancer import Balancer
from flows.loader import FlowCatalog
from storage.db import make_engine
from tests.bot.scaleout.instances import BotInstance
from tests.bot.scaleout.workshop import Scene

FLOW = "000-head-of-ai-or-product-lead"
PEOPLE = 30
INSTANCES = 3


@cache
def _story() -> Story:
    # Drawn once (about a second): one declines, two stop part-way, the rest answer in full.
    return plan_story(FlowCatalog.load().get(FLOW), PEOPLE, seed=1)


@pytest.fixture
def crowd_story() -> Story:
    return _story()


@pytest.fixture
def stage(crowd_story: Story) -> Iterator[tuple[Sandbox, Cast]]:
    with Sandbox() as sandbox:
        yield sandbox, set_stage(sandbox, crowd_story)


@pytest.fixture
def migrated(database_url: str) -> str:
    """The database, brought up to date once by the command an operator runs before starting
    instances (in this process: a fresh interpreter would only add its start-up time)."""
    assert main(["db", "upgrade", "--database-url", database_url]) == 0
    return database_url


@pytest.fixture
def instances(stage: tuple[Sandbox, Cast], migrated: str, tmp_path: Path) -> Iterator[list[BotInstance]]:
    """Three instances started at once, each with its own port; stopped (SIGTERM) at the end."""
    sandbox, _ = stage
    bots = [BotInstance(f"bot{n}", sandbox, TEAM_ID, migrated, tmp_path) for n in range(1, INSTANCES + 1)]
    try:
        with ThreadPoolExecutor(INSTANCES) as starting:
            list(starting.map(lambda bot: bot.launch().wait_until_healthy(), bots))
        yield bots
    finally:
        for bot in bots:
            bot.stop()


@pytest.fixture
def lone_instance(stage: tuple[Sandbox, Cast], migrated: str, tmp_path: Path) -> Iterator[BotInstance]:
    sandbox, _ = stage
    bot = BotInstance("bot", sandbox, TEAM_ID, migrated, tmp_path)
    try:
        bot.launch().wait_until_healthy()
        sandbox.connect_http(bot.request_url)
        yield bot
    finally:
        bot.stop()


@pytest.fixture
def database(migrated: str) -> Iterator[Engine]:
    """The test's own connection to the shared database, to check what the instances stored."""
    engine = make_engine(migrated)
    yield engine
    engine.dispose()


@pytest.fixture
def scene(
    stage: tuple[Sandbox, Cast], crowd_story: Story, instances: list[BotInstance], database: Engine
) -> Scene:
    sandbox, cast = stage
    balancer: Balancer = sandbox.connect_http_many([bot.request_url for bot in instances])
    return Scene(sandbox, cast, crowd_story, instances, balancer, database)

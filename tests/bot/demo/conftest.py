"""A demo run, played once per case and shared by the tests that read it: what it printed, and
the database it kept."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from bot.demo.script import DemoOptions, DemoResult, run_demo
from bot.services.scope import ServiceScope
from bot.services.workshops import WorkshopService
from flows.loader import FlowCatalog
from storage.db import make_engine, make_session_factory

FLOW_000 = "000-head-of-ai-or-product-lead"
FLOW_001 = "001-product-or-engineering-leadership"
FLOW_002 = "002-caio-or-cto"


@dataclass(frozen=True)
class DemoRun:
    options: DemoOptions
    result: DemoResult
    printout: str


def play(options: DemoOptions) -> DemoRun:
    out = io.StringIO()
    result = run_demo(options, out)
    return DemoRun(options, result, out.getvalue())


@pytest.fixture(
    scope="module",
    params=[
        pytest.param((FLOW_000, 5, "socket"), id="000-5-socket"),
        pytest.param((FLOW_001, 5, "socket"), id="001-5-socket"),
        pytest.param((FLOW_002, 5, "socket"), id="002-5-socket"),
        pytest.param((FLOW_001, 12, "http"), id="001-12-http"),
    ],
)
def demo_run(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> DemoRun:
    flow_id, people, transport = request.param
    database = tmp_path_factory.mktemp("demo") / "demo.db"
    options = DemoOptions(flow_id, people, transport, database_url=f"sqlite:///{database}")
    return play(options)


@pytest.fixture
def stored(demo_run: DemoRun) -> Iterator[WorkshopService]:
    """The demo's own database, opened as the bot opens it."""
    engine = make_engine(demo_run.options.database_url or "")
    try:
        with make_session_factory(engine)() as session:
            yield WorkshopService(ServiceScope(session, FlowCatalog.load()))
    finally:
        engine.dispose()

"""The operator's view: /metrics on the HTTP port (and on METRICS_PORT in Socket Mode) counts
acknowledgements with their latency, Slack Web API calls by method and outcome (429s and retries
among them), and reads the scheduler's backlog and the posts waiting from the database."""

from __future__ import annotations

import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from prometheus_client.parser import text_string_to_metric_families

from bot.edge.http_server import METRICS_PATH
from bot.observability.metrics_server import serve_metrics
from bot.process.clock import ManualClock
from bot.process.local import LocalBot
from bot.sandbox import Sandbox
from bot.services.workshops import Invitee
from storage.repositories import ScheduledRepository
from tests.bot.conftest import CHANNEL, TEAM, Workspace

FLOW = "002-caio-or-cto"
_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))

START = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
def over_http(sandbox: Sandbox, database_url: str, clock: ManualClock) -> Iterator[Workspace]:
    with LocalBot(sandbox, TEAM, database_url, transport="http", clock=clock) as bot:
        yield Workspace(sandbox, bot)


def scrape(url: str) -> Samples:
    with _DIRECT.open(url, timeout=10) as answer:
        assert answer.status == 200
        text = answer.read().decode()
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def metrics_url(ws: Workspace) -> str:
    return f"{ws.bot.url}{METRICS_PATH}"


def start(ws: Workspace) -> None:
    ws.facilitator.slash("/hiring", f"start {FLOW} <@U_CEO|ceo> <@U_CTO|cto> <@U_CFO|cfo>", channel=CHANNEL)
    ws.bot.settle()


def test_acknowledgements_and_web_api_calls_are_counted(over_http: Workspace) -> None:
    before = scrape(metrics_url(over_http))
    assert value(before, "hiring_acks_total", kind="command") == 0
    start(over_http)
    after = scrape(metrics_url(over_http))
    assert value(after, "hiring_acks_total", kind="command") == 1
    assert value(after, "hiring_ack_seconds_count", kind="command") == 1
    assert value(after, "hiring_ack_seconds_bucket", kind="command", le="3.0") == 1
    posted = [c for c in over_http.sandbox.calls_to("chat.postMessage") if c.ok]
    assert posted and value(
        after, "hiring_slack_api_calls_total", method="chat.postMessage", outcome="ok"
    ) == len(posted)


def test_rate_limits_and_retries_are_counted(over_http: Workspace) -> None:
    over_http.sandbox.inject_faults("rate_limited", methods=["chat.postMessage"], retry_after=1, times=1)
    start(over_http)
    samples = scrape(metrics_url(over_http))
    assert (
        value(samples, "hiring_slack_api_calls_total", method="chat.postMessage", outcome="rate_limited") == 1
    )
    assert value(samples, "hiring_slack_api_retries_total", method="chat.postMessage") == 1
    refused = [c for c in over_http.sandbox.calls_to("chat.postMessage") if not c.ok]
    assert len(refused) == 1


def test_the_scheduler_backlog_and_posts_waiting_are_read_from_the_database(
    over_http: Workspace, clock: ManualClock
) -> None:
    runtime = over_http.bot.runtime
    with runtime.sessions() as session:
        workshop = runtime.service(session).create_workshop(
            team_id=TEAM,
            channel_id=CHANNEL,
            facilitator_id="U_FAC",
            flow_id=FLOW,
            invitees=[Invitee("U_CEO"), Invitee("U_CTO")],
            deadline=START + timedelta(days=3),
            anonymous=True,
        )
        ScheduledRepository(session).add(
            team_id=TEAM,
            workshop_id=workshop.id,
            kind="nudge",
            dedupe_key="late",
            due_at=START - timedelta(minutes=5),
        )
        session.commit()
    samples = scrape(metrics_url(over_http))
    assert value(samples, "hiring_scheduler_items_due") >= 1
    assert value(samples, "hiring_scheduler_lag_seconds") == 300
    assert value(samples, "hiring_posts_waiting", kind="invitation") == 2
    assert value(samples, "hiring_posts_waiting", kind="summary") == 0
    clock.advance(timedelta(minutes=5))
    assert value(scrape(metrics_url(over_http)), "hiring_scheduler_lag_seconds") == 600


def test_socket_mode_serves_metrics_on_its_own_port(acme: Workspace) -> None:
    start(acme)
    server = serve_metrics(acme.bot.runtime, "127.0.0.1", 0)
    assert server is not None
    try:
        samples = scrape(f"http://127.0.0.1:{server.server_port}{METRICS_PATH}")
    finally:
        server.shutdown()
        server.server_close()
    assert value(samples, "hiring_acks_total", kind="command") == 1
    assert serve_metrics(acme.bot.runtime, "127.0.0.1", None) is None

"""The operator's view: Prometheus metrics, served on /metrics (HTTP mode) or METRICS_PORT (Socket Mode).

- `hiring_acks_total{kind}` and `hiring_ack_seconds{kind}`: acknowledgements by kind of request,
  and how long after the request arrived each went out (Slack allows 3 s).
- `hiring_slack_api_calls_total{method,outcome}`: every Web API attempt, by method and outcome
  (ok, slack_error, rate_limited, server_error, client_error, timeout, connection_error), and
  `hiring_slack_api_retries_total{method}`: the attempts that were retries. Counted by a retry
  handler that never retries itself (`ObservingRetryHandler`), first in each client's list, which
  slack-sdk consults after every attempt.
- `hiring_scheduler_items_due` and `hiring_scheduler_lag_seconds`: scheduled items due and not yet
  run, and how late the oldest of them is; `hiring_posts_waiting{kind}`: invitations,
  summaries and every other post due and not yet made, each counted once. Read from the database at each
  scrape, so every instance reports the shared queue.

Each runtime has a registry of its own, so several bots in one process (the tests) do not mix.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from datetime import datetime

from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from slack_sdk.http_retry import RetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState
from sqlalchemy.orm import Session, sessionmaker

from storage.backlog import posts_waiting, scheduled_backlog

log = logging.getLogger(__name__)

# Slack allows 3 s for an acknowledgement; the buckets resolve the range that matters around it.
ACK_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0)
# Where the HTTP edge puts a request's arrival (time.perf_counter()) in Bolt's context.
RECEIVED_AT = "received_at"
REQUEST_KINDS = ("command", "block_actions", "view_submission", "view_closed", "event", "shortcut", "options")


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.acks = Counter(
            "hiring_acks", "Acknowledgements sent, by kind of request", ["kind"], registry=self.registry
        )
        self.ack_seconds = Histogram(
            "hiring_ack_seconds",
            "Seconds from a request's arrival to its acknowledgement",
            ["kind"],
            buckets=ACK_BUCKETS,
            registry=self.registry,
        )
        self.api_calls = Counter(
            "hiring_slack_api_calls",
            "Slack Web API attempts, by method and outcome",
            ["method", "outcome"],
            registry=self.registry,
        )
        self.api_retries = Counter(
            "hiring_slack_api_retries",
            "Slack Web API attempts that were retries",
            ["method"],
            registry=self.registry,
        )
        self.retry_observer = ObservingRetryHandler(self)

    def acknowledged(self, kind: str, seconds: float) -> None:
        self.acks.labels(kind).inc()
        self.ack_seconds.labels(kind).observe(seconds)

    def watch_database(self, sessions: sessionmaker[Session], now: Callable[[], datetime]) -> None:
        self.registry.register(_Backlog(sessions, now))


def request_kind(body: dict[str, object]) -> str:
    """A small, fixed set of labels: unknown kinds are counted together as `other`."""
    if "command" in body:
        return "command"
    kind = str(body.get("type", ""))
    if kind == "event_callback":
        return "event"
    if kind in ("message_action", "shortcut"):
        return "shortcut"
    if kind in ("block_suggestion", "dialog_suggestion"):
        return "options"
    return kind if kind in REQUEST_KINDS else "other"


class ObservingRetryHandler(RetryHandler):
    """Counts each attempt's outcome and never asks for a retry itself; the handlers after it decide."""

    def __init__(self, metrics: Metrics) -> None:
        super().__init__()
        self._metrics = metrics

    def can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        method = request.url.rstrip("/").rsplit("/", 1)[-1].split("?", 1)[0]
        self._metrics.api_calls.labels(method, _outcome(response, error)).inc()
        if state.current_attempt > 0:
            self._metrics.api_retries.labels(method).inc()
        return False


def _outcome(response: HttpResponse | None, error: Exception | None) -> str:
    if response is None:
        return "timeout" if isinstance(error, TimeoutError) else "connection_error"
    if response.status_code == 429:
        return "rate_limited"
    if response.status_code >= 500:
        return "server_error"
    if response.status_code >= 400:
        return "client_error"
    return "ok" if (response.body or {}).get("ok", True) else "slack_error"


class _Backlog(Collector):
    def __init__(self, sessions: sessionmaker[Session], now: Callable[[], datetime]) -> None:
        self._sessions, self._now = sessions, now

    def collect(self) -> Iterator[GaugeMetricFamily]:
        now = self._now()
        try:
            with self._sessions() as session:
                due, oldest = scheduled_backlog(session, now)
                waiting = posts_waiting(session)
        except Exception as error:
            # A scrape must not fail with the database: the health check reports that.
            log.warning("Metrics could not read the database: %s", type(error).__name__)
            return
        yield GaugeMetricFamily(
            "hiring_scheduler_items_due", "Scheduled items due and not yet run", value=due
        )
        lag = (now - oldest).total_seconds() if oldest is not None else 0.0
        yield GaugeMetricFamily(
            "hiring_scheduler_lag_seconds", "How late the oldest scheduled item due is, in seconds", value=lag
        )
        posts = GaugeMetricFamily(
            "hiring_posts_waiting", "Posts due and not yet made, by kind", labels=["kind"]
        )
        for kind, count in waiting.items():
            posts.add_metric([kind], count)
        yield posts

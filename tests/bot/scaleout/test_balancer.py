"""The sandbox's load balancer on its own, in front of small apps that record what reaches them: turn
by turn, skipping an instance that is gone, and sending an unanswered event again, as Slack does."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.edge.http_server import EVENTS_PATH, HEALTH_PATH, HttpServer
from bot.sandbox import Sandbox
from bot.sandbox.balancer import NO_HEALTHY_INSTANCE

TEAM = "T_BAL"


@dataclass
class Instance:
    """An app that acknowledges everything, or (`hanging`) holds requests past Slack's 3 seconds."""

    name: str
    hanging: threading.Event = field(default_factory=threading.Event)
    retries: list[str | None] = field(default_factory=list)  # X-Slack-Retry-Num of each request
    server: HttpServer | None = None
    url: str = ""  # its request URL, kept once it is stopped

    def app(self) -> Starlette:
        def events(request: Request) -> Response:
            self.retries.append(request.headers.get("x-slack-retry-num"))
            if self.hanging.is_set():
                threading.Event().wait(1.0)  # longer than the sandbox's ack timeout below
            return Response(status_code=200)

        def health(_: Request) -> Response:
            return JSONResponse({"status": "ok"})

        return Starlette(
            routes=[Route(EVENTS_PATH, events, methods=["POST"]), Route(HEALTH_PATH, health, methods=["GET"])]
        )

    def start(self) -> None:
        self.server = HttpServer(self.app()).start()
        self.url = self.server.url + EVENTS_PATH

    def stop(self) -> None:
        assert self.server is not None
        self.server.stop()


@pytest.fixture
def instances() -> Iterator[list[Instance]]:
    apps = [Instance(name) for name in ("a", "b", "c")]
    for app in apps:
        app.start()
    yield apps
    for app in apps:
        app.stop()


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    with Sandbox(ack_timeout=0.5) as slack:
        slack.add_team(TEAM)
        slack.add_user(TEAM, "U_ONE")
        slack.add_channel(TEAM, "general", channel_id="C_ONE", members=["U_ONE"])
        yield slack


def say(sandbox: Sandbox, times: int) -> None:
    for n in range(times):
        sandbox.user(TEAM, "U_ONE").say(f"message {n}", channel="C_ONE")


def test_each_request_goes_to_the_next_instance_in_turn(sandbox: Sandbox, instances: list[Instance]) -> None:
    balancer = sandbox.connect_http_many([app.url for app in instances])
    say(sandbox, 6)
    assert [len(app.retries) for app in instances] == [2, 2, 2]
    assert [route.instance for route in balancer.routes] == [app.url for app in instances] * 2
    assert {route.what for route in balancer.routes} == {"message"}


def test_an_instance_that_is_gone_is_skipped_and_its_request_sent_again(
    sandbox: Sandbox, instances: list[Instance]
) -> None:
    balancer = sandbox.connect_http_many([app.url for app in instances])
    gone = instances[1]
    gone.stop()
    say(sandbox, 6)

    assert all(delivery.acknowledged for delivery in sandbox.deliveries)
    assert gone.url in balancer.out_of_rotation
    refused = balancer.routed_to(gone.url)
    assert len(refused) == 1 and not refused[0].reached, "refused once, then out of the rotation"
    assert [len(app.retries) for app in instances] == [3, 0, 3]
    assert instances[2].retries == [None] * 3, "the app never saw the refused request: no retry"


def test_an_interaction_left_unanswered_is_not_sent_again(
    sandbox: Sandbox, instances: list[Instance]
) -> None:
    balancer = sandbox.connect_http_many([app.url for app in instances])
    instances[0].hanging.set()
    delivery = sandbox.user(TEAM, "U_ONE").slash("/hiring", "status", channel="C_ONE")

    assert not delivery.acknowledged, "Slack shows the person an error; they type it again if they like"
    assert [(route.instance, route.retry_attempt) for route in balancer.routes] == [(instances[0].url, 0)]
    assert [len(app.retries) for app in instances] == [1, 0, 0]


def test_an_event_left_unanswered_is_sent_again_with_its_retry_number(
    sandbox: Sandbox, instances: list[Instance]
) -> None:
    balancer = sandbox.connect_http_many([app.url for app in instances])
    instances[0].hanging.set()
    say(sandbox, 1)

    assert sandbox.deliveries[-1].acknowledged
    assert [(route.retry_attempt, route.status) for route in balancer.routes] == [(0, None), (1, 200)]
    assert instances[1].retries == ["1"]
    assert instances[0].url not in balancer.out_of_rotation, "slow but healthy: it stays in the rotation"


def test_with_every_instance_gone_slack_hears_the_balancer_refuse(
    sandbox: Sandbox, instances: list[Instance]
) -> None:
    sandbox.connect_http_many([app.url for app in instances])
    for app in instances:
        app.stop()
    say(sandbox, 1)
    assert sandbox.deliveries[-1].status == NO_HEALTHY_INSTANCE and not sandbox.deliveries[-1].acknowledged

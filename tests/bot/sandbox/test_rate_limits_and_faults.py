"""Rate limits (off unless asked for) and injected faults, seen through slack-sdk's client."""

from __future__ import annotations

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry import RateLimitErrorRetryHandler
from slack_sdk.http_retry.builtin_handlers import ServerErrorRetryHandler
from slack_sdk.http_retry.builtin_interval_calculators import FixedValueRetryIntervalCalculator

from bot.sandbox import Clock, Sandbox


def refused(call, **arguments) -> SlackApiError:
    with pytest.raises(SlackApiError) as error:
        call(**arguments)
    return error.value


def test_rate_limits_are_off_by_default(sandbox: Sandbox, client: WebClient) -> None:
    for n in range(6):
        client.chat_postMessage(channel="C_LEAD", text=str(n))

    assert sandbox.refusals == []


def test_a_tier_limit_answers_429_with_retry_after(sandbox: Sandbox, client: WebClient) -> None:
    sandbox.limit_rates(per_minute={"users.info": 2})
    client.users_info(user="U_CEO")
    client.users_info(user="U_CTO")

    error = refused(client.users_info, user="U_CFO")

    assert error.response.status_code == 429
    assert error.response["error"] == "ratelimited"
    assert 58 <= int(error.response.headers["Retry-After"]) <= 60
    [refusal] = sandbox.refusals
    assert refusal.method == "users.info" and "2 calls per minute" in refusal.reason


def test_the_window_reopens_after_a_minute(sandbox: Sandbox, client: WebClient) -> None:
    sandbox.limit_rates(per_minute={"users.info": 1})
    client.users_info(user="U_CEO")
    refused(client.users_info, user="U_CEO")

    sandbox.clock.advance(61)

    assert client.users_info(user="U_CEO")["ok"]


def test_the_published_tier_of_conversations_open_is_50_a_minute(sandbox: Sandbox, client: WebClient) -> None:
    sandbox.limit_rates()
    for _ in range(50):
        client.conversations_open(users="U_CTO")

    assert refused(client.conversations_open, users="U_CTO").response.status_code == 429


def test_post_message_allows_a_short_burst_per_channel(sandbox: Sandbox, client: WebClient) -> None:
    sandbox.limit_rates(post_message_burst=3)
    for n in range(3):
        client.chat_postMessage(channel="C_LEAD", text=str(n))

    error = refused(client.chat_postMessage, channel="C_LEAD", text="one too many")

    assert error.response.headers["Retry-After"] == "1"
    assert client.chat_postMessage(channel="U_CEO", text="another channel is fine")["ok"]


def test_slack_sdks_rate_limit_handler_waits_and_succeeds(sandbox: Sandbox) -> None:
    sandbox.limit_rates(post_message_burst=1)
    patient = WebClient(
        token=sandbox.bot_token("T_ACME"),
        base_url=sandbox.api_url,
        retry_handlers=[RateLimitErrorRetryHandler()],
    )
    patient.chat_postMessage(channel="C_LEAD", text="first")

    assert patient.chat_postMessage(channel="C_LEAD", text="second")["ok"]

    assert [m.text for m in sandbox.messages("C_LEAD")] == ["first", "second"]
    assert len(sandbox.refusals) == 1 and sandbox.repeated_refusals() == []


def test_a_request_refused_twice_for_the_same_reason_is_reported(sandbox: Sandbox, client: WebClient) -> None:
    sandbox.limit_rates(post_message_burst=1)
    client.chat_postMessage(channel="C_LEAD", text="first")
    for _ in range(2):  # an impatient client retries at once
        refused(client.chat_postMessage, channel="C_LEAD", text="second")

    [repeat] = sandbox.repeated_refusals()
    assert repeat.method == "chat.postMessage" and repeat.retry_after == 1


def test_injected_server_errors_answer_500_and_slack_sdk_retries(sandbox: Sandbox) -> None:
    sandbox.inject_faults("server_error", methods=["chat.postMessage"], times=1)
    retrying = WebClient(
        token=sandbox.bot_token("T_ACME"),
        base_url=sandbox.api_url,
        retry_handlers=[ServerErrorRetryHandler(interval_calculator=FixedValueRetryIntervalCalculator(0.01))],
    )

    assert retrying.chat_postMessage(channel="C_LEAD", text="got through")["ok"]

    assert [(c.status, c.response["error"] if not c.ok else "ok") for c in sandbox.calls] == [
        (500, "internal_error"),
        (200, "ok"),
    ]
    assert [fault.kind for fault in sandbox.injected_faults] == ["server_error"]


def test_injected_rate_limits_carry_retry_after(sandbox: Sandbox, client: WebClient) -> None:
    sandbox.inject_faults("rate_limited", retry_after=7, methods=["users.info"])

    error = refused(client.users_info, user="U_CEO")

    assert (error.response.status_code, error.response.headers["Retry-After"]) == (429, "7")
    assert sandbox.refusals == []  # not a rate limit of Slack's: no refusal to blame the bot for
    assert client.auth_test()["ok"]  # other methods are untouched


def test_a_hang_outlasts_the_clients_timeout_and_then_takes_effect(sandbox: Sandbox) -> None:
    sandbox.inject_faults("hang", hang_seconds=0.3, methods=["chat.postMessage"])
    impatient = WebClient(token=sandbox.bot_token("T_ACME"), base_url=sandbox.api_url, timeout=0.1)

    with pytest.raises(TimeoutError):
        impatient.chat_postMessage(channel="C_LEAD", text="did it arrive?")

    assert sandbox.wait_for(lambda: sandbox.messages("C_LEAD"), timeout=2)[0].text == "did it arrive?"


def test_faults_follow_the_seed() -> None:
    def pattern(seed: int) -> list[bool]:
        with Sandbox(seed=seed, clock=Clock(frozen=True)) as slack:
            slack.add_team("T_ACME")
            slack.inject_faults("server_error", share=0.5)
            web = WebClient(token=slack.bot_token("T_ACME"), base_url=slack.api_url)
            outcomes = []
            for _ in range(12):
                try:
                    outcomes.append(web.auth_test()["ok"])
                except SlackApiError:
                    outcomes.append(False)
            return outcomes

    first = pattern(seed=7)

    assert pattern(seed=7) == first
    assert True in first and False in first

"""The Web API client every part of the bot uses: one base URL, Slack's retry policy."""

from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.http_retry import RetryHandler
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

from bot.process.settings import Settings

# Calls that do something new each time they are made: one that timed out may still have done it,
# so it is never repeated (a second invitation, a second form). Every other call is safe to repeat.
NOT_REPEATABLE = {"chat.postMessage", "chat.postEphemeral", "views.open", "views.push"}


class TimeoutRetryHandler(RetryHandler):
    """Retries a call Slack did not answer in time, when making it twice does no harm."""

    def _can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        method = request.url.rstrip("/").rsplit("/", 1)[-1].split("?", 1)[0]
        return isinstance(error, TimeoutError) and method not in NOT_REPEATABLE


def retry_handlers() -> list[RetryHandler]:
    # Rate limits honour Retry-After; server errors and dropped connections back off exponentially.
    return [
        ConnectionErrorRetryHandler(max_retry_count=2),
        TimeoutRetryHandler(max_retry_count=2),
        RateLimitErrorRetryHandler(max_retry_count=5),
        ServerErrorRetryHandler(max_retry_count=3),
    ]


def make_client(
    settings: Settings, token: str | None = None, *, observer: RetryHandler | None = None
) -> WebClient:
    """`observer`, a retry handler that only counts (`bot.observability.metrics`), goes first:
    slack-sdk consults the handlers in order after every attempt and stops at the first that retries."""
    handlers = retry_handlers()
    return WebClient(
        token=token or settings.slack_bot_token,
        base_url=settings.slack_api_url,
        timeout=settings.slack_timeout_seconds,
        retry_handlers=[observer, *handlers] if observer is not None else handlers,
    )

"""Builds the Bolt app: client, the runtime in each request's context, error rendering, listeners."""

from __future__ import annotations

from slack_bolt import App

from bot.delivery.slack_client import make_client
from bot.edge.middleware import ProvideRuntime
from bot.edge.retries import RememberingApp, SkipHandledRetries
from bot.listeners import register_listeners
from bot.oauth.flow import oauth_settings
from bot.observability.log_format import tag_requests
from bot.observability.payload_logs import keep_payloads_out_of_logs
from bot.process.runtime import Runtime
from bot.process.settings import Transport


def create_app(runtime: Runtime) -> App:
    settings = runtime.settings
    app = RememberingApp(
        runtime,
        client=make_client(settings, observer=runtime.metrics.retry_observer),
        signing_secret=settings.slack_signing_secret or "",
        request_verification_enabled=settings.transport is Transport.HTTP,
        token_verification_enabled=False,
        # Ours, so shutdown, the demo and tests can wait for work done after acknowledging.
        listener_executor=runtime.listener_pool(),
        # With OAuth each request is authorized with its workspace's installation; else SLACK_BOT_TOKEN.
        oauth_settings=oauth_settings(runtime) if settings.oauth_enabled else None,
    )
    keep_payloads_out_of_logs(app)
    tag_requests(app)
    app.use(SkipHandledRetries(runtime))
    app.use(ProvideRuntime(runtime))
    register_listeners(app)
    return app

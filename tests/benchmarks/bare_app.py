"""The anchor for the acknowledgement benchmark: a Bolt app that only acknowledges, served exactly as
`hiring-workshop run` serves the bot in HTTP mode (same settings, `create_http_app`, uvicorn call).

    SLACK_BOT_TOKEN=xoxb-… SLACK_SIGNING_SECRET=… PORT=3001 python -m tests.benchmarks.bare_app
"""

from __future__ import annotations

import re

import uvicorn
from slack_bolt import Ack, App

from bot.delivery.slack_client import make_client
from bot.edge.executor import ListenerExecutor
from bot.edge.http_server import create_http_app
from bot.process.runtime import Runtime
from bot.process.settings import Settings, load_settings

ANYTHING = re.compile(".*")


def bare_app(settings: Settings) -> App:
    app = App(
        client=make_client(settings),
        signing_secret=settings.slack_signing_secret or "",
        request_verification_enabled=True,
        token_verification_enabled=False,
        listener_executor=ListenerExecutor(settings.listener_threads),
    )

    def acknowledge(ack: Ack) -> None:
        ack()

    app.command(ANYTHING)(acknowledge)
    app.view(ANYTHING)(acknowledge)
    app.action(ANYTHING)(acknowledge)
    return app


def main() -> int:
    settings = load_settings()
    runtime = Runtime.create(settings)  # create_http_app's health check and thread limit read it
    try:
        uvicorn.run(
            create_http_app(bare_app(settings), runtime),
            host=settings.host,
            port=settings.port,
            log_level="info",
        )
    finally:
        runtime.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The real bot, run against the project's Slack sandbox: what the tests and the demo drive.

Nothing here is a stand-in: the bot is built by `create_app` exactly as `hiring-workshop run`
builds it, talks to the sandbox's Web API over HTTP, and hears people over a Socket Mode
WebSocket or as signed HTTP requests, as it would hear Slack.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from typing import Any, Literal

from cryptography.fernet import Fernet
from slack_bolt.adapter.socket_mode import SocketModeHandler

from bot.app import create_app
from bot.edge.http_server import EVENTS_PATH, HttpServer, create_http_app
from bot.oauth.flow import workspace_client
from bot.process.clock import Clock
from bot.process.runtime import Runtime
from bot.process.settings import Settings
from bot.process.startup import plan_retention, resume_in_background
from bot.sandbox import Sandbox
from bot.sandbox.shutdown import close_builtin_client
from bot.scheduler.courier import Courier
from bot.scheduler.dispatcher import Dispatcher, Ran
from bot.scheduler.loop import BotScheduler
from storage.migrate import upgrade

TransportName = Literal["socket", "http"]


SANDBOX_STATE_SECRET = "sandbox-state-secret-not-for-production"


def sandbox_oauth_settings(sandbox: Sandbox) -> dict[str, str]:
    return {
        "SLACK_CLIENT_ID": sandbox.client_id,
        "SLACK_CLIENT_SECRET": sandbox.client_secret,
        "SLACK_STATE_SECRET": SANDBOX_STATE_SECRET,
        # A key of this bot's own: the tokens it stores are readable only while it runs.
        "TOKEN_ENCRYPTION_KEY": Fernet.generate_key().decode(),
    }


class LocalBot:
    def __init__(
        self,
        sandbox: Sandbox,
        team_id: str,
        database_url: str,
        *,
        transport: TransportName = "socket",
        clock: Clock | None = None,
        listener_threads: int = 8,
        scheduler: bool = False,
        scheduler_interval_seconds: int = 30,
        oauth: bool = False,
        extra_settings: Mapping[str, Any] | None = None,
    ) -> None:
        """`scheduler=True` also runs the scheduler's loop (at once, then as items fall due);
        either way `run_due()` runs the dispatcher at once, at the clock's time. `extra_settings`
        are more settings by their environment names (RETENTION_MONTHS=…)."""
        self.sandbox = sandbox
        self.transport = transport
        # With OAuth the bot has no token of its own: each workspace installs it through the
        # sandbox's authorize page (HTTP mode only), and `team_id` is not used.
        tokens: dict[str, Any] = (
            sandbox_oauth_settings(sandbox) if oauth else {"SLACK_BOT_TOKEN": sandbox.bot_token(team_id)}
        )
        settings = Settings(
            **tokens,
            SLACK_APP_TOKEN=sandbox.app_token() if transport == "socket" else None,
            SLACK_SIGNING_SECRET=sandbox.signing_secret,
            SLACK_API_URL=sandbox.api_url,
            DATABASE_URL=database_url,
            LISTENER_THREADS=listener_threads,
            SCHEDULER_INTERVAL_SECONDS=scheduler_interval_seconds,
            **(extra_settings or {}),
        )
        upgrade(database_url)
        self.runtime = Runtime.create(settings, clock)
        self.app = create_app(self.runtime)
        clients = partial(workspace_client, self.app, self.runtime)  # each workspace with its own token
        self.dispatcher = Dispatcher.for_runtime(self.runtime, clients)
        Courier.watch(self.runtime, self.dispatcher)
        self.scheduler = BotScheduler(self.dispatcher, scheduler_interval_seconds) if scheduler else None
        self._socket: SocketModeHandler | None = None
        self._http: HttpServer | None = None

    def start(self) -> LocalBot:
        if self.transport == "socket":
            # No auto-reconnect: the sandbox closes the link on stop, and the bot should not dial back.
            self._socket = SocketModeHandler(
                self.app, self.runtime.settings.slack_app_token, auto_reconnect_enabled=False
            )
            self._socket.connect()
            self.sandbox.connect_socket_mode()
            self.sandbox.wait_for(lambda: self.sandbox.socket_mode_connections > 0, timeout=10)
        else:
            read_timeout = self.runtime.settings.http_read_timeout_seconds
            self._http = HttpServer(
                create_http_app(self.app, self.runtime), read_timeout=read_timeout
            ).start()
            self.sandbox.connect_http(self._http.url + EVENTS_PATH)
        if self.scheduler is not None:
            self.scheduler.start()
        resume_in_background(self.app, self.runtime)
        plan_retention(self.runtime)
        return self

    @property
    def url(self) -> str | None:
        return self._http.url if self._http else None

    def stop(self) -> None:
        if self.scheduler is not None:
            self.scheduler.stop()
        if self._socket is not None:
            # slack-sdk's own close() waits seconds for a socket the sandbox can close at once.
            close_builtin_client(self.sandbox, self._socket.client)
        if self._http is not None:
            self._http.stop()
        self.runtime.close()

    def __enter__(self) -> LocalBot:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()

    def run_due(self) -> list[Ran]:
        """Run every scheduled item due by the clock now, then wait for the work it set off."""
        ran = self.dispatcher.run_due()
        self.settle()
        return ran

    def settle(self, timeout: float = 10.0) -> None:
        """Wait until the bot has finished the work it does after acknowledging (fan-out, summaries)
        and has written every acknowledged request to the database as handled."""
        # Twice: the handled log may finish after the listener pool went quiet, and the other way round.
        for _ in range(2):
            if not self.runtime.wait_idle(timeout):
                raise TimeoutError(f"the bot was still working after {timeout:.1f} s")

"""`hiring-workshop run`: the bot, in Socket Mode or HTTP mode as the settings say.

SIGTERM (or Ctrl-C) stops it gracefully: no new requests are taken, the ones in flight and the work
already acknowledged to Slack finish, and the scheduler hands back the items it claimed, so another
instance (or the next start) runs them at once instead of after their lease.
"""

from __future__ import annotations

import argparse
import logging
import signal
import threading
from functools import partial
from types import FrameType

from slack_bolt.adapter.socket_mode import SocketModeHandler

from bot.app import create_app
from bot.edge.http_server import create_http_app, serve
from bot.oauth.flow import workspace_client
from bot.observability.log_format import configure_logging
from bot.observability.metrics_server import serve_metrics
from bot.process.runtime import Runtime
from bot.process.settings import Transport, load_settings
from bot.process.startup import plan_retention, resume_in_background
from bot.scheduler.courier import Courier
from bot.scheduler.dispatcher import Dispatcher
from bot.scheduler.loop import BotScheduler
from storage.migrate import require_current

LISTENERS_GRACE_SECONDS = 30

log = logging.getLogger("hiring-workshop")


def run(args: argparse.Namespace) -> int:
    stop = _stop_on_signals()
    settings = load_settings()
    configure_logging(settings.log_level, settings.log_format)
    runtime = Runtime.create(settings)
    require_current(runtime.engine)
    app = create_app(runtime)
    resume_in_background(app, runtime)
    plan_retention(runtime)
    interval = settings.scheduler_interval_seconds
    clients = partial(workspace_client, app, runtime)  # each workspace with its own token
    dispatcher = Dispatcher.for_runtime(runtime, clients)
    Courier.watch(runtime, dispatcher)
    scheduler = BotScheduler(dispatcher, interval).start()
    try:
        if stop.is_set():
            return 0
        if settings.transport is Transport.SOCKET:
            log.info("Starting in Socket Mode against %s", settings.slack_api_url)
            metrics = serve_metrics(runtime, settings.host, settings.metrics_port)
            handler = SocketModeHandler(app, settings.slack_app_token)
            handler.connect()
            stop.wait()
            handler.close()  # Slack sends what comes next over the other instances' connections
            if metrics is not None:
                metrics.shutdown()
        else:
            log.info("Starting in HTTP mode on %s:%d", settings.host, settings.port)
            serve(
                create_http_app(app, runtime),
                settings.host,
                settings.port,
                settings.http_read_timeout_seconds,
            )
    finally:
        log.info("Stopping: finishing the work in hand")
        scheduler.stop()  # hands back what this instance claimed, for the next start or another instance
        _finish_listeners(runtime)
        runtime.close()
    return 0


def _stop_on_signals() -> threading.Event:
    """Set on SIGTERM or SIGINT. In HTTP mode uvicorn handles both while it serves, then raises the
    signal again on the way out; this handler takes that calmly instead of ending the process."""
    stop = threading.Event()

    def handle(signum: int, _: FrameType | None) -> None:
        if not stop.is_set():
            log.info("Received %s", signal.Signals(signum).name)
        stop.set()

    signal.signal(signal.SIGTERM, handle)
    signal.signal(signal.SIGINT, handle)
    return stop


def _finish_listeners(runtime: Runtime) -> None:
    """Let acknowledged work (a fan-out, a summary) finish: Slack will not send it again."""
    if not runtime.listener_pool().wait_idle(LISTENERS_GRACE_SECONDS):
        log.warning("Stopped with listener work still running after %d s", LISTENERS_GRACE_SECONDS)

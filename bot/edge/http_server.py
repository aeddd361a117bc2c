"""HTTP mode: Slack's requests on POST /slack/events, a health check on GET /healthz, and with OAuth
the install and redirect pages (GET SLACK_INSTALL_PATH and SLACK_REDIRECT_PATH).

uvicorn serves it. Bolt's own Starlette adapter runs the synchronous app on the event loop, which
would make every request wait for the one before; here each dispatch runs in the thread pool, so
concurrent senders are acknowledged concurrently.

The edge refuses before it reads: headers and body each have a deadline (`bot.edge.http_protocol`,
`bot.edge.http_limits`), the body a size limit, and a Slack request's signature is checked on its raw bytes
before anything parses them; only then is Bolt handed the bytes (and checks them again, as it
always does). Nothing a stranger sends is logged above DEBUG.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import logging
import threading
import time
from collections.abc import AsyncIterator
from typing import Any

import anyio.to_thread
import uvicorn
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from slack_bolt import App
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from slack_bolt.oauth import OAuthFlow
from sqlalchemy import text
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.edge.http_limits import BoundedRequests
from bot.edge.http_logs import install_http_log_filters
from bot.edge.http_protocol import with_header_timeout
from bot.observability.metrics import RECEIVED_AT
from bot.process.runtime import Runtime

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
METRICS_PATH = "/metrics"
GRACEFUL_SHUTDOWN_SECONDS = 30
# Slack's requests carry a dozen short headers; h11's own default is 16 KB, said here on purpose.
MAX_HEADER_BYTES = 16 * 1024
# An idle kept-alive connection is closed after this (uvicorn's default, said here on purpose).
KEEP_ALIVE_SECONDS = 5
SIGNATURE_MAX_AGE_SECONDS = 5 * 60  # slack-sdk's SignatureVerifier allows the same


def create_http_app(bolt_app: App, runtime: Runtime) -> Starlette:
    settings = runtime.settings
    secret = (settings.slack_signing_secret or "").encode()

    async def slack_events(request: Request) -> Response:
        received_at = time.perf_counter()
        timestamp = request.headers.get("x-slack-request-timestamp", "")
        signature = request.headers.get("x-slack-signature", "")
        if not _fresh(timestamp) or not signature:
            # Nothing a body could say would make it valid: refused before a byte of it is read.
            log.debug(
                "Refused a request to %s with no signature or a stale or missing timestamp", EVENTS_PATH
            )
            return _unsigned()
        body = await request.body()
        if not _signed(secret, timestamp, body, signature):
            log.debug("Refused a wrongly signed request to %s (%d bytes)", EVENTS_PATH, len(body))
            return _unsigned()
        try:
            bolt_request = to_bolt_request(request, body, {RECEIVED_AT: received_at})
        except Exception as error:
            # Bolt reads every field it knows of as it parses the request and before any handler
            # runs, and fails on a payload whose shape no Slack request has (an `enterprise` that is
            # a number): that is the sender's mistake, not a server error.
            log.warning("A signed request to %s could not be read (%s)", EVENTS_PATH, type(error).__name__)
            return JSONResponse({"error": "unreadable request"}, status_code=400)
        return to_starlette_response(await run_in_threadpool(bolt_app.dispatch, bolt_request))

    async def health(_: Request) -> Response:
        healthy = await run_in_threadpool(_database_answers, runtime)
        return JSONResponse({"status": "ok" if healthy else "database unavailable"}, 200 if healthy else 503)

    @contextlib.asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        # Dispatch blocks a thread until ack(); allow as many as the listeners can take at once.
        anyio.to_thread.current_default_thread_limiter().total_tokens = runtime.settings.listener_threads * 4
        yield

    async def metrics(_: Request) -> Response:
        exposition = await run_in_threadpool(generate_latest, runtime.metrics.registry)
        return Response(exposition, media_type=CONTENT_TYPE_LATEST)

    routes = [
        Route(EVENTS_PATH, slack_events, methods=["POST"]),
        Route(HEALTH_PATH, health, methods=["GET"]),
        Route(METRICS_PATH, metrics, methods=["GET"]),
    ]
    if bolt_app.oauth_flow is not None:
        routes += oauth_routes(bolt_app.oauth_flow)
    bounds = Middleware(
        BoundedRequests,
        max_body_bytes=settings.max_body_bytes,
        read_timeout=settings.http_read_timeout_seconds,
    )
    return Starlette(routes=routes, lifespan=lifespan, middleware=[bounds])


def oauth_routes(flow: OAuthFlow) -> list[Route]:
    """The install page (a redirect to Slack's authorize page) and the page Slack sends installers back to."""

    async def install(request: Request) -> Response:
        bolt_request = to_bolt_request(request, await request.body())
        return to_starlette_response(await run_in_threadpool(flow.handle_installation, bolt_request))

    async def redirect(request: Request) -> Response:
        bolt_request = to_bolt_request(request, await request.body())
        return to_starlette_response(await run_in_threadpool(flow.handle_callback, bolt_request))

    return [
        Route(flow.install_path, install, methods=["GET"]),
        Route(flow.redirect_uri_path, redirect, methods=["GET"]),
    ]


def _signed(secret: bytes, timestamp: str, body: bytes, signature: str) -> bool:
    """Slack's v0 signature, computed over the bytes as they came. slack-sdk's SignatureVerifier
    decodes the body first, and raises on bytes that are not UTF-8 rather than saying no."""
    base = b"v0:" + timestamp.encode() + b":" + body
    expected = "v0=" + hmac.new(secret, base, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected.encode(), signature.encode("utf-8", "replace"))


def _fresh(timestamp: str) -> bool:
    """A timestamp Slack's signature check could accept: digits, within its five minutes of now."""
    return timestamp.isdigit() and abs(time.time() - int(timestamp)) <= SIGNATURE_MAX_AGE_SECONDS


def _unsigned() -> Response:
    # As Bolt answers; closing the connection leaves whatever body was sent unread.
    return JSONResponse({"error": "invalid request"}, status_code=401, headers={"Connection": "close"})


def _database_answers(runtime: Runtime) -> bool:
    try:
        with runtime.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return True
    except Exception:
        return False


def server_config(
    app: Starlette, host: str, port: int, read_timeout: float, **options: Any
) -> uvicorn.Config:
    """uvicorn as both `serve` and `HttpServer` run it: the request headers' deadline, h11's cap on
    their size, a short keep-alive, and clean access logs."""
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        http=with_header_timeout(read_timeout),
        h11_max_incomplete_event_size=MAX_HEADER_BYTES,
        timeout_keep_alive=KEEP_ALIVE_SECONDS,
        lifespan="on",
        **options,
    )
    install_http_log_filters()  # after the Config, which (re)configures uvicorn's loggers
    return config


def serve(app: Starlette, host: str, port: int, read_timeout: float) -> None:
    """Serve until SIGTERM or SIGINT; then stop accepting, let the requests in flight finish (up to
    GRACEFUL_SHUTDOWN_SECONDS) and return, so the caller can finish and hand back the rest.

    uvicorn raises the signal again once it has shut down. The caller installs its own handlers first
    (see `bot.cli.run`), which uvicorn restores and which take that second signal calmly; with the
    default SIGTERM action the process would end there, before anything could be handed back.
    """
    # No logging config of uvicorn's own: its lines go through the bot's handler, in its format.
    config = server_config(
        app,
        host,
        port,
        read_timeout,
        log_level="info",
        log_config=None,
        timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_SECONDS,
    )
    uvicorn.Server(config).run()


class HttpServer:
    """uvicorn in a background thread; port 0 picks a free port (tests, the demo)."""

    def __init__(
        self, app: Starlette, host: str = "127.0.0.1", port: int = 0, read_timeout: float = 5.0
    ) -> None:
        config = server_config(app, host, port, read_timeout, log_level="warning")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, name="http-server", daemon=True)

    def start(self, timeout: float = 10.0) -> HttpServer:
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the HTTP server did not start")
            time.sleep(0.01)
        return self

    @property
    def url(self) -> str:
        host, port = self._server.servers[0].sockets[0].getsockname()[:2]
        return f"http://{host}:{port}"

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)

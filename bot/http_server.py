"""HTTP mode: Slack's requests on POST /slack/events, a health check on GET /healthz, and with OAuth
the install and redirect pages (GET SLACK_INSTALL_PATH and SLACK_REDIRECT_PATH).

uvicorn serves it. Bolt's own Starlette adapter runs the synchronous app on the event loop, which
would make every request wait for the one before; here each dispatch runs in the thread pool, so
concurrent senders are acknowledged concurrently.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import AsyncIterator

import anyio.to_thread
import uvicorn
from slack_bolt import App
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from slack_bolt.oauth import OAuthFlow
from sqlalchemy import text
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.runtime import Runtime

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
GRACEFUL_SHUTDOWN_SECONDS = 30


def create_http_app(bolt_app: App, runtime: Runtime) -> Starlette:
    async def slack_events(request: Request) -> Response:
        body = await request.body()
        try:
            bolt_request = to_bolt_request(request, body)
            return to_starlette_response(await run_in_threadpool(bolt_app.dispatch, bolt_request))
        except Exception:
            # Bolt reads every field it knows of as it parses the request and before any handler
            # runs, and fails on a payload whose shape no Slack request has (an `enterprise` that is
            # a number): that is the sender's mistake, not a server error.
            log.warning("A request to %s could not be read", EVENTS_PATH, exc_info=True)
            return JSONResponse({"error": "unreadable request"}, status_code=400)

    async def health(_: Request) -> Response:
        healthy = await run_in_threadpool(_database_answers, runtime)
        return JSONResponse({"status": "ok" if healthy else "database unavailable"}, 200 if healthy else 503)

    @contextlib.asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        # Dispatch blocks a thread until ack(); allow as many as the listeners can take at once.
        anyio.to_thread.current_default_thread_limiter().total_tokens = runtime.settings.listener_threads * 4
        yield

    routes = [Route(EVENTS_PATH, slack_events, methods=["POST"]), Route(HEALTH_PATH, health, methods=["GET"])]
    if bolt_app.oauth_flow is not None:
        routes += oauth_routes(bolt_app.oauth_flow)
    return Starlette(routes=routes, lifespan=lifespan)


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


def _database_answers(runtime: Runtime) -> bool:
    try:
        with runtime.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return True
    except Exception:
        return False


def serve(app: Starlette, host: str, port: int) -> None:
    """Serve until SIGTERM or SIGINT; then stop accepting, let the requests in flight finish (up to
    GRACEFUL_SHUTDOWN_SECONDS) and return, so the caller can finish and hand back the rest.

    uvicorn raises the signal again once it has shut down. The caller installs its own handlers first
    (see `bot.cli.run`), which uvicorn restores and which take that second signal calmly; with the
    default SIGTERM action the process would end there, before anything could be handed back.
    """
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level="info",
        lifespan="on",
        timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_SECONDS,
    )
    uvicorn.Server(config).run()


class HttpServer:
    """uvicorn in a background thread; port 0 picks a free port (tests, the demo)."""

    def __init__(self, app: Starlette, host: str = "127.0.0.1", port: int = 0) -> None:
        config = uvicorn.Config(app, host=host, port=port, log_level="warning", lifespan="on")
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

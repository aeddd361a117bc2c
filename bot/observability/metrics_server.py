"""Socket Mode has no HTTP port of its own: with METRICS_PORT set, /metrics is served there."""

from __future__ import annotations

import logging
from wsgiref.simple_server import WSGIServer

from prometheus_client import start_http_server

from bot.process.runtime import Runtime

log = logging.getLogger(__name__)


def serve_metrics(runtime: Runtime, host: str, port: int | None) -> WSGIServer | None:
    """prometheus-client's own server, in a thread, on `port`; None when no port is set. Port 0 picks
    a free one (`server.server_port` says which)."""
    if port is None:
        return None
    server, _ = start_http_server(port, addr=host, registry=runtime.metrics.registry)
    log.info("Serving /metrics on %s:%d", host, server.server_port)
    return server

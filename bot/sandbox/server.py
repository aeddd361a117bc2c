"""Serve an ASGI app with uvicorn on a background thread, on a free loopback port.

uvicorn polls for shutdown every 0.1 s and then waits for connections to drain; a sandbox is started
and stopped by every test, so this server wakes the moment it is told to stop and closes connections
at once instead.
"""

from __future__ import annotations

import asyncio
import socket
import threading

import uvicorn
from starlette.types import ASGIApp

START_TIMEOUT_SECONDS = 5.0


class _PromptServer(uvicorn.Server):
    def __init__(self, config: uvicorn.Config) -> None:
        super().__init__(config)
        self.ready = threading.Event()
        self.loop: asyncio.AbstractEventLoop | None = None
        self._stop_requested: asyncio.Event | None = None

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        self.loop = asyncio.get_running_loop()
        self._stop_requested = asyncio.Event()
        await super().startup(sockets=sockets)
        self.ready.set()

    async def main_loop(self) -> None:
        assert self._stop_requested is not None
        await self.on_tick(0)  # sets the default response headers uvicorn's ticks would set
        await self._stop_requested.wait()

    def request_stop(self) -> None:
        self.should_exit = True
        if self.loop is not None and self._stop_requested is not None:
            self.loop.call_soon_threadsafe(self._stop_requested.set)

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        for server in self.servers:
            server.close()
        for connection in list(self.server_state.connections):
            connection.shutdown()
        for task in list(self.server_state.tasks):
            task.cancel()
        await asyncio.sleep(0)  # let the cancelled handlers unwind before the loop closes


class BackgroundServer:
    def __init__(self, app: ASGIApp) -> None:
        self._app = app
        self._server: _PromptServer | None = None
        self._thread: threading.Thread | None = None
        self.port = 0

    @property
    def loop(self) -> asyncio.AbstractEventLoop | None:
        return self._server.loop if self._server else None

    def start(self) -> None:
        # Binding first gives the port before uvicorn runs; the kernel queues early connections.
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", 0))
        listener.listen(128)
        self.port = listener.getsockname()[1]
        config = uvicorn.Config(
            self._app, log_level="warning", lifespan="off", ws="websockets-sansio", access_log=False
        )
        self._server = _PromptServer(config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [listener]}, name=f"sandbox-{self.port}", daemon=True
        )
        self._thread.start()
        if not self._server.ready.wait(START_TIMEOUT_SECONDS):
            self.stop()
            raise RuntimeError(f"The sandbox server did not start within {START_TIMEOUT_SECONDS} s.")

    def stop(self) -> None:
        if self._server is not None:
            self._server.request_stop()
        if self._thread is not None:
            self._thread.join(START_TIMEOUT_SECONDS)
        self._server = None
        self._thread = None

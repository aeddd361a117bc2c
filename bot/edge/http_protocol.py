"""uvicorn's HTTP/1.1 protocol (h11) with a deadline for a request's headers.

uvicorn times out an idle keep-alive connection, but not one that has started a request and sends
its headers slowly, or never finishes them: such a connection is held open for as long as the
client likes, and a few hundred of them exhaust the server. Here each request's headers must be
complete within HTTP_READ_TIMEOUT_SECONDS of the connection opening (or, on a kept-alive
connection, of the first byte after the last response); the body then has its own deadline
(`bot.edge.http_limits`). h11 itself caps the size of the headers (uvicorn's `h11_max_incomplete_event_size`).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

log = logging.getLogger(__name__)


class HeaderDeadlineProtocol(H11Protocol):
    header_timeout: float = 5.0  # set per server by `with_header_timeout`

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._header_timer: asyncio.TimerHandle | None = None
        self._armed_after: object = None  # the request cycle that was last when the timer was armed

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def data_received(self, data: bytes) -> None:
        between_requests = self.cycle is None or self.cycle.response_complete
        if between_requests and (self._header_timer is None or self._armed_after is not self.cycle):
            self._disarm()
            self._arm()  # the first byte of the next request on a kept-alive connection
        super().data_received(data)

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        self._armed_after = self.cycle
        self._header_timer = self.loop.call_later(self.header_timeout, self._headers_overdue, self.cycle)

    def _disarm(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _headers_overdue(self, cycle_when_armed: object) -> None:
        self._header_timer = None
        if self.cycle is not cycle_when_armed or self.transport.is_closing():
            return  # a request's headers arrived in time (its body has a deadline of its own)
        if self.cycle is None or self.cycle.response_complete:
            log.debug(
                "Closed a connection whose request headers did not arrive within %.0f s", self.header_timeout
            )
            self.transport.close()


def with_header_timeout(seconds: float) -> type[HeaderDeadlineProtocol]:
    """The protocol class for one server, its deadline bound in (uvicorn takes a class, not an instance)."""
    return type("HeaderDeadlineProtocol", (HeaderDeadlineProtocol,), {"header_timeout": seconds})

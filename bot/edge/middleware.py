"""The runtime (settings, database, flows, clock) handed to every listener through Bolt's context.

A listener declares `context` (or `runtime`) and opens its own unit of work from it (`bot.edge.units`):
a middleware cannot hold a session for it, as Bolt's middleware chain has returned before the
listener runs.
"""

from __future__ import annotations

from collections.abc import Callable

from slack_bolt import BoltRequest, BoltResponse
from slack_bolt.middleware import Middleware

from bot.process.runtime import Runtime


class ProvideRuntime(Middleware):
    def __init__(self, runtime: Runtime) -> None:
        self._runtime = runtime

    def process(
        self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]
    ) -> BoltResponse | None:
        req.context["runtime"] = self._runtime
        # What next() gives back, as function middleware do: a response returned here would stand
        # in for the listener's acknowledgement.
        return next()

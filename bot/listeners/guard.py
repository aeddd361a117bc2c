"""Listeners that never hand Bolt a failure after they have acknowledged.

Bolt treats a listener's exception the same whether or not the listener had acknowledged: it
resets the acknowledgement and marks the response 500 from the listener's thread while the
request's thread may be sending it. Slack then gets a 500, or nothing for 3 s and a 404, and shows
the person its own error beside ours. So a failure after the acknowledgement is told to the person
here, in the listener's thread, and Bolt sees a listener that returned; a failure before it still
goes to Bolt, whose error handler turns it into the acknowledgement (see `errors`)."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from slack_bolt import App
from slack_bolt.kwargs_injection.args import Args

from bot.listeners.errors import render_error

Listener = Callable[..., Any]


def guarded(listener: Listener) -> Listener:
    names = inspect.getfullargspec(listener).args

    def run(args: Args) -> Any:
        # Bolt gives `args` everything it has; the listener gets what it asks for, by name.
        given = {
            name: getattr(args, name) if hasattr(args, name) else args.context.get(name) for name in names
        }
        try:
            return listener(**given)
        except Exception as error:
            if args.ack.response is None:
                raise
            render_error(error, args.body, args.context, args.client, args.respond, None, args.logger)
            return None

    run.__name__ = run.__qualname__ = getattr(listener, "__name__", "listener")
    return run


class GuardedApp:
    """The app as the listener groups register with it: every listener they give it is guarded."""

    def __init__(self, app: App) -> None:
        self._app = app

    def action(self, *constraints: Any, **options: Any) -> Callable[[Listener], Any]:
        return self._guarding(self._app.action(*constraints, **options))

    def command(self, *constraints: Any, **options: Any) -> Callable[[Listener], Any]:
        return self._guarding(self._app.command(*constraints, **options))

    def event(self, *constraints: Any, **options: Any) -> Callable[[Listener], Any]:
        return self._guarding(self._app.event(*constraints, **options))

    def view(self, *constraints: Any, **options: Any) -> Callable[[Listener], Any]:
        return self._guarding(self._app.view(*constraints, **options))

    def view_closed(self, *constraints: Any, **options: Any) -> Callable[[Listener], Any]:
        return self._guarding(self._app.view_closed(*constraints, **options))

    @staticmethod
    def _guarding(register: Callable[[Listener], Any]) -> Callable[[Listener], Any]:
        return lambda listener: register(guarded(listener))

"""One database session per Slack request, handed to listeners through Bolt's context.

A listener declares `session` (or `workshops`, the service over that session) and commits its own
unit of work. Bolt runs listeners after the acknowledgement on its executor, so the session cannot
be closed when the middleware chain returns; the listener runner's completion handler, which Bolt
calls in the listener's own thread once the listener has finished (or failed), closes it.
"""

from __future__ import annotations

from collections.abc import Callable

from slack_bolt import App, BoltContext, BoltRequest, BoltResponse
from slack_bolt.listener.listener_completion_handler import ListenerCompletionHandler
from sqlalchemy.orm import Session

from bot.process.runtime import Runtime


class CloseSession(ListenerCompletionHandler):
    def handle(self, request: BoltRequest, response: BoltResponse | None) -> None:
        session: Session | None = request.context.get("session")
        if session is not None:
            session.close()


def use_database_session(app: App, runtime: Runtime) -> None:
    @app.middleware
    def open_session(context: BoltContext, next: Callable[[], BoltResponse]) -> BoltResponse:
        # Creating a Session is cheap and takes no connection until the first query.
        session = runtime.sessions()
        context["session"] = session
        context["workshops"] = runtime.service(session)
        context["checkins"] = runtime.checkins(session)
        context["runtime"] = runtime
        return next()

    app.listener_runner.listener_completion_handler = CloseSession()

"""The facilitator's own controls, refused to everyone but the workshop's facilitator or a workspace
admin before their listener runs (Bolt's listener middleware, `app.action(..., middleware=[...])`).

Each control says which workshop it is about in its own way (a button's value, a form's private
metadata, a check-in's id), so each is registered with the function its listener parses it with.
The check reads the workshop in a short session of its own and asks Slack whether the person is an
admin only when they are not the facilitator (`bot.workflows.admins`), so the acknowledgement still
comes well within Slack's 3 s. A refusal is the acknowledgement: the error handler's rendering of
`NotAllowed` (`bot.listeners.errors`), so the person reads the same words the services' own guard
gives (an ephemeral or DM for a click, the form itself for a submission). Anything else that fails
here goes to that same error handler through Bolt.

Why not `/hiring`: its subcommands share one listener and find their workshop from the typed text or
the channel after parsing it (`bot.listeners.commands.targets`); they keep their check in the handler.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import BoltContext, BoltRequest, BoltResponse
from slack_bolt.middleware import Middleware

from bot.listeners.errors import render_error
from bot.process.runtime import Runtime
from bot.services.guards import require_facilitator
from bot.services.workshops import WorkshopService
from bot.workflows.admins import acts_as_admin
from flows.errors import WorkshopError
from storage.models import Workshop

# Which workshop a request is about, from its body, read through the service.
Locate = Callable[[dict[str, Any], WorkshopService], Workshop]
# Where the check leaves, for the listener, whether the person acts as a workspace admin.
ACTING_AS_ADMIN = "acting_as_admin"


class FacilitatorOnly(Middleware):
    """Lets the request through to its listener only for the facilitator or a workspace admin;
    `doing` names what was refused ("close", "settle questions in") as the services name it."""

    def __init__(self, locate: Locate, doing: str) -> None:
        self._locate = locate
        self._doing = doing

    def process(
        self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]
    ) -> BoltResponse | None:
        context = req.context
        try:
            admin = self._check(req.body, context)
        except WorkshopError as error:
            # Not next(): the listener never runs, and the response is the acknowledgement. Bolt
            # hands a listener middleware whatever the app's middleware returned (None after
            # `next()`), so a response of its own tells the error handler nothing was acknowledged.
            unacknowledged = BoltResponse(status=200, body="")
            client, respond, logger = context.client, context.respond, context.logger
            return render_error(error, req.body, context, client, respond, unacknowledged, logger)
        context[ACTING_AS_ADMIN] = admin
        return next()

    def _check(self, body: dict[str, Any], context: BoltContext) -> bool:
        runtime: Runtime = context["runtime"]
        with runtime.sessions() as session:
            workshop = self._locate(body, runtime.service(session))
        # The session is closed first: no connection is held while Slack is asked about the person.
        user = context.user_id or ""
        admin = acts_as_admin(context.client, workshop, user)
        require_facilitator(workshop, user, admin, self._doing)
        return admin


def acting_as_admin(context: BoltContext) -> bool:
    """Whether the person passed `FacilitatorOnly` as a workspace admin rather than the facilitator.
    A listener registered without the check fails here instead of acting for just anyone."""
    return bool(context[ACTING_AS_ADMIN])

"""The facilitator's own controls and `/hiring` subcommands, refused to everyone but the workshop's
facilitator or a workspace admin before their listener runs (Bolt's listener middleware,
`app.action(..., middleware=[...])`, `app.view(...)` and `app.command(...)` alike).

Each control says which workshop it is about in its own way (a button's value, a form's private
metadata, a check-in's id), so each is registered with the function its listener parses it with
(`FacilitatorOnly`). `/hiring` has one listener for all its subcommands, so its check
(`bot.listeners.commands.guard`) parses the text, lets through the subcommands anyone may use, and
finds the workshop of the others as they say (the number typed, else the channel's).

The check reads the workshop in a short session of its own and asks Slack whether the person is an
admin only when they are not the facilitator (`bot.workflows.admins`), so the acknowledgement still
comes well within Slack's 3 s. It leaves the workshop's id and whether the person acts as an admin
in the context, for the listener to read the workshop again in its own unit of work. A refusal is
the acknowledgement: the error handler's rendering of `NotAllowed` (`bot.edge.errors`), so the
person reads the same words the services' own guard gives (an ephemeral or DM for a click, the form
itself for a submission, an ephemeral reply to a command). Anything else that fails here goes to
that same error handler through Bolt.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Callable
from typing import Any

from slack_bolt import BoltContext, BoltRequest, BoltResponse
from slack_bolt.middleware import Middleware

from bot.edge.errors import render_error
from bot.process.runtime import Runtime
from bot.services.guards import require_facilitator
from bot.services.workshops import WorkshopService
from bot.workflows.admins import acts_as_admin
from flows.errors import WorkshopError
from storage.models import Workshop

# Which workshop a request is about, from its body, read through the service.
Locate = Callable[[dict[str, Any], WorkshopService], Workshop]
# One request's check: how to find its workshop through the service, and what a refusal names as
# refused ("close", "settle questions in"), as the services name it.
Check = tuple[Callable[[WorkshopService], Workshop], str]
# Where the check leaves, for the listener, whether the person acts as a workspace admin.
ACTING_AS_ADMIN = "acting_as_admin"
# And the id of the workshop it checked.
CHECKED_WORKSHOP = "checked_workshop_id"


class FacilitatorCheck(Middleware):
    """Lets a request through to its listener only for the facilitator or a workspace admin of the
    workshop `check_for` finds for it."""

    @abstractmethod
    def check_for(self, body: dict[str, Any], context: BoltContext) -> Check | None:
        """What to check for this request; None lets it through unchecked."""

    def process(
        self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]
    ) -> BoltResponse | None:
        context = req.context
        try:
            check = self.check_for(req.body, context)
            if check is None:
                return next()
            workshop_id, admin = self._check(*check, context)
        except WorkshopError as error:
            # Not next(): the listener never runs, and the response is the acknowledgement. Bolt
            # hands a listener middleware whatever the app's middleware returned (None after
            # `next()`), so a response of its own tells the error handler nothing was acknowledged.
            unacknowledged = BoltResponse(status=200, body="")
            client, respond, logger = context.client, context.respond, context.logger
            return render_error(error, req.body, context, client, respond, unacknowledged, logger)
        context[CHECKED_WORKSHOP], context[ACTING_AS_ADMIN] = workshop_id, admin
        return next()

    def _check(
        self, find: Callable[[WorkshopService], Workshop], doing: str, context: BoltContext
    ) -> tuple[int, bool]:
        runtime: Runtime = context["runtime"]
        with runtime.sessions() as session:
            workshop = find(runtime.service(session))
        # The session is closed first: no connection is held while Slack is asked about the person.
        user = context.user_id or ""
        admin = acts_as_admin(context.client, workshop, user)
        require_facilitator(workshop, user, admin, doing)
        return workshop.id, admin


class FacilitatorOnly(FacilitatorCheck):
    """A control every request of which is checked; `doing` names what was refused ("close")."""

    def __init__(self, locate: Locate, doing: str) -> None:
        self._locate = locate
        self._doing = doing

    def check_for(self, body: dict[str, Any], context: BoltContext) -> Check:
        return (lambda workshops: self._locate(body, workshops)), self._doing


def acting_as_admin(context: BoltContext) -> bool:
    """Whether the person passed the check as a workspace admin rather than the facilitator. A
    listener registered without the check fails here instead of acting for just anyone."""
    return bool(context[ACTING_AS_ADMIN])


def checked_workshop_id(context: BoltContext) -> int:
    """The id of the workshop the check let the person act on (likewise only after the check)."""
    return int(context[CHECKED_WORKSHOP])

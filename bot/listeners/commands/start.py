"""`/hiring start`: the start modal, or with a flow and people, a workshop straight away."""

from __future__ import annotations

import re

from sqlalchemy.orm import Session

from bot.blocks.error import error_message
from bot.blocks.start_modal import MAX_INVITEES, start_modal
from bot.blocks.viewmodels import StartDefaults
from bot.listeners.commands.invocation import Invocation
from bot.listeners.commands.subcommand import HiringCommand, Subcommand, shown
from bot.workflows.launch import LaunchRequest, check_channel, launch
from flows.errors import WorkshopError
from flows.roles import ROLE_WORDS
from flows.schema import ROLES
from storage.service import Invitee

_USER = re.compile(r"^<@([UW][A-Z0-9_]+)(?:\|[^>]*)?>$")
_GROUP = re.compile(r"^<!subteam\^[A-Z0-9]+(?:\|([^>]*))?>$")
_FLOW_ID = re.compile(r"^[a-z0-9][a-z0-9_\-]{0,62}$")


NO_PREVIEW = "--no-preview"


def parse(name: str, args: list[str]) -> HiringCommand:
    preview = NO_PREVIEW not in (a.lower() for a in args)
    args = [a for a in args if a.lower() != NO_PREVIEW]
    flow_id: str | None = None
    users: list[str] = []
    roles: dict[str, str] = {}
    for position, token in enumerate(args):
        user = _USER.match(token)
        role = ROLE_WORDS.get(token.lower().strip(",;"))
        if user:
            users.append(user.group(1))
        elif role and users and _USER.match(args[position - 1]):
            roles[users[-1]] = role
        elif role and position > 0:
            raise WorkshopError(
                f"The role '{shown(token)}' follows no person.",
                "Put each role straight after its person, such as `@dana cto @lee cfo`.",
            )
        elif _GROUP.match(token):
            raise WorkshopError(
                f"{shown(token)} is a user group; groups cannot be invited.",
                "Mention each person with @, or pick them in the form.",
            )
        elif token.startswith("@"):
            raise WorkshopError(
                f"Slack did not recognise {shown(token)} as a person.",
                "Pick the name from the list that pops up as you type @, or pick people in the form.",
            )
        elif position == 0 and _FLOW_ID.match(token.lower()):
            flow_id = token.lower()
        elif position == 0:
            raise WorkshopError(
                f"'{shown(token)}' is not a flow id.",
                "`/hiring flows` lists the ids, such as `/hiring start ID`.",
            )
        else:
            raise WorkshopError(
                f"'{shown(token)}' is neither a person nor a role.",
                "Write `/hiring start FLOW @person [role] @person [role]`, mentioning each person with @; "
                f"a role is one of {', '.join(ROLES)}.",
            )
    unique = tuple(dict.fromkeys(users))
    if len(unique) > MAX_INVITEES:
        raise WorkshopError(
            f"{len(unique)} people were mentioned; a workshop takes at most {MAX_INVITEES}.",
            "Invite the key stakeholders only.",
        )
    return HiringCommand(subcommand=name, flow_id=flow_id, user_ids=unique, roles=roles, preview=preview)


def start(call: Invocation) -> None:
    command, parsed, client, runtime = call.command, call.parsed, call.client, call.runtime
    now = runtime.clock.now()
    if parsed.flow_id is None or not parsed.user_ids:
        call.ack()
        check_channel(client, command.channel_id)
        defaults = StartDefaults.from_now(
            now, flow_id=parsed.flow_id, invitee_ids=parsed.user_ids, preview=parsed.preview
        )
        view = start_modal(runtime.catalog.all(), command.channel_id, defaults)
        client.views_open(trigger_id=command.trigger_id, view=view)
        return
    try:
        runtime.catalog.get(parsed.flow_id)
        if call.context.bot_user_id in parsed.user_ids:
            raise WorkshopError("The app itself cannot take part.", "Leave @Hiring Workshop out of the list.")
    except WorkshopError as error:
        call.ack(**error_message(error.problem, error.fix).to_dict())
        return
    call.ack(text=f"Starting a workshop with {len(parsed.user_ids)} people…")
    defaults = StartDefaults.from_now(now)
    request = LaunchRequest(
        team_id=command.team_id,
        enterprise_id=command.enterprise_id,
        channel_id=command.channel_id,
        facilitator_id=command.user_id,
        flow_id=parsed.flow_id,
        invitees=[Invitee(user_id=u, role=parsed.roles.get(u, "other")) for u in parsed.user_ids],
        deadline=defaults.deadline,
        anonymous=defaults.anonymous,
        checkin_months=list(defaults.checkin_months),
        preview=parsed.preview,
        request_key=f"command:{command.trigger_id}",
    )

    def start_workshop(follow_up: Session) -> None:
        check_channel(client, command.channel_id)
        launch(client, follow_up, runtime.service(follow_up), request)

    def tell(error: WorkshopError) -> None:
        call.respond(**error_message(error.problem, error.fix).to_dict(), response_type="ephemeral")

    runtime.after_ack(start_workshop, tell=tell)


SUBCOMMAND = Subcommand(
    name="start",
    arguments="[FLOW @person [role] …] [--no-preview]",
    hint="[flow] [@person role …]",
    summary=(
        "Start a workshop in this channel: without a flow and people, a form opens. A role after a "
        "person (ceo, cto, cfo, product, engineering, compliance, people, operations) says where they "
        "speak from."
    ),
    parse=parse,
    handle=start,
)

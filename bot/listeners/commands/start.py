"""`/hiring start`: the start modal, or with a flow and people, a workshop straight away."""

from __future__ import annotations

import re

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
    if not _quick(parsed):
        call.ack()
        check_channel(client, command.channel_id)
        defaults = StartDefaults.from_now(
            runtime.clock.now(), flow_id=parsed.flow_id, invitee_ids=parsed.user_ids, preview=parsed.preview
        )
        view = start_modal(runtime.catalog.all(), command.channel_id, defaults)
        client.views_open(trigger_id=command.trigger_id, view=view)
        return
    problem = _problem(call)
    if problem is not None:
        call.ack(**error_message(problem.problem, problem.fix).to_dict())
        return
    call.ack(text=f"Starting a workshop with {len(parsed.user_ids)} people…")


def start_workshop(call: Invocation) -> None:
    """After the acknowledgement: the workshop, its announcement and one invitation per person take
    seconds. A failure goes to the person who typed the command (`bot.units`)."""
    command, parsed = call.command, call.parsed
    if not _quick(parsed) or _problem(call) is not None:
        return  # a form opened instead, or the acknowledgement said what was wrong
    defaults = StartDefaults.from_now(call.runtime.clock.now())
    request = LaunchRequest(
        team_id=command.team_id,
        enterprise_id=command.enterprise_id,
        channel_id=command.channel_id,
        facilitator_id=command.user_id,
        flow_id=parsed.flow_id or "",
        invitees=[Invitee(user_id=u, role=parsed.roles.get(u, "other")) for u in parsed.user_ids],
        deadline=defaults.deadline,
        anonymous=defaults.anonymous,
        checkin_months=list(defaults.checkin_months),
        preview=parsed.preview,
        request_key=f"command:{command.trigger_id}",
    )
    check_channel(call.client, command.channel_id)
    launch(call.client, call.session, call.workshops, request)


def _quick(parsed: HiringCommand) -> bool:
    """A flow and people given: the workshop starts straight away, without the form."""
    return parsed.flow_id is not None and bool(parsed.user_ids)


def _problem(call: Invocation) -> WorkshopError | None:
    try:
        call.runtime.catalog.get(call.parsed.flow_id or "")
    except WorkshopError as error:
        return error
    if call.context.bot_user_id in call.parsed.user_ids:
        return WorkshopError("The app itself cannot take part.", "Leave @Hiring Workshop out of the list.")
    return None


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
    follow_up=start_workshop,
)

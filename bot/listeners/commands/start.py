"""`/hiring start`: the start modal, or with a flow and people, a workshop straight away."""

from __future__ import annotations

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.blocks.error import error_message
from bot.blocks.start_modal import start_modal
from bot.blocks.viewmodels import StartDefaults
from bot.payloads import HiringCommand, SlashCommand
from bot.runtime import Runtime
from bot.workflows.launch import LaunchRequest, check_channel, launch
from flows.errors import WorkshopError
from storage.service import Invitee, WorkshopService


def start(
    ack: Ack,
    command: SlashCommand,
    parsed: HiringCommand,
    client: WebClient,
    respond: Respond,
    context: BoltContext,
    session: Session,
    workshops: WorkshopService,
    runtime: Runtime,
) -> None:
    now = runtime.clock.now()
    if parsed.flow_id is None or not parsed.user_ids:
        ack()
        check_channel(client, command.channel_id)
        defaults = StartDefaults.from_now(
            now, flow_id=parsed.flow_id, invitee_ids=parsed.user_ids, preview=parsed.preview
        )
        view = start_modal(runtime.catalog.all(), command.channel_id, defaults)
        client.views_open(trigger_id=command.trigger_id, view=view)
        return
    try:
        runtime.catalog.get(parsed.flow_id)
        if context.bot_user_id in parsed.user_ids:
            raise WorkshopError("The app itself cannot take part.", "Leave @Hiring Workshop out of the list.")
    except WorkshopError as error:
        ack(**error_message(error.problem, error.fix).to_dict())
        return
    ack(text=f"Starting a workshop with {len(parsed.user_ids)} people…")
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
        respond(**error_message(error.problem, error.fix).to_dict(), response_type="ephemeral")

    runtime.after_ack(start_workshop, tell=tell)

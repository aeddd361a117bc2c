"""The start form: channel (from App Home), then flow and people, then each person's role."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.blocks.home_start import picked_channel
from bot.blocks.ids import BlockId
from bot.blocks.metadata import StartContext, StartDraft
from bot.blocks.start_modal import parse_roles, parse_start_submission, roles_modal, start_errors, start_modal
from bot.blocks.viewmodels import Invitee as DraftInvitee
from bot.blocks.viewmodels import StartDefaults
from bot.edge.errors import tell_in_channel
from bot.edge.payloads import ViewSubmission
from bot.edge.units import told_after_ack
from bot.process.runtime import Runtime
from bot.services.workshops import Invitee
from bot.workflows.launch import LaunchRequest, check_channel, launch
from bot.workflows.names import display_names
from flows.errors import WorkshopError


def submit_channel(ack: Ack, body: dict[str, Any], client: WebClient, runtime: Runtime) -> None:
    submission = ViewSubmission.parse(body)
    channel_id = picked_channel(submission.view.state.values)
    try:
        if channel_id is None:
            raise WorkshopError("Pick a channel.")
        check_channel(client, channel_id)
    except WorkshopError as error:
        ack(response_action="errors", errors={BlockId.CHANNEL: str(error)[:150]})
        return
    defaults = StartDefaults.from_now(runtime.clock.now())
    ack(response_action="update", view=start_modal(runtime.catalog.all(), channel_id, defaults))


def submit_start(
    ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext, runtime: Runtime
) -> None:
    submission = ViewSubmission.parse(body)
    values = submission.view.state.values
    errors = start_errors(values, runtime.clock.now(), context.bot_user_id)
    if errors:
        ack(response_action="errors", errors=errors)
        return
    draft = parse_start_submission(values, submission.view.metadata(StartContext))
    names = display_names(client, draft.invitee_ids)
    invitees = [DraftInvitee(user_id=u, name=names.get(u)) for u in draft.invitee_ids]
    ack(response_action="update", view=roles_modal(draft, invitees))


def submit_roles(
    ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext, runtime: Runtime
) -> None:
    submission = ViewSubmission.parse(body)
    draft = submission.view.metadata(StartDraft)
    roles = parse_roles(submission.view.state.values)
    ack()
    with told_after_ack(context):
        facilitator = submission.user.id
        request = LaunchRequest(
            team_id=submission.team.id if submission.team else context.team_id or "",
            enterprise_id=context.enterprise_id,
            channel_id=draft.channel_id,
            facilitator_id=facilitator,
            flow_id=draft.flow_id,
            invitees=[Invitee(user_id=u, role=roles.get(u, "other")) for u in draft.invitee_ids],
            deadline=datetime.fromtimestamp(draft.deadline, UTC),
            anonymous=draft.anonymous,
            checkin_months=list(draft.checkin_months),
            preview=draft.preview,
            # The view id survives both steps: a retried submission finds the workshop it made.
            request_key=f"view:{submission.view.id}",
        )

        def launch_after_ack(follow_up: Session) -> None:
            launch(client, follow_up, runtime.service(follow_up), request)

        runtime.after_ack(
            launch_after_ack,
            tell=lambda error: tell_in_channel(client, draft.channel_id, facilitator, error),
        )

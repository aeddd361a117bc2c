"""`/hiring checkin [WORKSHOP]`: the check-ins of this channel's workshops, with their controls.

Anyone in the channel may look; the controls refuse everyone but the facilitator and admins.
"""

from __future__ import annotations

from slack_bolt import Respond

from bot.blocks.checkin import checkins_message
from bot.payloads import HiringCommand, SlashCommand
from bot.scheduler.checkins import checkin_plan
from storage.models import WorkshopStatus
from storage.service import WorkshopService

MOST_SHOWN = 10


def checkins(
    command: SlashCommand, parsed: HiringCommand, respond: Respond, workshops: WorkshopService
) -> None:
    if parsed.workshop_id is not None:
        chosen = [workshops.get(command.team_id, parsed.workshop_id)]
    else:
        everything = workshops.in_channel(command.team_id, command.channel_id, active_only=False)
        chosen = [w for w in everything if w.status is not WorkshopStatus.CANCELLED][:MOST_SHOWN]
    plans = [checkin_plan(workshops, workshop) for workshop in chosen]
    for message in checkins_message(plans):
        respond(**message.to_dict(), response_type="ephemeral")

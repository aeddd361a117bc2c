"""`/hiring checkin [WORKSHOP]`: the check-ins of this channel's workshops, with their controls.

Anyone in the channel may look; the controls refuse everyone but the facilitator and admins.
"""

from __future__ import annotations

from bot.blocks.checkin import checkins_message
from bot.listeners.commands.invocation import Invocation
from bot.listeners.commands.subcommand import Subcommand, workshop_number
from bot.services.checkins import CheckInService
from bot.workflows.checkins import checkin_plan
from storage.models import WorkshopStatus

MOST_SHOWN = 10


def checkins(call: Invocation) -> None:
    call.ack()
    command, workshops = call.command, call.workshops
    if call.parsed.workshop_id is not None:
        chosen = [workshops.get(command.team_id, call.parsed.workshop_id)]
    else:
        everything = workshops.in_channel(command.team_id, command.channel_id, active_only=False)
        chosen = [w for w in everything if w.status is not WorkshopStatus.CANCELLED][:MOST_SHOWN]
    checkins = CheckInService(workshops.scope)
    plans = [checkin_plan(workshops, checkins, workshop) for workshop in chosen]
    for message in checkins_message(plans):
        call.respond(**message.to_dict(), response_type="ephemeral")


SUBCOMMAND = Subcommand(
    name="checkin",
    arguments="[WORKSHOP]",
    hint="",
    summary="See, snooze, move or cancel a decided workshop's check-ins.",
    parse=workshop_number,
    handle=checkins,
)

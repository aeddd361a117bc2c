"""`/hiring status`: who has answered and who has not, for each workshop in this channel."""

from __future__ import annotations

from dataclasses import replace

from bot.blocks.status import status_message
from bot.listeners.commands.invocation import Invocation
from bot.listeners.commands.subcommand import Subcommand, no_arguments
from bot.services.recommendations import RecommendationService
from bot.workflows.invitations import recommendation_link
from bot.workflows.presenters import outcome_line, status_card
from storage.models.states import ACTIVE_STATUSES

# Finished and cancelled workshops shown after the running ones, newest first.
MOST_FINISHED = 10


def status(call: Invocation) -> None:
    call.ack()
    workshops = call.workshops
    recommendations = RecommendationService(workshops.scope)
    everything = workshops.in_channel(call.command.team_id, call.command.channel_id, active_only=False)
    running = [w for w in everything if w.status in ACTIVE_STATUSES]
    finished = [w for w in everything if w.status not in ACTIVE_STATUSES][:MOST_FINISHED]
    cards = []
    for workshop in [*running, *finished]:
        flow = workshops.flow_of(workshop)
        participants = workshops.participants(workshop.id)
        outcome = outcome_line(flow, workshop, recommendations.latest_recommendation(workshop.id))
        link = recommendation_link(call.client, workshop) if outcome is not None else None
        card = status_card(workshop, flow, participants, outcome, link)
        # The facilitator already sees who answered (they remind them); in an anonymous workshop
        # nobody else does, or a small panel's summary would be attributable.
        names_shown = not workshop.anonymous or call.command.user_id == workshop.facilitator_id
        cards.append(replace(card, names_shown=names_shown))
    for message in status_message(cards):
        call.respond(**message.to_dict(), response_type="ephemeral")


SUBCOMMAND = Subcommand(
    name="status",
    arguments="",
    summary=(
        "Who has answered and who has not, for each running workshop in this channel; what the "
        "finished and cancelled ones came to, with a link."
    ),
    parse=no_arguments,
    handle=status,
)

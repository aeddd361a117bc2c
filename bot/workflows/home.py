"""The App Home of each person, refreshed whenever something they see changes."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.orm import Session

from bot.blocks.home import home_view
from bot.blocks.viewmodels import FacilitatedWorkshop, FinishedWorkshop, HomeModel, WaitingWorkshop
from bot.services.answers import AnswerService
from bot.services.recommendations import RecommendationService
from bot.services.scheduling import next_checkin
from bot.services.workshops import WorkshopService
from bot.workflows.invitations import recommendation_link
from bot.workflows.presenters import current_deadline, tally_of
from flows.engine.anonymity import Withheld
from flows.engine.model import Analysis
from storage.models import ParticipantStatus, Workshop, WorkshopStatus

log = logging.getLogger(__name__)
WAITING = (ParticipantStatus.INVITED, ParticipantStatus.ANSWERING)


def home_model(
    workshops: WorkshopService, team_id: str, user_id: str, client: WebClient | None = None
) -> HomeModel:
    """`client`, when given, looks up the links to posted recommendations."""
    waiting: list[WaitingWorkshop] = []
    facilitating: list[FacilitatedWorkshop] = []
    finished: list[FinishedWorkshop] = []
    recommendations = RecommendationService(workshops.scope)
    for workshop in workshops.for_user(team_id, user_id):
        flow = workshops.flow_of(workshop)
        participants = workshops.participants(workshop.id)
        mine = next((p for p in participants if p.user_id == user_id), None)
        if mine is not None and _waits_for(workshops, workshop, mine.id, mine.status):
            round_ = 2 if workshop.status is WorkshopStatus.ROUND2 else 1
            deadline = (
                workshop.round2_deadline if round_ == 2 and workshop.round2_deadline else workshop.deadline
            )
            waiting.append(WaitingWorkshop(workshop.id, flow.title, flow.decision, deadline, round_))
        if workshop.status is WorkshopStatus.DECIDED or workshop.status is WorkshopStatus.CANCELLED:
            recommendation = recommendations.latest_recommendation(workshop.id)
            withheld = recommendation is not None and isinstance(
                recommendations.shown(workshop, Analysis.model_validate(recommendation.analysis_json)),
                Withheld,
            )
            if withheld:
                recommendation = None
            chosen = recommendation.option_id if recommendation else None
            label = flow.option(chosen).label if chosen else None
            upcoming = next_checkin(workshops.scope.session, workshop.id)
            runs_it = workshop.facilitator_id == user_id
            finished.append(
                FinishedWorkshop(
                    workshop.id,
                    flow.title,
                    workshop.channel_id,
                    recommendation=label,
                    confidence=str(recommendation.confidence) if recommendation and chosen else None,  # type: ignore[arg-type]
                    next_checkin=upcoming.due_at.date() if upcoming else None,
                    link=recommendation_link(client, workshop) if client is not None else None,
                    facilitated=runs_it,
                    controlled_checkin=upcoming.id if runs_it and upcoming is not None else None,
                    withheld=withheld,
                )
            )
        elif workshop.facilitator_id == user_id:
            tally = tally_of(workshops, workshop, participants)
            facilitating.append(
                FacilitatedWorkshop(
                    workshop.id,
                    flow.title,
                    workshop.channel_id,
                    str(workshop.status),
                    current_deadline(workshop),
                    answered=tally.answered,
                    invited=tally.invited - tally.declined,
                )
            )
    return HomeModel(tuple(waiting), tuple(facilitating), tuple(finished))


def _waits_for(
    workshops: WorkshopService, workshop: Workshop, participant_id: int, status: ParticipantStatus
) -> bool:
    if workshop.status is WorkshopStatus.COLLECTING:
        return status in WAITING
    if workshop.status is WorkshopStatus.ROUND2:
        answering = AnswerService(workshops.scope)
        return (
            status is not ParticipantStatus.DECLINED
            and not answering.current_answers(workshop.id, participant_id, 2)
            and bool(answering.round2_questions(workshop, participant_id))
        )
    return False


def publish_home(client: WebClient, workshops: WorkshopService, team_id: str, user_id: str) -> None:
    client.views_publish(user_id=user_id, view=home_view(home_model(workshops, team_id, user_id, client)))


def refresh_homes(
    client: WebClient, session: Session, workshops: WorkshopService, team_id: str, user_ids: Iterable[str]
) -> None:
    """Best effort: a home that could not be refreshed is rebuilt when its owner next opens it."""
    for user_id in dict.fromkeys(user_ids):
        try:
            publish_home(client, workshops, team_id, user_id)
        except SlackApiError as error:
            log.info("Could not refresh an App Home: %s", error.response.get("error"))

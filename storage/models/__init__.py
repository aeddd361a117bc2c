"""Every table, imported together so `Base.metadata` is complete wherever models are used."""

from flows.ratings import Rating
from storage.models.decision import Dispute, Recommendation, Resolution
from storage.models.follow_up import CheckIn, CheckInRating, ScheduledItem
from storage.models.installations import SLACK_BOTS, SLACK_INSTALLATIONS, SLACK_OAUTH_STATES
from storage.models.requests import HandledRequest
from storage.models.states import (
    ACTIVE_STATUSES,
    CheckInStatus,
    Confidence,
    DisputeStatus,
    ParticipantStatus,
    ScheduledState,
    WorkshopStatus,
)
from storage.models.workshop import Answer, Participant, Workshop
from storage.models.workspace import Workspace

__all__ = [
    "ACTIVE_STATUSES",
    "SLACK_BOTS",
    "SLACK_INSTALLATIONS",
    "SLACK_OAUTH_STATES",
    "Answer",
    "CheckIn",
    "CheckInRating",
    "CheckInStatus",
    "Confidence",
    "Dispute",
    "DisputeStatus",
    "HandledRequest",
    "Participant",
    "ParticipantStatus",
    "Rating",
    "Recommendation",
    "Resolution",
    "ScheduledItem",
    "ScheduledState",
    "Workshop",
    "WorkshopStatus",
    "Workspace",
]

"""Queries, one repository per table group. Each takes a Session and never commits: the caller
owns the transaction."""

from storage.repositories.answers import AnswerRepository
from storage.repositories.checkins import CheckInRepository
from storage.repositories.follow_up import FollowUpRepository
from storage.repositories.outcomes import OutcomeRepository
from storage.repositories.reminders import ReminderRepository
from storage.repositories.scheduled import ClaimedItem, ScheduledRepository
from storage.repositories.workshops import WorkshopRepository

__all__ = [
    "AnswerRepository",
    "CheckInRepository",
    "ClaimedItem",
    "FollowUpRepository",
    "OutcomeRepository",
    "ReminderRepository",
    "ScheduledRepository",
    "WorkshopRepository",
]

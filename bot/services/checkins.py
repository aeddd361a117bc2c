"""Check-ins: finding them, rating them, and the facilitator's changes to when they happen.

The 3-, 6- and 12-month check-ins are planned when a workshop starts and scheduled when it is
decided (`bot.services.scheduling`); this service is what listeners and scheduler handlers call to
read and change them. It works inside the caller's transaction and never commits."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import datetime
from typing import Any

from bot.services.scheduling import (
    add_checkin,
    cancel_checkin,
    remove_planned,
    reschedule_checkin,
    snooze_checkin,
    summary_due_now,
)
from bot.services.scope import ServiceScope
from storage.models import CheckIn, CheckInRating, CheckInStatus, Participant, Rating, Workshop
from storage.repositories import CheckInRepository

Given = Mapping[str, tuple[Rating, str | None]]  # criterion id -> the rating and its optional note


class CheckInService:
    def __init__(self, scope: ServiceScope) -> None:
        self.scope = scope
        self._checkins = CheckInRepository(scope.session)

    def get(self, team_id: str, checkin_id: int) -> CheckIn:
        return self._checkins.get(team_id, checkin_id)

    def for_workshop(self, workshop_id: int) -> list[CheckIn]:
        return self._checkins.for_workshop(workshop_id)

    def previous_summarised(self, checkin: CheckIn) -> CheckIn | None:
        return self._checkins.previous_summarised(checkin)

    def ratings(
        self, checkin_id: int, participant_id: int | None = None
    ) -> dict[tuple[int, str], CheckInRating]:
        """The rating that counts for each (participant, criterion)."""
        return self._checkins.current_ratings(checkin_id, participant_id)

    def rate(self, checkin: CheckIn, person: Participant, given: Given) -> None:
        now = self.scope.now()
        for criterion_id, (rating, note) in given.items():
            self._checkins.rate(checkin.id, person.id, criterion_id, rating, note, now)

    def bring_summary_forward(self, team_id: str, checkin: CheckIn) -> int | None:
        """Everyone has rated: the summary is due now. Returns the scheduled item to run at once."""
        return summary_due_now(self.scope.session, team_id, checkin, self.scope.now())

    def moved(self, checkin: CheckIn, *, from_statuses: Collection[CheckInStatus], **values: Any) -> bool:
        """Change the check-in only if it is still in one of `from_statuses`: of two instances
        opening or summarising the same check-in, one does."""
        return self._checkins.change(checkin, from_statuses=from_statuses, **values)

    # The facilitator's changes

    def snooze(self, workshop: Workshop, checkin: CheckIn) -> CheckIn:
        return snooze_checkin(self.scope.session, workshop, checkin, self.scope.now())

    def reschedule(self, workshop: Workshop, checkin: CheckIn, due: datetime) -> CheckIn:
        return reschedule_checkin(self.scope.session, workshop, checkin, due, self.scope.now())

    def cancel(self, checkin: CheckIn) -> CheckIn:
        return cancel_checkin(self.scope.session, checkin)

    def add(self, workshop: Workshop, months: int) -> CheckIn | None:
        return add_checkin(self.scope.session, workshop, months, self.scope.now())

    def drop_planned(self, workshop: Workshop, months: int) -> None:
        remove_planned(workshop, months)

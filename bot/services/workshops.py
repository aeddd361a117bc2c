"""Workshops themselves: starting one, finding it and its people, its flow as it was when it started,
its lock, and ending it. Every method works inside the caller's transaction and never commits; every
refusal is a `flows.errors` error that says what and how to fix.

Changes of state take the workshop's lock with a conditional UPDATE first (see
`WorkshopRepository.lock`), so two racing requests never both act on the same state. The other
services (answers, rounds, disputes, recommendations) take it through this one, so what a
workshop's rows mean is decided in one place.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import inspect, select
from sqlalchemy.exc import IntegrityError

from bot.services.guards import require_active, require_facilitator
from bot.services.invitations import Invitee, check_deadline, checked_invitees, checked_months
from bot.services.scope import ServiceScope
from flows.errors import WrongState
from flows.schema import Flow
from storage.models import ACTIVE_STATUSES, Participant, ParticipantStatus, Workshop, WorkshopStatus
from storage.repositories import FollowUpRepository, WorkshopRepository
from storage.savepoints import savepoint

__all__ = ["Invitee", "WorkshopService"]

FLOWS_KEPT = 32  # parsed flow snapshots per process: each is a few hundred KB at most

_Row = TypeVar("_Row", Workshop, Participant)


class _ParsedFlows:
    """Parsed flow snapshots by hash, the `kept` most recently used. Looked up by hash alone, so a
    request whose flow is parsed already never reads the snapshot's JSON from the database."""

    def __init__(self, kept: int) -> None:
        self._kept = kept
        self._flows: OrderedDict[str, Flow] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, flow_hash: str, read_json: Callable[[], dict[str, Any]]) -> Flow:
        with self._lock:
            flow = self._flows.get(flow_hash)
            if flow is not None:
                self._flows.move_to_end(flow_hash)
                return flow
        parsed = Flow.model_validate(read_json())
        with self._lock:
            flow = self._flows.setdefault(flow_hash, parsed)  # a racing request's, if it came first
            self._flows.move_to_end(flow_hash)
            while len(self._flows) > self._kept:
                self._flows.popitem(last=False)
        return flow


_PARSED_FLOWS = _ParsedFlows(FLOWS_KEPT)


class WorkshopService:
    def __init__(self, scope: ServiceScope) -> None:
        self.scope = scope
        # Private: callers ask the service, so what a workshop's rows mean is decided in one place.
        self._workshops = WorkshopRepository(scope.session)
        self._follow_up = FollowUpRepository(scope.session)

    # Starting and finding workshops

    def create_workshop(
        self,
        *,
        team_id: str,
        enterprise_id: str | None = None,
        channel_id: str,
        facilitator_id: str,
        flow_id: str,
        invitees: Sequence[Invitee],
        deadline: datetime,
        anonymous: bool,
        checkin_months: Sequence[int] = (12,),
        request_key: str | None = None,
        preview: bool = True,
    ) -> Workshop:
        """A new workshop in `collecting`, with its invitees. Idempotent on (team, request key): a
        retried request gets back the workshop the first attempt stored."""
        if request_key is not None:
            existing = self._workshops.by_request_key(team_id, request_key)
            if existing is not None:
                return existing
        flow = self.scope.catalog.get(flow_id)
        people = checked_invitees(invitees)
        now = self.scope.now()
        check_deadline(deadline, now)
        workshop = Workshop(
            team_id=team_id,
            enterprise_id=enterprise_id,
            channel_id=channel_id,
            facilitator_id=facilitator_id,
            flow_id=flow.id,
            flow_version=flow.version,
            flow_hash=flow.content_hash(),
            flow_json=flow.model_dump(mode="json", by_alias=True),
            status=WorkshopStatus.COLLECTING,
            anonymous=anonymous,
            deadline=deadline,
            checkin_months=checked_months(checkin_months),
            preview=preview,
            request_key=request_key,
            created_at=now,
            participants=[
                Participant(user_id=p.user_id, role=p.role, weight=p.weight, status=ParticipantStatus.INVITED)
                for p in people
            ],
        )
        if request_key is None:
            return self._workshops.add(workshop)
        try:
            with savepoint(self.scope.session):
                return self._workshops.add(workshop)
        except IntegrityError:
            # A retry of the same request stored its workshop between our look-up and our insert.
            existing = self._workshops.by_request_key(team_id, request_key)
            if existing is None:
                raise
            return existing

    def get(self, team_id: str, workshop_id: int) -> Workshop:
        return self._workshops.get(team_id, workshop_id)

    def in_channel(self, team_id: str, channel_id: str, *, active_only: bool = True) -> list[Workshop]:
        return self._workshops.in_channel(team_id, channel_id, ACTIVE_STATUSES if active_only else None)

    def for_user(self, team_id: str, user_id: str) -> list[Workshop]:
        """Workshops the person is invited to or facilitates, newest first."""
        return self._workshops.for_user(team_id, user_id)

    def participants(self, workshop_id: int) -> list[Participant]:
        return self._workshops.participants(workshop_id)

    def participant(self, workshop_id: int, user_id: str, *, for_update: bool = False) -> Participant | None:
        """The participant; with `for_update`, as committed now (replacing what this session held)
        and locked until the transaction ends."""
        return self._workshops.participant(workshop_id, user_id, for_update=for_update)

    def refreshed(self, row: _Row) -> _Row:
        """The row as committed now, replacing what this session already held."""
        return self._workshops.refresh(row)

    def with_unfinished_posts(self) -> list[Workshop]:
        """Workshops in any workspace whose posts a stopped process may have left undone."""
        return self._workshops.with_unfinished_posts()

    def flow_of(self, workshop: Workshop) -> Flow:
        """The flow as it was when the workshop started, whatever the YAML says now. Parsed once per
        process for each snapshot: every request for the same workshop gets the same object."""
        return _PARSED_FLOWS.get(workshop.flow_hash, lambda: self._flow_json(workshop))

    def _flow_json(self, workshop: Workshop) -> dict[str, Any]:
        # `get` leaves the snapshot unread (see WorkshopRepository.get); read it only to parse it.
        if "flow_json" not in inspect(workshop).unloaded:
            snapshot: dict[str, Any] = workshop.flow_json
        else:
            snapshot = self.scope.session.scalars(
                select(Workshop.flow_json).where(Workshop.id == workshop.id)
            ).one()
        return snapshot

    # The workshop's lock

    def hold_open(self, workshop: Workshop, status: WorkshopStatus) -> bool:
        """Share the workshop's lock while it is in `status`, so it cannot close meanwhile; False
        when it no longer is."""
        return self._workshops.lock(workshop.team_id, workshop.id, status, shared=True)

    def lock(self, workshop: Workshop, *statuses: WorkshopStatus) -> bool:
        """Take the workshop's lock for a change of state, if it is in one of `statuses` (in any,
        when none are given); False when it no longer is."""
        return self._workshops.lock(workshop.team_id, workshop.id, *statuses)

    def lock_or_refuse(
        self, workshop: Workshop, statuses: Iterable[WorkshopStatus], explain: Callable[[Workshop], None]
    ) -> None:
        """Lock the workshop in one of `statuses`, or raise: `explain` is given the workshop as it is
        now (another request changed it meanwhile) and raises the refusal that fits."""
        if self.lock(workshop, *statuses):
            return
        explain(self._workshops.refresh(workshop))
        raise WrongState(
            "This workshop changed while your request was handled.", "Look at it again and retry."
        )

    # Ending

    def cancel(self, team_id: str, workshop_id: int, *, by_user: str, is_admin: bool = False) -> None:
        """Stop the workshop and everything scheduled for it; what was stored stays."""
        workshop = self._workshops.get(team_id, workshop_id)
        require_facilitator(workshop, by_user, is_admin, "cancel")
        require_active(workshop, "cancel")
        self.lock_or_refuse(workshop, ACTIVE_STATUSES, lambda latest: require_active(latest, "cancel"))
        workshop.status = WorkshopStatus.CANCELLED
        workshop.closed_at = workshop.closed_at or self.scope.now()
        self._follow_up.cancel_for_workshop(workshop.id)
        self.scope.session.flush()

    def delete_team(self, team_id: str) -> int:
        """Erase a workspace's workshops and everything under them; returns how many workshops went."""
        return self._workshops.delete_team(team_id)

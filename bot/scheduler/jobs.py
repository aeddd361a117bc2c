"""What a handler is given to run one claimed item, and what it answers.

A handler returns `Done` or `Defer`, raises `Dropped` when the item can never succeed, and lets any
other exception through for the dispatcher to retry. Before each outside effect (a message) it asks
`job.has(step)`, and after it calls `job.record(step, ...)`, which commits that record together with
whatever the handler changed; a run taken over after a crash then skips what was already done.

When a handler's last outside effect is followed only by `return Done(...)`, it hands that step to
`Done(outcome, recorded={step: ...})` instead, and the dispatcher writes it in the conditional
UPDATE that finishes the item: a statement and a commit fewer per item, and as safe. Both ways the
record is written only while this instance holds the item, in a commit after the message, with
nothing in between to fail; so an instance that took over an expired lease finds the same either
way: the step recorded and the item done, or nothing recorded (the message is sent again, as it
would have been). Steps followed by more work still need `job.record`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.services.checkins import CheckInService
from bot.services.workshops import WorkshopService
from storage.models import Workshop
from storage.repositories import ClaimedItem, ScheduledRepository


@dataclass(frozen=True)
class Done:
    outcome: str
    # Steps the last outside effect completed, written with the finishing update (see above).
    recorded: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class Defer:
    until: datetime
    outcome: str


Result = Done | Defer


class Dropped(Exception):
    """The item can never succeed (the workspace uninstalled the app, the channel is gone): it is
    cancelled with this reason. `tell_facilitator` says whether Slack can still reach them."""

    def __init__(self, reason: str, *, tell_facilitator: bool = True) -> None:
        super().__init__(reason)
        self.reason = reason
        self.tell_facilitator = tell_facilitator


class LeaseLost(Exception):
    """Another instance took the item over (this one was too slow); stop without touching it."""


@dataclass
class Job:
    item: ClaimedItem
    session: Session
    workshops: WorkshopService
    client: WebClient
    owner: str
    now: datetime
    late: bool  # its moment passed by more than one dispatcher interval (the bot was down)
    progress: dict[str, Any] = field(default_factory=dict)

    @property
    def payload(self) -> dict[str, Any]:
        return self.item.payload

    @property
    def checkins(self) -> CheckInService:
        return CheckInService(self.workshops.scope)

    def workshop(self) -> Workshop:
        if self.item.workshop_id is None:
            raise Dropped(f"a {self.item.kind} item names no workshop", tell_facilitator=False)
        return self.workshops.get(self.item.team_id, self.item.workshop_id)

    def has(self, step: str) -> bool:
        return step in self.progress

    def record(self, step: str, value: Any = True) -> None:
        """Note that `step` happened and commit it with the handler's own changes."""
        progress = {**self.progress, step: value}
        if not ScheduledRepository(self.session).record_progress(self.item.id, self.owner, progress):
            self.session.rollback()
            raise LeaseLost(f"item {self.item.id} was taken over")
        self.session.commit()
        self.progress = progress


Handler = Callable[[Job], Result]

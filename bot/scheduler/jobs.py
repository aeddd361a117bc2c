"""What a handler is given to run one claimed item, and what it answers.

A handler returns `Done` or `Defer`, raises `Dropped` when the item can never succeed, and lets any
other exception through for the dispatcher to retry. It never commits: the dispatcher commits the
handler's changes, the posts it wrote to the outbox and the item's settling together, once. So an
instance that takes over an expired lease finds either all of a run or none of it.

A step a handler must not repeat is handed back in `Done(outcome, recorded={step: ...})`, written
in the conditional UPDATE that finishes the item, and asked for with `job.has(step)` on a later run.
Work that must follow the commit (a checkpoint of SQLite's log, say) goes in `Done(then=...)`.
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
from storage.repositories import ClaimedItem


@dataclass(frozen=True)
class Done:
    outcome: str
    # Steps the run completed, written with the finishing update (see above).
    recorded: Mapping[str, Any] | None = None
    # Run once the item's commit is in; a failure is logged, and the item stays done.
    then: Callable[[], object] | None = None


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


Handler = Callable[[Job], Result]

"""What the domain services of one unit of work share: its session, so they all work in one
transaction, the flows, the clock and the privacy settings.

A listener, a scheduler handler or the command line makes one scope per unit of work and builds each
service it needs on it: `AnswerService(workshops.scope)` answers within the same transaction as
`workshops`. Services hold no other state, so building one is cheap."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from bot.services.privacy import Privacy
from flows.loader import FlowCatalog
from storage.base import utc_now


@dataclass(frozen=True)
class ServiceScope:
    session: Session
    catalog: FlowCatalog
    now: Callable[[], datetime] = utc_now
    privacy: Privacy = field(default_factory=Privacy)

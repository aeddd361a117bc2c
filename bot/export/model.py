"""The decision record as data: everything stored about one workshop, already made anonymous when
the workshop is. Builders read only this, never the database, so they are tested without one."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from flows.engine.checkin_report import CheckInReport
from flows.engine.model import Analysis, AnswerValue
from flows.schema import Flow


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class AnswerRow(Frozen):
    """One answer that counts: round 1's latest revision, or a round-2 revision. `participant` and
    `role` are None in an anonymous workshop (see `gather` for why the role goes too)."""

    round: int
    question_id: str
    value: AnswerValue
    value_label: str
    reason: str | None = None
    participant: str | None = None  # the Slack user id, in a named workshop only
    role: str | None = None  # named workshops only


class Settlement(Frozen):
    """One of the facilitator's settlements of a dispute, oldest first; the latest counts. `value`
    None: left open on purpose."""

    value: AnswerValue | None
    value_label: str | None
    rationale: str
    decided_at: datetime
    decided_by: str | None = None  # named workshops only


class DisputeRecord(Frozen):
    question_id: str
    decisive: bool
    status: str  # open, revised, decided, left_open
    settlements: list[Settlement]


class CheckInRecord(Frozen):
    months: int
    due_at: datetime
    status: str  # scheduled, open, summarised, cancelled, snoozed
    report: CheckInReport | None = None  # once summarised: counts per criterion, never who rated


class DecisionRecord(Frozen):
    workshop_id: int
    status: str  # collecting, round2, deciding, decided, cancelled
    anonymous: bool
    created_at: datetime
    closed_at: datetime | None
    decided_at: datetime | None
    facilitator: str | None  # the Slack user id, in a named workshop only
    flow: Flow
    # As it may be shown: an anonymous workshop's analysis under the minimum group; None when too few
    # answered to show anything, and `withheld` then says so.
    analysis: Analysis | None
    withheld: str | None = None
    recommendation_revision: int | None  # None: nothing stored yet, the analysis is of the answers so far
    answers: list[AnswerRow]
    disputes: list[DisputeRecord]
    checkins: list[CheckInRecord]

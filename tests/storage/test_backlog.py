"""The operator's count of posts waiting: each post counted once, whichever way it waits."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from storage.backlog import posts_waiting
from storage.models import Participant, ScheduledItem, ScheduledState, Workshop, WorkshopStatus

NOW = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)


def _workshop(session: Session, status: WorkshopStatus, invitees: int) -> Workshop:
    workshop = Workshop(
        team_id="T1",
        channel_id="C1",
        facilitator_id="U_FAC",
        flow_id="flow",
        flow_version=1,
        flow_hash="hash",
        flow_json={},
        status=status,
        deadline=NOW + timedelta(days=3),
    )
    workshop.participants = [Participant(user_id=f"U{n}", role="member") for n in range(invitees)]
    session.add(workshop)
    session.flush()
    return workshop


def _post(
    session: Session, workshop: Workshop, name: str, ts_into: str | None, state: ScheduledState
) -> None:
    payload: dict[str, Any] = {"channel": "C1", "message": {"text": name}, "what": name}
    if ts_into is not None:
        payload["ts_into"] = ts_into
    session.add(
        ScheduledItem(
            team_id=workshop.team_id,
            workshop_id=workshop.id,
            kind="send",
            dedupe_key=f"w{workshop.id}:post:{name}",
            due_at=NOW,
            payload=payload,
            state=state,
        )
    )


def test_an_invitation_or_summary_waiting_in_the_outbox_is_counted_once(session: Session) -> None:
    collecting = _workshop(session, WorkshopStatus.COLLECTING, invitees=2)
    decided = _workshop(session, WorkshopStatus.DECIDED, invitees=0)
    first, second = collecting.participants
    _post(session, collecting, f"invite-p{first.id}-a0", "participant.invite_ts", ScheduledState.PENDING)
    _post(session, collecting, f"invite-p{second.id}-a0", "participant.invite_ts", ScheduledState.CLAIMED)
    _post(session, collecting, "announcement-a0", "workshop.announcement_ts", ScheduledState.PENDING)
    _post(session, decided, "summary-head", "workshop.summary_ts", ScheduledState.PENDING)
    _post(session, decided, "summary-reply-1", None, ScheduledState.PENDING)
    session.flush()

    assert posts_waiting(session) == {"invitation": 2, "summary": 1, "other": 2}


def test_posts_already_sent_or_given_up_are_not_waiting(session: Session) -> None:
    collecting = _workshop(session, WorkshopStatus.COLLECTING, invitees=1)
    (person,) = collecting.participants
    person.invite_ts = "1700000000.000100"
    _post(session, collecting, f"invite-p{person.id}-a0", "participant.invite_ts", ScheduledState.DONE)
    _post(session, collecting, "round1-notice", None, ScheduledState.FAILED)
    _post(session, collecting, f"invite-p{person.id}-answered", None, ScheduledState.PENDING)
    session.flush()

    assert posts_waiting(session) == {"invitation": 0, "summary": 0, "other": 1}

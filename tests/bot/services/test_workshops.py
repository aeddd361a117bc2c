"""Starting workshops and finding them again, within one workspace only; ending them: cancelling
one, and erasing a whole workspace."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.process.clock import ManualClock
from bot.services.answers import AnswerService
from bot.services.disputes import DisputeService
from bot.services.invitations import Invitee
from bot.services.recommendations import RecommendationService
from bot.services.rounds import RoundService
from bot.services.scope import ServiceScope
from bot.services.workshops import WorkshopService
from flows.errors import NotAllowed, NotFound, UnknownFlow, WorkshopError, WrongState
from flows.loader import FlowCatalog
from flows.schema import Flow
from storage.models import (
    Answer,
    CheckIn,
    CheckInStatus,
    Dispute,
    Participant,
    ParticipantStatus,
    Recommendation,
    Resolution,
    ScheduledItem,
    ScheduledState,
    Workshop,
    WorkshopStatus,
)
from tests.bot.services.conftest import (
    AGREED,
    FACILITATOR,
    OTHER_TEAM,
    SPLIT,
    START,
    TEAM,
    answer_all,
    hiring_flow_document,
)


def _count(session: Session, model: type) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def test_a_new_workshop_collects_with_its_invitees_and_a_flow_snapshot(
    workshops: WorkshopService, session: Session, workshop: Workshop, flow: Flow
) -> None:
    stored = workshops.get(TEAM, workshop.id)
    participants = workshops.participants(stored.id)
    assert stored.status is WorkshopStatus.COLLECTING
    assert (stored.flow_id, stored.flow_version, stored.flow_hash) == ("hiring", 1, flow.content_hash())
    assert workshops.flow_of(stored) == flow
    assert stored.checkin_months == [12]
    assert stored.created_at == START
    assert [(p.user_id, p.role, p.status) for p in participants] == [
        (user, "other", ParticipantStatus.INVITED) for user in ("UCEO", "UCTO", "UCFO", "UPPL")
    ]


def test_the_snapshot_outlives_a_later_edit_of_the_flow(
    session: Session, workshop: Workshop, clock: ManualClock, flow: Flow
) -> None:
    edited = Flow.model_validate(hiring_flow_document(version=2))
    later = WorkshopService(ServiceScope(session, FlowCatalog({edited.id: edited}), clock.now))
    assert later.flow_of(later.get(TEAM, workshop.id)) == flow


def test_a_snapshot_this_process_has_not_parsed_is_read_from_the_database(
    session_factory: sessionmaker[Session], clock: ManualClock
) -> None:
    """`get` leaves the snapshot's JSON unread; `flow_of` reads it when the flow is new to the
    process, here a version no other test parses, from a session that did not store it."""
    unseen = Flow.model_validate(hiring_flow_document(version=7777))
    catalog = FlowCatalog({unseen.id: unseen})
    with session_factory() as session:
        started = WorkshopService(ServiceScope(session, catalog, clock.now)).create_workshop(
            team_id=TEAM,
            channel_id="C1",
            facilitator_id=FACILITATOR,
            flow_id=unseen.id,
            invitees=[Invitee("UCEO")],
            deadline=START + timedelta(days=3),
            anonymous=True,
        )
        session.commit()
    with session_factory() as session:
        workshops = WorkshopService(ServiceScope(session, catalog, clock.now))
        assert workshops.flow_of(workshops.get(TEAM, started.id)) == unseen
        assert workshops.flow_of(workshops.get(TEAM, started.id)) is workshops.flow_of(
            workshops.get(TEAM, started.id)
        )


def test_a_retried_start_returns_the_first_workshop(
    start_workshop: Callable[..., Workshop], session: Session
) -> None:
    first = start_workshop(request_key="trigger-1")
    retry = start_workshop(request_key="trigger-1")
    assert retry.id == first.id
    assert _count(session, Workshop) == 1
    assert _count(session, Participant) == 4


def test_a_start_rolled_back_leaves_no_workshop_behind(workshops: WorkshopService, session: Session) -> None:
    """A start with a request key writes its workshop inside a savepoint. On SQLite, releasing a
    savepoint that began the transaction committed it, so the workshop outlived its rollback."""
    workshops.create_workshop(
        team_id=TEAM,
        channel_id="C0001",
        facilitator_id=FACILITATOR,
        flow_id="hiring",
        invitees=[Invitee("UCEO"), Invitee("UCTO")],
        deadline=START + timedelta(days=7),
        anonymous=True,
        request_key="trigger-1",
    )
    session.rollback()
    assert _count(session, Workshop) == 0
    assert _count(session, Participant) == 0


def test_the_same_request_key_in_another_workspace_is_another_workshop(
    start_workshop: Callable[..., Workshop],
) -> None:
    ours = start_workshop(request_key="trigger-1")
    theirs = start_workshop(request_key="trigger-1", team_id=OTHER_TEAM)
    assert theirs.id != ours.id


def test_two_racing_retries_store_one_workshop(
    session_factory: sessionmaker[Session], catalog: FlowCatalog, clock: ManualClock
) -> None:
    barrier = threading.Barrier(2)
    ids: list[int] = []
    errors: list[BaseException] = []

    def start() -> None:
        try:
            with session_factory() as session:
                workshops = WorkshopService(ServiceScope(session, catalog, clock.now))
                barrier.wait()
                workshop = workshops.create_workshop(
                    team_id=TEAM,
                    channel_id="C1",
                    facilitator_id=FACILITATOR,
                    flow_id="hiring",
                    invitees=[Invitee("UCEO")],
                    deadline=START + timedelta(days=1),
                    anonymous=True,
                    request_key="trigger-9",
                )
                session.commit()
                ids.append(workshop.id)
        except BaseException as error:  # reported below, so a failure in a thread fails the test
            errors.append(error)

    threads = [threading.Thread(target=start) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(ids) == 2 and ids[0] == ids[1]
    with session_factory() as session:
        assert _count(session, Workshop) == 1


@pytest.mark.parametrize(
    ("overrides", "error", "message"),
    [
        ({"flow_id": "nope"}, UnknownFlow, "no flow with the id 'nope'"),
        ({"invitees": []}, WorkshopError, "at least one invitee"),
        ({"invitees": [Invitee("U1", role="boss")]}, WorkshopError, "Role 'boss' for <@U1>.*Use one of: ceo"),
        ({"invitees": [Invitee("U1", weight=0)]}, WorkshopError, "weight 0 for <@U1> is not a positive"),
        ({"deadline": START - timedelta(minutes=1)}, WorkshopError, "not in the future"),
        ({"deadline": START.replace(tzinfo=None) + timedelta(days=1)}, WorkshopError, "has no time zone"),
        ({"checkin_months": [0]}, WorkshopError, "Check-in month 0 is not a whole number from 1 to 36"),
    ],
)
def test_a_bad_start_is_refused_and_stores_nothing(
    start_workshop: Callable[..., Workshop], session: Session, overrides: dict, error: type, message: str
) -> None:
    with pytest.raises(error, match=message):
        start_workshop(**overrides)
    session.rollback()
    assert _count(session, Workshop) == 0


def test_repeated_invitees_are_merged_and_the_first_mention_wins(
    start_workshop: Callable[..., Workshop], workshops: WorkshopService
) -> None:
    workshop = start_workshop(
        invitees=[Invitee("UCEO", role="ceo", weight=2.0), Invitee("UCTO", role="cto"), Invitee("UCEO")],
        checkin_months=[12, 3, 6, 3],
    )
    participants = workshops.participants(workshop.id)
    assert [(p.user_id, p.role, p.weight) for p in participants] == [
        ("UCEO", "ceo", 2.0),
        ("UCTO", "cto", 1.0),
    ]
    assert workshop.checkin_months == [3, 6, 12]


def test_another_workspace_cannot_see_a_workshop(workshops: WorkshopService, workshop: Workshop) -> None:
    with pytest.raises(NotFound, match=f"Workshop {workshop.id} was not found in this workspace"):
        workshops.get(OTHER_TEAM, workshop.id)
    assert workshops.in_channel(OTHER_TEAM, workshop.channel_id) == []
    assert workshops.for_user(OTHER_TEAM, "UCEO") == []


def test_in_channel_lists_active_workshops_unless_asked_for_all(
    start_workshop: Callable[..., Workshop], workshops: WorkshopService, session: Session
) -> None:
    older = start_workshop()
    newer = start_workshop()
    start_workshop(channel_id="C-elsewhere")
    workshops.cancel(TEAM, older.id, by_user=FACILITATOR)
    session.commit()
    assert [w.id for w in workshops.in_channel(TEAM, "C0001")] == [newer.id]
    assert {w.id for w in workshops.in_channel(TEAM, "C0001", active_only=False)} == {older.id, newer.id}


def test_for_user_finds_invitations_and_facilitated_workshops(
    start_workshop: Callable[..., Workshop], workshops: WorkshopService
) -> None:
    invited = start_workshop()
    facilitated = start_workshop(facilitator_id="UCEO", invitees=[Invitee("UCTO")])
    assert {w.id for w in workshops.for_user(TEAM, "UCEO")} == {invited.id, facilitated.id}
    assert [w.id for w in workshops.for_user(TEAM, "UCTO")] == [facilitated.id, invited.id]
    assert workshops.for_user(TEAM, "USTRANGER") == []


# Ending workshops


def _scheduled(workshop: Workshop, key: str, state: ScheduledState) -> ScheduledItem:
    return ScheduledItem(
        workshop_id=workshop.id,
        team_id=workshop.team_id,
        kind="reminder",
        dedupe_key=key,
        due_at=START,
        state=state,
    )


def test_cancelling_stops_pending_work_and_keeps_what_was_stored(
    workshops: WorkshopService, answering: AnswerService, session: Session, workshop: Workshop
) -> None:
    answering.record_answers(TEAM, workshop.id, "UCEO", {"capability": True})
    session.add_all(
        [
            _scheduled(workshop, "due", ScheduledState.PENDING),
            _scheduled(workshop, "sent", ScheduledState.DONE),
        ]
    )
    session.add(CheckIn(workshop_id=workshop.id, months=12, due_at=START + timedelta(days=365)))
    session.commit()
    workshops.cancel(TEAM, workshop.id, by_user=FACILITATOR)
    session.commit()
    session.expire_all()
    assert workshops.get(TEAM, workshop.id).status is WorkshopStatus.CANCELLED
    states = dict(session.execute(select(ScheduledItem.dedupe_key, ScheduledItem.state)).all())
    assert states == {"due": ScheduledState.CANCELLED, "sent": ScheduledState.DONE}
    assert session.scalars(select(CheckIn.status)).all() == [CheckInStatus.CANCELLED]
    assert session.scalar(select(func.count()).select_from(Answer)) == 1


def test_a_cancelled_workshop_refuses_answers_and_a_second_cancel(
    workshops: WorkshopService, answering: AnswerService, session: Session, workshop: Workshop
) -> None:
    workshops.cancel(TEAM, workshop.id, by_user="UADMIN", is_admin=True)
    session.commit()
    with pytest.raises(WrongState, match="was cancelled; it takes no more answers"):
        answering.record_answers(TEAM, workshop.id, "UCEO", {"capability": True})
    with pytest.raises(WrongState, match="was cancelled, so you cannot cancel it"):
        workshops.cancel(TEAM, workshop.id, by_user=FACILITATOR)


def test_only_the_facilitator_or_an_admin_cancels(workshops: WorkshopService, workshop: Workshop) -> None:
    with pytest.raises(NotAllowed, match=f"Only the facilitator <@{FACILITATOR}> can cancel this workshop"):
        workshops.cancel(TEAM, workshop.id, by_user="UCEO")
    assert workshops.get(TEAM, workshop.id).status is WorkshopStatus.COLLECTING


def test_a_decided_workshop_cannot_be_cancelled(
    workshops: WorkshopService,
    answering: AnswerService,
    rounds: RoundService,
    session: Session,
    workshop: Workshop,
) -> None:
    answer_all(answering, session, workshop, AGREED)
    rounds.close_round(TEAM, workshop.id, by_user=None)
    with pytest.raises(WrongState, match="was decided on 2026-11-10, so you cannot cancel it"):
        workshops.cancel(TEAM, workshop.id, by_user=FACILITATOR)


def _counts(session: Session) -> dict[str, int]:
    tables = (Workshop, Participant, Answer, Dispute, Resolution, Recommendation, ScheduledItem)
    return {t.__tablename__: session.scalar(select(func.count()).select_from(t)) or 0 for t in tables}


def _fill(scope: ServiceScope, workshop: Workshop) -> None:
    """A workshop with something in every table: answers, disputes, a resolution, a recommendation."""
    team_id = workshop.team_id
    for user, answers in SPLIT.items():
        AnswerService(scope).record_answers(team_id, workshop.id, user, answers)
    RoundService(scope).close_round(team_id, workshop.id, by_user=None)
    DisputeService(scope).decide(team_id, workshop.id, "budget", "small", "Cash first.", by_user=FACILITATOR)
    RecommendationService(scope).recommend(workshop)
    scope.session.add(_scheduled(workshop, f"due-{workshop.id}", ScheduledState.PENDING))
    scope.session.commit()


def test_deleting_a_workspace_erases_everything_under_it_and_nothing_else(
    scope: ServiceScope,
    workshops: WorkshopService,
    session: Session,
    start_workshop: Callable[..., Workshop],
) -> None:
    _fill(scope, start_workshop(team_id=OTHER_TEAM))
    theirs_only = _counts(session)
    _fill(scope, start_workshop())
    _fill(scope, start_workshop())
    session.add(ScheduledItem(team_id=TEAM, kind="digest", dedupe_key="weekly", due_at=START))
    session.commit()

    assert workshops.delete_team(TEAM) == 2
    session.commit()

    assert _counts(session) == theirs_only
    assert all(count > 0 for count in theirs_only.values())
    assert session.scalars(select(Workshop.team_id)).all() == [OTHER_TEAM]

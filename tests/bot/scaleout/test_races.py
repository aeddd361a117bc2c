"""The writes two bot instances race on, raced for real on SQLite and PostgreSQL: each "instance" is
an engine of its own (its own connection pool) on the one database, and the racers start together
at a barrier. Nothing is stored twice, nothing is lost, and a round closes once."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import TypeVar

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from bot.oauth.stores import SignedStateStore
from bot.services.answers import AnswerService
from bot.services.invitations import Invitee
from bot.services.rounds import RoundOutcome, RoundService
from bot.services.scope import ServiceScope
from bot.services.workshops import WorkshopService
from flows.loader import FlowCatalog
from flows.schema import Flow
from storage.db import make_engine
from storage.models import Answer, Participant, ParticipantStatus, Workshop, WorkshopStatus
from tests.bot.services.conftest import hiring_flow_document

T = TypeVar("T")
TEAM = "T_RACE"
NOW = datetime(2026, 11, 10, 9, 0, tzinfo=UTC)
PANEL = tuple(f"U{n:02d}" for n in range(12))
AGREED = {"capability": False, "budget": "small"}


@pytest.fixture
def catalog() -> FlowCatalog:
    flow = Flow.model_validate(hiring_flow_document())
    return FlowCatalog({flow.id: flow})


@pytest.fixture
def instances(engine: Engine, database_url: str) -> Iterator[list[Engine]]:
    """Three instances' engines on the one migrated database."""
    others = [make_engine(database_url) for _ in range(2)]
    yield [engine, *others]
    for other in others:
        other.dispose()


@pytest.fixture
def workshop_id(engine: Engine, catalog: FlowCatalog) -> int:
    with Session(engine) as session:
        workshop = WorkshopService(scope_of(session, catalog)).create_workshop(
            team_id=TEAM,
            channel_id="C_RACE",
            facilitator_id="U_FAC",
            flow_id="hiring",
            invitees=[Invitee(user) for user in PANEL],
            deadline=NOW + timedelta(days=3),
            anonymous=True,
        )
        session.commit()
        return workshop.id


def scope_of(session: Session, catalog: FlowCatalog) -> ServiceScope:
    return ServiceScope(session, catalog, lambda: NOW)


def test_one_answer_sent_to_two_instances_at_once_is_stored_once(
    instances: list[Engine], catalog: FlowCatalog, workshop_id: int
) -> None:
    def record(engine: Engine, _: int) -> int:
        with Session(engine) as session:
            added = AnswerService(scope_of(session, catalog)).record_answers(TEAM, workshop_id, "U00", AGREED)
            session.commit()
            return added

    added = race(record, instances[:2])
    assert sorted(added) == [0, len(AGREED)], "one stores the answers, the other finds them stored"
    assert revisions(instances[0], "U00") == {"budget": [1], "capability": [1]}


def test_two_different_answers_at_once_become_two_revisions(
    instances: list[Engine], catalog: FlowCatalog, workshop_id: int
) -> None:
    def record(engine: Engine, n: int) -> int:
        with Session(engine) as session:
            answers = {"capability": n == 0, "budget": "small"}
            added = AnswerService(scope_of(session, catalog)).record_answers(
                TEAM, workshop_id, "U00", answers
            )
            session.commit()
            return added

    race(record, instances[:2])
    assert revisions(instances[0], "U00")["capability"] == [1, 2]


def test_a_whole_panel_answering_at_once_loses_nothing_and_closes_the_round_once(
    instances: list[Engine], catalog: FlowCatalog, workshop_id: int
) -> None:
    """Each person's last answer arrives at one of three instances; each request then closes the
    round if everyone has answered, as the listener does. Exactly one of them closes it."""

    def answer_then_close(engine: Engine, n: int) -> RoundOutcome | None:
        with Session(engine) as session:
            scope = scope_of(session, catalog)
            AnswerService(scope).record_answers(TEAM, workshop_id, PANEL[n], AGREED)
            session.commit()
            rounds = RoundService(scope)
            if not rounds.all_answered(workshop_id, 1):
                return None
            outcome = rounds.close_round(TEAM, workshop_id, by_user=None, round=1)
            session.commit()
            return outcome

    outcomes = race(answer_then_close, [instances[n % len(instances)] for n in range(len(PANEL))])
    closed = [outcome for outcome in outcomes if outcome is not None]
    assert len(closed) == 1 and closed[0].next_status is WorkshopStatus.DECIDED
    with Session(instances[0]) as session:
        statuses = session.scalars(select(Participant.status).where(Participant.workshop_id == workshop_id))
        assert set(statuses) == {ParticipantStatus.ANSWERED}
        assert session.scalar(select(func.count()).select_from(Answer)) == len(PANEL) * len(AGREED)
        assert session.get_one(Workshop, workshop_id).status is WorkshopStatus.DECIDED


def test_an_install_link_is_used_once_though_its_callback_reaches_two_instances(
    instances: list[Engine],
) -> None:
    def store(engine: Engine) -> SignedStateStore:
        return SignedStateStore(engine, "a-state-secret-of-sixteen", timedelta(minutes=10), lambda: NOW)

    state = store(instances[0]).issue()
    used = race(lambda engine, _: store(engine).consume(state), instances[:2])
    assert sorted(used) == [False, True]


def race(act: Callable[[Engine, int], T], engines: list[Engine]) -> list[T]:
    """`act(engine, n)` in a thread each, all released together; the results, or the first error."""
    start = threading.Barrier(len(engines))
    results: list[T | None] = [None] * len(engines)
    errors: list[BaseException] = []

    def run(n: int) -> None:
        try:
            start.wait()
            results[n] = act(engines[n], n)
        except BaseException as error:  # re-raised below, so a failure in a thread fails the test
            errors.append(error)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(len(engines))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return results  # type: ignore[return-value]


def revisions(engine: Engine, user_id: str) -> dict[str, list[int]]:
    """Question -> the revisions stored for it, for one person's round 1."""
    with Session(engine) as session:
        query = (
            select(Answer.question_id, Answer.revision)
            .join(Participant, Participant.id == Answer.participant_id)
            .where(Participant.user_id == user_id, Answer.round == 1)
            .order_by(Answer.question_id, Answer.revision)
        )
        stored: dict[str, list[int]] = {}
        for question_id, revision in session.execute(query):
            stored.setdefault(question_id, []).append(revision)
        return stored

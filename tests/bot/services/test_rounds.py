"""Closing rounds, the second round, the facilitator's decisions and the recommendation."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.process.clock import ManualClock
from bot.services.workshops import RoundOutcome, WorkshopService
from flows.engine import render_mrkdwn
from flows.engine.model import Analysis
from flows.errors import InvalidAnswer, NotAllowed, NotFound, WorkshopError, WrongState
from flows.loader import FlowCatalog
from flows.schema import Flow
from storage.models import Answer, Dispute, DisputeStatus, Resolution, Workshop, WorkshopStatus
from tests.bot.services.conftest import AGREED, FACILITATOR, INVITEES, SPLIT, TEAM, answer_all


@pytest.fixture
def split_workshop(service: WorkshopService, session: Session, workshop: Workshop) -> Workshop:
    """A workshop whose panel split 2-2 on `capability` and on `budget` in round 1."""
    answer_all(service, session, workshop, SPLIT)
    return workshop


@pytest.fixture
def in_round_two(service: WorkshopService, session: Session, split_workshop: Workshop) -> Workshop:
    service.close_round(TEAM, split_workshop.id, by_user=FACILITATOR)
    session.commit()
    return split_workshop


@pytest.fixture
def deciding(service: WorkshopService, session: Session, in_round_two: Workshop) -> Workshop:
    """Round 2 closed: the CFO came round on `capability`; `budget` is still split."""
    service.record_answers(TEAM, in_round_two.id, "UCFO", {"capability": True}, round=2)
    service.close_round(TEAM, in_round_two.id, by_user=FACILITATOR)
    session.commit()
    return in_round_two


def _disputes(session: Session) -> dict[str, DisputeStatus]:
    return {
        question_id: status
        for question_id, status in session.execute(select(Dispute.question_id, Dispute.status))
    }


def test_agreement_in_round_one_goes_straight_to_a_decision(
    service: WorkshopService, session: Session, workshop: Workshop
) -> None:
    answer_all(service, session, workshop, AGREED)
    outcome = service.close_round(TEAM, workshop.id, by_user=None)
    assert outcome is not None and outcome.recommendation is not None
    assert (outcome.round_closed, outcome.next_status, outcome.disputed_question_ids) == (1, "decided", [])
    assert outcome.recommendation.option_id == "lead"
    assert workshop.decided_at is not None
    assert _disputes(session) == {}


def test_a_split_panel_opens_round_two_on_the_disputed_questions(
    service: WorkshopService, session: Session, split_workshop: Workshop
) -> None:
    outcome = service.close_round(TEAM, split_workshop.id, by_user=FACILITATOR)
    session.commit()
    assert outcome is not None
    assert (outcome.round_closed, outcome.next_status, outcome.recommendation) == (
        1,
        WorkshopStatus.ROUND2,
        None,
    )
    assert outcome.disputed_question_ids == ["capability", "budget"]
    assert _disputes(session) == {"capability": "open", "budget": "open"}


def test_only_the_facilitator_or_an_admin_closes_a_round(
    service: WorkshopService, session: Session, split_workshop: Workshop
) -> None:
    with pytest.raises(NotAllowed, match=f"Only the facilitator <@{FACILITATOR}> can close this workshop"):
        service.close_round(TEAM, split_workshop.id, by_user="UCEO")
    assert service.get(TEAM, split_workshop.id).status is WorkshopStatus.COLLECTING
    assert service.close_round(TEAM, split_workshop.id, by_user="UADMIN", is_admin=True) is not None


def test_a_retried_close_of_round_one_does_not_close_round_two(
    service: WorkshopService, in_round_two: Workshop
) -> None:
    assert service.close_round(TEAM, in_round_two.id, by_user=FACILITATOR, round=1) is None
    assert service.get(TEAM, in_round_two.id).status is WorkshopStatus.ROUND2


def _close_concurrently(
    session_factory: sessionmaker[Session], catalog: FlowCatalog, clock: ManualClock, workshop_id: int
) -> list[RoundOutcome | None]:
    barrier = threading.Barrier(2)
    outcomes: list[RoundOutcome | None] = []
    errors: list[BaseException] = []

    def close() -> None:
        try:
            with session_factory() as session:
                service = WorkshopService(session, catalog, clock.now)
                barrier.wait()
                outcome = service.close_round(TEAM, workshop_id, by_user=None, round=1)
                session.commit()
                outcomes.append(outcome)
        except BaseException as error:  # reported below, so a failure in a thread fails the test
            errors.append(error)

    threads = [threading.Thread(target=close) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return outcomes


def test_of_two_racing_closes_exactly_one_gets_the_outcome(
    session_factory: sessionmaker[Session], catalog: FlowCatalog, clock: ManualClock, split_workshop: Workshop
) -> None:
    outcomes = _close_concurrently(session_factory, catalog, clock, split_workshop.id)
    assert sorted(outcome is None for outcome in outcomes) == [False, True]
    with session_factory() as session:
        assert session.scalar(select(func.count()).select_from(Dispute)) == 2
        assert session.get_one(Workshop, split_workshop.id).status is WorkshopStatus.ROUND2


def test_round_two_revisions_are_kept_alongside_round_one(
    service: WorkshopService, session: Session, in_round_two: Workshop
) -> None:
    cfo = service.participant(in_round_two.id, "UCFO")
    assert cfo is not None
    added = service.record_answers(
        TEAM,
        in_round_two.id,
        "UCFO",
        {"capability": "yes"},
        round=2,
        rationales={"capability": "Fair point."},
    )
    session.commit()
    assert added == 1
    assert service.current_answers(in_round_two.id, cfo.id, 1) == {"capability": False, "budget": "small"}
    assert service.current_answers(in_round_two.id, cfo.id, 2) == {"capability": True}
    rows = session.execute(select(Answer.round, Answer.value).where(Answer.question_id == "capability"))
    assert sorted((round_, value) for round_, value in rows) == [
        (1, False),
        (1, False),
        (1, True),
        (1, True),
        (2, True),
    ]


def test_round_two_takes_only_the_disputed_questions(
    service: WorkshopService, in_round_two: Workshop
) -> None:
    with pytest.raises(InvalidAnswer, match="'notes' is not one of them"):
        service.record_answers(TEAM, in_round_two.id, "UCFO", {"notes": "More."}, round=2)


def test_all_answered_in_round_two_waits_for_everyone_on_every_open_dispute(
    service: WorkshopService, in_round_two: Workshop
) -> None:
    for user in INVITEES[:-1]:
        kept = {"capability": SPLIT[user]["capability"], "budget": SPLIT[user]["budget"]}
        service.record_answers(TEAM, in_round_two.id, user, kept, round=2)
    assert service.all_answered(in_round_two.id, 2) is False
    service.record_answers(TEAM, in_round_two.id, "UPPL", {"capability": False}, round=2)
    assert service.all_answered(in_round_two.id, 2) is False
    service.record_answers(TEAM, in_round_two.id, "UPPL", {"budget": "small"}, round=2)
    assert service.all_answered(in_round_two.id, 2) is True


def test_closing_round_two_marks_revised_disputes_and_leaves_the_rest_to_decide(
    service: WorkshopService, session: Session, in_round_two: Workshop
) -> None:
    service.record_answers(TEAM, in_round_two.id, "UCFO", {"capability": True}, round=2)
    outcome = service.close_round(TEAM, in_round_two.id, by_user=None)
    assert outcome is not None
    assert (outcome.round_closed, outcome.next_status, outcome.disputed_question_ids) == (
        2,
        "deciding",
        ["budget"],
    )
    assert _disputes(session) == {"capability": "revised", "budget": "open"}


def test_finishing_needs_every_dispute_settled(service: WorkshopService, deciding: Workshop) -> None:
    with pytest.raises(WrongState, match="1 disputed question\\(s\\) are not settled yet: budget"):
        service.finish(TEAM, deciding.id, by_user=FACILITATOR)


def test_the_facilitator_decides_then_finishes_with_a_recommendation(
    service: WorkshopService, session: Session, deciding: Workshop, flow: Flow
) -> None:
    service.decide(TEAM, deciding.id, "budget", "small", "Cash comes first this year.", by_user=FACILITATOR)
    recommendation = service.finish(TEAM, deciding.id, by_user=FACILITATOR)
    session.commit()
    assert _disputes(session)["budget"] is DisputeStatus.DECIDED
    assert service.get(TEAM, deciding.id).status is WorkshopStatus.DECIDED
    analysis = Analysis.model_validate(recommendation.analysis_json)
    assert analysis.recommendation.option_id == recommendation.option_id
    assert recommendation.confidence == analysis.recommendation.confidence
    assert recommendation.summary_mrkdwn == render_mrkdwn(flow, analysis)
    budget = next(q for q in analysis.questions if q.question_id == "budget")
    assert budget.resolution == "decided"
    assert service.latest_recommendation(deciding.id) == recommendation


def test_analysis_names_members_by_row_id_never_by_slack_user(
    service: WorkshopService, session: Session, deciding: Workshop
) -> None:
    service.decide(
        TEAM, deciding.id, "budget", None, "We will learn more after the pilot.", by_user=FACILITATOR
    )
    recommendation = service.finish(TEAM, deciding.id, by_user=FACILITATOR)
    stored = str(recommendation.analysis_json) + recommendation.summary_mrkdwn
    assert not [user for user in (*INVITEES, FACILITATOR) if user in stored]


def test_leaving_a_question_open_is_a_decision_with_a_rationale(
    service: WorkshopService, session: Session, deciding: Workshop
) -> None:
    with pytest.raises(WorkshopError, match="needs a rationale"):
        service.decide(TEAM, deciding.id, "budget", None, "   ", by_user=FACILITATOR)
    service.decide(
        TEAM, deciding.id, "budget", None, "We will learn more after the pilot.", by_user=FACILITATOR
    )
    session.commit()
    assert _disputes(session)["budget"] is DisputeStatus.LEFT_OPEN
    resolution = session.scalars(select(Resolution)).one()
    assert (resolution.value, resolution.decided_by) == (None, FACILITATOR)


def test_a_later_change_keeps_the_history_and_revises_the_recommendation(
    service: WorkshopService, session: Session, deciding: Workshop
) -> None:
    service.decide(TEAM, deciding.id, "budget", "small", "Cash comes first.", by_user=FACILITATOR)
    first = service.finish(TEAM, deciding.id, by_user=FACILITATOR)
    service.decide(TEAM, deciding.id, "budget", "large", "The board raised the budget.", by_user=FACILITATOR)
    session.commit()
    history = session.scalars(select(Resolution.value).order_by(Resolution.id)).all()
    assert history == ["small", "large"]
    latest = service.latest_recommendation(deciding.id)
    assert latest is not None and (first.revision, latest.revision) == (1, 2)


@pytest.mark.parametrize(
    ("question_id", "value", "by_user", "error", "message"),
    [
        ("budget", "small", "UCEO", NotAllowed, "Only the facilitator"),
        (
            "notes",
            "x",
            FACILITATOR,
            NotFound,
            "'notes' is not disputed.*Settle one of the disputed questions",
        ),
        ("budget", "medium", FACILITATOR, InvalidAnswer, "expected one of small, large"),
    ],
)
def test_a_bad_decision_is_refused_and_stores_nothing(
    service: WorkshopService,
    session: Session,
    deciding: Workshop,
    question_id: str,
    value: object,
    by_user: str,
    error: type,
    message: str,
) -> None:
    with pytest.raises(error, match=message):
        service.decide(TEAM, deciding.id, question_id, value, "Because.", by_user=by_user)
    assert session.scalars(select(Resolution)).all() == []


def test_no_decisions_before_round_one_closes(service: WorkshopService, workshop: Workshop) -> None:
    with pytest.raises(WrongState, match="no disputed questions yet"):
        service.decide(TEAM, workshop.id, "budget", "small", "Because.", by_user=FACILITATOR)


def test_recommend_stores_each_analysis_as_a_new_revision(
    service: WorkshopService, session: Session, split_workshop: Workshop, flow: Flow
) -> None:
    first = service.recommend(split_workshop)
    second = service.recommend(split_workshop)
    session.commit()
    assert (first.revision, second.revision) == (1, 2)
    assert Analysis.model_validate(second.analysis_json) == service.analyse(split_workshop)
    assert second.summary_mrkdwn == render_mrkdwn(flow, service.analyse(split_workshop))

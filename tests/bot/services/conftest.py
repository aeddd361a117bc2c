"""A small flow built in code (so these tests never depend on the shipped YAML), a catalog holding
it, a clock the tests move, each service on one scope over the test's session, and workshops at
each stage: four invitees ready to answer, split in round 1, in round 2, deciding and decided."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.process.clock import ManualClock
from bot.services.answers import AnswerService
from bot.services.checkins import CheckInService
from bot.services.disputes import DisputeService
from bot.services.invitations import Invitee
from bot.services.recommendations import RecommendationService
from bot.services.rounds import RoundService
from bot.services.scope import ServiceScope
from bot.services.workshops import WorkshopService
from flows.loader import FlowCatalog
from flows.schema import Flow
from storage.models import Dispute, DisputeStatus, Workshop

TEAM = "T0001"
OTHER_TEAM = "T0002"
FACILITATOR = "UFACIL"
INVITEES = ("UCEO", "UCTO", "UCFO", "UPPL")
START = datetime(2026, 11, 10, 9, 0, tzinfo=UTC)


def _question(question_id: str, kind: str, **rest: Any) -> dict[str, Any]:
    text = f"Question {question_id}?"
    return {"id": question_id, "kind": kind, "text": text, "help": "Help.", "quote": "A quote.", **rest}


def _option(option_id: str, label: str) -> dict[str, Any]:
    cited = [{"text": f"{label} fits.", "quote": "A quote."}]
    return {"id": option_id, "label": label, "summary": label, "when_it_makes_sense": cited, "risks": cited}


def hiring_flow_document(version: int = 1) -> dict[str, Any]:
    """Two options; `capability` and `budget` carry weight; `ml_team` shows only after a yes to
    `capability`; `notes` is optional free text."""
    questions = [
        _question("capability", "yes_no", evidence={"agree": {"head": 2}, "disagree": {"lead": 2}}),
        _question(
            "ml_team",
            "yes_no",
            evidence={"agree": {"head": 1}},
            show_when={"question": "capability", "equals": True},
        ),
        _question(
            "budget",
            "single_choice",
            choices=[
                {"value": "small", "label": "Small", "weights": {"lead": 1}},
                {"value": "large", "label": "Large", "weights": {"head": 1}},
            ],
        ),
        _question("notes", "free_text", required=False),
    ]
    return {
        "id": "hiring",
        "version": version,
        "title": "Which AI leader first",
        "source": {"title": "A source", "file": "000.txt"},
        "decision": "Which AI leader to hire first.",
        "options": [_option("lead", "AI Product Lead"), _option("head", "Head of AI")],
        "sections": [{"id": "all", "title": "All", "questions": questions}],
        "success_criteria": [{"id": "shipped", "text": "A use case shipped.", "quote": "A quote."}],
    }


@pytest.fixture
def flow() -> Flow:
    return Flow.model_validate(hiring_flow_document())


@pytest.fixture
def catalog(flow: Flow) -> FlowCatalog:
    return FlowCatalog({flow.id: flow})


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
def scope(session: Session, catalog: FlowCatalog, clock: ManualClock) -> ServiceScope:
    return ServiceScope(session, catalog, clock.now)


@pytest.fixture
def workshops(scope: ServiceScope) -> WorkshopService:
    return WorkshopService(scope)


@pytest.fixture
def answering(scope: ServiceScope) -> AnswerService:
    return AnswerService(scope)


@pytest.fixture
def rounds(scope: ServiceScope) -> RoundService:
    return RoundService(scope)


@pytest.fixture
def disputes(scope: ServiceScope) -> DisputeService:
    return DisputeService(scope)


@pytest.fixture
def recommendations(scope: ServiceScope) -> RecommendationService:
    return RecommendationService(scope)


@pytest.fixture
def checkins(scope: ServiceScope) -> CheckInService:
    return CheckInService(scope)


@pytest.fixture
def start_workshop(workshops: WorkshopService, session: Session) -> Callable[..., Workshop]:
    """Start (and commit) a workshop in TEAM with the four INVITEES; keywords override the defaults."""

    def start(**overrides: Any) -> Workshop:
        request: dict[str, Any] = {
            "team_id": TEAM,
            "channel_id": "C0001",
            "facilitator_id": FACILITATOR,
            "flow_id": "hiring",
            "invitees": [Invitee(user) for user in INVITEES],
            "deadline": START + timedelta(days=7),
            "anonymous": True,
        }
        workshop = workshops.create_workshop(**(request | overrides))
        session.commit()
        return workshop

    return start


@pytest.fixture
def workshop(start_workshop: Callable[..., Workshop]) -> Workshop:
    return start_workshop()


def answer_all(
    answering: AnswerService, session: Session, workshop: Workshop, by_user: dict[str, dict]
) -> None:
    """Each invitee's round-1 answers, committed."""
    for user, answers in by_user.items():
        answering.record_answers(TEAM, workshop.id, user, answers)
    session.commit()


def dispute_states(session: Session) -> dict[str, DisputeStatus]:
    return {
        question_id: status
        for question_id, status in session.execute(select(Dispute.question_id, Dispute.status))
    }


# Round-1 answers that split the panel on `capability` (2 yes, 2 no) and on `budget` (2 and 2).
SPLIT = {
    "UCEO": {"capability": True, "ml_team": True, "budget": "large"},
    "UCTO": {"capability": True, "ml_team": True, "budget": "large"},
    "UCFO": {"capability": False, "budget": "small"},
    "UPPL": {"capability": False, "budget": "small"},
}
# Round-1 answers everyone agrees on.
AGREED = {user: {"capability": False, "budget": "small"} for user in INVITEES}


@pytest.fixture
def decided(
    answering: AnswerService, rounds: RoundService, session: Session, start_workshop: Callable[..., Workshop]
) -> Workshop:
    """A workshop whose panel agreed in round 1, decided at START, with check-ins at 6 and 12 months."""
    workshop = start_workshop(checkin_months=[6, 12])
    answer_all(answering, session, workshop, AGREED)
    rounds.close_round(TEAM, workshop.id, by_user=None)
    session.commit()
    return workshop


@pytest.fixture
def split_workshop(answering: AnswerService, session: Session, workshop: Workshop) -> Workshop:
    """A workshop whose panel split 2-2 on `capability` and on `budget` in round 1."""
    answer_all(answering, session, workshop, SPLIT)
    return workshop


@pytest.fixture
def in_round_two(rounds: RoundService, session: Session, split_workshop: Workshop) -> Workshop:
    rounds.close_round(TEAM, split_workshop.id, by_user=FACILITATOR)
    session.commit()
    return split_workshop


@pytest.fixture
def deciding(
    answering: AnswerService, rounds: RoundService, session: Session, in_round_two: Workshop
) -> Workshop:
    """Round 2 closed: the CFO came round on `capability`; `budget` is still split."""
    answering.record_answers(TEAM, in_round_two.id, "UCFO", {"capability": True}, round=2)
    rounds.close_round(TEAM, in_round_two.id, by_user=FACILITATOR)
    session.commit()
    return in_round_two

"""Decision records built without a database (the shipped 002 flow, its example panel analysed by the
real engine, the record's parts made as `bot.export.gather` makes them), and, for reading records
from a database, the storage suite's small workshop."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.export.labels import value_label
from bot.export.model import AnswerRow, CheckInRecord, DecisionRecord, DisputeRecord, Settlement
from bot.services.answers import AnswerService
from bot.services.disputes import DisputeService
from bot.services.rounds import RoundService
from bot.services.scope import ServiceScope
from bot.services.workshops import WorkshopService
from flows.engine import analyse
from flows.engine.checkin_report import build_report
from flows.engine.model import Answer, Decision, Member, Panel
from flows.schema import Flow
from storage.models import CheckIn, CheckInStatus, Rating, Workshop
from tests.bot.services.conftest import (
    FACILITATOR,
    SPLIT,
    START,
    TEAM,
    answer_all,
    answering,
    catalog,
    clock,
    flow,
    rounds,
    scope,
    start_workshop,
    workshop,
    workshops,
)

__all__ = [
    "answering",
    "catalog",
    "clock",
    "flow",
    "rounds",
    "scope",
    "start_workshop",
    "workshop",
    "workshops",
]

STARTED = datetime(2026, 11, 10, 9, 0, tzinfo=UTC)
DECIDED = datetime(2026, 11, 20, 17, 0, tzinfo=UTC)
# The pure builders' panel splits 2-3 on `budget` and 3-2 on `readiness`: both are disputed.
DISPUTED = "budget"
SCALE_DISPUTED = "readiness"


def _question(question_id: str, kind: str, text: str, **rest: Any) -> dict[str, Any]:
    return {
        "id": question_id,
        "kind": kind,
        "text": text,
        "help": "Help.",
        "quote": f"{text} (source)",
        **rest,
    }


def _option(option_id: str, label: str, good: str, bad: str) -> dict[str, Any]:
    return {
        "id": option_id,
        "label": label,
        "summary": f"Hire the {label} first.",
        "when_it_makes_sense": [{"text": good, "quote": f"Quote: {good}"}],
        "risks": [{"text": bad, "quote": f"Quote: {bad}"}],
    }


def record_flow_document() -> dict[str, Any]:
    """A flow with a question of every kind, written here so the builders' tests never depend on the
    shipped flows' wording."""
    questions = [
        _question(
            "capability",
            "yes_no",
            "Do we have AI capability today?",
            evidence={"agree": {"lead": 2}, "disagree": {"head": 2}},
        ),
        _question(
            "readiness",
            "scale",
            "Our teams are ready to run AI in production.",
            evidence={"agree": {"lead": 2}, "disagree": {"head": 2}},
        ),
        _question(
            "budget",
            "single_choice",
            "What can we spend this year?",
            choices=[
                {"value": "small", "label": "Small", "weights": {"lead": 2}},
                {"value": "large", "label": "Large", "weights": {"head": 2}},
            ],
        ),
        _question(
            "risks",
            "multi_choice",
            "Which risks worry us?",
            choices=[
                {"value": "model", "label": "Model risk", "weights": {"head": 1}},
                {"value": "security", "label": "Security", "weights": {"lead": 1}},
            ],
        ),
        _question(
            "teams",
            "number",
            "How many teams use AI?",
            unit="teams",
            min=0,
            bands=[{"max": 3, "weights": {"lead": 1}}, {"min": 3, "weights": {"head": 1}}],
        ),
        _question("notes", "free_text", "Anything else?", required=False),
    ]
    return {
        "id": "record",
        "version": 1,
        "title": "Which AI leader first",
        "source": {"title": "Hiring AI Leaders", "file": "record.txt"},
        "decision": "Whether to hire an AI Product Lead or a Head of AI first.",
        "options": [
            _option("lead", "AI Product Lead", "Our data platform is ready.", "A title without a mandate."),
            _option("head", "Head of AI", "AI needs an owner.", "No product sense."),
        ],
        "sections": [{"id": "all", "title": "All", "questions": questions}],
        "success_criteria": [{"id": "shipped", "text": "A use case shipped.", "quote": "Ship one."}],
    }


ROLES = ["ceo", "cto", "cfo", "product", "compliance"]
ANSWERS: list[dict[str, Any]] = [
    {
        "capability": True,
        "readiness": 4,
        "budget": "small",
        "risks": ["security"],
        "teams": 2,
        "notes": "Start small.",
    },
    {
        "capability": True,
        "readiness": 4,
        "budget": "small",
        "risks": ["security", "model"],
        "teams": 1,
        "notes": "=1+1",
    },
    {
        "capability": True,
        "readiness": 2,
        "budget": "large",
        "risks": ["model"],
        "teams": 4,
        "notes": "Go big.",
    },
    {"capability": True, "readiness": 2, "budget": "large", "risks": ["model"], "teams": 2},
    {"capability": False, "readiness": 1, "budget": "large", "risks": [], "teams": 6},
]


@pytest.fixture
def record_flow() -> Flow:
    return Flow.model_validate(record_flow_document())


@pytest.fixture
def record_panel() -> Panel:
    members = [Member(id=str(n), role=role) for n, role in enumerate(ROLES, start=1)]
    round1 = {
        str(n): {question: Answer(value=value) for question, value in answers.items()}
        for n, answers in enumerate(ANSWERS, start=1)
    }
    return Panel(members=members, round1=round1)


def answer_rows(flow: Flow, panel: Panel, *, named: bool) -> list[AnswerRow]:
    """Round 1's answers as rows; anonymous ones sorted as `gather` sorts them, by question and answer."""
    roles = {m.id: m.role for m in panel.members}
    order = {q.id: position for position, q in enumerate(flow.questions)}
    rows = [
        AnswerRow(
            round=1,
            question_id=question_id,
            value=answer.value,
            value_label=value_label(flow.question(question_id), answer.value),
            reason=answer.rationale,
            participant=f"U_{member_id}" if named else None,
            role=roles[member_id] if named else None,
        )
        for member_id, answers in panel.round1.items()
        for question_id, answer in answers.items()
    ]
    if named:
        return rows
    return sorted(rows, key=lambda r: (order[r.question_id], r.value_label, r.reason or ""))


@pytest.fixture
def make_record(record_flow: Flow, record_panel: Panel) -> Callable[..., DecisionRecord]:
    """A decided, anonymous record of the panel above, analysed by the engine; `decision` settles
    DISPUTED as the facilitator would; other keywords replace the record's fields."""

    flow, panel = record_flow, record_panel

    def make(
        *, decision: Any = None, rationale: str = "The board wants one owner.", **fields: Any
    ) -> DecisionRecord:
        decisions = [Decision(question_id=DISPUTED, value=decision, rationale=rationale)] if decision else []
        analysis = analyse(flow, panel.model_copy(update={"decisions": decisions}))
        settlements = (
            [
                Settlement(
                    value=decision,
                    value_label=value_label(flow.question(DISPUTED), decision),
                    rationale=rationale,
                    decided_at=DECIDED,
                )
            ]
            if decision is not None
            else []
        )
        disputes = [
            DisputeRecord(
                question_id=q.question_id,
                decisive=q.decisive,
                status="decided" if q.question_id == DISPUTED and decision is not None else "open",
                settlements=settlements if q.question_id == DISPUTED else [],
            )
            for q in analysis.disputed
        ]
        defaults: dict[str, Any] = {
            "workshop_id": 7,
            "status": "decided",
            "anonymous": True,
            "created_at": STARTED,
            "closed_at": DECIDED,
            "decided_at": DECIDED,
            "facilitator": None,
            "flow": flow,
            "analysis": analysis,
            "recommendation_revision": 1,
            "answers": answer_rows(flow, panel, named=not fields.get("anonymous", True)),
            "disputes": disputes,
            "checkins": [CheckInRecord(months=12, due_at=DECIDED.replace(year=2027), status="scheduled")],
        }
        return DecisionRecord(**(defaults | fields))

    return make


@pytest.fixture
def record(make_record: Callable[..., DecisionRecord]) -> DecisionRecord:
    return make_record()


def decide_workshop(scope: ServiceScope, workshop: Workshop) -> None:
    """Round 1 splits on `capability` and `budget`, and everyone writes a note (one a formula); in
    round 2 the CFO alone comes round on `capability`, with a reason; the facilitator decides `budget`
    and finishes; three of the four rate the 12-month check-in, one with a note."""
    notes = {"UCEO": "=SUM(A1)", "UCTO": "Ship first.", "UCFO": "Cash is tight.", "UPPL": "Hire soon."}
    session, answering, rounds = scope.session, AnswerService(scope), RoundService(scope)
    answer_all(answering, session, workshop, {user: SPLIT[user] | {"notes": notes[user]} for user in SPLIT})
    rounds.close_round(TEAM, workshop.id, by_user=FACILITATOR)
    answering.record_answers(
        TEAM,
        workshop.id,
        "UCFO",
        {"capability": True},
        round=2,
        rationales={"capability": "The CTO convinced me."},
    )
    rounds.close_round(TEAM, workshop.id, by_user=FACILITATOR)
    disputes = DisputeService(scope)
    disputes.decide(TEAM, workshop.id, "budget", "small", "Cash comes first this year.", by_user=FACILITATOR)
    disputes.finish(TEAM, workshop.id, by_user=FACILITATOR)
    flow = WorkshopService(scope).flow_of(workshop)
    ratings = [
        ("shipped", Rating.MET, "On time"),
        ("shipped", Rating.MET, None),
        ("shipped", Rating.PARTLY, None),
    ]
    report = build_report(flow, "lead", 12, ratings, 3, 4, None)
    session.add(
        CheckIn(
            workshop_id=workshop.id,
            months=12,
            due_at=START + timedelta(days=365),
            status=CheckInStatus.SUMMARISED,
            summary_json=report.model_dump(mode="json"),
        )
    )
    session.commit()

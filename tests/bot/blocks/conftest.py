"""Small hand-built flows, an analysis and a workshop for the builder tests."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from bot.blocks.viewmodels import SummaryFacts, Turnout, WorkshopView
from flows.engine.model import (
    Alpha,
    Analysis,
    Participation,
    QuestionResult,
    Recommendation,
    SensitivityCase,
    Signal,
)
from flows.schema import Cited, Flow

NOW = datetime(2025, 3, 3, 9, 30, tzinfo=UTC)
DEADLINE = datetime(2025, 3, 6, 17, 0, tzinfo=UTC)


def _option(option_id: str, label: str, risk: str) -> dict[str, Any]:
    return {
        "id": option_id,
        "label": label,
        "summary": f"Hire the {label} first.",
        "when_it_makes_sense": [{"text": f"When {label} fits.", "quote": "it depends on the stage"}],
        "risks": [{"text": risk, "quote": f"the risk of {label}"}],
    }


def _question(question_id: str, kind: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": question_id,
        "kind": kind,
        "text": f"Question {question_id}?",
        "help": f"Help for {question_id}.",
        "quote": f"Source words for {question_id}.",
        **extra,
    }


def choices(count: int) -> list[dict[str, Any]]:
    return [{"value": f"c{n}", "label": f"Choice {n}", "weights": {"head": 1.0}} for n in range(count)]


def flow_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": "lead-role",
        "version": 2,
        "title": "Head of AI or AI Product Lead",
        "source": {"title": "Choosing the right leadership role", "file": "000_lead.txt"},
        "decision": "Which AI leadership role to hire first",
        "estimated_minutes": 12,
        "options": [
            _option("head", "Head of AI", "Capability without direction"),
            _option("product", "AI Product Lead", "Outcomes without foundations"),
        ],
        "sections": [
            {
                "id": "context",
                "title": "Where you are",
                "questions": [
                    _question(
                        "has_models",
                        "yes_no",
                        evidence={"agree": {"head": 2.0}, "disagree": {"product": 1.0}},
                    ),
                    _question(
                        "model_count",
                        "number",
                        min=1,
                        max=500,
                        unit="models",
                        show_when={"question": "has_models", "equals": True},
                    ),
                    _question(
                        "maturity", "scale", evidence={"agree": {"head": 1.0}, "disagree": {"product": 1.0}}
                    ),
                ],
            },
            {
                "id": "needs",
                "title": "What you need",
                "intro": "Think about the next twelve months.",
                "questions": [
                    _question("gap", "single_choice", choices=choices(3)),
                    _question("areas", "multi_choice", choices=choices(4), required=False),
                    _question("budget", "number", min=0.5, max=10.5, unit="£m", required=False),
                    _question("worries", "free_text", required=False),
                ],
            },
        ],
        "success_criteria": [
            {
                "id": "shipped",
                "text": "An AI feature ships within six months",
                "quote": "ship something real",
            },
            {
                "id": "team",
                "text": "A platform team exists",
                "quote": "build the platform",
                "options": ["head"],
            },
        ],
    }
    data.update(overrides)
    return data


@pytest.fixture
def flow() -> Flow:
    return Flow.model_validate(flow_data())


@pytest.fixture
def wide_flow() -> Flow:
    """Choice questions with more options than radio buttons and checkboxes can hold."""
    section = {
        "id": "wide",
        "title": "Many choices",
        "questions": [
            _question("pick_one", "single_choice", choices=choices(12)),
            _question("pick_many", "multi_choice", choices=choices(12)),
        ],
    }
    return Flow.model_validate(flow_data(sections=[section]))


@pytest.fixture
def many_question_flow() -> Flow:
    """Thirty yes/no questions in three sections: more disputes than one modal can show."""
    sections = [
        {
            "id": f"s{s}",
            "title": f"Part {s}",
            "questions": [
                _question(f"q{n}", "yes_no", evidence={"agree": {"head": 1.0}})
                for n in range(s * 10, s * 10 + 10)
            ],
        }
        for s in range(3)
    ]
    return Flow.model_validate(flow_data(sections=sections))


@pytest.fixture
def workshop(flow: Flow) -> WorkshopView:
    return WorkshopView(
        id=7,
        flow=flow,
        channel_id="C0LEADERS",
        facilitator_id="UFACIL01",
        invitee_ids=("UCEO0001", "UCTO0001", "UCFO0001"),
        deadline=DEADLINE,
        anonymous=True,
    )


def question_result(question_id: str, kind: str, **extra: Any) -> QuestionResult:
    fields: dict[str, Any] = {"answered": 5, "status": "consensus", "distribution": {"Yes": 4, "No": 1}}
    fields.update(extra)
    return QuestionResult(question_id=question_id, kind=kind, **fields)


@pytest.fixture
def disputed_yes_no() -> QuestionResult:
    return question_result(
        "has_models",
        "yes_no",
        status="polarised",
        distribution={"Yes": 3, "No": 2},
        disputed=True,
        decisive=True,
        resolution="open",
        rationales=["We run two models <!channel>", "Nothing in production yet"],
    )


def make_analysis(
    free_text: list[str] | None = None, disputed: list[QuestionResult] | None = None
) -> Analysis:
    return Analysis(
        flow_id="lead-role",
        flow_version=2,
        scores={"head": 7.5, "product": 5.0},
        shares={"head": 0.6, "product": 0.4},
        agreement=0.75,
        alpha=Alpha(ordinal=0.41, nominal=None),
        participation=Participation(
            invited=6,
            answered=5,
            declined=1,
            completeness=0.83,
            roles_missing=["cfo"],
            present=5,
            coverage=0.8,
        ),
        questions=[
            question_result("gap", "single_choice", distribution={"Choice 0": 4, "Choice 1": 1}),
            *(disputed or []),
            question_result(
                "worries", "free_text", status="not_judged", distribution={}, free_text=free_text or []
            ),
        ],
        sensitivity=[
            SensitivityCase(
                name="drop_cto",
                description="the CTO's answers counted half",
                option_id="product",
                flipped=True,
            )
        ],
        recommendation=Recommendation(
            option_id="head",
            label="Head of AI",
            confidence="medium",
            margin=0.2,
            reasons=["Five of six answered.", "One decisive question is still open."],
            signals=[
                Signal(
                    question_id="has_models",
                    text="Models already run in production",
                    quote="once models are in production",
                    supporters=4,
                    answered=5,
                    weight=2.0,
                )
            ],
            risks=[Cited(text="Capability without direction", quote="the risk of Head of AI")],
        ),
    )


@pytest.fixture
def analysis(disputed_yes_no: QuestionResult) -> Analysis:
    return make_analysis(
        free_text=["Hire fast <!channel>", "Worried about <@U999> & cost"], disputed=[disputed_yes_no]
    )


@pytest.fixture
def facts(workshop: WorkshopView) -> SummaryFacts:
    """Six invited as `/hiring status` would list them: four finished, one part-way, one declined."""
    return SummaryFacts(
        workshop=workshop,
        turnout=Turnout.of(["answered", "answered", "answered", "answered", "answering", "declined"]),
        checkin_dates=(date(2025, 9, 6), date(2026, 3, 6)),
    )


def recommending(analysis: Analysis, **changes: Any) -> Analysis:
    """The analysis with its recommendation changed (no option, a tie, another confidence…)."""
    return analysis.model_copy(update={"recommendation": analysis.recommendation.model_copy(update=changes)})


@pytest.fixture
def facts_flow() -> Flow:
    """`flow` with "don't know" offered on its factual questions: `has_models` (yes/no),
    `model_count` (a required number), `gap` (single choice) and `areas` (multiple choice)."""
    data = flow_data()
    for section in data["sections"]:
        for question in section["questions"]:
            if question["id"] in {"has_models", "model_count", "gap", "areas"}:
                question["dont_know"] = True
    return Flow.model_validate(data)

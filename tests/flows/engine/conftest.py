"""Small named flows for the engine tests (see builders.py for how they are written)."""

from __future__ import annotations

import pytest

from flows.schema import Flow

from .builders import make_flow, question, section, yes_no


@pytest.fixture
def one_question_flow() -> Flow:
    """One yes/no question, `ready`: yes gives the Product Lead 2, no gives the Head of AI 2."""
    return make_flow(section("only", yes_no("ready")))


@pytest.fixture
def quorum_of_one_flow() -> Flow:
    """`one_question_flow` with a quorum of 1, so one or two members can be recommended from."""
    return make_flow(section("only", yes_no("ready")), quorum=1)


@pytest.fixture
def big_and_small_flow() -> Flow:
    """Two yes/no questions: `big` moves 5 either way, `small` moves 1."""
    return make_flow(section("both", yes_no("big", 5, 5), yes_no("small", 1, 1)))


@pytest.fixture
def balanced_flow() -> Flow:
    """Answered yes by everyone, `for_lead` gives the Product Lead 3 and `for_head` the Head of AI
    2.5: halving the first or raising the second by half flips the recommendation."""
    return make_flow(
        section(
            "balance",
            question("for_lead", "yes_no", evidence={"agree": {"lead": 3}}),
            question("for_head", "yes_no", evidence={"agree": {"head": 2.5}}),
        )
    )


@pytest.fixture
def gated_flow() -> Flow:
    """Three options and questions that open others: `detail` shows after yes to `gate`, `pick`
    after 3 or more on the scale `level`. Quorum 1, no required roles. The weights are written out
    again, by hand, in the brute-force re-scorer of test_decisive.py."""
    return make_flow(
        section(
            "one",
            question("gate", "yes_no", evidence={"agree": {"lead": 2}, "disagree": {"head": 2, "both": 1}}),
            question(
                "detail",
                "yes_no",
                evidence={"agree": {"lead": 1, "both": 2}, "disagree": {"head": 1}},
                show_when={"question": "gate", "equals": True},
            ),
            question("level", "scale", evidence={"agree": {"both": 2}, "disagree": {"head": 1, "lead": 1}}),
            question(
                "pick",
                "single_choice",
                choices=[
                    {"value": "a", "label": "A", "weights": {"lead": 1}},
                    {"value": "b", "label": "B", "weights": {"head": 1}},
                    {"value": "c", "label": "C", "weights": {"both": 1.5}},
                ],
                show_when={"question": "level", "at_least": 3},
            ),
        ),
        section(
            "two",
            question(
                "many",
                "multi_choice",
                choices=[
                    {"value": "x", "label": "X", "weights": {"lead": 1}},
                    {"value": "y", "label": "Y", "weights": {"head": 1}},
                    {"value": "z", "label": "Z", "weights": {"both": 1}},
                ],
            ),
            question(
                "count",
                "number",
                min=0,
                max=1000,
                bands=[
                    {"max": 10, "weights": {"head": 1}},
                    {"min": 10, "max": 50, "weights": {"both": 1}},
                    {"min": 50, "weights": {"lead": 1}},
                ],
            ),
            question("notes", "free_text", required=False),
        ),
        quorum=1,
        both=True,
    )


@pytest.fixture
def every_kind_flow() -> Flow:
    """One question of every kind. `platform_age` (a number without bands) only shows after a yes
    to `platform`; `concerns` is optional free text; every other question offers "don't know"."""
    return make_flow(
        section(
            "basics",
            yes_no("platform", dont_know=True),
            question(
                "maturity", "scale", dont_know=True, evidence={"agree": {"lead": 1}, "disagree": {"head": 1}}
            ),
        ),
        section(
            "platform",
            question(
                "platform_age",
                "number",
                min=0,
                max=50,
                unit="years",
                show_when={"question": "platform", "equals": True},
            ),
        ),
        section(
            "team",
            question(
                "team_size",
                "number",
                dont_know=True,
                min=1,
                max=100000,
                bands=[
                    {"max": 10, "weights": {"head": 1}},
                    {"min": 10, "max": 50, "weights": {}},
                    {"min": 50, "weights": {"lead": 1}},
                ],
            ),
            question(
                "gaps",
                "multi_choice",
                dont_know=True,
                choices=[
                    {"value": "strategy", "label": "Strategy", "weights": {"lead": 1}},
                    {"value": "engineering", "label": "Engineering", "weights": {"head": 1}},
                    {"value": "governance", "label": "Governance", "weights": {"head": 0.5}},
                ],
            ),
            question(
                "focus",
                "single_choice",
                dont_know=True,
                choices=[
                    {"value": "outcomes", "label": "Outcomes", "weights": {"lead": 1.5}},
                    {"value": "capability", "label": "Capability", "weights": {"head": 1.5}},
                ],
            ),
        ),
        section("notes", question("concerns", "free_text", required=False)),
    )

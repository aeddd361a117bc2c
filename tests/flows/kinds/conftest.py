"""One small question of each kind, written as data, for the plug-in tests. Evidence vectors are
in the order of `OPTIONS`: (Product Lead, Head of AI)."""

from __future__ import annotations

from typing import Any

import pytest

from flows.schema import Question

OPTIONS = ("lead", "head")


def _question(question_id: str, kind: str, **rest: Any) -> Question:
    return Question.model_validate(
        {"id": question_id, "kind": kind, "text": f"{question_id}?", "help": "Help.", "quote": "Q.", **rest}
    )


@pytest.fixture
def yes_no() -> Question:
    """Yes gives the Product Lead 2, no gives the Head of AI 2; "don't know" is offered."""
    evidence = {"agree": {"lead": 2}, "disagree": {"head": 2}}
    return _question("ready", "yes_no", evidence=evidence, dont_know=True)


@pytest.fixture
def scale() -> Question:
    """5 gives the Product Lead 1, 1 gives the Head of AI 1."""
    return _question("mature", "scale", evidence={"agree": {"lead": 1}, "disagree": {"head": 1}})


@pytest.fixture
def single_choice() -> Question:
    choices = [
        {"value": "outcomes", "label": "Outcomes", "weights": {"lead": 1.5}},
        {"value": "capability", "label": "Capability & <standards>", "weights": {"head": 1.5}},
        {"value": "unsure", "label": "Not sure yet"},
    ]
    return _question("focus", "single_choice", choices=choices, dont_know=True)


@pytest.fixture
def multi_choice() -> Question:
    choices = [
        {"value": "roadmap", "label": "Roadmap", "weights": {"lead": 1}},
        {"value": "hiring", "label": "Hiring", "weights": {"head": 1}},
        {"value": "platform", "label": "Platform", "weights": {"head": 0.5, "lead": 0.5}},
    ]
    return _question("gaps", "multi_choice", choices=choices)


@pytest.fixture
def free_text() -> Question:
    return _question("anything_else", "free_text", required=False)


@pytest.fixture
def number() -> Question:
    """Team size from 0 to 500 people: under 10 favours the Product Lead, 10 or more the Head of AI."""
    bands = [{"max": 10, "weights": {"lead": 1}}, {"min": 10, "max": 50, "weights": {"head": 1}}]
    return _question("team_size", "number", bands=bands, min=0, max=500, unit="people", dont_know=True)

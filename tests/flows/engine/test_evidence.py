"""Evidence vectors are in the flow's option order: (Product Lead, Head of AI)."""

from __future__ import annotations

import pytest

from flows.engine.evidence import evidence, most_favouring
from flows.engine.model import AnswerValue
from flows.schema import Flow

LEAD, HEAD = 0, 1


@pytest.mark.parametrize(("answer", "expected"), [(True, (2.0, 0.0)), (False, (0.0, 2.0))])
def test_yes_no_gives_agree_or_disagree(
    every_kind_flow: Flow, answer: bool, expected: tuple[float, ...]
) -> None:
    assert evidence(every_kind_flow, every_kind_flow.question("platform"), answer) == expected


@pytest.mark.parametrize(
    ("level", "expected"),
    [(1, (0.0, 1.0)), (2, (0.25, 0.75)), (3, (0.5, 0.5)), (4, (0.75, 0.25)), (5, (1.0, 0.0))],
)
def test_scale_interpolates_from_disagree_to_agree(
    every_kind_flow: Flow, level: int, expected: tuple[float, ...]
) -> None:
    assert evidence(every_kind_flow, every_kind_flow.question("maturity"), level) == expected


@pytest.mark.parametrize(("choice", "expected"), [("outcomes", (1.5, 0.0)), ("capability", (0.0, 1.5))])
def test_single_choice_gives_the_choices_weights(
    every_kind_flow: Flow, choice: str, expected: tuple[float, ...]
) -> None:
    assert evidence(every_kind_flow, every_kind_flow.question("focus"), choice) == expected


@pytest.mark.parametrize(
    ("choices", "expected"),
    [
        (["engineering", "governance"], (0.0, 1.5)),
        (["strategy", "engineering"], (1.0, 1.0)),
        (["strategy"], (1.0, 0.0)),
    ],
)
def test_multi_choice_sums_the_chosen_weights(
    every_kind_flow: Flow, choices: list[str], expected: tuple[float, ...]
) -> None:
    assert evidence(every_kind_flow, every_kind_flow.question("gaps"), choices) == expected


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        (1, (0.0, 1.0)),
        (9.99, (0.0, 1.0)),
        (10, (0.0, 0.0)),
        (49, (0.0, 0.0)),
        (50, (1.0, 0.0)),
        (900, (1.0, 0.0)),
    ],
)
def test_number_gives_the_weights_of_the_band_holding_it(
    every_kind_flow: Flow, size: float, expected: tuple[float, ...]
) -> None:
    assert evidence(every_kind_flow, every_kind_flow.question("team_size"), size) == expected


@pytest.mark.parametrize(("question_id", "answer"), [("concerns", "We are not ready."), ("platform_age", 3)])
def test_free_text_and_a_number_without_bands_give_none(
    every_kind_flow: Flow, question_id: str, answer: AnswerValue
) -> None:
    assert evidence(every_kind_flow, every_kind_flow.question(question_id), answer) == (0.0, 0.0)


def test_the_answer_most_favouring_the_runner_up(every_kind_flow: Flow) -> None:
    q = every_kind_flow.question
    options = every_kind_flow.option_ids
    assert most_favouring(q("platform"), HEAD, LEAD, options) == (0.0, 2.0)
    assert most_favouring(q("maturity"), LEAD, HEAD, options) == (1.0, 0.0)
    assert most_favouring(q("team_size"), HEAD, LEAD, options) == (0.0, 1.0)
    assert most_favouring(q("gaps"), HEAD, LEAD, options) == (0.0, 1.5)  # every choice that helps
    assert most_favouring(q("concerns"), HEAD, LEAD, options) is None

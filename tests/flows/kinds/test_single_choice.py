"""The single-choice plug-in on its own: no engine, no Slack."""

from __future__ import annotations

import random

import pytest

from flows.engine.model import Thresholds
from flows.errors import InvalidAnswer
from flows.kinds.form import RADIO_LIMIT
from flows.kinds.single_choice import SingleChoice
from flows.schema import Question

from .conftest import OPTIONS

PLUGIN = SingleChoice()


def test_only_a_choice_value_is_accepted(single_choice: Question) -> None:
    assert PLUGIN.parse(single_choice, "outcomes") == "outcomes"
    with pytest.raises(InvalidAnswer, match="expected one of outcomes, capability, unsure, got 'Outcomes'"):
        PLUGIN.parse(single_choice, "Outcomes")


def test_a_choice_gives_its_weights(single_choice: Question) -> None:
    assert PLUGIN.evidence(single_choice, "capability", OPTIONS) == (0.0, 1.5)
    assert PLUGIN.evidence(single_choice, "unsure", OPTIONS) == (0.0, 0.0)
    assert PLUGIN.most_favouring(single_choice, 0, 1, OPTIONS) == (1.5, 0.0)


def test_the_distribution_is_by_label_and_a_split_panel_has_no_consensus(single_choice: Question) -> None:
    values = ["outcomes", "outcomes", "capability", "unsure"]
    distribution = PLUGIN.distribution(single_choice, values)
    assert distribution == {"Outcomes": 2, "Capability & <standards>": 1, "Not sure yet": 1}
    assert PLUGIN.judge(single_choice, values, distribution, Thresholds()).status == "no_consensus"


def test_a_label_reads_as_a_label_inside_a_sentence(single_choice: Question) -> None:
    described = PLUGIN.describe(single_choice, "outcomes")
    assert PLUGIN.in_sentence(single_choice, "outcomes", described) == "“Outcomes”"
    assert PLUGIN.export_label(single_choice, "capability") == "Capability & <standards>"
    assert PLUGIN.slack_label(single_choice, "capability") == "Capability & <standards>"  # Slack escapes


def test_the_choices_and_dont_know_are_offered_as_radio_buttons(single_choice: Question) -> None:
    element = PLUGIN.element(single_choice, "unsure", action_id="a", offer_dont_know=True)
    assert element["type"] == "radio_buttons"
    assert [o["value"] for o in element["options"]] == ["outcomes", "capability", "unsure", "dont_know"]
    picked = {"text": {"text": "Not sure yet", "type": "plain_text"}, "value": "unsure"}
    assert element["initial_option"] == picked


def test_too_many_choices_for_radio_buttons_become_a_menu(single_choice: Question) -> None:
    many = [{"value": f"c{n}", "label": f"Choice {n}"} for n in range(RADIO_LIMIT + 1)]
    question = Question.model_validate(single_choice.model_dump() | {"choices": many})
    element = PLUGIN.element(question, None, action_id="a", offer_dont_know=False)
    assert element["type"] == "static_select" and element["placeholder"]["text"] == "Choose one"


def test_the_demo_can_split_on_any_choice(single_choice: Question) -> None:
    assert PLUGIN.split_answers(single_choice) == ["outcomes", "capability", "unsure"]
    own_way = PLUGIN.demo_tilt(
        single_choice, "unsure", lambda v: 1.0 if v == "capability" else 0.0, noise=1.0, rng=random.Random(3)
    )
    assert own_way == "capability"

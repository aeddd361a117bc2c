"""The multiple-choice plug-in on its own: no engine, no Slack."""

from __future__ import annotations

import random

import pytest

from flows.engine.model import Thresholds
from flows.errors import InvalidAnswer
from flows.kinds.multi_choice import MultiChoice
from flows.schema import Question

from .conftest import OPTIONS

PLUGIN = MultiChoice()


def test_choices_are_kept_in_the_flows_order_and_none_of_these_is_an_answer(multi_choice: Question) -> None:
    assert PLUGIN.parse(multi_choice, ["platform", "roadmap"]) == ["roadmap", "platform"]
    assert PLUGIN.parse(multi_choice, []) == []
    with pytest.raises(InvalidAnswer, match="a list of distinct values"):
        PLUGIN.parse(multi_choice, ["roadmap", "roadmap"])


def test_the_evidence_is_the_sum_of_the_chosen_choices(multi_choice: Question) -> None:
    assert PLUGIN.evidence(multi_choice, ["roadmap", "platform"], OPTIONS) == (1.5, 0.5)
    assert PLUGIN.evidence(multi_choice, [], OPTIONS) == (0.0, 0.0)


def test_every_helpful_choice_ticked_together_favours_most(multi_choice: Question) -> None:
    assert PLUGIN.most_favouring(multi_choice, 1, 0, OPTIONS) == (0.0, 1.0)


def test_each_choice_is_judged_picked_or_not(multi_choice: Question) -> None:
    values = [["roadmap"], ["roadmap"], ["roadmap", "hiring"], []]
    distribution = PLUGIN.distribution(multi_choice, values)
    assert distribution == {"Roadmap": 3, "Hiring": 1, "Platform": 0, "None of these": 1}
    judged = PLUGIN.judge(multi_choice, values, distribution, Thresholds())
    assert (judged.status, judged.top_share) == ("consensus", 0.75)
    assert len(PLUGIN.alpha_units(multi_choice, values)) == 3  # one picked-or-not unit per choice


def test_words_for_a_selection(multi_choice: Question) -> None:
    assert PLUGIN.describe(multi_choice, []) == "none of these"
    assert PLUGIN.describe(multi_choice, ["roadmap", "hiring"]) == "Roadmap, Hiring"
    assert PLUGIN.export_label(multi_choice, []) == "None of them"
    assert PLUGIN.slack_label(multi_choice, []) == "None of these"


def test_checkboxes_offer_none_of_these_which_prefills_an_empty_answer(multi_choice: Question) -> None:
    element = PLUGIN.element(multi_choice, [], action_id="a", offer_dont_know=True)
    assert element["type"] == "checkboxes"
    assert [o["value"] for o in element["options"]] == ["roadmap", "hiring", "platform", "-none-"]
    assert [o["value"] for o in element["initial_options"]] == ["-none-"]


def test_ticked_boxes_read_back_and_none_of_these_alone_is_the_empty_answer(multi_choice: Question) -> None:
    ticked = {"selected_options": [{"value": "roadmap"}, {"value": "hiring"}]}
    assert PLUGIN.read_state(multi_choice, ticked) == ["roadmap", "hiring"]
    assert PLUGIN.read_state(multi_choice, {"selected_options": [{"value": "-none-"}]}) == []
    assert PLUGIN.read_state(multi_choice, {"selected_options": []}) is None


def test_no_single_answer_settles_it_so_the_demo_does_not_split_on_it(multi_choice: Question) -> None:
    assert PLUGIN.split_answers(multi_choice) == []
    tilted = PLUGIN.demo_tilt(
        multi_choice, ["roadmap"], lambda v: 1.0 if v == ["hiring"] else 0.0, noise=1.0, rng=random.Random(1)
    )
    assert tilted == ["hiring", "roadmap"]

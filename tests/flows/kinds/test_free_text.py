"""The free-text plug-in on its own: a person's own words, never judged or scored."""

from __future__ import annotations

import pytest

from flows.engine.model import Thresholds
from flows.errors import InvalidAnswer
from flows.kinds.free_text import MAX_LENGTH, FreeText
from flows.schema import Question

from .conftest import OPTIONS

PLUGIN = FreeText()


def test_text_is_kept_as_written_up_to_the_limit(free_text: Question) -> None:
    assert PLUGIN.parse(free_text, "  Hire for judgement.  ") == "  Hire for judgement.  "
    for raw in ("   ", "x" * (MAX_LENGTH + 1), 7):
        with pytest.raises(InvalidAnswer, match=f"some text of at most {MAX_LENGTH} characters"):
            PLUGIN.parse(free_text, raw)


def test_it_gives_no_evidence_and_is_not_judged(free_text: Question) -> None:
    assert PLUGIN.own_words
    assert PLUGIN.evidence(free_text, "anything", OPTIONS) == (0.0, 0.0)
    assert PLUGIN.most_favouring(free_text, 0, 1, OPTIONS) is None
    assert PLUGIN.distribution(free_text, ["a", "b"]) == {}
    assert PLUGIN.judge(free_text, ["a", "b", "c"], {}, Thresholds()).status == "not_judged"
    assert PLUGIN.alpha_units(free_text, ["a"]) == []


def test_a_multiline_box_prefilled_with_earlier_words_which_read_back_unstripped(free_text: Question) -> None:
    element = PLUGIN.element(free_text, "Earlier.", action_id="a", offer_dont_know=True)
    assert element == {
        "type": "plain_text_input",
        "action_id": "a",
        "multiline": True,
        "max_length": MAX_LENGTH,
        "initial_value": "Earlier.",
    }
    assert PLUGIN.read_state(free_text, {"value": "  spaced  "}) == "  spaced  "
    assert PLUGIN.read_state(free_text, {"value": "   "}) is None


def test_the_demo_writes_its_own_words_elsewhere(free_text: Question) -> None:
    assert PLUGIN.split_answers(free_text) == []
    assert PLUGIN.listed_choices(free_text) == []

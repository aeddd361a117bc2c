"""The answer form a submission acknowledges with is assembled from cached dicts: it must be the very
JSON slack-sdk's own `to_dict()` gives, for every section of every shipped flow, with and without
answers, the first time and from the cache."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.blocks.answer_modal import answer_modal, answer_modal_dict
from bot.blocks.metadata import AnswerMeta
from bot.blocks.serialized import DictCache, value_key
from flows.engine import parse_answers, sections_for
from flows.engine.model import AnswerValue
from flows.loader import FlowCatalog
from flows.schema import Flow

EXAMPLES = Path(__file__).parents[3] / "flows" / "examples"
META = AnswerMeta(workshop_id=7, team_id="T1")
SHIPPED = FlowCatalog.load().all()


def example_answers(flow: Flow) -> list[dict[str, AnswerValue]]:
    people = yaml.safe_load((EXAMPLES / f"answers-{flow.id[:3]}.yaml").read_text())["participants"]
    return [parse_answers(flow, person["answers"]) for person in people]


def both_ways(flow: Flow, index: int, answers: dict[str, AnswerValue]) -> tuple[str, str]:
    sections = sections_for(flow, answers)
    slow = answer_modal(flow, index, sections, answers, META).to_dict()
    fast = answer_modal_dict(flow, index, sections, answers, META)
    return json.dumps(slow), json.dumps(fast)


@pytest.mark.parametrize("flow", SHIPPED, ids=[f.id for f in SHIPPED])
def test_every_section_of_every_shipped_flow_is_the_same_json_as_slack_sdk_gives(flow: Flow) -> None:
    answer_sets = [{}, *example_answers(flow)]
    # Earlier sections answered, later ones not: the state a person is in part-way through.
    first_section = {q.id for q in flow.sections[0].questions}
    answer_sets += [{k: v for k, v in a.items() if k in first_section} for a in answer_sets[1:]]
    assert len(answer_sets) > 3 and len(flow.sections) > 1
    for answers in answer_sets:
        for index in range(len(flow.sections)):
            slow, fast = both_ways(flow, index, answers)
            assert fast == slow, (flow.id, index, answers)
            assert both_ways(flow, index, answers)[1] == slow, "and again, from the cache"


def test_hand_built_flows_with_menus_numbers_and_refreshing_questions_match(
    flow: Flow, wide_flow: Flow
) -> None:
    for built in (flow, wide_flow):
        for index in range(len(built.sections)):
            for answers in ({}, _answer_everything(built)):
                slow, fast = both_ways(built, index, answers)
                assert fast == slow, (built.id, index)


def test_a_changed_answer_is_shown_not_the_cached_one() -> None:
    flow = SHIPPED[0]
    question = flow.sections[0].questions[0]
    first, second = (_a_value(question.kind, n, question) for n in (0, 1))
    shown = [json.loads(both_ways(flow, 0, {question.id: value})[1]) for value in (first, second, first)]
    assert shown[0] != shown[1] and shown[0] == shown[2]
    for value, view in zip((first, second, first), shown, strict=True):
        assert json.dumps(view) == both_ways(flow, 0, {question.id: value})[0]


def test_cache_keys_tell_apart_values_python_calls_equal() -> None:
    keys = [value_key(v) for v in (True, 1, 1.0, "1", ["1"], [1], [True])]
    assert len(set(keys)) == len(keys)
    assert value_key(["a", "b"]) == value_key(["a", "b"]) != value_key(["b", "a"])


def test_the_cache_keeps_at_most_its_size_and_drops_the_least_recently_used() -> None:
    cache = DictCache(2)
    built: list[str] = []

    def build(name: str) -> Any:
        built.append(name)
        return {"name": name}

    for name in ("a", "b", "a", "c", "a", "b"):
        assert cache.get(name, lambda name=name: build(name)) == {"name": name}
    assert built == ["a", "b", "c", "b"]  # "a" was used again before "c" came, so "b" went
    assert len(cache) == 2


def _answer_everything(flow: Flow) -> dict[str, AnswerValue]:
    return {q.id: _a_value(q.kind, 1, q) for q in flow.questions}


def _a_value(kind: str, n: int, question: Any = None) -> AnswerValue:
    choices = [c.value for c in (question.choices or [])] if question is not None else []
    match kind:
        case "yes_no":
            return n == 0
        case "scale":
            return 2 + n
        case "number":
            return 3.5 + n
        case "free_text":
            return f"Answer {n} with <!channel> & more"
        case "single_choice":
            return choices[n % len(choices)]
        case "multi_choice":
            return choices[: n + 1]
    raise AssertionError(kind)

"""Which questions the demo's panel splits on: read from the flow's weights, not from question ids."""

from __future__ import annotations

import pytest

from bot.demo.decisive import key_splits
from flows.engine.evidence import evidence_for
from flows.errors import WorkshopError
from flows.loader import FlowCatalog
from flows.schema import Flow
from tests.flows.engine.builders import make_flow, section, yes_no

SHIPPED = FlowCatalog.load().all()


def test_the_heaviest_question_comes_first_and_a_conditional_one_never() -> None:
    flow = make_flow(
        section(
            "only",
            yes_no("light", lead=1, head=1),
            yes_no("heavy", lead=3, head=3),
            yes_no("hidden", lead=9, head=9, show_when={"question": "light", "equals": True}),
            yes_no("middling", lead=2, head=2),
        )
    )
    first, second = key_splits(flow)
    assert (first.question.id, second.question.id) == ("heavy", "middling")
    assert first.swing == 6 and {first.favours, first.against} == {"lead", "head"}


def test_a_flow_with_one_question_to_split_on_is_refused_with_the_reason() -> None:
    flow = make_flow(section("only", yes_no("alone"), yes_no("optional", required=False)))
    with pytest.raises(WorkshopError, match="fewer than two required yes/no, scale or single-choice"):
        key_splits(flow)


@pytest.mark.parametrize("flow", SHIPPED, ids=lambda f: f.id[:3])
def test_each_side_of_a_split_pulls_its_own_way(flow: Flow) -> None:
    options = flow.option_ids
    for split in key_splits(flow):
        x, y = options.index(split.favours), options.index(split.against)
        majority = evidence_for(split.question, split.majority, options)
        minority = evidence_for(split.question, split.minority, options)
        assert majority[x] > majority[y] and minority[y] > minority[x]
        assert split.question.required and split.question.show_when is None


def test_the_shipped_flows_split_first_on_their_documents_own_rule() -> None:
    firsts = {f.id[:3]: key_splits(f)[0].question.id for f in SHIPPED}
    assert firsts == {
        "000": "first_hire_rule",
        "001": "biggest_open_question",
        "002": "ai_in_two_years",
    }

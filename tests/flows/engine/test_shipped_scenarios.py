"""Scenarios on the shipped flows, where no evidence must mean no recommendation whatever the
weights: these read the flows' own example panels (flows/examples/) only for a first member's
answers, so a change of weights does not break them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from flows.engine import analyse, parse_answers
from flows.engine.model import Answer, Member, Panel
from flows.loader import FlowCatalog
from flows.schema import Flow, QuestionKind

EXAMPLES = Path(__file__).parents[3] / "flows" / "examples"
FLOWS = ["000-head-of-ai-or-product-lead", "001-product-or-engineering-leadership", "002-caio-or-cto"]


def first_members_answers(flow: Flow) -> dict[str, Any]:
    document = yaml.safe_load((EXAMPLES / f"answers-{flow.id[:3]}.yaml").read_text(encoding="utf-8"))
    return parse_answers(flow, document["participants"][0]["answers"])


def panel_of(members: list[tuple[str, dict[str, Any]]], declined: int = 0) -> Panel:
    people = [Member(id=f"m{i}", role=role) for i, (role, _) in enumerate(members)]
    people += [Member(id=f"d{i}", role="other", declined=True) for i in range(declined)]
    answers = {
        f"m{i}": {q: Answer(value=v) for q, v in given.items()} for i, (_, given) in enumerate(members)
    }
    return Panel(members=people, round1=answers)


@pytest.mark.parametrize("flow_id", FLOWS)
def test_everyone_declining_gives_no_recommendation(catalog: FlowCatalog, flow_id: str) -> None:
    chosen = analyse(catalog.get(flow_id), panel_of([], declined=5)).recommendation
    assert (chosen.option_id, chosen.confidence) == (None, None)
    assert chosen.missing == ["All 5 invited members declined."]


@pytest.mark.parametrize("flow_id", FLOWS)
def test_nobody_answering_gives_no_recommendation(catalog: FlowCatalog, flow_id: str) -> None:
    flow = catalog.get(flow_id)
    chosen = analyse(flow, panel_of([(role, {}) for role in ("ceo", "cto", "cfo")])).recommendation
    assert chosen.option_id is None and chosen.missing[0].startswith("No one has answered")


@pytest.mark.parametrize("flow_id", FLOWS)
def test_three_members_in_full_agreement_get_medium_at_most(catalog: FlowCatalog, flow_id: str) -> None:
    flow = catalog.get(flow_id)
    answers = first_members_answers(flow)
    chosen = analyse(flow, panel_of([("ceo", answers), ("cto", answers), ("cfo", answers)])).recommendation
    assert chosen.option_id is not None and chosen.confidence in ("medium", "low")


@pytest.mark.parametrize("flow_id", FLOWS)
def test_a_cto_present_only_through_free_text_is_absent(catalog: FlowCatalog, flow_id: str) -> None:
    flow = catalog.get(flow_id)
    answers = first_members_answers(flow)
    free_text = next(q.id for q in flow.questions if q.kind is QuestionKind.FREE_TEXT)
    members = [("ceo", answers)] * 5 + [("cto", {free_text: "tbd"})]
    analysis = analyse(flow, panel_of(members))
    assert analysis.participation.roles_missing == ["cto"]
    assert analysis.recommendation.option_id is None

"""The story, drawn and rehearsed with the engine before anyone opens Slack: it holds for every
shipped flow and panel size, and the same seed tells it the same way."""

from __future__ import annotations

import pytest

from bot.demo.personas import NAMES
from bot.demo.plan import Story, plan_story, submitted_in_round1
from flows.loader import FlowCatalog
from flows.schema import Flow

SHIPPED = FlowCatalog.load().all()


@pytest.fixture(scope="module", params=[3, 5, 12, 30], ids=lambda n: f"{n}-people")
def people(request: pytest.FixtureRequest) -> int:
    return request.param


@pytest.fixture(scope="module", params=SHIPPED, ids=lambda f: f.id[:3])
def drawn_story(request: pytest.FixtureRequest, people: int) -> Story:
    return plan_story(request.param, people, seed=1)


def test_the_panel_disagrees_on_both_split_questions_and_one_is_decisive(drawn_story: Story) -> None:
    first, second = (s.question.id for s in drawn_story.splits)
    disputed = {q.question_id: q for q in drawn_story.round1.disputed}
    assert first in disputed and second in disputed
    assert disputed[first].decisive or disputed[second].decisive


def test_round2_settles_the_first_and_leaves_the_second_to_the_facilitator(drawn_story: Story) -> None:
    first, second = (s.question.id for s in drawn_story.splits)
    resolution = {q.question_id: q.resolution for q in drawn_story.round2.questions}
    assert resolution[first] == "revised"
    assert resolution[second] == "open" and second in drawn_story.still_open


def test_only_the_minority_revise_and_each_says_why(drawn_story: Story) -> None:
    first = drawn_story.splits[0]
    revisers = [p for p in drawn_story.parts if p.revisions]
    assert revisers
    for part in revisers:
        assert part.side == "minority" and not part.declines
        value, why = part.revisions[first.question.id]
        assert value == first.majority and why.strip()


def test_who_declines_and_who_stops_part_way_depends_on_the_panel_size(
    drawn_story: Story, people: int
) -> None:
    declined = [p for p in drawn_story.parts if p.declines]
    part_way = [p for p in drawn_story.parts if p.stops_at]
    assert (len(declined), len(part_way)) == ((1, 2) if people >= 8 else (0, 1))
    required = set(drawn_story.flow.requires.roles)
    assert not any(p.persona.role in required for p in [*declined, *part_way])


def test_a_part_way_answerer_stores_nothing_after_the_question_they_stop_at(drawn_story: Story) -> None:
    flow = drawn_story.flow
    part = next(p for p in drawn_story.parts if p.stops_at)
    stored = submitted_in_round1(flow, part.answers, part.stops_at)
    stop_section = next(
        i for i, s in enumerate(flow.sections) if part.stops_at in {q.id for q in s.questions}
    )
    later = {q.id for s in flow.sections[stop_section + 1 :] for q in s.questions}
    assert part.stops_at not in stored and not later & stored.keys()


def test_the_same_seed_tells_the_same_story_and_another_seed_another() -> None:
    flow = SHIPPED[0]
    again = [p.answers for p in plan_story(flow, 5, seed=1).parts]
    assert again == [p.answers for p in plan_story(flow, 5, seed=1).parts]
    assert again != [p.answers for p in plan_story(flow, 5, seed=2).parts]


@pytest.mark.parametrize("flow", SHIPPED, ids=lambda f: f.id[:3])
def test_nobody_on_a_small_panel_repeats_anothers_free_text(flow: Flow) -> None:
    parts = plan_story(flow, 4, seed=1).parts
    for question in (q for q in flow.questions if q.kind == "free_text"):
        written = [p.answers[question.id] for p in parts if question.id in p.answers]
        assert len(written) == len(set(written))


@pytest.mark.parametrize("flow", SHIPPED, ids=lambda f: f.id[:3])
def test_nobody_on_a_panel_of_fifty_repeats_anothers_free_text_word_for_word(flow: Flow) -> None:
    parts = plan_story(flow, 50, seed=1).parts
    free_text = [q for q in flow.questions if q.kind == "free_text"]
    assert free_text
    for question in free_text:
        written = [p.answers[question.id] for p in parts if question.id in p.answers]
        assert len(written) > 30 and len(written) == len(set(written)), question.id


def test_round1_reasons_go_with_each_split_question_s_section_and_name_nobody() -> None:
    drawn_story = plan_story(SHIPPED[0], 12, seed=1)
    sections = {
        s.id
        for s in drawn_story.flow.sections
        for q in s.questions
        if q.id in {x.question.id for x in drawn_story.splits}
    }
    for part in drawn_story.parts:
        assert set(part.reasons) <= sections and part.reasons
        assert not any(name in reason for reason in part.reasons.values() for name in NAMES)


def test_a_question_that_appears_mid_form_waits_for_a_second_visit() -> None:
    flow = next(f for f in SHIPPED if f.id.startswith("001"))
    answers = plan_story(flow, 5, seed=1).parts[0].answers | {
        "need_hybrid_leader": True,
        "hybrid_leaning": "product",
    }
    last = next(q.id for q in flow.sections[-1].questions if q.required)
    assert submitted_in_round1(flow, answers, None)["hybrid_leaning"] == "product"  # came back for it
    assert "hybrid_leaning" not in submitted_in_round1(flow, answers, last)  # stopped before that

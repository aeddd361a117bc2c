"""Properties of the analysis that must hold for any panel on the every-kind flow."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flows.engine import analyse, summary_sections
from flows.engine.model import Analysis, Answer, Decision, Member, Panel
from flows.engine.text import PART_LIMIT
from flows.schema import DONT_KNOW, Flow

# The flow fixture is immutable, so sharing it across generated examples is safe.
SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

TEXT = st.text(alphabet="<>&!@#*_~ abcXYZ\n", min_size=1, max_size=400).filter(str.strip)
ANSWERS = st.fixed_dictionaries(
    {},
    optional={
        "platform": st.booleans() | st.just(DONT_KNOW),
        "maturity": st.integers(1, 5) | st.just(DONT_KNOW),
        "platform_age": st.integers(0, 50),
        "team_size": st.integers(1, 200),
        "gaps": st.lists(st.sampled_from(["strategy", "engineering", "governance"]), unique=True),
        "focus": st.sampled_from(["outcomes", "capability", DONT_KNOW]),
        "concerns": TEXT,
    },
)
MEMBER = st.tuples(ANSWERS, st.sampled_from([0.5, 1.0, 2.0]), st.booleans())  # answers, weight, declined
DECISIONS = st.lists(
    st.builds(
        Decision,
        question_id=st.sampled_from(["platform", "focus"]),
        value=st.sampled_from([None, "yes", "outcomes"]),
        rationale=st.just("Settled."),
    ).filter(lambda d: d.value is None or (d.value == "yes") == (d.question_id == "platform")),
    max_size=2,
)


def panel_of(members: list[tuple[dict[str, Any], float, bool]], decisions: list[Decision] = ()) -> Panel:
    ids = [f"p{i:02}" for i in range(len(members))]
    return Panel(
        members=[
            Member(id=i, role="other", weight=weight, declined=declined)
            for i, (_, weight, declined) in zip(ids, members, strict=True)
        ],
        round1={
            i: {
                q: Answer(value=v, rationale=f"{q} because" if q == "focus" else None)
                for q, v in answers.items()
            }
            for i, (answers, _, _) in zip(ids, members, strict=True)
        },
        decisions=list(decisions),
    )


@SETTINGS
@given(members=st.lists(MEMBER, min_size=1, max_size=8), decisions=DECISIONS, order=st.randoms())
def test_member_order_never_changes_the_analysis(
    every_kind_flow: Flow, members: list[Any], decisions: list[Decision], order: Any
) -> None:
    stored = panel_of(members, decisions)
    shuffled_members = list(stored.members)
    order.shuffle(shuffled_members)
    shuffled_round1 = dict(reversed(list(stored.round1.items())))
    shuffled = stored.model_copy(update={"members": shuffled_members, "round1": shuffled_round1})
    assert analyse(every_kind_flow, shuffled) == analyse(every_kind_flow, stored)


@SETTINGS
@given(answers=ANSWERS, count=st.integers(1, 9))
def test_a_unanimous_panel_has_no_disputes(
    every_kind_flow: Flow, answers: dict[str, Any], count: int
) -> None:
    analysis = analyse(every_kind_flow, panel_of([(answers, 1.0, False)] * count))
    assert analysis.disputed == []
    assert all(q.status in ("consensus", "insufficient", "not_judged") for q in analysis.questions)


def leader(analysis: Analysis) -> str | None:
    """The option the shares put strictly first, or None on a tie: what the scores say, before the
    evidence rules (quorum, roles, enough answers) decide whether it is recommended."""
    ranked = sorted(analysis.shares.items(), key=lambda kv: -kv[1])
    return None if ranked[0][1] - ranked[1][1] < 1e-9 else ranked[0][0]


@SETTINGS
@given(members=st.lists(MEMBER, min_size=1, max_size=8), decisions=DECISIONS)
def test_a_recommendation_is_the_strict_leader_or_none(
    every_kind_flow: Flow, members: list[Any], decisions: list[Decision]
) -> None:
    analysis = analyse(every_kind_flow, panel_of(members, decisions))
    chosen = analysis.recommendation
    assert chosen.option_id in (None, leader(analysis))
    if chosen.option_id is None:
        assert chosen.missing and chosen.confidence is None
    if leader(analysis) is None:
        assert chosen.option_id is None
    if chosen.tied:
        assert leader(analysis) is None and chosen.tie_breakers
    if all(declined for _, _, declined in members):
        assert chosen.option_id is None


@SETTINGS
@given(members=st.lists(MEMBER, min_size=1, max_size=8))
def test_copying_every_member_changes_neither_the_leader_nor_the_shares(
    every_kind_flow: Flow, members: list[Any]
) -> None:
    once = analyse(every_kind_flow, panel_of(members))
    twice = analyse(every_kind_flow, panel_of(members + members))
    assert leader(twice) == leader(once)
    assert twice.shares == pytest.approx(once.shares)


@SETTINGS
@given(members=st.lists(MEMBER, min_size=1, max_size=8), pick=st.integers(0, 7))
def test_adding_a_copy_of_a_member_who_backs_the_recommendation_keeps_it(
    every_kind_flow: Flow, members: list[Any], pick: int
) -> None:
    # Adding a copy of *any* member can change the winner (two members on each side, then a third
    # copy of one of them); what must hold is that a copy of a member whose own answers favour the
    # recommended option leaves it recommended.
    chosen = leader(analyse(every_kind_flow, panel_of(members)))
    member = members[pick % len(members)]
    alone = leader(analyse(every_kind_flow, panel_of([member])))
    if alone != chosen or chosen is None:
        return
    assert leader(analyse(every_kind_flow, panel_of([*members, member]))) == chosen


@SETTINGS
@given(
    members=st.lists(st.tuples(ANSWERS, st.just(1.0), st.just(False)), min_size=1, max_size=30),
    rationale=TEXT,
)
def test_summary_parts_fit_slack_and_escape_all_user_text(
    every_kind_flow: Flow, members: list[Any], rationale: str
) -> None:
    stored = panel_of(members)
    with_rationales = {
        m: {q: a.model_copy(update={"rationale": rationale}) for q, a in answers.items()}
        for m, answers in stored.round1.items()
    }
    analysis = analyse(every_kind_flow, stored.model_copy(update={"round1": with_rationales}))
    for part in summary_sections(every_kind_flow, analysis):
        assert len(part) <= PART_LIMIT
        assert "<" not in part
        assert not re.search(r"&(?!amp;|lt;|gt;)", part)

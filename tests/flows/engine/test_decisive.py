"""The decisive questions, checked against an independent brute-force re-scorer.

The re-scorer below knows nothing of the engine but the panel's raw answers and the weights of
`gated_flow`, written out again by hand: for each disputed question it switches everyone who gave a
real answer to each answer someone gave, applies the flow's two `show_when` rules to the switched
answers, re-scores from scratch and looks at the winner. The engine's decisive set must be exactly
the questions where some switch changes the winner (a tie counts as no winner)."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flows.engine import analyse
from flows.engine.model import Answer, Member, Panel
from flows.schema import DONT_KNOW, Flow

OPTIONS = ("lead", "head", "both")
Raw = dict[str, Any]

# Weights of gated_flow, by hand: (question, answer) -> evidence per option.
YES_NO = {
    "gate": {True: {"lead": 2.0}, False: {"head": 2.0, "both": 1.0}},
    "detail": {True: {"lead": 1.0, "both": 2.0}, False: {"head": 1.0}},
}
PICK = {"a": {"lead": 1.0}, "b": {"head": 1.0}, "c": {"both": 1.5}}
MANY = {"x": {"lead": 1.0}, "y": {"head": 1.0}, "z": {"both": 1.0}}

ANSWERS = st.fixed_dictionaries(
    {},
    optional={
        "gate": st.sampled_from([True, False, DONT_KNOW]),
        "detail": st.sampled_from([True, False, DONT_KNOW]),
        "level": st.sampled_from([1, 2, 3, 4, 5, DONT_KNOW]),
        "pick": st.sampled_from(["a", "b", "c", DONT_KNOW]),
        "many": st.lists(st.sampled_from(["x", "y", "z"]), unique=True).map(sorted) | st.just(DONT_KNOW),
        "count": st.sampled_from([3, 8, 20, 45, 60, 400, DONT_KNOW]),
        "notes": st.just("tbd"),
    },
)
MEMBERS = st.lists(st.tuples(ANSWERS, st.sampled_from([0.5, 1.0, 2.0])), min_size=1, max_size=8)


def visible(answers: Raw) -> Raw:
    """The flow's two rules, by hand: detail after yes to gate; pick after 3 or more on level."""
    shown = dict(answers)
    if shown.get("gate") is not True:
        shown.pop("detail", None)
    level = shown.get("level")
    if not (isinstance(level, int) and level >= 3):
        shown.pop("pick", None)
    return shown


def evidence(question: str, value: Any) -> dict[str, float]:
    if value == DONT_KNOW or question == "notes":
        return {}
    if question in YES_NO:
        return YES_NO[question][value]
    if question == "level":
        t = (value - 1) / 4
        return {"both": 2 * t, "head": 1 - t, "lead": 1 - t}
    if question == "pick":
        return PICK[value]
    if question == "many":
        total: dict[str, float] = {}
        for choice in value:
            for option, weight in MANY[choice].items():
                total[option] = total.get(option, 0.0) + weight
        return total
    # count
    return {"head": 1.0} if value < 10 else {"both": 1.0} if value < 50 else {"lead": 1.0}


def winner(ballots: list[tuple[Raw, float]]) -> str | None:
    totals = dict.fromkeys(OPTIONS, 0.0)
    for answers, weight in ballots:
        for question, value in answers.items():
            for option, amount in evidence(question, value).items():
                totals[option] += weight * amount
    top = max(totals.values())
    leaders = [o for o in OPTIONS if totals[o] >= top - 1e-9]
    return leaders[0] if len(leaders) == 1 else None


def brute_decisive(members: list[tuple[Raw, float]], disputed: set[str]) -> set[str]:
    ballots = [(visible(answers), weight) for answers, weight in members]
    baseline = winner(ballots)
    decisive: set[str] = set()
    for question in disputed:
        given = {
            repr(a[question]): a[question] for a, _ in ballots if a.get(question, DONT_KNOW) != DONT_KNOW
        }
        for value in given.values():
            switched = [
                (visible(a | {question: value}) if a.get(question, DONT_KNOW) != DONT_KNOW else a, w)
                for a, w in ballots
            ]
            if winner(switched) != baseline:
                decisive.add(question)
    return decisive


def panel_of(members: list[tuple[Raw, float]]) -> Panel:
    ids = [f"p{i}" for i in range(len(members))]
    return Panel(
        members=[Member(id=i, role="other", weight=w) for i, (_, w) in zip(ids, members, strict=True)],
        round1={
            i: {q: Answer(value=v) for q, v in a.items()} for i, (a, _) in zip(ids, members, strict=True)
        },
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(members=MEMBERS)
def test_the_decisive_set_is_every_dispute_where_some_answer_given_changes_the_winner(
    gated_flow: Flow, members: list[tuple[Raw, float]]
) -> None:
    analysis = analyse(gated_flow, panel_of(members))
    disputed = {q.question_id for q in analysis.questions if q.disputed}
    decisive = {q.question_id for q in analysis.questions if q.decisive}
    assert decisive == brute_decisive(members, disputed)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(members=MEMBERS)
def test_the_recommendation_is_the_brute_force_winner_or_says_what_is_missing(
    gated_flow: Flow, members: list[tuple[Raw, float]]
) -> None:
    chosen = analyse(gated_flow, panel_of(members)).recommendation
    expected = winner([(visible(a), w) for a, w in members])
    if chosen.missing and not chosen.tied:
        assert chosen.option_id is None
    else:
        assert chosen.option_id == expected
        assert (chosen.tied != []) == (expected is None)

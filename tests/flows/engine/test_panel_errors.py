"""A panel the engine cannot read is refused with a message that names the problem."""

from __future__ import annotations

import pytest

from flows.engine import analyse
from flows.engine.model import Answer, Decision, Member, Panel
from flows.errors import InvalidAnswer, WorkshopError
from flows.schema import Flow

from .builders import panel


def test_an_answer_to_an_unknown_question_is_refused(one_question_flow: Flow) -> None:
    with pytest.raises(
        InvalidAnswer, match="member 'm0' answered question 'budget', which flow 'tiny' version 1"
    ):
        analyse(one_question_flow, panel({"m0": {"budget": 3}}))


def test_an_invalid_stored_value_names_the_member_and_question(one_question_flow: Flow) -> None:
    with pytest.raises(
        InvalidAnswer, match=r"^member 'm0', question 'ready': expected yes or no, got 'perhaps'$"
    ):
        analyse(one_question_flow, panel({"m0": {"ready": "perhaps"}}))


def test_answers_from_someone_not_on_the_panel_are_refused(one_question_flow: Flow) -> None:
    stray = Panel(members=[Member(id="m0", role="cto")], round1={"m9": {"ready": Answer(value=True)}})
    with pytest.raises(
        InvalidAnswer, match="round 1 holds answers from 'm9', who is not a member of the panel"
    ):
        analyse(one_question_flow, stray)


def test_a_member_listed_twice_is_refused(one_question_flow: Flow) -> None:
    twice = Panel(members=[Member(id="m0", role="cto"), Member(id="m0", role="cfo")])
    with pytest.raises(WorkshopError, match="member id 'm0' appears more than once"):
        analyse(one_question_flow, twice)


def test_a_decision_on_an_unknown_question_is_refused(one_question_flow: Flow) -> None:
    decision = Decision(question_id="budget", value=True, rationale="x")
    with pytest.raises(
        InvalidAnswer, match=r"a decision names question 'budget'.*Decide one of its questions: ready"
    ):
        analyse(one_question_flow, panel({"m0": {"ready": True}}, decisions=[decision]))


def test_a_decision_with_an_invalid_value_is_refused(one_question_flow: Flow) -> None:
    decision = Decision(question_id="ready", value=7, rationale="x")
    with pytest.raises(
        InvalidAnswer, match="the facilitator's decision on question 'ready': expected yes or no"
    ):
        analyse(one_question_flow, panel({"m0": {"ready": True}}, decisions=[decision]))

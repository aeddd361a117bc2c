from __future__ import annotations

from typing import Any

from bot.blocks.ids import ActionId, BlockId, CallbackId, Prefix, keyed
from bot.blocks.metadata import AnswerMeta, parse_private_metadata
from bot.blocks.round2 import parse_round2_submission, round2_dm, round2_modal
from bot.blocks.viewmodels import WorkshopView
from flows.engine.model import QuestionResult
from flows.schema import Flow

from .conftest import DEADLINE, question_result
from .limits import all_text, check_message, check_view

META = AnswerMeta(workshop_id=7, team_id="T1")


def test_round2_dm_has_the_count_deadline_and_review_button(workshop: WorkshopView) -> None:
    payload = check_message(round2_dm(workshop, 3, DEADLINE))
    text = all_text(payload)
    assert "*3 questions*" in text and "<!date^" in text and workshop.flow.decision in text
    actions = next(b for b in payload["blocks"] if b.get("block_id") == BlockId.ROUND2_ACTIONS)
    button = actions["elements"][0]
    assert (button["action_id"], button["value"], button["style"]) == (
        ActionId.REVIEW_DISPUTES,
        "7",
        "primary",
    )


def test_round2_modal_shows_spread_reasons_own_answer_and_prefills_it(
    flow: Flow, disputed_yes_no: QuestionResult
) -> None:
    payload = check_view(round2_modal(flow, [disputed_yes_no], {"has_models": False}, META))
    assert payload["callback_id"] == CallbackId.ROUND2
    assert parse_private_metadata(payload["private_metadata"], AnswerMeta).round == 2
    text = all_text(payload)
    assert "`██████░░░░` 60% Yes (3)" in text and "`████░░░░░░` 40% No (2)" in text
    assert "> We run two models &lt;!channel&gt;" in text and "<!channel>" not in text
    assert "Your round-1 answer: *No*" in text
    blocks = {b["block_id"]: b for b in payload["blocks"] if "block_id" in b}
    answer = blocks[keyed(Prefix.QUESTION, "has_models")]
    assert answer["element"]["initial_option"]["value"] == "no"
    assert blocks[keyed(Prefix.REASON, "has_models")]["optional"] is True


def test_round2_submission_gives_revised_answers_and_reasons(
    flow: Flow, disputed_yes_no: QuestionResult
) -> None:
    values: dict[str, Any] = {
        keyed(Prefix.QUESTION, "has_models"): {
            ActionId.ANSWER: {"type": "radio_buttons", "selected_option": {"value": "yes"}}
        },
        keyed(Prefix.REASON, "has_models"): {
            ActionId.REASON: {"type": "plain_text_input", "value": " We shipped one. "}
        },
    }
    answers, reasons = parse_round2_submission(values, flow)
    assert answers == {"has_models": True}
    assert reasons == {"has_models": "We shipped one."}


def test_thirty_disputes_fit_one_view_decisive_first(many_question_flow: Flow) -> None:
    results = [
        question_result(q.id, "yes_no", disputed=True, decisive=q.id == "q29", rationales=["x" * 500] * 10)
        for q in many_question_flow.questions
    ]
    payload = check_view(round2_modal(many_question_flow, results, {}, META))
    questions = [b for b in payload["blocks"] if b.get("block_id", "").startswith("q:")]
    assert questions[0]["block_id"] == keyed(Prefix.QUESTION, "q29")
    assert len(questions) == 24
    text = all_text(payload)
    assert "6 less decisive disputed questions are not shown" in text
    assert "more not shown here" in text  # ten long reasons do not fit one text object


def test_no_reasons_given_is_said_plainly(flow: Flow) -> None:
    result = question_result(
        "gap", "single_choice", disputed=True, distribution={"Choice 0": 2, "Choice 1": 2}
    )
    text = all_text(check_view(round2_modal(flow, [result], {}, META)))
    assert "Nobody gave a reason" in text and "_no answer_" in text

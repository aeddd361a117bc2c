"""Round 2: the DM that opens it and the modal where each person keeps or revises their answers
to the disputed questions, seeing only the anonymous spread and reasons."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from slack_sdk.models.blocks import ActionsBlock, Block, ButtonElement, InputBlock, PlainTextInputElement
from slack_sdk.models.views import View

from bot.blocks.common import VIEW_BLOCK_LIMIT, Message, context, section, slack_date
from bot.blocks.disputes import distribution_lines, most_important_first, question_text, rationales_text
from bot.blocks.elements import Raw, answer_label, question_element, read_answers
from bot.blocks.ids import ActionId, BlockId, CallbackId, Prefix, keyed, split_keyed
from bot.blocks.metadata import AnswerMeta, to_private_metadata
from bot.blocks.viewmodels import WorkshopView
from flows.engine.model import AnswerValue, QuestionResult
from flows.engine.text import escape
from flows.schema import Flow

REASON_LIMIT = 1000
BLOCKS_PER_QUESTION = 4


def round2_dm(workshop: WorkshopView, disputed_count: int, deadline: datetime) -> Message:
    plural = "question" if disputed_count == 1 else "questions"
    return Message(
        text=f"Round 2: the panel disagreed on {disputed_count} {plural}. Please review them.",
        blocks=[
            section(
                f"*Round 2 of the hiring workshop on* {escape(workshop.flow.decision)}\n"
                f"The panel disagreed on *{disputed_count} {plural}*. See how others answered and why "
                "(anonymously), then keep or change your answer. It takes a few minutes."
            ),
            section(f"*Due:* {slack_date(deadline)}"),
            ActionsBlock(
                block_id=BlockId.ROUND2_ACTIONS,
                elements=[
                    ButtonElement(
                        text="Review disputed questions",
                        action_id=ActionId.REVIEW_DISPUTES,
                        value=str(workshop.id),
                        style="primary",
                    )
                ],
            ),
        ],
    )


NOT_YOURS = (
    "Round 2 revisits the questions with those who answered them in round 1, so a spread the panel has "
    "already seen changes only by their second thoughts. You did not answer these in round 1, so there "
    "is nothing to review here: thank you, and the recommendation will be posted in the channel."
)


def round2_not_yours_dm(workshop: WorkshopView) -> Message:
    """For someone who gave no round-1 answer to any disputed question: no review, said kindly."""
    text = f"*Round 2 of the hiring workshop on* {escape(workshop.flow.decision)}\n{NOT_YOURS}"
    return Message(text="Round 2 has begun; there is nothing for you to review.", blocks=[section(text)])


def round2_not_yours_view() -> View:
    return View(
        type="modal",
        callback_id=CallbackId.NOTICE,
        title="Round 2",
        close="Close",
        blocks=[section(NOT_YOURS)],
    )


def round2_modal(
    flow: Flow,
    results: Sequence[QuestionResult],
    own_answers: Mapping[str, AnswerValue],
    meta: AnswerMeta,
) -> View:
    room = (VIEW_BLOCK_LIMIT - 2) // BLOCKS_PER_QUESTION
    shown, left_out = most_important_first([r for r in results if r.disputed], room)
    blocks: list[Block] = [
        section(
            "The panel disagreed on these questions. Keep your answer or change it; if you change it, "
            "say why in a sentence. Nobody sees who answered what."
        )
    ]
    for number, result in enumerate(shown, start=1):
        blocks += _question_blocks(flow, number, result, own_answers.get(result.question_id))
    if left_out:
        what = (
            "less decisive disputed question is" if left_out == 1 else "less decisive disputed questions are"
        )
        blocks.append(context(f"{left_out} {what} not shown; your answers to them stand."))
    return View(
        type="modal",
        callback_id=CallbackId.ROUND2,
        title="Round 2",
        submit="Submit",
        close="Cancel",
        private_metadata=to_private_metadata(meta.model_copy(update={"round": 2})),
        blocks=blocks,
    )


def parse_round2_submission(
    values: Mapping[str, Mapping[str, Any]], flow: Flow
) -> tuple[dict[str, Raw], dict[str, str]]:
    """(raw answers, reasons) by question id, for the questions the modal showed."""
    shown = [q for q in flow.questions if keyed(Prefix.REASON, q.id) in values]
    return read_answers(values, shown), parse_reasons(values)


def parse_reasons(values: Mapping[str, Mapping[str, Any]]) -> dict[str, str]:
    reasons: dict[str, str] = {}
    for block_id, actions in values.items():
        key = split_keyed(block_id)
        text = (actions.get(ActionId.REASON) or {}).get("value")
        if key and key[0] is Prefix.REASON and isinstance(text, str) and text.strip():
            reasons[key[1]] = text.strip()
    return reasons


def _question_blocks(flow: Flow, number: int, result: QuestionResult, own: AnswerValue | None) -> list[Block]:
    question = flow.question(result.question_id)
    yours = answer_label(question, own) if own is not None else "_no answer_"
    spread = "\n".join(distribution_lines(result))
    blocks: list[Block] = [
        section(
            f"*{number}. {escape(question_text(flow, result.question_id))}*\n{spread}\n"
            f"Your round-1 answer: *{yours}*"
        )
    ]
    reasons = rationales_text(result.rationales)
    blocks.append(context(reasons) if reasons else context("Nobody gave a reason for this question."))
    blocks.append(
        InputBlock(
            block_id=keyed(Prefix.QUESTION, question.id),
            label="Your answer now",
            element=question_element(question, own),
            optional=own is None or not question.required,
        )
    )
    blocks.append(
        InputBlock(
            block_id=keyed(Prefix.REASON, question.id),
            # Slack marks an optional input "(optional)"; the hint says when it is not.
            label="Your reason",
            hint="Needed only if you change your answer; leave it empty to keep your answer as it is.",
            element=PlainTextInputElement(action_id=ActionId.REASON, multiline=True, max_length=REASON_LIMIT),
            optional=True,
        )
    )
    return blocks

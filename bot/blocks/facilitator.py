"""The facilitator's modal: settle each dispute the panel left open, or leave it open on purpose,
always with a rationale. It shows only the anonymous spread of answers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from slack_sdk.models.blocks import Block, CheckboxesElement, InputBlock, Option, PlainTextInputElement
from slack_sdk.models.views import View

from bot.blocks.common import VIEW_BLOCK_LIMIT, context, section
from bot.blocks.disputes import distribution_lines, most_important_first, question_text
from bot.blocks.elements import Raw, question_element, read_answers
from bot.blocks.ids import ActionId, CallbackId, Prefix, keyed
from bot.blocks.metadata import FacilitatorMeta, to_private_metadata
from flows.engine.model import QuestionResult
from flows.engine.text import escape
from flows.schema import Flow

RATIONALE_LIMIT = 1000
BLOCKS_PER_DISPUTE = 4
LEAVE_OPEN = "leave_open"


@dataclass(frozen=True)
class FacilitatorChoice:
    """One settled dispute: `raw` None means the facilitator left it open on purpose."""

    question_id: str
    raw: Raw | None
    rationale: str


def facilitator_modal(flow: Flow, open_disputes: Sequence[QuestionResult], meta: FacilitatorMeta) -> View:
    room = (VIEW_BLOCK_LIMIT - 2) // BLOCKS_PER_DISPUTE
    shown, left_out = most_important_first(open_disputes, room)
    blocks: list[Block] = [
        section(
            "The panel could not agree on these questions. For each, choose the answer the team goes "
            "with, or leave it open on purpose; either way, say why in a sentence."
        )
    ]
    for result in shown:
        blocks += _dispute_blocks(flow, result)
    if left_out:
        blocks.append(
            context(f"{left_out} less decisive dispute(s) did not fit in this form and stay open for now.")
        )
    return View(
        type="modal",
        callback_id=CallbackId.FACILITATOR,
        title="Settle disputes",
        submit="Settle",
        close="Cancel",
        private_metadata=to_private_metadata(meta),
        blocks=blocks,
    )


def parse_decisions(
    values: Mapping[str, Mapping[str, Any]], flow: Flow
) -> tuple[list[FacilitatorChoice], dict[str, str]]:
    """The facilitator's choices for every dispute the modal showed, and any problems keyed by
    block id for `response_action: errors` (the choices are only to be saved when there are none)."""
    choices: list[FacilitatorChoice] = []
    errors: dict[str, str] = {}
    for question in flow.questions:
        rationale_state = values.get(keyed(Prefix.RATIONALE, question.id))
        if rationale_state is None:
            continue
        rationale = ((rationale_state.get(ActionId.RATIONALE) or {}).get("value") or "").strip()
        leave_open = bool(
            ((values.get(keyed(Prefix.LEAVE_OPEN, question.id)) or {}).get(ActionId.LEAVE_OPEN) or {}).get(
                "selected_options"
            )
        )
        raw = None if leave_open else read_answers(values, [question]).get(question.id)
        if not rationale:
            errors[keyed(Prefix.RATIONALE, question.id)] = "Say in a sentence why, so the team can follow."
        if raw is None and not leave_open:
            errors[keyed(Prefix.QUESTION, question.id)] = (
                "Choose an answer, or tick “Leave this question open”."
            )
        choices.append(FacilitatorChoice(question_id=question.id, raw=raw, rationale=rationale))
    return choices, errors


def _dispute_blocks(flow: Flow, result: QuestionResult) -> list[Block]:
    question = flow.question(result.question_id)
    flag = ":warning: *Decisive*: settling it can change the recommendation.\n" if result.decisive else ""
    spread = "\n".join(distribution_lines(result))
    return [
        section(f"*{escape(question_text(flow, result.question_id))}*\n{flag}{spread}"),
        InputBlock(
            block_id=keyed(Prefix.QUESTION, question.id),
            label="The team's answer",
            element=question_element(question, None, dont_know=False),
            optional=True,
        ),
        InputBlock(
            block_id=keyed(Prefix.LEAVE_OPEN, question.id),
            label="Or",
            element=CheckboxesElement(
                action_id=ActionId.LEAVE_OPEN,
                options=[Option(value=LEAVE_OPEN, text="Leave this question open")],
            ),
            optional=True,
        ),
        InputBlock(
            block_id=keyed(Prefix.RATIONALE, question.id),
            label="Why?",
            element=PlainTextInputElement(
                action_id=ActionId.RATIONALE, multiline=True, max_length=RATIONALE_LIMIT
            ),
        ),
    ]

"""Who answered what, for the facilitator of a named workshop only (never for anonymous ones)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from slack_sdk.models.blocks import Block, HeaderBlock

from bot.blocks.common import Message, chunk_lines, context, mention, pack, section
from bot.blocks.elements import answer_label
from flows.engine.model import AnswerValue
from flows.engine.text import clip, escape
from flows.kinds.registry import plugin_for
from flows.schema import Flow


def named_answers(
    flow: Flow,
    workshop_id: int,
    question_ids: Sequence[str],
    answers_by_user: Mapping[str, Mapping[str, AnswerValue]],
    round_closed: int,
) -> list[Message]:
    blocks: list[Block] = [
        HeaderBlock(text=clip(f"Who answered what: workshop #{workshop_id}", 150)),
        context(
            f"Round {round_closed} closed. This workshop is *named*, so you, its facilitator, see each "
            "person's answers to the questions below. Nobody else does, and the channel only ever sees "
            "the combined picture."
        ),
    ]
    for question_id in question_ids:
        question = flow.question(question_id)
        lines = [f"*{escape(question.text)}*"] + [
            f"{mention(user)}: {answer_label(question, answers[question_id])}"
            if not plugin_for(question.kind).own_words
            else f"{mention(user)}: {escape(str(answers[question_id]))}"
            for user, answers in answers_by_user.items()
            if question_id in answers
        ]
        if len(lines) == 1:
            lines.append("_Nobody answered this question._")
        for chunk in chunk_lines(lines):
            blocks.append(section(chunk))
    return pack(blocks, text=f"Who answered what in workshop #{workshop_id}")

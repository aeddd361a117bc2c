"""The round-1 answer modal: one section of a flow per view, and its submission parsed back."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from slack_sdk.models.blocks import Block, InputBlock
from slack_sdk.models.views import View

from bot.blocks.common import VIEW_BLOCK_LIMIT, clip, context, escape, section
from bot.blocks.elements import Raw, question_element, read_answers, view_errors
from bot.blocks.metadata import AnswerMeta, to_private_metadata
from bot.blocks.viewmodels import WorkshopView
from bot.ids import CallbackId, Prefix, keyed
from flows.engine import visible_questions
from flows.engine.model import AnswerValue
from flows.errors import FlowDefinitionError
from flows.schema import AllOf, AnyOf, Condition, Flow, Not, Question, Rule, Section

LABEL_LIMIT = 2000

__all__ = ["answer_modal", "parse_answer_submission", "view_errors"]


def answer_modal(
    flow: Flow,
    section_index: int,
    sections: list[Section],
    current_answers: Mapping[str, AnswerValue],
    meta: AnswerMeta,
) -> View:
    """Section `section_index` (its index in `flow.sections`, as `AnswerMeta` and
    `flows.engine.next_section_index` count) as a modal. `sections` are the sections this
    person goes through (`sections_for(flow, answers)`): they give the progress and the last step."""
    current = flow.sections[section_index]
    visible = {q.id for q in visible_questions(flow, current_answers)}
    questions = [q for q in current.questions if q.id in visible]
    if 1 + 2 * len(questions) > VIEW_BLOCK_LIMIT:
        raise FlowDefinitionError(
            f"Section '{current.id}' of flow '{flow.id}' shows {len(questions)} questions; "
            f"a Slack form holds at most {(VIEW_BLOCK_LIMIT - 1) // 2}.",
            "Split the section in two in the flow file.",
        )
    triggers = _refresh_triggers(current)
    position, count = _progress(flow, section_index, sections)
    progress = f"Section {position} of {count}"
    intro = f"*{escape(current.title)}*" + (f"\n{escape(current.intro)}" if current.intro else "")
    blocks: list[Block] = [section(f"{intro}\n_{escape(flow.title)} · {progress}_")]
    for question in questions:
        blocks += question_blocks(question, current_answers.get(question.id), question.id in triggers)
    if not questions:
        blocks.append(section("Nothing in this section applies, given your earlier answers."))
    last = position == count
    return View(
        type="modal",
        callback_id=CallbackId.ANSWER,
        title=progress,
        submit="Finish" if last else "Next",
        close="Save and close",
        notify_on_close=True,  # the listener saves what was typed when the person closes the form
        private_metadata=to_private_metadata(meta.model_copy(update={"section_index": section_index})),
        blocks=blocks,
    )


def question_blocks(question: Question, initial: AnswerValue | None, refreshes: bool = False) -> list[Block]:
    """A question's input (help as hint) and, under it, the source's words it rests on."""
    return [
        InputBlock(
            block_id=keyed(Prefix.QUESTION, question.id),
            label=clip(question.text, LABEL_LIMIT),
            hint=clip(question.help, LABEL_LIMIT),
            element=question_element(question, initial),
            optional=not question.required,
            dispatch_action=refreshes or None,
        ),
        context(f"From the source: “{escape(question.quote)}”"),
    ]


def parse_answer_submission(
    view_state_values: Mapping[str, Mapping[str, Any]], flow: Flow, section: Section
) -> dict[str, Raw]:
    """Raw answers for one section's questions; hidden and empty ones are absent."""
    return read_answers(view_state_values, list(section.questions))


def declined_view(workshop: WorkshopView) -> View:
    return _notice(
        "Declined",
        f"You declined the workshop on *{escape(workshop.flow.decision)}*, so there is nothing to answer.",
    )


def round_closed_view(workshop: WorkshopView) -> View:
    return _notice(
        "Round closed",
        f"Answering has closed for *{escape(workshop.flow.decision)}*. "
        "Answers you saved before the close are kept.",
    )


def _notice(title: str, text: str) -> View:
    return View(
        type="modal", callback_id=CallbackId.NOTICE, title=title, close="Close", blocks=[section(text)]
    )


def _progress(flow: Flow, section_index: int, sections: list[Section]) -> tuple[int, int]:
    """1-based position of the current section among those the person goes through, and their count."""
    order = {s.id: i for i, s in enumerate(flow.sections)}
    ahead = [s for s in sections if order.get(s.id, -1) < section_index]
    current_listed = any(s.id == flow.sections[section_index].id for s in sections)
    return len(ahead) + 1, len(sections) + (0 if current_listed else 1)


def _refresh_triggers(current: Section) -> set[str]:
    """Questions that later questions of the same section depend on: changing one must refresh
    the modal so the dependent question appears or disappears."""
    in_section = {q.id for q in current.questions}
    targets: set[str] = set()
    for question in current.questions:
        if question.show_when is not None:
            targets |= _rule_questions(question.show_when) & in_section
    return targets


def _rule_questions(condition: Condition) -> set[str]:
    match condition:
        case Rule():
            return {condition.question}
        case AllOf():
            return set().union(*(_rule_questions(c) for c in condition.all))
        case AnyOf():
            return set().union(*(_rule_questions(c) for c in condition.any))
        case Not():
            return _rule_questions(condition.not_)
    raise TypeError(condition)

"""The round-1 answer modal: one section of a flow per view, and its submission parsed back."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any, cast

from slack_sdk.models.blocks import Block, DividerBlock, InputBlock, PlainTextInputElement
from slack_sdk.models.views import View

from bot.blocks.common import VIEW_BLOCK_LIMIT, context, section
from bot.blocks.elements import (
    Raw,
    dont_know_element,
    form_problems,
    has_dont_know_box,
    question_element,
    read_answers,
    view_errors,
)
from bot.blocks.ids import ActionId, CallbackId, Prefix, keyed
from bot.blocks.metadata import AnswerMeta, to_private_metadata
from bot.blocks.serialized import DictCache, Serialized, serialized, value_key
from bot.blocks.viewmodels import WorkshopView
from flows.engine import visible_questions
from flows.engine.model import AnswerValue
from flows.engine.text import clip, escape
from flows.errors import FlowDefinitionError
from flows.quotes import shown_quote
from flows.schema import AllOf, AnyOf, Condition, Flow, Not, Question, Rule, Section

LABEL_LIMIT = 2000
REASON_LIMIT = 1000
REASON_LABEL = "Why do you see it this way?"
REASON_HINT = (
    "Optional: a sentence or two on this section's answers. If the panel disagrees on one of them, "
    "round 2 shows it to the others, without your name."
)
NOTHING_APPLIES = "Nothing in this section applies, given your earlier answers."
# Each entry is one question with one answer (two blocks, a few KB): a thousand cover every question
# of a few dozen flows with their common answers, and bound the memory to a few MB.
_SERIALIZED = DictCache(1024)

__all__ = [
    "answer_form_problems",
    "answer_modal",
    "answer_modal_dict",
    "parse_answer_submission",
    "parse_section_reason",
    "reason_per_question",
    "section_reason",
    "view_errors",
]


def answer_modal(
    flow: Flow,
    section_index: int,
    sections: list[Section],
    current_answers: Mapping[str, AnswerValue],
    meta: AnswerMeta,
    reason: str | None = None,
) -> View:
    """Section `section_index` (its index in `flow.sections`, as `AnswerMeta` and
    `flows.engine.next_section_index` count) as a modal. `sections` are the sections this
    person goes through (`sections_for(flow, answers)`): they give the progress and the last step.
    `reason` is the reason already given for this section, if any."""
    form = _Form.of(flow, section_index, sections, current_answers, meta)
    blocks: list[Block] = [section(form.heading)]
    for question in form.questions:
        blocks += question_blocks(question, current_answers.get(question.id), question.id in form.triggers)
    if not form.questions:
        blocks.append(section(NOTHING_APPLIES))
    if form.asks_reason:
        blocks.append(section_reason_block(flow.sections[section_index], reason))
    return View(**form.envelope_fields(), private_metadata=form.private_metadata, blocks=blocks)


def answer_modal_dict(
    flow: Flow,
    section_index: int,
    sections: list[Section],
    current_answers: Mapping[str, AnswerValue],
    meta: AnswerMeta,
    reason: str | None = None,
) -> Serialized:
    """`answer_modal(...).to_dict()`, the same JSON key for key, assembled from blocks serialized
    once per question and answer (see `bot.blocks.serialized`): what a submission acknowledges with."""
    form = _Form.of(flow, section_index, sections, current_answers, meta)
    blocks = [_SERIALIZED.get(("heading", form.heading), lambda: section(form.heading).to_dict())]
    for question in form.questions:
        blocks += _question_dicts(question, current_answers.get(question.id), question.id in form.triggers)
    if not form.questions:
        blocks.append(_SERIALIZED.get(("nothing applies",), lambda: section(NOTHING_APPLIES).to_dict()))
    if form.asks_reason:
        current = flow.sections[section_index]
        if reason:  # the person's own text: not cached
            blocks.append(section_reason_block(current, reason).to_dict())
        else:
            blocks.append(_SERIALIZED.get(("section reason", current.id), partial(_empty_reason, current)))
    envelope = _SERIALIZED.get(("answer envelope", form.progress, form.last), form.envelope)
    # slack-sdk's to_dict() lists the keys in sorted order; keep it, so the JSON is the same text.
    return dict(sorted({**envelope, "private_metadata": form.private_metadata, "blocks": blocks}.items()))


@dataclass(frozen=True)
class _Form:
    """What one section's form shows, worked out once for both ways of building it."""

    questions: list[Question]
    triggers: set[str]
    heading: str
    progress: str
    last: bool
    private_metadata: str
    # Whether the section shows the optional "why" box: only where an answer moves the options.
    asks_reason: bool

    @classmethod
    def of(
        cls,
        flow: Flow,
        section_index: int,
        sections: list[Section],
        current_answers: Mapping[str, AnswerValue],
        meta: AnswerMeta,
    ) -> _Form:
        current = flow.sections[section_index]
        visible = {q.id for q in visible_questions(flow, current_answers)}
        questions = [q for q in current.questions if q.id in visible]
        asks_reason = any(q.carries_weight for q in questions)
        if 1 + sum(_block_count(q) for q in questions) + asks_reason > VIEW_BLOCK_LIMIT:
            raise FlowDefinitionError(
                f"Section '{current.id}' of flow '{flow.id}' shows {len(questions)} questions; "
                f"a Slack form holds at most {VIEW_BLOCK_LIMIT - 2} blocks of questions.",
                "Split the section in two in the flow file.",
            )
        position, count = _progress(flow, section_index, sections)
        progress = f"Section {position} of {count}"
        intro = f"*{escape(current.title)}*" + (f"\n{escape(current.intro)}" if current.intro else "")
        return cls(
            questions=questions,
            triggers=_refresh_triggers(current),
            heading=f"{intro}\n_{escape(flow.title)} · {progress}_",
            progress=progress,
            last=position == count,
            private_metadata=to_private_metadata(meta.model_copy(update={"section_index": section_index})),
            asks_reason=asks_reason,
        )

    def envelope_fields(self) -> dict[str, Any]:
        """The view's fields other than its blocks and metadata."""
        return {
            "type": "modal",
            "callback_id": CallbackId.ANSWER,
            "title": self.progress,
            "submit": "Finish" if self.last else "Next",
            "close": "Save and close",
            "notify_on_close": True,  # the listener saves what was typed when the person closes the form
        }

    def envelope(self) -> Serialized:
        """The view's fields as slack-sdk serializes them, without blocks or metadata. It refuses a
        view without blocks, so it is serialized with a stand-in block that is then taken out."""
        serialized_view = View(**self.envelope_fields(), blocks=[DividerBlock()]).to_dict()
        del serialized_view["blocks"]
        return serialized_view


def question_blocks(question: Question, initial: AnswerValue | None, refreshes: bool = False) -> list[Block]:
    """A question's input (help as hint), its "Don't know" box when it is a number question that
    offers one, and under them the source's words it rests on, unless they only repeat the question."""
    boxed = has_dont_know_box(question)
    blocks: list[Block] = [
        InputBlock(
            block_id=keyed(Prefix.QUESTION, question.id),
            label=clip(question.text, LABEL_LIMIT),
            hint=clip(question.help, LABEL_LIMIT),
            element=question_element(question, initial),
            optional=not question.required or boxed,  # the box may stand in for the number
            dispatch_action=refreshes or None,
        )
    ]
    if boxed:
        blocks.append(
            InputBlock(
                block_id=keyed(Prefix.DONT_KNOW, question.id),
                label="Or",
                element=dont_know_element(question, initial),
                optional=True,
            )
        )
    quote = shown_quote(question.text, question.quote)
    if quote is not None:
        blocks.append(context(f"From the source: “{escape(quote)}”"))
    return blocks


def _block_count(question: Question) -> int:
    return 1 + has_dont_know_box(question) + (shown_quote(question.text, question.quote) is not None)


def _empty_reason(current: Section) -> Serialized:
    return section_reason_block(current, None).to_dict()


def section_reason_block(current: Section, initial: str | None) -> InputBlock:
    """One optional reason per section rather than per question: on a phone, a box under every
    question would double the form's length, and a person's reasons usually span a section."""
    return InputBlock(
        block_id=keyed(Prefix.SECTION_REASON, current.id),
        label=REASON_LABEL,
        hint=REASON_HINT,
        element=PlainTextInputElement(
            action_id=ActionId.REASON,
            multiline=True,
            max_length=REASON_LIMIT,
            initial_value=clip(initial, REASON_LIMIT) if initial else None,
        ),
        optional=True,
    )


def parse_section_reason(view_state_values: Mapping[str, Mapping[str, Any]], current: Section) -> str | None:
    """The reason typed for the section, stripped; None when blank or not asked."""
    state = view_state_values.get(keyed(Prefix.SECTION_REASON, current.id), {}).get(ActionId.REASON) or {}
    text = state.get("value")
    return text.strip() if isinstance(text, str) and text.strip() else None


def section_reason(current: Section, rationales: Mapping[str, str]) -> str | None:
    """The reason stored for the section: it is kept with each weight-bearing answer it covers."""
    return next((rationales[q.id] for q in current.questions if q.id in rationales), None)


def reason_per_question(
    current: Section, answered: Mapping[str, object], reason: str | None
) -> dict[str, str]:
    """The section's reason, kept with each of its weight-bearing questions answered in the same
    submission: round 2 shows it beside whichever of them the panel disputes."""
    if reason is None:
        return {}
    return {q.id: reason for q in current.questions if q.carries_weight and q.id in answered}


def _question_dicts(question: Question, initial: AnswerValue | None, refreshes: bool) -> list[Serialized]:
    """`question_blocks(...)` serialized, from the cache when this very question object was
    serialized with the same answer before. The entry holds the question, so its `id()` cannot be
    reused by another object while the entry lives. `WorkshopService.flow_of` parses each flow
    snapshot once per process, so every request for a workshop asks with the same objects."""
    key = ("question", id(question), value_key(initial), refreshes)

    def build() -> tuple[Question, list[Serialized]]:
        return question, serialized(question_blocks(question, initial, refreshes))

    held, dicts = cast(tuple[Question, list[Serialized]], _SERIALIZED.get(key, build))
    if held is not question:  # unreachable while the entry holds the question; never trust an id alone
        return serialized(question_blocks(question, initial, refreshes))
    return dicts


def parse_answer_submission(
    view_state_values: Mapping[str, Mapping[str, Any]], flow: Flow, section: Section
) -> dict[str, Raw]:
    """Raw answers for one section's questions; hidden and empty ones are absent."""
    return read_answers(view_state_values, list(section.questions))


def answer_form_problems(
    view_state_values: Mapping[str, Mapping[str, Any]], flow: Flow, section: Section
) -> dict[str, str]:
    """Per question, what to fix in the form before its answers are checked (see `form_problems`);
    questions the view did not show are left out."""
    shown = [q for q in section.questions if keyed(Prefix.QUESTION, q.id) in view_state_values]
    return form_problems(view_state_values, shown)


def declined_view(workshop: WorkshopView) -> View:
    return _notice(
        "Declined",
        f"You declined the workshop on *{escape(workshop.flow.decision)}*, so there is nothing to answer.",
    )


def round_closed_view(workshop: WorkshopView) -> View:
    # The decision stands on its own line: bold around text that ends in punctuation, followed by
    # more punctuation, is how stray markers ("…).*.") used to show.
    return _notice(
        "Round closed",
        "Answering has closed for this workshop, so answers can no longer change. "
        "The answers you saved before the close are kept.\n"
        f"*The decision:* {escape(workshop.flow.decision)}",
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

"""A simulated stakeholder: reads the DMs and forms the bot shows and answers as a person would,
by the labels on the screen. The demo's panel and the end-to-end tests are made of these."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.blocks.elements import DONT_KNOW_LABEL, NONE_OF_THESE_LABEL
from bot.blocks.ids import ActionId, CallbackId, Prefix, keyed, split_keyed
from bot.sandbox import Person, Sandbox
from bot.sandbox.model import Message, View
from bot.sandbox.reading import text_of
from flows.engine.model import AnswerValue
from flows.kinds.registry import plugin_for
from flows.schema import DONT_KNOW, Flow, Question

# The inputs on which a person ticks several options.
MANY_OPTIONS = ("checkboxes", "multi_static_select")


@dataclass
class Stakeholder:
    sandbox: Sandbox
    person: Person
    name: str
    role: str
    answers: Mapping[str, AnswerValue]  # what they think, by question id
    revisions: Mapping[str, tuple[AnswerValue, str]] = field(default_factory=dict)  # round 2: (answer, why)
    reasons: Mapping[str, str] = field(default_factory=dict)  # round 1: why, by section id

    @property
    def user_id(self) -> str:
        return self.person.user.id

    def invitation(self) -> Message:
        return self.latest_dm_with(ActionId.ANSWER_NOW)

    def answer_round1(self, flow: Flow) -> int:
        """Open the invitation, then fill and submit each section; returns how many sections were
        submitted. A section with a required question they have no answer to is saved and closed,
        as a person would, and they stop there."""
        message = self.invitation()
        self.person.click(ActionId.ANSWER_NOW, in_message=(message.channel_id, message.ts))
        view: View | None = self.sandbox.wait_for(lambda: self._open_form(CallbackId.ANSWER))
        sections = 0
        while view is not None:
            values = self.choices(flow, view, self.answers) | self._reasons(view)
            if self._unanswered_required(flow, view):
                self.person.fill(view.id, values)
                self.person.close(view.id)
                return sections
            delivery = self.person.submit(view.id, values)
            if delivery.errors:
                raise AssertionError(f"{self.name}'s answers were refused: {delivery.errors}")
            sections += 1
            view = self._open_form(CallbackId.ANSWER)
        return sections

    def _unanswered_required(self, flow: Flow, view: View) -> list[str]:
        return [
            key[1]
            for block in view.blocks
            if block.get("type") == "input"
            and not block.get("optional", False)
            and (key := split_keyed(str(block.get("block_id", "")))) is not None
            and key[0] is Prefix.QUESTION
            and key[1] not in self.answers
        ]

    def round1_done(self) -> bool:
        """Whether the invitation says their answers are in (it loses its Decline button then). A
        question that appears only once an earlier answer in the same form is given is missed on
        the first pass; a person sees the invitation still waiting and comes back for it."""
        message = self.invitation()
        return not any(
            e.get("action_id") == ActionId.DECLINE for b in message.blocks for e in b.get("elements", [])
        )

    def decline(self) -> None:
        message = self.invitation()
        self.person.click(ActionId.DECLINE, in_message=(message.channel_id, message.ts))

    def review_round2(self, flow: Flow) -> View:
        """Open round 2, keep every answer except the ones this person has changed their mind on."""
        message = self.latest_dm_with(ActionId.REVIEW_DISPUTES)
        self.person.click(ActionId.REVIEW_DISPUTES, in_message=(message.channel_id, message.ts))
        view = self.sandbox.wait_for(lambda: self._open_form(CallbackId.ROUND2))
        # Kept answers are already filled in; a question they skipped in round 1 they answer now.
        revised = {**self.answers, **{qid: answer for qid, (answer, _) in self.revisions.items()}}
        values = self.choices(flow, view, revised)
        for qid, (_, why) in self.revisions.items():
            if any(b.get("block_id") == keyed(Prefix.REASON, qid) for b in view.blocks):
                values[keyed(Prefix.REASON, qid)] = why
        delivery = self.person.submit(view.id, values)
        if delivery.errors:
            raise AssertionError(f"{self.name}'s round-2 answers were refused: {delivery.errors}")
        return view

    def revised_in(self, view: View) -> list[str]:
        """The questions of a round-2 form on which this person changed their answer."""
        shown = {b.get("block_id") for b in view.blocks}
        return [qid for qid in self.revisions if keyed(Prefix.REASON, qid) in shown]

    # What a person does with a form: find each question's input and pick what they mean, by label.

    def choices(self, flow: Flow, view: View, answers: Mapping[str, AnswerValue]) -> dict[str, Any]:
        return form_values(flow, view, answers)

    def _reasons(self, view: View) -> dict[str, str]:
        """The reason they give in a section's "why" box, when the form asks and they have one."""
        typed: dict[str, str] = {}
        for block in view.blocks:
            key = split_keyed(str(block.get("block_id", "")))
            if key is not None and key[0] is Prefix.SECTION_REASON and key[1] in self.reasons:
                typed[block["block_id"]] = self.reasons[key[1]]
        return typed

    def _open_form(self, callback_id: str) -> View | None:
        forms = [v for v in self.person.views() if v.callback_id == callback_id and not v.closed]
        return forms[-1] if forms else None

    def latest_dm_with(self, action_id: str) -> Message:
        for message in reversed(self.person.dm()):
            if any(e.get("action_id") == action_id for b in message.blocks for e in b.get("elements", [])):
                return message
        raise AssertionError(f"{self.name} has no DM with a {action_id!r} button")


def form_values(flow: Flow, view: View, answers: Mapping[str, AnswerValue]) -> dict[str, Any]:
    """What a person puts in an answer form for `answers`, by block id: each question's input,
    picked by label, or the "Don't know" box under an input that cannot offer it."""
    values: dict[str, Any] = {}
    for block in view.blocks:
        key = split_keyed(str(block.get("block_id", "")))
        if block.get("type") != "input" or key is None or key[0] is not Prefix.QUESTION:
            continue
        question = flow.question(key[1])
        if question.id not in answers:
            continue  # left blank, as people do
        answer = answers[question.id]
        if plugin_for(question.kind).dont_know_box and answer == DONT_KNOW:
            values[keyed(Prefix.DONT_KNOW, question.id)] = [DONT_KNOW]
            continue
        values[block["block_id"]] = pick(question, block["element"], answer)
    return values


def pick(question: Question, element: dict[str, Any], answer: AnswerValue) -> Any:
    """The value a person selects for `answer`, found by the label they read on the option."""
    if "options" not in element:  # an input they type into
        return str(answer)
    options = [(text_of(o.get("text")), o.get("value")) for o in element.get("options") or []]
    wanted = answer if isinstance(answer, list) else [answer]
    labels = [label_of(question, value) for value in wanted] or [NONE_OF_THESE_LABEL]
    chosen = [_option_labelled(question, options, label) for label in labels]
    return chosen if element.get("type") in MANY_OPTIONS else chosen[0]


def label_of(question: Question, value: AnswerValue) -> str:
    if value == DONT_KNOW:
        return DONT_KNOW_LABEL
    return plugin_for(question.kind).option_label(question, value)


def _option_labelled(question: Question, options: list[tuple[str, Any]], label: str) -> Any:
    value = value_labelled(options, label)
    if value is None:
        raise AssertionError(
            f"no option reads {label!r} for question {question.id}; saw {[t for t, _ in options]}"
        )
    return value


def value_labelled(options: list[tuple[str, Any]], label: str) -> Any | None:
    """The value of the option that reads `label` (options as (text on screen, value)), or None."""
    for text, value in options:
        # Long labels are cut short on screen; a person still recognises the beginning.
        if text == label or (text.endswith("…") and label.startswith(text[:-1])):
            return value
    return None

"""A simulated facilitator: starts a workshop through the start form, types `/hiring` commands, and
settles what round 2 left open by reading the anonymous spread on the form, as a person would."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bot.blocks.ids import ActionId, BlockId, CallbackId, Prefix, keyed, split_keyed
from bot.demo.stakeholder import value_labelled
from bot.sandbox import Delivery, Person, Sandbox
from bot.sandbox.model import Message, View
from bot.sandbox.reading import text_of
from flows.schema import ROLES, Flow, Question

# One line of a dispute's spread on the form: "`██████░░░░` 60% Central to the strategy (3)".
SPREAD_LINE = re.compile(r"^`[█░]+` (?P<percent>\d+)% (?P<label>.+) \((?P<count>\d+)\)$")
DECIDED_BECAUSE = "Most of the panel answered “{label}”; we go with that and test it in the final interviews."
LEFT_OPEN_BECAUSE = "No answer has a clear majority; we will test this question in the final interviews."
SINGLE = ("radio_buttons", "static_select")
MULTIPLE = ("checkboxes", "multi_static_select")


@dataclass(frozen=True)
class Settlement:
    question: Question
    answer: str | None  # the answer chosen, as it reads on the form; None: left open on purpose
    rationale: str


@dataclass
class Facilitator:
    sandbox: Sandbox
    person: Person
    name: str
    channel_id: str

    def hiring(self, text: str) -> Delivery:
        """Type `/hiring <text>` in the workshop's channel."""
        return self.person.slash("/hiring", text, channel=self.channel_id)

    def start(
        self,
        flow: Flow,
        roles: Mapping[str, str],
        *,
        anonymous: bool = True,
        checkins: Sequence[str] = ("3 months", "6 months", "12 months"),
    ) -> None:
        """`/hiring start`, then step 1 (the flow by its title, the people, anonymity, check-ins)
        and step 2 (each person's role, by the role's name). `roles`: Slack user id -> role key."""
        self.hiring("start")
        step1 = self._form(CallbackId.START)
        mode = "Anonymous" if anonymous else "Named"
        anonymity = [v for t, v in _options(step1, BlockId.ANONYMITY) if t.startswith(mode)]
        values: dict[str, Any] = {
            BlockId.FLOW: _labelled(step1, BlockId.FLOW, flow.title),
            BlockId.STAKEHOLDERS: list(roles),
            BlockId.ANONYMITY: anonymity[0],
            BlockId.CHECKINS: [_labelled(step1, BlockId.CHECKINS, label) for label in checkins],
        }
        self._submit(step1, values, "the start form")
        step2 = self._form(CallbackId.START_ROLES)
        picks = {}
        for block in step2.blocks:
            key = split_keyed(str(block.get("block_id", "")))
            if block.get("type") == "input" and key is not None and key[0] is Prefix.ROLE:
                picks[block["block_id"]] = _labelled(step2, block["block_id"], ROLES[roles[key[1]]])
        self._submit(step2, picks, "the roles form")

    def settle_disputes(self, flow: Flow) -> list[Settlement]:
        """Open the settle form from the DM prompt; for each dispute pick the answer most of the
        panel gave (by its label), or leave it open when no answer has a clear majority; always
        with a rationale."""
        prompt = self.latest_dm_with(ActionId.SETTLE_DISPUTES)
        self.person.click(ActionId.SETTLE_DISPUTES, in_message=(prompt.channel_id, prompt.ts))
        form = self._form(CallbackId.FACILITATOR)
        values: dict[str, Any] = {}
        settled: list[Settlement] = []
        spread = ""
        for block in form.blocks:
            if block.get("type") == "section":
                spread = text_of(block.get("text"))
            key = split_keyed(str(block.get("block_id", "")))
            if block.get("type") != "input" or key is None or key[0] is not Prefix.QUESTION:
                continue
            question = flow.question(key[1])
            chosen = majority_choice(block["element"], spread)
            if chosen is None:
                leave_open = keyed(Prefix.LEAVE_OPEN, question.id)
                values[leave_open] = [_labelled(form, leave_open, "Leave this question open")]
                settlement = Settlement(question, None, LEFT_OPEN_BECAUSE)
            else:
                label, value = chosen
                values[block["block_id"]] = value
                settlement = Settlement(question, label, DECIDED_BECAUSE.format(label=label))
            values[keyed(Prefix.RATIONALE, question.id)] = settlement.rationale
            settled.append(settlement)
        self._submit(form, values, "the settle form")
        return settled

    def preview(self) -> Message:
        """The private preview of the recommendation, as it reached the facilitator's DMs."""
        return self.sandbox.wait_for(lambda: self._dm_with(ActionId.PREVIEW_POST))

    def preview_posted(self) -> Message:
        """The preview DM once posted: the same message, its buttons gone."""
        preview = self.sandbox.wait_for(
            lambda: next((m for m in reversed(self.person.dm()) if "Posted to" in m.readable_text()), None)
        )
        return preview

    def post_preview(self) -> Message:
        """Press "Post to channel" on the preview; returns the preview as it was read."""
        preview = self.preview()
        self.person.click(ActionId.PREVIEW_POST, in_message=(preview.channel_id, preview.ts))
        return preview

    def _form(self, callback_id: str) -> View:
        return self.sandbox.wait_for(
            lambda: next(
                (v for v in reversed(self.person.views()) if v.callback_id == callback_id and not v.closed),
                None,
            )
        )

    def _submit(self, view: View, values: Mapping[str, Any], what: str) -> None:
        delivery = self.person.submit(view.id, values)
        if delivery.errors:
            raise AssertionError(f"{self.name}'s {what} was refused: {delivery.errors}")

    def latest_dm_with(self, action_id: str) -> Message:
        message = self._dm_with(action_id)
        if message is None:
            raise AssertionError(f"{self.name} has no DM with a {action_id!r} button")
        return message

    def _dm_with(self, action_id: str) -> Message | None:
        for message in reversed(self.person.dm()):
            if any(e.get("action_id") == action_id for b in message.blocks for e in b.get("elements", [])):
                return message
        return None


def majority_choice(element: Mapping[str, Any], spread: str) -> tuple[str, Any] | None:
    """What a facilitator picks for "the answer most of the panel gave", reading the spread: the
    most common answer for a single answer, the boxes more than half ticked for several. None
    when the input cannot take it (a number, a text) or nothing has a majority."""
    lines = [m for line in spread.splitlines() if (m := SPREAD_LINE.match(line.strip()))]
    options = [(text_of(o.get("text")), o.get("value")) for o in element.get("options") or []]
    kind = element.get("type")
    if kind in SINGLE and lines:
        top = max(lines, key=lambda m: int(m["count"]))  # the first listed wins a tie
        label = html.unescape(top["label"])
        value = _option_reading(options, label)
        return None if value is None else (_text_of_value(options, value), value)
    if kind in MULTIPLE:
        ticked = [html.unescape(m["label"]) for m in lines if int(m["percent"]) > 50]
        values = [v for v in (_option_reading(options, label) for label in ticked) if v is not None]
        if values:
            return ", ".join(_text_of_value(options, v) for v in values), values
    return None


def _option_reading(options: list[tuple[str, Any]], label: str) -> Any | None:
    """The option a person matches to a spread label: the same words ("yes" is "Yes"), or the
    scale's number with its words ("4" is "4 Agree"), or a label cut short on screen."""
    for text, value in options:
        if text.casefold() == label.casefold() or text.startswith(f"{label} "):
            return value
    return value_labelled(options, label)


def _text_of_value(options: list[tuple[str, Any]], value: Any) -> str:
    return next(text for text, v in options if v == value)


def _options(view: View, block_id: str) -> list[tuple[str, Any]]:
    """The options of the input in block `block_id`, as (text on screen, value)."""
    block = next((b for b in view.blocks if b.get("block_id") == block_id), None)
    if block is None:
        raise AssertionError(f"the form {view.callback_id} has no block {block_id!r}")
    return [(text_of(o.get("text")), o.get("value")) for o in block["element"].get("options") or []]


def _labelled(view: View, block_id: str, label: str) -> Any:
    value = value_labelled(_options(view, block_id), label)
    if value is None:
        raise AssertionError(f"no option reads {label!r} in {block_id!r} on the form {view.callback_id}")
    return value

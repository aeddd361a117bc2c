"""The two-step start modal: step 1 picks flow, people, deadline, anonymity and check-ins;
step 2 (pushed with `response_action: update`) gives each invitee a role."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any, get_args

from pydantic import ValidationError
from slack_sdk.models.blocks import (
    Block,
    CheckboxesElement,
    DateTimePickerElement,
    InputBlock,
    Option,
    PlainTextObject,
    RadioButtonsElement,
    StaticSelectElement,
    UserMultiSelectElement,
)
from slack_sdk.models.views import View

from bot.blocks.common import OPTION_TEXT_LIMIT, chunk_lines, mention, section
from bot.blocks.ids import ActionId, BlockId, CallbackId, Prefix, keyed, split_keyed
from bot.blocks.metadata import Months, StartContext, StartDraft, to_private_metadata
from bot.blocks.viewmodels import Invitee, StartDefaults
from flows.engine.text import clip, escape
from flows.errors import WorkshopError
from flows.schema import ROLES, Flow

MAX_INVITEES = 50
CHECKIN_MONTHS = (3, 6, 9, 12)
LONGEST_ROUND = timedelta(days=60)


def start_modal(flows: Sequence[Flow], channel_id: str, defaults: StartDefaults) -> View:
    flow_options = [
        Option(value=f.id, text=PlainTextObject(text=clip(f.title, OPTION_TEXT_LIMIT))) for f in flows
    ]
    chosen_flow = next((o for o in flow_options if o.value == defaults.flow_id), None)
    anonymity = [
        Option(value="anonymous", text="Anonymous: nobody sees who answered what"),
        Option(value="named", text="Named: the facilitator may see who answered what"),
    ]
    checkins = [Option(value=str(m), text=f"{m} months") for m in CHECKIN_MONTHS]
    preview = Option(value="preview", text="Show me the recommendation before the channel sees it")
    blocks: list[Block] = [
        InputBlock(
            block_id=BlockId.FLOW,
            label="Which decision?",
            element=StaticSelectElement(
                action_id=ActionId.FLOW,
                placeholder="Choose a guided flow",
                options=flow_options,
                initial_option=chosen_flow,
            ),
        ),
        *[section(text) for text in chunk_lines(_flow_line(f) for f in flows)],
        InputBlock(
            block_id=BlockId.STAKEHOLDERS,
            label="Who takes part?",
            hint=f"Up to {MAX_INVITEES} people. Each answers privately in a direct message.",
            element=UserMultiSelectElement(
                action_id=ActionId.STAKEHOLDERS,
                placeholder="Pick people",
                initial_users=list(defaults.invitee_ids) or None,
                max_selected_items=MAX_INVITEES,
            ),
        ),
        InputBlock(
            block_id=BlockId.DEADLINE,
            label="Answers due by",
            element=DateTimePickerElement(
                action_id=ActionId.DEADLINE, initial_date_time=int(defaults.deadline.timestamp())
            ),
        ),
        InputBlock(
            block_id=BlockId.ANONYMITY,
            label="Answers are",
            element=RadioButtonsElement(
                action_id=ActionId.ANONYMITY,
                options=anonymity,
                initial_option=anonymity[0] if defaults.anonymous else anonymity[1],
            ),
        ),
        InputBlock(
            block_id=BlockId.CHECKINS,
            label="Check the hire again after",
            optional=True,
            element=CheckboxesElement(
                action_id=ActionId.CHECKINS,
                options=checkins,
                initial_options=[o for o in checkins if int(o.value) in defaults.checkin_months] or None,
            ),
        ),
        InputBlock(
            block_id=BlockId.PREVIEW,
            label="Preview",
            optional=True,
            element=CheckboxesElement(
                action_id=ActionId.PREVIEW,
                options=[preview],
                initial_options=[preview] if defaults.preview else None,
            ),
        ),
    ]
    return View(
        type="modal",
        callback_id=CallbackId.START,
        title="Start a workshop",
        submit="Next",
        close="Cancel",
        private_metadata=to_private_metadata(StartContext(channel_id=channel_id)),
        blocks=blocks,
    )


def start_errors(
    values: Mapping[str, Mapping[str, Any]], now: datetime, bot_user_id: str | None = None
) -> dict[str, str]:
    """Problems with step 1, keyed by block id for `response_action: errors`; empty when fine."""
    choices = _read_step1(values)
    errors: dict[str, str] = {}
    if not choices["flow_id"]:
        errors[BlockId.FLOW] = "Choose the decision this workshop is about."
    people = choices["invitee_ids"]
    if bot_user_id in people:
        errors[BlockId.STAKEHOLDERS] = "The app itself cannot take part; remove it from the list."
    elif not people:
        errors[BlockId.STAKEHOLDERS] = "Pick at least one person to take part."
    elif len(people) > MAX_INVITEES:
        errors[BlockId.STAKEHOLDERS] = f"Pick at most {MAX_INVITEES} people; you picked {len(people)}."
    if choices["deadline"] <= now.timestamp():
        errors[BlockId.DEADLINE] = "That time has passed; pick a deadline after now."
    elif choices["deadline"] > (now + LONGEST_ROUND).timestamp():
        errors[BlockId.DEADLINE] = f"Pick a deadline within {LONGEST_ROUND.days} days so answers stay fresh."
    if any(month not in get_args(Months) for month in choices["checkin_months"]):
        errors[BlockId.CHECKINS] = "Pick the check-ins from the list."
    return errors


def parse_start_submission(values: Mapping[str, Mapping[str, Any]], start: StartContext) -> StartDraft:
    """Step 1's choices as a draft for step 2. Call `start_errors` first: this raises on what it finds."""
    try:
        return StartDraft.model_validate({"channel_id": start.channel_id, **_read_step1(values)})
    except ValidationError as error:
        first = error.errors()[0]
        raise WorkshopError(
            f"The start form has a bad value for {'.'.join(map(str, first['loc']))}: {first['msg']}.",
            "Correct it and press Next again.",
        ) from error


def _read_step1(values: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    flow = _state(values, BlockId.FLOW, ActionId.FLOW).get("selected_option") or {}
    users = _state(values, BlockId.STAKEHOLDERS, ActionId.STAKEHOLDERS).get("selected_users") or []
    deadline = _state(values, BlockId.DEADLINE, ActionId.DEADLINE).get("selected_date_time") or 0
    anonymity = _state(values, BlockId.ANONYMITY, ActionId.ANONYMITY).get("selected_option") or {}
    months = _state(values, BlockId.CHECKINS, ActionId.CHECKINS).get("selected_options") or []
    preview = _state(values, BlockId.PREVIEW, ActionId.PREVIEW).get("selected_options") or []
    return {
        "flow_id": flow.get("value", ""),
        "invitee_ids": list(dict.fromkeys(users)),
        "deadline": _whole(deadline),
        "anonymous": anonymity.get("value", "anonymous") != "named",
        "checkin_months": sorted(_whole(m.get("value")) for m in months),
        "preview": any(o.get("value") == "preview" for o in preview),
    }


def _whole(value: object) -> int:
    """A whole number as Slack sends one; -1 (valid nowhere) for anything else, for the checks to name."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = value.strip() if isinstance(value, str) else ""
    return int(text) if text.isascii() and text.lstrip("-").isdigit() else -1


def roles_modal(meta: StartDraft, invitees: Sequence[Invitee]) -> View:
    """Step 2: one role picker per invitee, labelled with their name. Input labels cannot hold a
    mention, so anyone whose name could not be looked up is labelled by number, and the numbers are
    matched to mentions above."""
    roles = [Option(value=key, text=label) for key, label in ROLES.items()]
    other = next(o for o in roles if o.value == "other")
    intro = (
        "What role does each person bring? The flow weighs answers by role and checks that the "
        "roles it needs are covered."
    )
    unnamed = [f"{n}. {mention(i.user_id)}" for n, i in enumerate(invitees, start=1) if not i.name]
    if unnamed:
        intro += "\n" + "  ".join(unnamed)
    blocks: list[Block] = [section(intro)]
    for n, invitee in enumerate(invitees, start=1):
        label = invitee.name or f"{n}. Person {n}"
        blocks.append(
            InputBlock(
                block_id=keyed(Prefix.ROLE, invitee.user_id),
                label=clip(label, 2000),
                element=StaticSelectElement(action_id=ActionId.ROLE, options=roles, initial_option=other),
            )
        )
    return View(
        type="modal",
        callback_id=CallbackId.START_ROLES,
        title="Roles",
        submit="Start workshop",
        close="Cancel",
        private_metadata=to_private_metadata(meta),
        blocks=blocks,
    )


def parse_roles(values: Mapping[str, Mapping[str, Any]]) -> dict[str, str]:
    """Slack user id → role key, for every role picker in the submitted view."""
    roles: dict[str, str] = {}
    for block_id, actions in values.items():
        keyed_id = split_keyed(block_id)
        option = actions.get(ActionId.ROLE, {}).get("selected_option")
        if keyed_id and keyed_id[0] is Prefix.ROLE and option:
            roles[keyed_id[1]] = option["value"] if option["value"] in ROLES else "other"
    return roles


def _flow_line(flow: Flow) -> str:
    return (
        f"*{escape(flow.title)}*: {escape(flow.decision)}\n"
        f"_From “{escape(flow.source.title)}” · about {flow.estimated_minutes} minutes_"
    )


def _state(values: Mapping[str, Mapping[str, Any]], block: str, action: str) -> Mapping[str, Any]:
    return values.get(block, {}).get(action) or {}

"""Check-ins in Slack: the channel post, the DM asking for ratings, the rating form, the summary, and
the facilitator's controls (`/hiring checkin`, the reschedule form).

Ratings are anonymous everywhere: the summary shows counts and notes, never who gave which.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from pydantic import Field
from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ConfirmObject,
    DatePickerElement,
    DividerBlock,
    HeaderBlock,
    InputBlock,
    Option,
    PlainTextInputElement,
    RadioButtonsElement,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from bot.blocks.common import (
    HEADER_LIMIT,
    VIEW_BLOCK_LIMIT,
    Message,
    context,
    mention,
    meter,
    pack,
    section,
    slack_date,
)
from bot.blocks.ids import ActionId, BlockId, CallbackId, Prefix, keyed
from bot.blocks.metadata import Metadata, to_private_metadata
from bot.blocks.states import state_label
from flows.engine.checkin_report import CheckInReport, CriterionResult
from flows.engine.phrasing import checkin_verdict
from flows.engine.text import clip, escape
from flows.schema import Criterion

RATINGS = {"met": "Met", "partly": "Partly", "not_yet": "Not yet"}
WITHHELD_RATINGS = "The ratings are held back because too few people rated to keep them anonymous."
NOTE_LIMIT = 500
MONTH_CHOICES = (3, 6, 9, 12)
CHANGES = {"better": "better", "worse": "worse", "same": "about the same", "new": "not rated then"}
STATUS_WORDS = {
    "scheduled": "scheduled",
    "snoozed": "snoozed",
    "open": "open for ratings",
    "summarised": "summary posted",
    "cancelled": "cancelled",
}


class CheckInMeta(Metadata):
    checkin_id: int = Field(ge=1, le=2**31 - 1)  # a database integer
    team_id: str


@dataclass(frozen=True)
class CheckInView:
    checkin_id: int
    workshop_id: int
    months: int
    flow_title: str
    option_label: str
    facilitator_id: str
    criteria: tuple[Criterion, ...]
    due: datetime
    summary_due: datetime | None = None


# What the panel sees


def checkin_post(view: CheckInView, *, late: bool = False) -> Message:
    """The channel post that opens a check-in. Its only button is for everyone on the panel: the
    facilitator's controls are in their direct message (`checkin_controls`) and their App Home."""
    lines = "\n".join(f"• {escape(c.text)}" for c in view.criteria)
    summary_when = f" {slack_date(view.summary_due)}" if view.summary_due else " in a week"
    blocks: list[Block] = [
        HeaderBlock(
            text=clip(f"Check-in: {view.months} months after choosing {view.option_label}", HEADER_LIMIT)
        ),
        section(
            f"*Workshop #{view.workshop_id}: {escape(view.flow_title)}*\n"
            f"{view.months} months ago the team chose *{escape(view.option_label)}*. "
            f"Time to check it against the success criteria the document names:\n{lines}"
        ),
        section(
            "Everyone on the panel gets a direct message to rate each criterion: met, partly or not yet. "
            f"The summary is posted here{summary_when}, or as soon as everyone has rated."
        ),
        ActionsBlock(block_id=BlockId.CHECKIN_RATE_ACTIONS, elements=[_rate_button(view.checkin_id)]),
        context(f"Facilitator: {mention(view.facilitator_id)}. Ratings are anonymous."),
    ]
    if late:
        due = slack_date(view.due)
        blocks.insert(3, context(f"Posted late: this check-in was due {due}, but the app was offline."))
    return Message(text=f"Check-in: {view.months} months since workshop #{view.workshop_id}", blocks=blocks)


def checkin_dm(view: CheckInView) -> Message:
    text = (
        f"*Check-in for workshop #{view.workshop_id}: {escape(view.flow_title)}*\n"
        f"It has been {view.months} months since the team chose *{escape(view.option_label)}*. "
        f"How is it going? Rate each of the {len(view.criteria)} success criteria: met, partly or not yet "
        "(about two minutes). Your ratings are anonymous."
    )
    return Message(
        text=f"Check-in for workshop #{view.workshop_id}: please rate the success criteria.",
        blocks=[
            section(text),
            ActionsBlock(block_id=BlockId.CHECKIN_RATE_ACTIONS, elements=[_rate_button(view.checkin_id)]),
        ],
    )


def checkin_controls(view: CheckInView) -> Message:
    """The facilitator's direct message when a check-in opens: the controls the channel post leaves out."""
    return Message(
        text=f"The {view.months}-month check-in of workshop #{view.workshop_id} is open.",
        blocks=[
            section(
                f"*The {view.months}-month check-in of workshop #{view.workshop_id} "
                f"({escape(view.flow_title)}) is open.* The panel has been asked to rate it. "
                "If the timing is wrong, snooze, reschedule or cancel it here (or from your App Home)."
            ),
            controls_block(view.checkin_id, BlockId.CHECKIN_ACTIONS),
        ],
    )


def _rate_button(checkin_id: int) -> ButtonElement:
    return ButtonElement(
        text="Rate now", action_id=ActionId.CHECKIN_RATE, value=str(checkin_id), style="primary"
    )


def rating_modal(view: CheckInView, current: Mapping[str, tuple[str, str | None]], meta: CheckInMeta) -> View:
    """One rating and an optional note per criterion, prefilled with what this person gave before."""
    blocks: list[Block] = [
        section(
            f"*{escape(view.flow_title)}*: {view.months} months after choosing {escape(view.option_label)}.\n"
            "Nobody sees who gave which rating or note."
        )
    ]
    for criterion in view.criteria[: (VIEW_BLOCK_LIMIT - 1) // 2]:
        rating, note = current.get(criterion.id, (None, None))
        options = [Option(value=value, text=label) for value, label in RATINGS.items()]
        blocks += [
            InputBlock(
                block_id=keyed(Prefix.CRITERION, criterion.id),
                label=clip(criterion.text, 2000),
                hint=clip(f"From the source: “{criterion.quote}”", 2000),
                element=RadioButtonsElement(
                    action_id=ActionId.RATING,
                    options=options,
                    initial_option=next((o for o in options if o.value == rating), None),
                ),
            ),
            InputBlock(
                block_id=keyed(Prefix.NOTE, criterion.id),
                label="A note (optional)",
                optional=True,
                element=PlainTextInputElement(
                    action_id=ActionId.RATING_NOTE, multiline=True, max_length=NOTE_LIMIT, initial_value=note
                ),
            ),
        ]
    return View(
        type="modal",
        callback_id=CallbackId.CHECKIN_RATINGS,
        title="Check-in",
        submit="Save ratings",
        close="Later",
        private_metadata=to_private_metadata(meta),
        blocks=blocks,
    )


def parse_ratings(
    values: Mapping[str, Mapping[str, Any]], criteria: Sequence[Criterion]
) -> tuple[dict[str, tuple[str, str | None]], dict[str, str]]:
    """(criterion id → (rating, note)) and, keyed by block id, what is wrong with the form."""
    ratings: dict[str, tuple[str, str | None]] = {}
    errors: dict[str, str] = {}
    for criterion in criteria:
        rating_block, note_block = keyed(Prefix.CRITERION, criterion.id), keyed(Prefix.NOTE, criterion.id)
        chosen = (values.get(rating_block, {}).get(ActionId.RATING) or {}).get("selected_option") or {}
        note = ((values.get(note_block, {}).get(ActionId.RATING_NOTE) or {}).get("value") or "").strip()
        if chosen.get("value") not in RATINGS:
            errors[rating_block] = "Pick met, partly or not yet."
        elif len(note) > NOTE_LIMIT:
            errors[note_block] = f"Keep the note under {NOTE_LIMIT} characters."
        else:
            ratings[criterion.id] = (chosen["value"], note or None)
    return ratings, errors


def closed_view(text: str) -> View:
    return View(
        type="modal", callback_id=CallbackId.NOTICE, title="Check-in", close="Close", blocks=[section(text)]
    )


def summary_messages(report: CheckInReport, workshop_id: int, flow_title: str) -> list[Message]:
    if report.withheld:
        return [_withheld_summary(report, workshop_id, flow_title)]
    found = checkin_verdict(report)
    verdict = found[:1].upper() + found[1:]
    compared = (
        f"Compared with the {report.previous_months}-month check-in."
        if report.previous_months
        else "This is the first check-in, so there is nothing to compare with yet."
    )
    head = f"*Workshop #{workshop_id}: {escape(flow_title)}* · chose *{escape(report.option_label)}*\n"
    if not report.raters:
        # One line, not one "nobody rated" per criterion.
        line = f"Nobody of the {report.invited} people asked rated the success criteria this time."
        blocks: list[Block] = [
            HeaderBlock(text=clip(f"Check-in summary: {report.months} months", HEADER_LIMIT)),
            section(head + line),
        ]
        return pack(blocks, text=f"Check-in summary for workshop #{workshop_id}: nobody rated")
    blocks = [
        HeaderBlock(text=clip(f"Check-in summary: {report.months} months", HEADER_LIMIT)),
        section(f"{head}{verdict}\n{report.raters} of {report.invited} people rated. {compared}"),
        DividerBlock(),
        *[section(_criterion_text(c, report.previous_months)) for c in report.criteria],
        context("Ratings are anonymous: no name is shown next to a rating or a note."),
    ]
    return pack(blocks, text=f"Check-in summary for workshop #{workshop_id}: {found}")


def _withheld_summary(report: CheckInReport, workshop_id: int, flow_title: str) -> Message:
    """Too few rated to keep the ratings anonymous: no verdict, spread, note or count."""
    text = (
        f"*Workshop #{workshop_id}: {escape(flow_title)}* · chose *{escape(report.option_label)}*\n"
        f"{WITHHELD_RATINGS}"
    )
    blocks: list[Block] = [
        HeaderBlock(text=clip(f"Check-in summary: {report.months} months", HEADER_LIMIT)),
        section(text),
    ]
    return Message(text=f"Check-in summary for workshop #{workshop_id}: {WITHHELD_RATINGS}", blocks=blocks)


def _criterion_text(result: CriterionResult, previous_months: int | None) -> str:
    total = result.total
    lines = [f"*{escape(result.text)}*"]
    if total:
        counts = {"met": result.met, "partly": result.partly, "not_yet": result.not_yet}
        lines += [f"{RATINGS[k]}: {meter(n / total)} ({n})" for k, n in counts.items()]
    else:
        lines.append("_Nobody rated this one._")
    if result.change and previous_months:
        lines.append(f"Since the {previous_months}-month check-in: {CHANGES[result.change]}.")
    lines += [f"> {escape(note)}" for note in result.notes]
    return "\n".join(lines)


# The facilitator's controls


@dataclass(frozen=True)
class CheckInRow:
    checkin_id: int
    months: int
    due: datetime
    status: str  # storage's CheckInStatus value


@dataclass(frozen=True)
class CheckInPlan:
    workshop_id: int
    flow_title: str
    state: str  # storage's WorkshopStatus value
    planned_months: tuple[int, ...]
    rows: tuple[CheckInRow, ...] = ()


def checkins_message(plans: Sequence[CheckInPlan]) -> list[Message]:
    if not plans:
        return [
            Message(
                text="No hiring workshops in this channel.",
                blocks=[section("No hiring workshops in this channel have check-ins.")],
            )
        ]
    blocks: list[Block] = []
    for plan in plans:
        blocks += [DividerBlock()] if blocks else []
        blocks += _plan_blocks(plan)
    return pack(blocks, text="Check-ins of the hiring workshops in this channel")


def reschedule_modal(months: int, due: date, meta: CheckInMeta) -> View:
    return View(
        type="modal",
        callback_id=CallbackId.CHECKIN_RESCHEDULE,
        title="Reschedule check-in",
        submit="Reschedule",
        close="Cancel",
        private_metadata=to_private_metadata(meta),
        blocks=[
            InputBlock(
                block_id=BlockId.CHECKIN_DATE,
                label=f"New date for the {months}-month check-in",
                element=DatePickerElement(action_id=ActionId.CHECKIN_DATE, initial_date=due.isoformat()),
            )
        ],
    )


def parse_reschedule(values: Mapping[str, Mapping[str, Any]]) -> date | None:
    picked = (values.get(BlockId.CHECKIN_DATE, {}).get(ActionId.CHECKIN_DATE) or {}).get("selected_date")
    try:
        return date.fromisoformat(picked) if picked else None
    except ValueError:
        return None


def _plan_blocks(plan: CheckInPlan) -> list[Block]:
    decided = plan.state == "decided"
    head = f"*#{plan.workshop_id} {escape(plan.flow_title)}* · {state_label(plan.state)}"
    if not decided:
        months = ", ".join(str(m) for m in plan.planned_months) or "none"
        head += f"\nCheck-ins planned at {months} months after the decision, scheduled once it is made."
    blocks: list[Block] = [section(head)]
    for row in plan.rows:
        status = STATUS_WORDS.get(row.status, row.status)
        blocks.append(section(f"*{row.months} months* · {slack_date(row.due)} · {status}"))
        if row.status in ("scheduled", "snoozed", "open"):
            blocks.append(controls_block(row.checkin_id, keyed(Prefix.CHECKIN, row.checkin_id)))
    selects = _month_selects(plan, decided)
    if selects:
        blocks.append(ActionsBlock(block_id=keyed(Prefix.WORKSHOP, plan.workshop_id), elements=selects))
    return blocks


def _month_selects(plan: CheckInPlan, decided: bool) -> list[StaticSelectElement]:
    taken = {r.months for r in plan.rows if r.status != "cancelled"} if decided else set(plan.planned_months)
    addable = [m for m in MONTH_CHOICES if m not in taken]
    selects = []
    if addable and plan.state != "cancelled":
        selects.append(_month_select(ActionId.CHECKIN_ADD, "Add a check-in", plan.workshop_id, addable))
    if not decided and plan.planned_months and plan.state != "cancelled":
        selects.append(
            _month_select(ActionId.CHECKIN_REMOVE, "Drop a check-in", plan.workshop_id, plan.planned_months)
        )
    return selects


def _month_select(
    action_id: str, placeholder: str, workshop_id: int, months: Sequence[int]
) -> StaticSelectElement:
    return StaticSelectElement(
        action_id=action_id,
        placeholder=placeholder,
        options=[Option(value=f"{workshop_id}:{m}", text=f"{m} months") for m in months],
    )


def controls_block(checkin_id: int, block_id: str, before: Sequence[ButtonElement] = ()) -> ActionsBlock:
    """Snooze, reschedule and cancel of one check-in, after any buttons given in `before`."""
    value = str(checkin_id)
    return ActionsBlock(
        block_id=block_id,
        elements=[
            *before,
            ButtonElement(text="Snooze a week", action_id=ActionId.CHECKIN_SNOOZE, value=value),
            ButtonElement(text="Reschedule…", action_id=ActionId.CHECKIN_RESCHEDULE, value=value),
            ButtonElement(
                text="Cancel check-in",
                action_id=ActionId.CHECKIN_CANCEL,
                value=value,
                style="danger",
                confirm=ConfirmObject(
                    title="Cancel this check-in?",
                    text="Nobody will be asked to rate and no summary is posted. Ratings given are kept.",
                    confirm="Cancel check-in",
                    deny="Keep it",
                ),
            ),
        ],
    )

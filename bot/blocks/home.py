"""App Home: what is waiting for me, what I facilitate, what is finished, and a start button."""

from __future__ import annotations

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.blocks.common import TEXT_LIMIT, clip, context, escape, slack_date
from bot.blocks.states import next_step, state_label
from bot.blocks.viewmodels import FacilitatedWorkshop, FinishedWorkshop, HomeModel, WaitingSurvey
from bot.ids import ActionId, BlockId, Prefix, keyed
from flows.engine.anonymity import WITHHELD

ROWS_PER_LIST = 20  # three lists of 20 rows and their headers stay inside a view's 100 blocks


def home_view(model: HomeModel) -> View:
    blocks: list[Block] = [
        HeaderBlock(text="Hiring workshops"),
        ActionsBlock(
            block_id=BlockId.HOME_START,
            elements=[ButtonElement(text="Start a workshop", action_id=ActionId.HOME_START, style="primary")],
        ),
        *_listing(
            "Surveys waiting for me",
            [_waiting(s) for s in model.waiting],
            "Nothing is waiting for you. When someone invites you, it shows up here and in a direct message.",
        ),
        *_listing(
            "Workshops I facilitate",
            [_facilitating(w) for w in model.facilitating],
            "You facilitate no running workshop. "
            "Press *Start a workshop* or type `/hiring start` in a channel.",
        ),
        *_listing(
            "Finished workshops",
            [_finished(w) for w in model.finished],
            "No finished workshops yet. Recommendations and check-in dates appear here once posted.",
        ),
    ]
    return View(type="home", blocks=blocks)


def _listing(title: str, rows: list[Block], empty: str) -> list[Block]:
    shown = rows[:ROWS_PER_LIST]
    blocks: list[Block] = [DividerBlock(), HeaderBlock(text=title)]
    blocks += shown or [context(empty)]
    if len(rows) > len(shown):
        blocks.append(context(f"…and {len(rows) - len(shown)} more."))
    return blocks


def _waiting(survey: WaitingSurvey) -> Block:
    round_note = " · round 2: disputed questions" if survey.round == 2 else ""
    return SectionBlock(
        block_id=keyed(Prefix.WORKSHOP, survey.workshop_id),
        text=MarkdownTextObject(
            text=clip(
                f"*{escape(survey.flow_title)}*{round_note}\n{escape(survey.decision)}\n"
                f"Due {slack_date(survey.deadline)}",
                TEXT_LIMIT,
            )
        ),
        accessory=ButtonElement(
            text="Continue", action_id=ActionId.HOME_CONTINUE, value=str(survey.workshop_id), style="primary"
        ),
    )


def _facilitating(workshop: FacilitatedWorkshop) -> Block:
    step = next_step(workshop.state)
    text = (
        f"*#{workshop.workshop_id} {escape(workshop.flow_title)}* in <#{workshop.channel_id}>\n"
        f"{state_label(workshop.state)} · {workshop.answered} of {workshop.invited} answered · "
        f"due {slack_date(workshop.deadline)}" + (f"\n_Next:_ {step}" if step else "")
    )
    accessory = None
    if workshop.state == "deciding":
        accessory = ButtonElement(
            text="Settle disputes", action_id=ActionId.SETTLE_DISPUTES, value=str(workshop.workshop_id)
        )
    return SectionBlock(
        block_id=keyed(Prefix.WORKSHOP, workshop.workshop_id),
        text=MarkdownTextObject(text=clip(text, TEXT_LIMIT)),
        accessory=accessory,
    )


def _finished(workshop: FinishedWorkshop) -> Block:
    if workshop.withheld:
        outcome = WITHHELD
    elif workshop.recommendation:
        outcome = f"Recommended *{escape(workshop.recommendation)}*"
        outcome += f" ({workshop.confidence} confidence)" if workshop.confidence else ""
    else:
        outcome = "No recommendation"
    checkin = (
        f" · next check-in {slack_date(workshop.next_checkin, '{date_long}')}"
        if workshop.next_checkin
        else ""
    )
    return SectionBlock(
        block_id=keyed(Prefix.WORKSHOP, workshop.workshop_id),
        text=MarkdownTextObject(
            text=clip(
                f"*#{workshop.workshop_id} {escape(workshop.flow_title)}* in <#{workshop.channel_id}>\n"
                f"{outcome}{checkin}",
                TEXT_LIMIT,
            )
        ),
    )

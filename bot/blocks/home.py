"""App Home: what is waiting for my answers, the workshops I facilitate with their controls, what is
finished with a link to its recommendation, and a start button. One word throughout: workshop."""

from __future__ import annotations

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ConfirmObject,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.blocks.announcement import SAFE_LINK
from bot.blocks.checkin import controls_block
from bot.blocks.common import TEXT_LIMIT, context, slack_date
from bot.blocks.ids import ActionId, BlockId, Prefix, keyed
from bot.blocks.states import next_step, state_label
from bot.blocks.viewmodels import FacilitatedWorkshop, FinishedWorkshop, HomeModel, WaitingWorkshop
from flows.engine.anonymity import WITHHELD
from flows.engine.phrasing import recommended
from flows.engine.text import clip, escape

# A view holds 100 blocks: 8 for the frame, 20 waiting rows, 10 facilitated workshops of two blocks
# (the row and its buttons), 15 finished ones of up to two (the row and the check-in's controls),
# and a "…and N more" line under each list.
WAITING_ROWS, FACILITATED_ROWS, FINISHED_ROWS = 20, 10, 15
ANSWERING = ("collecting", "round2")


def home_view(model: HomeModel) -> View:
    blocks: list[Block] = [
        HeaderBlock(text="Hiring workshops"),
        ActionsBlock(
            block_id=BlockId.HOME_START,
            elements=[ButtonElement(text="Start a workshop", action_id=ActionId.HOME_START, style="primary")],
        ),
        *_listing(
            "Workshops waiting for my answers",
            [[_waiting(s)] for s in model.waiting],
            "Nothing is waiting for you. When someone invites you to a workshop, it shows up here and in "
            "a direct message.",
            WAITING_ROWS,
        ),
        *_listing(
            "Workshops I facilitate",
            [_facilitating(w) for w in model.facilitating],
            "You facilitate no running workshop. "
            "Press *Start a workshop* or type `/hiring start` in a channel.",
            FACILITATED_ROWS,
        ),
        *_listing(
            "Finished workshops",
            [_finished(w) for w in model.finished],
            "No finished workshops yet. Recommendations and check-in dates appear here once posted.",
            FINISHED_ROWS,
        ),
    ]
    return View(type="home", blocks=blocks)


def _listing(title: str, rows: list[list[Block]], empty: str, most: int) -> list[Block]:
    shown = rows[:most]
    blocks: list[Block] = [DividerBlock(), HeaderBlock(text=title)]
    blocks += [block for row in shown for block in row] or [context(empty)]
    if len(rows) > len(shown):
        blocks.append(context(f"…and {len(rows) - len(shown)} more."))
    return blocks


def _waiting(waiting: WaitingWorkshop) -> Block:
    round_note = " · round 2: disputed questions" if waiting.round == 2 else ""
    return SectionBlock(
        block_id=keyed(Prefix.WORKSHOP, waiting.workshop_id),
        text=MarkdownTextObject(
            text=clip(
                f"*{escape(waiting.flow_title)}*{round_note}\n{escape(waiting.decision)}\n"
                f"Due {slack_date(waiting.deadline)}",
                TEXT_LIMIT,
            )
        ),
        accessory=ButtonElement(
            text="Continue", action_id=ActionId.HOME_CONTINUE, value=str(waiting.workshop_id), style="primary"
        ),
    )


def _facilitating(workshop: FacilitatedWorkshop) -> list[Block]:
    step = next_step(workshop.state)
    count = "reviewed" if workshop.state == "round2" else "answered"
    progress = f" · {workshop.answered} of {workshop.invited} {count}"
    if workshop.state in ANSWERING:
        progress += f" · due {slack_date(workshop.deadline)}"
    text = (
        f"*#{workshop.workshop_id} {escape(workshop.flow_title)}* in <#{workshop.channel_id}>\n"
        f"{state_label(workshop.state)}{progress}" + (f"\n_Next:_ {step}" if step else "")
    )
    row: list[Block] = [
        SectionBlock(
            block_id=keyed(Prefix.WORKSHOP, workshop.workshop_id),
            text=MarkdownTextObject(text=clip(text, TEXT_LIMIT)),
        )
    ]
    buttons = _facilitator_buttons(workshop)
    if buttons:
        row.append(ActionsBlock(block_id=keyed(Prefix.HOME_CONTROLS, workshop.workshop_id), elements=buttons))
    return row


def _facilitator_buttons(workshop: FacilitatedWorkshop) -> list[ButtonElement]:
    value = str(workshop.workshop_id)
    if workshop.state in ANSWERING:
        round_ = 2 if workshop.state == "round2" else 1
        return [
            ButtonElement(
                text=f"Close round {round_}",
                action_id=ActionId.HOME_CLOSE_ROUND,
                value=value,
                confirm=ConfirmObject(
                    title=f"Close round {round_} now?",
                    text="Answers can no longer change once it closes; the results go to the channel.",
                    confirm="Close it",
                    deny="Keep it open",
                ),
            ),
            ButtonElement(
                text="Remind those who haven't answered", action_id=ActionId.HOME_REMIND, value=value
            ),
            _export_button(workshop.workshop_id),
        ]
    if workshop.state == "deciding":
        return [
            ButtonElement(
                text="Settle disputes", action_id=ActionId.SETTLE_DISPUTES, value=value, style="primary"
            ),
            _export_button(workshop.workshop_id),
        ]
    return [_export_button(workshop.workshop_id)]


def _export_button(workshop_id: int) -> ButtonElement:
    return ButtonElement(text="Export", action_id=ActionId.HOME_EXPORT, value=str(workshop_id))


def _finished(workshop: FinishedWorkshop) -> list[Block]:
    if workshop.withheld:
        outcome = WITHHELD
    else:
        label = f"*{escape(workshop.recommendation)}*" if workshop.recommendation else None
        outcome = recommended(label, workshop.confidence)
    checkin = (
        f" · next check-in {slack_date(workshop.next_checkin, '{date_long}')}"
        if workshop.next_checkin
        else ""
    )
    link = workshop.link if workshop.link and SAFE_LINK.match(workshop.link) else None
    row: list[Block] = [
        SectionBlock(
            block_id=keyed(Prefix.WORKSHOP, workshop.workshop_id),
            text=MarkdownTextObject(
                text=clip(
                    f"*#{workshop.workshop_id} {escape(workshop.flow_title)}* in <#{workshop.channel_id}>\n"
                    f"{outcome}{checkin}",
                    TEXT_LIMIT,
                )
            ),
            accessory=ButtonElement(
                text="View recommendation",
                action_id=ActionId.HOME_VIEW_RECOMMENDATION,
                value=str(workshop.workshop_id),
                url=link,
            )
            if link
            else None,
        )
    ]
    # The facilitator's buttons share one actions block, keeping the view within its 100 blocks.
    if workshop.facilitated and workshop.controlled_checkin is not None:
        checkin_id = workshop.controlled_checkin
        export = [_export_button(workshop.workshop_id)]
        row.append(controls_block(checkin_id, keyed(Prefix.HOME_CONTROLS, workshop.workshop_id), export))
    elif workshop.facilitated:
        controls = [_export_button(workshop.workshop_id)]
        row.append(
            ActionsBlock(block_id=keyed(Prefix.HOME_CONTROLS, workshop.workshop_id), elements=controls)
        )
    return row

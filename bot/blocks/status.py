"""`/hiring status`: who has answered, who has not, who declined. Never what anyone answered."""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk.models.blocks import Block, DividerBlock

from bot.blocks.announcement import SAFE_LINK
from bot.blocks.common import Message, chunk_lines, context, mention, pack, section, slack_date
from bot.blocks.states import state_label
from bot.blocks.viewmodels import PersonStatus, StatusCard
from flows.engine.text import escape


def status_message(cards: Sequence[StatusCard]) -> list[Message]:
    if not cards:
        return [
            Message(
                text="No hiring workshops in this channel.",
                blocks=[section("No hiring workshops in this channel yet. Start one with `/hiring start`.")],
            )
        ]
    blocks: list[Block] = []
    for card in cards:
        if blocks:
            blocks.append(DividerBlock())
        blocks += card_blocks(card)
    return pack(blocks, text=f"Status of {len(cards)} hiring workshop(s) in this channel")


def card_blocks(card: StatusCard) -> list[Block]:
    if card.outcome is not None:
        return finished_blocks(card)
    answered = [p for p in card.people if p.progress == "answered"]
    pending = [p for p in card.people if p.progress in ("invited", "answering")]
    declined = [p for p in card.people if p.progress == "declined"]
    if not card.names_shown:
        return _counts_only(card, len(answered), len(pending), len(declined))
    lines = [
        f"*Answered ({len(answered)}):* " + (", ".join(mention(p.user_id) for p in answered) or "nobody yet"),
        f"*Not yet ({len(pending)}):* " + (", ".join(_pending(p) for p in pending) or "nobody"),
    ]
    if declined:
        lines.append(f"*Declined ({len(declined)}):* " + ", ".join(mention(p.user_id) for p in declined))
    return [
        section(
            f"*#{card.workshop_id} {escape(card.flow_title)}*\n"
            f"{state_label(card.state)} · due {slack_date(card.deadline)} · "
            f"facilitated by {mention(card.facilitator_id)}"
        ),
        *[section(text) for text in chunk_lines(lines)],
        context(
            f"Nobody's answers are shown here. `/hiring remind {card.workshop_id}` nudges those not done."
        ),
    ]


def finished_blocks(card: StatusCard) -> list[Block]:
    """A finished or cancelled workshop: what it came to and where to read it; nobody's progress."""
    answered = sum(p.progress == "answered" for p in card.people)
    where = f" · <{card.link}|read the recommendation>" if card.link and SAFE_LINK.match(card.link) else ""
    return [
        section(
            f"*#{card.workshop_id} {escape(card.flow_title)}*\n"
            f"{state_label(card.state)} · {card.outcome}{where}\n"
            f"{answered} of {len(card.people)} answered · facilitated by {mention(card.facilitator_id)}"
        )
    ]


def _counts_only(card: StatusCard, answered: int, pending: int, declined: int) -> list[Block]:
    """Anonymous, for anyone but the facilitator: how far along, never who."""
    counts = f"*Answered:* {answered} · *Not yet:* {pending}" + (
        f" · *Declined:* {declined}" if declined else ""
    )
    return [
        section(
            f"*#{card.workshop_id} {escape(card.flow_title)}*\n"
            f"{state_label(card.state)} · due {slack_date(card.deadline)} · "
            f"facilitated by {mention(card.facilitator_id)}"
        ),
        section(counts),
        context("This workshop is anonymous: only its facilitator sees who has answered."),
    ]


def _pending(person: PersonStatus) -> str:
    notes = ["started"] if person.progress == "answering" else []
    if person.last_reminded is not None:
        notes.append(f"reminded {slack_date(person.last_reminded)}")
    return mention(person.user_id) + (f" ({', '.join(notes)})" if notes else "")

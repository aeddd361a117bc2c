"""What a round held back for too few answers shows, and the anonymous status card: no counts of
answers in the channel's sentence, no names for anyone but the facilitator."""

from __future__ import annotations

from datetime import timedelta

from bot.blocks.ids import ActionId, BlockId
from bot.blocks.status import status_message
from bot.blocks.viewmodels import PersonStatus, StatusCard
from bot.blocks.withheld import withheld_choices, withheld_notice
from flows.engine.anonymity import WITHHELD
from flows.engine.text import escape

from .conftest import DEADLINE, NOW
from .limits import all_text, check_message


def test_the_channel_sentence_says_why_and_holds_no_count() -> None:
    message = withheld_notice(41)
    check_message(message)
    text = all_text(message.to_dict())
    assert WITHHELD in text and "#41" in text
    assert not any(ch.isdigit() for ch in text.replace("#41", ""))


def test_the_facilitator_is_offered_more_time_or_a_reminder_for_that_workshop() -> None:
    message = withheld_choices(41, round=1)
    check_message(message)
    [actions] = [b for b in message.to_dict()["blocks"] if b["type"] == "actions"]
    assert actions["block_id"] == BlockId.WITHHELD_ACTIONS
    buttons = {e["action_id"]: e["value"] for e in actions["elements"]}
    assert buttons == {ActionId.EXTEND_DEADLINE: "41", ActionId.REMIND_UNFINISHED: "41"}


def anonymous_card(names_shown: bool) -> StatusCard:
    return StatusCard(
        workshop_id=7,
        flow_title="Head of AI",
        state="collecting",
        deadline=DEADLINE,
        facilitator_id="UFACIL01",
        people=(
            PersonStatus("UCEO0001", "answered"),
            PersonStatus("UCTO0001", "answering", last_reminded=NOW - timedelta(hours=5)),
            PersonStatus("UCFO0001", "declined"),
            PersonStatus("UPRD0001", "invited"),
        ),
        names_shown=names_shown,
    )


def test_an_anonymous_card_for_anyone_but_the_facilitator_counts_and_names_nobody() -> None:
    [message] = status_message([anonymous_card(names_shown=False)])
    check_message(message)
    text = all_text(message.to_dict())
    assert "*Answered:* 1 · *Not yet:* 2 · *Declined:* 1" in text
    assert not any(user in text for user in ("UCEO0001", "UCTO0001", "UCFO0001", "UPRD0001"))
    assert "<@UFACIL01>" in text  # who runs it is no secret


def test_the_facilitators_card_names_them() -> None:
    [message] = status_message([anonymous_card(names_shown=True)])
    assert "<@UCEO0001>" in all_text(message.to_dict()) and "<@UPRD0001>" in all_text(message.to_dict())


def test_escape_removes_bidirectional_overrides() -> None:
    assert escape("abc\u202edcb\u2066x\u2069 <b>") == "abcdcbx &lt;b&gt;"

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from bot.blocks.status import status_message
from bot.blocks.viewmodels import PersonStatus, StatusCard

from .conftest import DEADLINE, NOW
from .limits import all_text, check_message


def card(workshop_id: int = 7, people: int = 3) -> StatusCard:
    return StatusCard(
        workshop_id=workshop_id,
        flow_title="Head of AI <or> AI Product Lead",
        state="collecting",
        deadline=DEADLINE,
        facilitator_id="UFACIL01",
        people=(
            PersonStatus("UCEO0001", "answered"),
            PersonStatus("UCTO0001", "answering", last_reminded=NOW - timedelta(hours=5)),
            PersonStatus("UCFO0001", "declined"),
            *[PersonStatus(f"U{n:08d}", "invited") for n in range(people - 3)],
        ),
    )


def test_status_lists_who_answered_who_has_not_and_who_declined() -> None:
    messages = status_message([card()])
    assert len(messages) == 1
    text = all_text(check_message(messages[0]))
    assert "*Answered (1):* <@UCEO0001>" in text
    assert (
        f"*Not yet (1):* <@UCTO0001> (started, reminded <!date^{int((NOW - timedelta(hours=5)).timestamp())}"
        in text
    )
    assert "*Declined (1):* <@UCFO0001>" in text
    assert "Round 1: collecting answers" in text and "<!date^" in text
    assert "&lt;or&gt;" in text  # flow titles are escaped


def test_status_never_shows_answers() -> None:
    text = all_text(check_message(status_message([card()])[0]))
    assert "Yes" not in text and "Strongly" not in text and "Question" not in text


def test_many_big_workshops_split_within_limits() -> None:
    messages = status_message([card(n, people=50) for n in range(20)])
    assert len(messages) > 1
    for message in messages:
        check_message(message)
    assert all(f"#{n} " in "".join(all_text(m.to_dict()) for m in messages) for n in range(20))


def test_no_workshops_says_how_to_start_one() -> None:
    assert "/hiring start" in all_text(check_message(status_message([])[0]))


def test_a_finished_workshop_shows_its_outcome_and_link_and_nobody_s_progress() -> None:
    link = "https://acme.slack.com/archives/C1/p1700000000000100"
    finished = replace(
        card(), state="decided", outcome="Recommended *Head of AI* (high confidence)", link=link
    )
    cancelled = replace(card(8), state="cancelled", outcome="nothing was recommended")
    text = all_text(check_message(status_message([finished, cancelled])[0]))
    assert "Finished · Recommended *Head of AI* (high confidence)" in text
    assert f"<{link}|read the recommendation>" in text
    assert "Cancelled · nothing was recommended" in text and "1 of 3 answered" in text
    assert "<@UCTO0001>" not in text and "Not yet" not in text

from __future__ import annotations

from dataclasses import replace
from typing import Any

from bot.blocks.announcement import announcement
from bot.blocks.ids import ActionId, BlockId
from bot.blocks.invite import invite_dm, invite_dm_closed, invite_dm_done
from bot.blocks.viewmodels import ParticipantView, Tally, WorkshopView

from .limits import all_text, check_message

CTO = ParticipantView(user_id="UCTO0001", role="cto")


def buttons(payload: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        e["action_id"]: e
        for b in payload["blocks"]
        for e in ([b["accessory"]] if "accessory" in b else b.get("elements", []))
        if e.get("type") == "button"
    }


def no_question_content(text: str, workshop: WorkshopView) -> bool:
    """Neither a question nor anything an answer could be made of appears in the text."""
    questions = workshop.flow.questions
    return not any(q.text in text for q in questions) and "Strongly" not in text and "Choice 0" not in text


def test_announcement_tells_the_channel_what_who_and_when_but_no_answers(workshop: WorkshopView) -> None:
    text = all_text(check_message(announcement(workshop)))
    assert workshop.flow.decision in text
    assert workshop.flow.title in text and workshop.flow.source.title in text
    assert "<@UFACIL01>" in text
    assert all(f"<@{u}>" in text for u in workshop.invitee_ids)
    assert (
        f"<!date^{int(workshop.deadline.timestamp())}^{{date_short_pretty}} {{time}}|2025-03-06 17:00 UTC>"
        in text
    )
    assert "*anonymous*" in text and "private until the round closes" in text
    assert no_question_content(text, workshop)


def test_announcement_of_a_named_workshop_says_so(workshop: WorkshopView) -> None:
    text = all_text(check_message(announcement(replace(workshop, anonymous=False))))
    assert "*named*" in text and "*anonymous*" not in text


def test_invitation_has_the_decision_effort_deadline_and_two_buttons(workshop: WorkshopView) -> None:
    payload = check_message(invite_dm(workshop, CTO))
    text = all_text(payload)
    for expected in (
        workshop.flow.decision,
        workshop.flow.source.title,
        "12 minutes",
        "CTO / technology",
        "anonymous",
    ):
        assert expected in text
    assert "<!date^" in text
    found = buttons(payload)
    assert found[ActionId.ANSWER_NOW]["style"] == "primary"
    assert found[ActionId.ANSWER_NOW]["value"] == found[ActionId.DECLINE]["value"] == "7"
    assert found[ActionId.DECLINE]["confirm"]["confirm"]["text"] == "Decline"
    assert any(b.get("block_id") == BlockId.INVITE_ACTIONS for b in payload["blocks"])


def test_invitation_after_answering_offers_changes_but_no_decline(workshop: WorkshopView) -> None:
    payload = check_message(invite_dm_done(workshop, CTO, "answered"))
    assert set(buttons(payload)) == {ActionId.ANSWER_NOW}
    assert "answers are in" in all_text(payload)


def test_invitation_after_declining_has_no_buttons(workshop: WorkshopView) -> None:
    payload = check_message(invite_dm_done(workshop, CTO, "declined"))
    assert buttons(payload) == {}
    assert "declined" in all_text(payload)


def test_the_announcement_counts_answers_with_numbers_only(workshop: WorkshopView) -> None:
    text = all_text(check_message(announcement(workshop, Tally(answered=3, invited=5))))
    assert "*3 of 5 have answered* · due <!date^" in text
    one_declined = all_text(check_message(announcement(workshop, Tally(answered=1, invited=5, declined=1))))
    assert "*1 of 4 have answered* · 1 declined" in one_declined
    round2 = replace(workshop, state="round2")
    assert "2 of 4 have reviewed" in all_text(announcement(round2, Tally(2, 5, 1)).to_dict())
    assert "have answered" not in all_text(announcement(workshop).to_dict())  # no count given, none shown


def test_a_finished_announcement_links_the_recommendation(workshop: WorkshopView) -> None:
    decided = replace(workshop, state="decided")
    link = "https://acme.slack.com/archives/C0LEADERS/p1700000000000100"
    text = all_text(check_message(announcement(decided, Tally(5, 5), link)))
    assert f"<{link}|the recommendation> is posted" in text and "have answered" not in text
    unsafe = all_text(announcement(decided, Tally(5, 5), "https://x.test/a|<!channel>").to_dict())
    assert "<!channel>" not in unsafe and "recommendation is posted" in unsafe


def test_a_recommendation_held_in_the_preview_is_not_announced_as_posted(workshop: WorkshopView) -> None:
    decided = replace(workshop, state="decided")
    text = all_text(check_message(announcement(decided, Tally(5, 5), None, posted=False)))
    assert "not posted here yet" in text and "is posted" not in text and "have answered" not in text


def test_a_closed_round_s_invitation_thanks_and_offers_nothing(workshop: WorkshopView) -> None:
    closed = check_message(invite_dm_closed(workshop, CTO, 1, took_part=True))
    assert buttons(closed) == {}
    assert "Round 1 is closed; thank you." in all_text(closed)
    assert "Answers due" not in all_text(closed)
    missed = all_text(check_message(invite_dm_closed(workshop, CTO, 2, took_part=False)))
    assert "Round 2 is closed; answers can no longer be given." in missed
    link = "https://acme.slack.com/archives/C0LEADERS/p1700000000000100"
    linked = all_text(check_message(invite_dm_closed(workshop, CTO, 1, True, link)))
    assert f"<{link}|read it in the channel>" in linked

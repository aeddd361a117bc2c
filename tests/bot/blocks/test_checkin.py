"""Check-in builders: the channel post offers the panel only Rate now; the facilitator's direct
message carries the controls; a check-in nobody rated reads as one line."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from bot.blocks.checkin import CheckInView, checkin_controls, checkin_post, summary_messages
from bot.blocks.ids import ActionId
from flows.engine.checkin_report import CheckInReport, CriterionResult
from flows.schema import Criterion

from .limits import all_text, check_message

VIEW = CheckInView(
    checkin_id=4,
    workshop_id=7,
    months=12,
    flow_title="Head of AI or AI Product Lead",
    option_label="Head of AI",
    facilitator_id="UFACIL01",
    criteria=tuple(Criterion(id=f"c{n}", text=f"Criterion {n}", quote="the words") for n in range(6)),
    due=datetime(2026, 3, 3, 9, 0, tzinfo=UTC),
)


def actions(payload: dict[str, Any]) -> list[str]:
    return [e["action_id"] for b in payload["blocks"] for e in b.get("elements", []) if "action_id" in e]


def report(raters: int, totals: tuple[int, ...]) -> CheckInReport:
    return CheckInReport(
        months=12,
        option_id="head",
        option_label="Head of AI",
        raters=raters,
        invited=5,
        criteria=[CriterionResult(id=f"c{n}", text=f"Criterion {n}", met=t) for n, t in enumerate(totals)],
        verdict="no_ratings" if not raters else "still_looks_right",
    )


def test_the_channel_post_offers_only_rate_now() -> None:
    payload = check_message(checkin_post(VIEW))
    assert actions(payload) == [ActionId.CHECKIN_RATE]
    assert "can snooze" not in all_text(payload)


def test_the_facilitator_s_message_carries_snooze_reschedule_and_cancel() -> None:
    payload = check_message(checkin_controls(VIEW))
    assert actions(payload) == [ActionId.CHECKIN_SNOOZE, ActionId.CHECKIN_RESCHEDULE, ActionId.CHECKIN_CANCEL]
    assert "12-month check-in of workshop #7" in all_text(payload)


def test_a_checkin_nobody_rated_says_so_once() -> None:
    [message] = summary_messages(report(0, (0,) * 6), 7, "Head of AI or AI Product Lead")
    text = all_text(check_message(message))
    assert "Nobody of the 5 people asked rated the success criteria" in text
    assert "Nobody rated this one" not in text and "Criterion 0" not in text


def test_a_rated_checkin_still_lists_each_criterion() -> None:
    [message] = summary_messages(report(2, (2, 1, 0, 0, 0, 0)), 7, "Head of AI or AI Product Lead")
    text = all_text(check_message(message))
    assert "2 of 5 people rated" in text and all(f"Criterion {n}" in text for n in range(6))

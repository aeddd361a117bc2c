from __future__ import annotations

from datetime import date

from bot.blocks.home import home_view
from bot.blocks.ids import ActionId
from bot.blocks.viewmodels import FacilitatedWorkshop, FinishedWorkshop, HomeModel, WaitingWorkshop

from .conftest import DEADLINE
from .limits import all_text, check_view


def buttons(payload: dict) -> list[dict]:
    found = []
    for block in payload["blocks"]:
        found += [e for e in block.get("elements", []) if e.get("type") == "button"]
        if block.get("accessory", {}).get("type") == "button":
            found.append(block["accessory"])
    return found


def test_empty_home_says_what_to_do_and_offers_a_start_button() -> None:
    payload = check_view(home_view(HomeModel()))
    assert payload["type"] == "home"
    text = all_text(payload)
    assert (
        "Nothing is waiting for you" in text and "/hiring start" in text and "No finished workshops" in text
    )
    assert [b["action_id"] for b in buttons(payload)] == [ActionId.HOME_START]


def test_home_lists_surveys_workshops_and_results() -> None:
    model = HomeModel(
        waiting=(WaitingWorkshop(3, "Head of AI <or> Lead", "Which role first", DEADLINE, round=2),),
        facilitating=(
            FacilitatedWorkshop(4, "CAIO or CTO", "C1", "deciding", DEADLINE, answered=4, invited=5),
        ),
        finished=(
            FinishedWorkshop(5, "Product vs engineering", "C2", "Product lead", "high", date(2025, 9, 1)),
        ),
    )
    payload = check_view(home_view(model))
    text = all_text(payload)
    assert "Head of AI &lt;or&gt; Lead" in text and "round 2" in text and "<!date^" in text
    assert "Waiting for the facilitator" in text and "4 of 5 answered" in text and "_Next:_" in text
    assert "Recommended *Product lead* (high confidence)" in text and "next check-in" in text
    found = {b["action_id"]: b["value"] for b in buttons(payload) if "value" in b}
    assert found == {ActionId.HOME_CONTINUE: "3", ActionId.SETTLE_DISPUTES: "4", ActionId.HOME_EXPORT: "4"}


def test_long_lists_stay_inside_a_view() -> None:
    model = HomeModel(
        waiting=tuple(WaitingWorkshop(n, "Flow", "Decision", DEADLINE) for n in range(40)),
        facilitating=tuple(
            FacilitatedWorkshop(100 + n, "Flow", "C1", "collecting", DEADLINE) for n in range(40)
        ),
        finished=tuple(FinishedWorkshop(200 + n, "Flow", "C1") for n in range(40)),
    )
    payload = check_view(home_view(model))
    text = all_text(payload)
    assert "…and 20 more." in text and "…and 30 more." in text and "…and 25 more." in text


def test_the_facilitator_s_buttons_follow_the_round() -> None:
    model = HomeModel(
        facilitating=(
            FacilitatedWorkshop(4, "CAIO or CTO", "C1", "collecting", DEADLINE, answered=3, invited=5),
            FacilitatedWorkshop(5, "CAIO or CTO", "C1", "round2", DEADLINE, answered=1, invited=4),
        ),
        finished=(
            FinishedWorkshop(
                6,
                "Product vs engineering",
                "C2",
                "Product lead",
                "high",
                date(2025, 9, 1),
                link="https://acme.slack.com/archives/C2/p1700000000000100",
                facilitated=True,
                controlled_checkin=9,
            ),
        ),
    )
    payload = check_view(home_view(model))
    text = all_text(payload)
    assert "Workshops waiting for my answers" in text and "Survey" not in text
    assert "3 of 5 answered" in text and "1 of 4 reviewed" in text
    found = [(b["action_id"], b.get("value"), b["text"]["text"]) for b in buttons(payload)]
    assert (ActionId.HOME_CLOSE_ROUND, "4", "Close round 1") in found
    assert (ActionId.HOME_CLOSE_ROUND, "5", "Close round 2") in found
    assert (ActionId.HOME_REMIND, "4", "Remind those who haven't answered") in found
    link = next(b for b in buttons(payload) if b["action_id"] == ActionId.HOME_VIEW_RECOMMENDATION)
    assert link["url"] == "https://acme.slack.com/archives/C2/p1700000000000100"
    controls = {a for a, v, _ in found if v == "9"}
    assert controls == {ActionId.CHECKIN_SNOOZE, ActionId.CHECKIN_RESCHEDULE, ActionId.CHECKIN_CANCEL}
    exports = sorted(v for a, v, _ in found if a == ActionId.HOME_EXPORT)
    assert exports == ["4", "5", "6"]  # every workshop they run, running or finished

from __future__ import annotations

from datetime import date

from bot.blocks.home import home_view
from bot.blocks.viewmodels import FacilitatedWorkshop, FinishedWorkshop, HomeModel, WaitingSurvey
from bot.ids import ActionId

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
        waiting=(WaitingSurvey(3, "Head of AI <or> Lead", "Which role first", DEADLINE, round=2),),
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
    assert found == {ActionId.HOME_CONTINUE: "3", ActionId.SETTLE_DISPUTES: "4"}


def test_long_lists_stay_inside_a_view() -> None:
    model = HomeModel(
        waiting=tuple(WaitingSurvey(n, "Flow", "Decision", DEADLINE) for n in range(40)),
        facilitating=tuple(
            FacilitatedWorkshop(100 + n, "Flow", "C1", "collecting", DEADLINE) for n in range(40)
        ),
        finished=tuple(FinishedWorkshop(200 + n, "Flow", "C1") for n in range(40)),
    )
    payload = check_view(home_view(model))
    assert all_text(payload).count("…and 20 more.") == 3

"""A check-in's report: counted ratings per criterion, what changed, and the verdict."""

from __future__ import annotations

import pytest

from flows.engine.checkin_report import CheckInReport, build_report, criteria_for
from flows.ratings import Rating
from flows.schema import Flow
from tests.bot.services.conftest import hiring_flow_document

MET, PARTLY, NOT_YET = Rating.MET, Rating.PARTLY, Rating.NOT_YET


@pytest.fixture
def flow() -> Flow:
    document = hiring_flow_document()
    document["success_criteria"] = [
        {"id": "shipped", "text": "A use case shipped.", "quote": "A quote."},
        {"id": "platform", "text": "A platform exists.", "quote": "A quote.", "options": ["head"]},
        {"id": "roadmap", "text": "A roadmap is used.", "quote": "A quote.", "options": ["lead"]},
    ]
    return Flow.model_validate(document)


def report(
    flow: Flow, ratings: list[tuple[str, Rating, str | None]], previous: CheckInReport | None = None
) -> CheckInReport:
    return build_report(flow, "head", 6, ratings, raters=3, invited=4, previous=previous)


def test_the_criteria_are_those_for_every_option_and_the_chosen_ones(flow: Flow) -> None:
    assert [c.id for c in criteria_for(flow, "head")] == ["shipped", "platform"]
    assert [c.id for c in criteria_for(flow, "lead")] == ["shipped", "roadmap"]


def test_ratings_are_counted_and_notes_kept_in_an_order_that_names_nobody(flow: Flow) -> None:
    result = report(
        flow,
        [
            ("shipped", MET, "zebra"),
            ("shipped", PARTLY, None),
            ("shipped", MET, "apple"),
            ("roadmap", MET, None),
        ],
    )
    shipped, platform = result.criteria
    assert (shipped.met, shipped.partly, shipped.not_yet) == (2, 1, 0)
    assert shipped.notes == ["apple", "zebra"]
    assert platform.total == 0 and platform.score is None
    assert [c.id for c in result.criteria] == [
        "shipped",
        "platform",
    ]  # a rating for another option's is ignored


@pytest.mark.parametrize(
    ("ratings", "verdict"),
    [
        ([("shipped", MET, None), ("platform", PARTLY, None)], "still_looks_right"),
        ([("shipped", MET, None), ("platform", NOT_YET, None)], "worth_revisiting"),
        (
            [("shipped", NOT_YET, None), ("shipped", PARTLY, None), ("shipped", MET, None)],
            "still_looks_right",
        ),
        ([], "no_ratings"),
    ],
)
def test_the_recommendation_still_looks_right_when_most_criteria_are_met_or_partly(
    flow: Flow, ratings: list[tuple[str, Rating, str | None]], verdict: str
) -> None:
    assert report(flow, ratings).verdict == verdict


def test_a_later_report_says_how_each_criterion_moved(flow: Flow) -> None:
    earlier = report(flow, [("shipped", NOT_YET, None), ("platform", MET, None)])
    later = report(flow, [("shipped", MET, None), ("platform", MET, None)], previous=earlier)
    assert [c.change for c in later.criteria] == ["better", "same"]
    assert later.previous_months == 6
    worse = report(flow, [("platform", NOT_YET, None)], previous=earlier)
    assert [c.change for c in worse.criteria] == [None, "worse"]
    assert [c.change for c in earlier.criteria] == [None, None]


def test_a_report_survives_being_stored_as_json(flow: Flow) -> None:
    stored = report(flow, [("shipped", MET, "note")]).model_dump(mode="json")
    assert CheckInReport.model_validate(stored) == report(flow, [("shipped", MET, "note")])

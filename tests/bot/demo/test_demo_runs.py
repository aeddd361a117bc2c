"""The demo, run for each flow over Socket Mode and once over signed HTTP with a larger panel: the
story holds in what the bot stored, and the printout reads as the channel does."""

from __future__ import annotations

import re

from bot.services.disputes import DisputeService
from bot.services.recommendations import RecommendationService
from bot.services.workshops import WorkshopService
from storage.models import DisputeStatus, WorkshopStatus
from tests.bot.demo.conftest import DemoRun
from tests.bot.demo.leaks import names_next_to_answers


def test_it_ends_with_the_recommendation_in_the_channel_within_a_minute(demo_run: DemoRun) -> None:
    labels = [o.label for o in demo_run.result.story.flow.options]
    assert any(f"Recommendation: {label}" in demo_run.printout for label in labels)
    last = demo_run.printout.strip().splitlines()[-1]
    done = r"Done in \d+\.\d s: workshop #\d+ recommends .+ \((high|medium|low) confidence\)\."
    assert re.fullmatch(done, last), last
    assert demo_run.result.elapsed < 60


def test_the_story_holds_in_the_stored_disputes(demo_run: DemoRun, stored: WorkshopService) -> None:
    workshop = stored.get(demo_run.result.team_id, demo_run.result.workshop_id)
    disputes = DisputeService(stored.scope).disputes(workshop.id)
    assert workshop.status is WorkshopStatus.DECIDED
    assert any(d.decisive for d in disputes), "no decisive dispute"
    assert any(d.status is DisputeStatus.REVISED for d in disputes), "round 2 resolved nothing"
    decided = [d for d in disputes if d.status is DisputeStatus.DECIDED]
    assert decided and all(d.resolutions[-1].rationale.strip() for d in decided)
    assert RecommendationService(stored.scope).latest_recommendation(workshop.id) is not None


def test_the_panel_took_part_as_the_story_says(demo_run: DemoRun, stored: WorkshopService) -> None:
    participants = stored.participants(demo_run.result.workshop_id)
    declined = sum(p.status == "declined" for p in participants)
    part_way = sum(p.status == "answering" for p in participants)
    large = demo_run.options.people >= 8
    assert (declined, part_way) == ((1, 2) if large else (0, 1))
    assert "only Fay Fairweather sees this" in demo_run.printout  # the facilitator's /hiring status


def test_the_printout_shows_names_and_dates_as_slack_does(demo_run: DemoRun) -> None:
    printout = demo_run.printout
    for raw in ("<@U", "<#C", "<!date", "&lt;", "&gt;", "&amp;"):
        assert raw not in printout
    assert "@Ada Lovelace" in printout and re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC", printout)
    assert "↳ Hiring Workshop, in the thread:" in printout


def test_an_anonymous_workshop_never_prints_a_name_next_to_an_answer(demo_run: DemoRun) -> None:
    assert names_next_to_answers(demo_run.printout, demo_run.result.story) == []

"""A workshop can end with no recommendation (too few answers, or a tie at the top): it is stored
as one naming no option, never refused."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from bot.services.workshops import WorkshopService
from storage.models import Workshop, WorkshopStatus
from tests.bot.services.conftest import FACILITATOR, TEAM


def test_a_round_closed_with_one_answer_stores_a_recommendation_of_no_option(
    service: WorkshopService, session: Session, start_workshop: Callable[..., Workshop]
) -> None:
    # Named: an anonymous round with one answer stays open (the minimum group), a named one closes.
    workshop = start_workshop(anonymous=False)
    service.record_answers(TEAM, workshop.id, "UCEO", {"capability": True, "budget": "large"})
    session.commit()

    outcome = service.close_round(TEAM, workshop.id, by_user=FACILITATOR)
    session.commit()

    assert outcome is not None and outcome.next_status is WorkshopStatus.DECIDED
    stored = service.latest_recommendation(workshop.id)
    assert stored is not None and (stored.option_id, stored.confidence) == (None, None)
    assert outcome.analysis.recommendation.missing
    assert stored.analysis_json["recommendation"]["missing"] == outcome.analysis.recommendation.missing

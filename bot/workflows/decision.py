"""A decision, told: in the transaction that makes it, its check-ins are planned and either the
facilitator's preview is written (while they have yet to approve it) or the channel's summary."""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot.delivery.outbox import Outbox, post_key
from bot.services.recommendations import RecommendationService
from bot.services.workshops import WorkshopService
from bot.workflows.planning import plan_checkins
from bot.workflows.preview import PREVIEW, write_preview
from bot.workflows.summary import HEAD, awaits_preview, write_summary
from storage.models import Workshop


def write_decision(
    session: Session, workshops: WorkshopService, workshop: Workshop, *, revised: bool = False
) -> None:
    """The preview (with `revised`, its edit) while the facilitator has yet to approve it; else the
    summary's posts, or the edits of the one written before."""
    latest = RecommendationService(workshops.scope).latest_recommendation(workshop.id)
    if latest is not None and latest.option_id is not None:  # no recommendation: nothing to check on
        plan_checkins(session, workshop)
    if awaits_preview(workshop):
        write_preview(session, workshops, workshop, revised=revised)
    else:
        write_summary(session, workshops, workshop)


def decision_written(session: Session, workshops: WorkshopService, workshop: Workshop) -> bool:
    """Whether the summary (or its preview) is out or on its way; a summary is only ever written
    again for a new decision, never by recovery."""
    if workshop.summary_ts is not None:
        return True
    outbox = Outbox(session, workshops.scope.now)
    return any(outbox.written(workshop, post_key(workshop, key)) for key in (HEAD, PREVIEW))

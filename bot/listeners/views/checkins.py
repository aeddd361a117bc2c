"""Check-in forms: the panel's ratings, and the facilitator's new date for a check-in (checked
before its listener runs, `bot.edge.facilitator_only` with `rescheduled_workshop`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from bot.blocks.checkin import CheckInMeta, closed_view, parse_ratings, parse_reschedule
from bot.blocks.common import slack_date
from bot.blocks.ids import BlockId
from bot.edge.payloads import ViewSubmission
from bot.edge.units import reply_after_commit, unit_of_work
from bot.listeners.actions.checkins import checkins_of, not_open_text
from bot.process.runtime import Runtime
from bot.scheduler.dispatcher import Dispatcher
from bot.services.guards import require_participant
from bot.services.workshops import WorkshopService
from bot.workflows.checkins import everyone_rated, news_thread, write_news
from flows.engine.checkin_report import criteria_for
from storage.models import CheckIn, CheckInStatus, Rating, Workshop


def submit_ratings(
    ack: Ack, body: dict[str, Any], client: WebClient, runtime: Runtime, context: BoltContext
) -> None:
    with unit_of_work(context) as (session, workshops):
        submission = ViewSubmission.parse(body)
        meta = submission.view.metadata(CheckInMeta)
        checkins = checkins_of(workshops)
        checkin = checkins.get(meta.team_id, meta.checkin_id)
        workshop = workshops.get(meta.team_id, checkin.workshop_id)
        person = require_participant(workshop, workshops.participant(workshop.id, submission.user.id))
        if checkin.status is not CheckInStatus.OPEN or checkin.option_id is None:
            ack(response_action="update", view=closed_view(not_open_text(checkin)))
            return
        criteria = criteria_for(workshops.flow_of(workshop), checkin.option_id)
        ratings, errors = parse_ratings(submission.view.state.values, criteria)
        if errors:
            ack(response_action="errors", errors=errors)
            return
        ack()
        checkins.rate(checkin, person, {c: (Rating(rating), note) for c, (rating, note) in ratings.items()})
        if everyone_rated(workshops, checkins, workshop, checkin):
            # The last rating brings the summary forward, to run once the rating has committed; the
            # dispatcher's claim keeps it to one summary however many raters finish at once.
            item_id = checkins.bring_summary_forward(meta.team_id, checkin)
            if item_id is not None:
                dispatcher = Dispatcher.for_runtime(runtime, client)
                reply_after_commit(session, lambda: dispatcher.run_item(item_id))


def submit_reschedule(ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
    with unit_of_work(context) as (session, workshops):
        submission, checkin, workshop = _rescheduled(body, workshops)
        user = submission.user.id
        picked = parse_reschedule(submission.view.state.values)
        now = workshops.scope.now()
        # Same time of day as planned: only the day moves.
        due = datetime.combine(picked, checkin.due_at.timetz()) if picked else None
        if due is None or due <= now:
            ack(response_action="errors", errors={BlockId.CHECKIN_DATE: "Pick a date in the future."})
            return
        ack()
        thread = news_thread(session, workshops, workshop, checkin)
        checkins_of(workshops).reschedule(workshop, checkin, due)
        write_news(
            session,
            workshops,
            workshop,
            checkin,
            thread,
            f"<@{user}> moved the {checkin.months}-month check-in of workshop #{workshop.id} "
            f"to {slack_date(checkin.due_at)}.",
        )


def rescheduled_workshop(body: dict[str, Any], workshops: WorkshopService) -> Workshop:
    """The workshop of the check-in a reschedule form is for."""
    return _rescheduled(body, workshops)[2]


def _rescheduled(
    body: dict[str, Any], workshops: WorkshopService
) -> tuple[ViewSubmission, CheckIn, Workshop]:
    submission = ViewSubmission.parse(body)
    meta = submission.view.metadata(CheckInMeta)
    checkin = checkins_of(workshops).get(meta.team_id, meta.checkin_id)
    return submission, checkin, workshops.get(meta.team_id, checkin.workshop_id)

"""The channel summary: posted once, then updated in place, its thread keeping the history."""

from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.blocks.common import Message
from bot.blocks.notice import notice
from bot.blocks.summary import summary_messages
from bot.blocks.withheld import withheld_notice
from bot.pacing import post_message
from bot.presenters import checkin_dates, workshop_view
from bot.scheduler.planning import plan_checkins
from bot.workflows import claims
from bot.workflows.slack_errors import channel_problem, late_answer
from flows.engine.anonymity import Withheld
from flows.engine.model import Analysis
from storage.models import Workshop
from storage.service import WorkshopService


def summary_for(workshops: WorkshopService, workshop: Workshop) -> tuple[list[Message], int]:
    recommendation = workshops.latest_recommendation(workshop.id)
    if recommendation is None:
        raise LookupError(f"workshop {workshop.id} has no recommendation to publish")
    shown = workshops.shown(workshop, Analysis.model_validate(recommendation.analysis_json))
    if isinstance(shown, Withheld):
        return [withheld_notice(workshop.id)], recommendation.revision
    flow = workshops.flow_of(workshop)
    view = workshop_view(workshop, flow, workshops.workshops.participants(workshop.id))
    return summary_messages(flow, shown, view, checkin_dates(workshop)), recommendation.revision


def publish_summary(
    client: WebClient, session: Session, workshops: WorkshopService, workshop: Workshop
) -> None:
    latest = workshops.latest_recommendation(workshop.id)
    if latest is not None and latest.option_id is not None:  # no recommendation: nothing to check on
        plan_checkins(session, workshop)
    messages, revision = summary_for(workshops, workshop)
    if claims.claim(session, Workshop.summary_ts, workshop.id, now=workshops.now().timestamp()):
        _post_new(client, session, workshop, messages)
    elif workshop.summary_ts is not None and not claims.is_claim(workshop.summary_ts):
        _update_in_place(client, workshop, messages, revision)


def _post_new(client: WebClient, session: Session, workshop: Workshop, messages: list[Message]) -> None:
    """The head, then the rest in its thread, the progress recorded after each; the head's ts takes the
    claim's place only once all are posted. A post cut short resumes where it stopped: after a crash
    by whoever takes the claim over, after a refusal by the next attempt."""
    ts, posted = _progress(session, workshop.id)
    try:
        if ts is None:
            ts, posted = post_message(client, workshop.channel_id, messages[0])["ts"], 1
            _record(session, workshop.id, summary_progress=f"{ts}:{posted}")
        for index in range(posted, len(messages)):
            message = messages[index]
            post_message(client, workshop.channel_id, message, thread_ts=ts if message.in_thread else None)
            _record(session, workshop.id, summary_progress=f"{ts}:{index + 1}")
    except SlackApiError as error:
        claims.settle(session, Workshop.summary_ts, workshop.id, None)
        raise channel_problem(error, workshop.channel_id) from None
    except TimeoutError:
        claims.settle(session, Workshop.summary_ts, workshop.id, None)
        raise late_answer(workshop.channel_id) from None
    claims.settle(session, Workshop.summary_ts, workshop.id, ts, summary_progress=None)
    workshop.summary_ts = ts


def _progress(session: Session, workshop_id: int) -> tuple[str | None, int]:
    """The head's ts and how many messages are posted, as the last attempt left them."""
    recorded = session.scalar(select(Workshop.summary_progress).where(Workshop.id == workshop_id))
    if not recorded:
        return None, 0
    ts, _, count = recorded.rpartition(":")
    return ts, int(count)


def _record(session: Session, workshop_id: int, **values: object) -> None:
    session.execute(update(Workshop).where(Workshop.id == workshop_id).values(**values))
    session.commit()


def _update_in_place(client: WebClient, workshop: Workshop, messages: list[Message], revision: int) -> None:
    head = messages[0]
    client.chat_update(channel=workshop.channel_id, ts=workshop.summary_ts, **head.to_dict())
    change = notice(f"Updated (revision {revision}): {head.text}")
    post_message(client, workshop.channel_id, change, thread_ts=workshop.summary_ts)

"""The channel summary: the verdict post, then in its thread the chart and the evidence; posted
once, then updated in place when the facilitator revisits a decision.

The post and its replies are steps of one series claimed on `summary_ts`: the progress is recorded
after each step, so a post cut short by a crash or a refusal resumes where it stopped and no step is
made twice. When the workshop asks for a preview, nothing goes to the channel before the facilitator
presses "Post to channel" (`bot.workflows.preview`)."""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.blocks.common import Message
from bot.blocks.notice import notice
from bot.blocks.summary import summary_messages
from bot.blocks.viewmodels import SummaryFacts
from bot.blocks.withheld import withheld_notice
from bot.charts.verdict import Chart, verdict_chart
from bot.delivery.pacing import PACER, post_message
from bot.services.disputes import DisputeService
from bot.services.recommendations import RecommendationService
from bot.services.workshops import WorkshopService
from bot.workflows import claims
from bot.workflows.failures import tell_facilitator
from bot.workflows.planning import plan_checkins
from bot.workflows.presenters import checkin_dates, settlements, turnout, workshop_view
from bot.workflows.slack_errors import channel_problem, error_code, late_answer
from flows.engine.anonymity import Withheld
from flows.engine.model import Analysis
from flows.schema import Flow
from storage.models import Workshop

log = logging.getLogger(__name__)

Step = Message | Chart
# Slack's answers to an upload that no retry will change: the thread goes on without the chart and
# the facilitator is told why (an install from before the app asked for files:write, for one).
CHART_REFUSED_FOR_GOOD = frozenset(
    {"missing_scope", "not_allowed_token_type", "invalid_arguments", "unknown_method", "alt_txt_too_large"}
)


def summary_for(workshops: WorkshopService, workshop: Workshop) -> tuple[list[Message], Chart | None, int]:
    """The post and its thread's messages, the chart (None when the result is withheld), and the
    recommendation's revision."""
    flow, shown, revision = _latest(workshops, workshop)
    if isinstance(shown, Withheld):
        return [withheld_notice(workshop.id)], None, revision
    # With nobody present there is no evidence to draw: an even split would look like a finding.
    chart = verdict_chart(flow, shown, workshop.id) if shown.participation.present else None
    return _messages(workshops, workshop, flow, shown), chart, revision


def messages_for(workshops: WorkshopService, workshop: Workshop) -> list[Message]:
    """The post and its thread's messages, without drawing the chart."""
    flow, shown, _ = _latest(workshops, workshop)
    if isinstance(shown, Withheld):
        return [withheld_notice(workshop.id)]
    return _messages(workshops, workshop, flow, shown)


def _latest(workshops: WorkshopService, workshop: Workshop) -> tuple[Flow, Analysis | Withheld, int]:
    """The latest recommendation's analysis as it may be shown (the anonymity gate applied)."""
    recommendations = RecommendationService(workshops.scope)
    recommendation = recommendations.latest_recommendation(workshop.id)
    if recommendation is None:
        raise LookupError(f"workshop {workshop.id} has no recommendation to publish")
    shown = recommendations.shown(workshop, Analysis.model_validate(recommendation.analysis_json))
    return workshops.flow_of(workshop), shown, recommendation.revision


def _messages(
    workshops: WorkshopService, workshop: Workshop, flow: Flow, analysis: Analysis
) -> list[Message]:
    participants = workshops.participants(workshop.id)
    facts = SummaryFacts(
        workshop=workshop_view(workshop, flow, participants),
        turnout=turnout(participants),
        settlements=settlements(flow, DisputeService(workshops.scope).disputes(workshop.id)),
        checkin_dates=tuple(checkin_dates(workshop)),
    )
    return summary_messages(flow, analysis, facts)


def publish_summary(
    client: WebClient,
    session: Session,
    workshops: WorkshopService,
    workshop: Workshop,
    *,
    revised: bool = False,
) -> None:
    """Post the summary, or update the one posted; while the facilitator has yet to approve it, send
    (or with `revised`, a decision revisited, update) their preview instead."""
    latest = RecommendationService(workshops.scope).latest_recommendation(workshop.id)
    if latest is not None and latest.option_id is not None:  # no recommendation: nothing to check on
        plan_checkins(session, workshop)
    if awaits_preview(workshop):
        from bot.workflows.preview import send_preview  # the preview posts the summary in its turn

        send_preview(client, session, workshops, workshop, revised=revised)
        return
    messages, chart, revision = summary_for(workshops, workshop)
    if claims.claim(session, Workshop.summary_ts, workshop.id, now=workshops.scope.now().timestamp()):
        chart_step: list[Step] = [chart] if chart is not None else []
        _post_new(client, session, workshop, [messages[0], *chart_step, *messages[1:]])
    elif workshop.summary_ts is not None and not claims.is_claim(workshop.summary_ts):
        _update_in_place(client, session, workshop, messages, chart, revision)


def awaits_preview(workshop: Workshop) -> bool:
    """The facilitator has yet to let the channel see it: asked for a preview, not approved, and
    nothing posted (a summary already out is updated directly)."""
    return bool(workshop.preview) and workshop.preview_approved_at is None and workshop.summary_ts is None


def _post_new(client: WebClient, session: Session, workshop: Workshop, steps: list[Step]) -> None:
    """The head, then the rest in its thread, the progress recorded after each; the head's ts takes the
    claim's place only once all are posted. A post cut short resumes where it stopped: after a crash
    by whoever takes the claim over, after a refusal by the next attempt."""
    ts, done = _progress(session, workshop.id)
    try:
        if ts is None:
            head = steps[0]
            assert isinstance(head, Message)
            ts, done = post_message(client, workshop.channel_id, head)["ts"], 1
            _record(session, workshop.id, summary_progress=f"{ts}:{done}", summary_parts=[])
        for index in range(done, len(steps)):
            step = steps[index]
            if isinstance(step, Chart):
                _upload_chart(client, workshop, step, ts)
                _record(session, workshop.id, summary_progress=f"{ts}:{index + 1}")
                continue
            reply = post_message(client, workshop.channel_id, step, thread_ts=ts)["ts"]
            parts = _parts(session, workshop.id) or []
            _record(session, workshop.id, summary_progress=f"{ts}:{index + 1}", summary_parts=[*parts, reply])
    except SlackApiError as error:
        claims.settle(session, Workshop.summary_ts, workshop.id, None)
        raise channel_problem(error, workshop.channel_id) from None
    except (TimeoutError, SlackRequestError):
        claims.settle(session, Workshop.summary_ts, workshop.id, None)
        raise late_answer(workshop.channel_id) from None
    claims.settle(session, Workshop.summary_ts, workshop.id, ts, summary_progress=None)
    workshop.summary_ts = ts


def _upload_chart(client: WebClient, workshop: Workshop, chart: Chart, thread_ts: str) -> None:
    """The chart as a reply in the thread. Refused for good, the thread goes on without it and the
    facilitator is told; a passing refusal stops the series, to resume at the chart."""
    PACER.wait(workshop.channel_id)
    try:
        client.files_upload_v2(
            channel=workshop.channel_id,
            thread_ts=thread_ts,
            content=chart.png,
            filename=chart.filename,
            title=chart.title,
            alt_txt=chart.alt_text,
        )
    except SlackApiError as error:
        code = error_code(error)
        if code not in CHART_REFUSED_FOR_GOOD:
            raise
        log.warning("The chart of workshop %s was refused: %s", workshop.id, code)
        tell_facilitator(
            client,
            workshop.facilitator_id,
            workshop.id,
            "uploading the recommendation's chart",
            f"Slack answered {code}; the summary is posted without it"
            + (" (reinstall the app so it may upload files)" if code == "missing_scope" else ""),
        )


def _progress(session: Session, workshop_id: int) -> tuple[str | None, int]:
    """The head's ts and how many steps are done, as the last attempt left them."""
    recorded = session.scalar(select(Workshop.summary_progress).where(Workshop.id == workshop_id))
    if not recorded:
        return None, 0
    ts, _, count = recorded.rpartition(":")
    return ts, int(count)


def _parts(session: Session, workshop_id: int) -> list[str] | None:
    """The thread replies' ts; None for a summary posted before they were kept."""
    parts = session.scalar(select(Workshop.summary_parts).where(Workshop.id == workshop_id))
    return None if parts is None else list(parts)


def _record(session: Session, workshop_id: int, **values: object) -> None:
    session.execute(update(Workshop).where(Workshop.id == workshop_id).values(**values))
    session.commit()


def _update_in_place(
    client: WebClient,
    session: Session,
    workshop: Workshop,
    messages: list[Message],
    chart: Chart | None,
    revision: int,
) -> None:
    """The post and each thread reply edited where they are; a longer thread gets the extra replies,
    a shorter one marks the replies it no longer needs. The new chart follows with the notice."""
    channel, head_ts = workshop.channel_id, workshop.summary_ts
    assert head_ts is not None
    head, thread = messages[0], messages[1:]
    client.chat_update(channel=channel, ts=head_ts, **head.to_dict())
    parts = _parts(session, workshop.id)
    if parts is not None:  # posted by a version that kept its replies' ts
        for index, message in enumerate(thread):
            if index < len(parts):
                client.chat_update(channel=channel, ts=parts[index], **message.to_dict())
            else:
                parts.append(post_message(client, channel, message, thread_ts=head_ts)["ts"])
                _record(session, workshop.id, summary_parts=parts)
        for ts in parts[len(thread) :]:
            client.chat_update(
                channel=channel, ts=ts, **notice("(No longer needed after a revision.)").to_dict()
            )
    chart_note = " The chart below shows the new result." if chart is not None else ""
    change = notice(f"Updated (revision {revision}): {head.text}.{chart_note}")
    post_message(client, channel, change, thread_ts=head_ts)
    if chart is not None:
        _upload_chart(client, workshop, chart, head_ts)

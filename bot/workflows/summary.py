"""The channel summary: the verdict post, then in its thread the chart and the evidence; posted
once, then updated in place when the facilitator revisits a decision.

Everything is written to the outbox (`bot.delivery.outbox`) in the transaction that decided it, as
a series: the head, then each reply in its thread in order. Each thread message has a slot, made by
the post keyed `summary-reply-<n>`; a revision edits the slots it still needs, adds the ones it
lacks, and marks the rest no longer needed. The head's ts lands in `summary_ts` once it is out, and
a follow-up then links the invitations and App Homes to it. When the workshop asks for a preview,
nothing goes to the channel before the facilitator presses "Post to channel" (`bot.workflows.preview`)."""

from __future__ import annotations

import logging

from sqlalchemy.orm import Session

from bot.blocks.common import Message
from bot.blocks.notice import notice, revisit_prompt
from bot.blocks.summary import summary_messages
from bot.blocks.viewmodels import SummaryFacts
from bot.blocks.withheld import withheld_notice
from bot.charts.verdict import Chart, verdict_chart
from bot.delivery.outbox import Outbox, post_key
from bot.services.disputes import DisputeService
from bot.services.recommendations import RecommendationService
from bot.services.workshops import WorkshopService
from bot.workflows.presenters import checkin_dates, settlements, turnout, workshop_view
from bot.workflows.surfaces import refresh_surfaces
from flows.engine.anonymity import Withheld
from flows.engine.model import Analysis
from flows.schema import Flow
from storage.models import Workshop

log = logging.getLogger(__name__)

HEAD = "summary-head"
SLOT = "summary-reply-"
WHAT_HEAD = "the recommendation's post in the channel"
WHAT_CHART = "uploading the recommendation's chart (the summary is posted without it)"


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


def write_summary(session: Session, workshops: WorkshopService, workshop: Workshop) -> None:
    """In the transaction that decides (or approves) it: the summary's posts, or the edits of the one
    written before. `bot.workflows.decision` says whether it is the summary's turn or the preview's."""
    outbox = Outbox(session, workshops.scope.now)
    messages, chart, revision = summary_for(workshops, workshop)
    if workshop.summary_ts is None and not outbox.written(workshop, post_key(workshop, HEAD)):
        last = _write_new(outbox, workshop, messages, chart)
    else:
        last = _write_revision(outbox, workshop, messages, chart, revision)
    # Once out, the invitations and App Homes link to it: that needs the posted message's ts.
    refresh_surfaces(session, workshops, workshop, f"summary-r{revision}", after=last)


def write_revisit_prompt(
    session: Session, workshops: WorkshopService, workshop: Workshop, user_id: str
) -> None:
    """To whoever settled it: the recommendation is out, and how to revisit a decision."""
    moment = workshops.scope.now().timestamp()
    key = post_key(workshop, f"revisit-prompt-{moment:.6f}")  # each settling gets its own note
    prompt = revisit_prompt(workshop.id, workshop.channel_id)
    Outbox(session, workshops.scope.now).post(workshop, key, user_id, prompt, "the note on how to revisit")


def awaits_preview(workshop: Workshop) -> bool:
    """The facilitator has yet to let the channel see it: asked for a preview, and not approved."""
    return bool(workshop.preview) and workshop.preview_approved_at is None and workshop.summary_ts is None


def _write_new(outbox: Outbox, workshop: Workshop, messages: list[Message], chart: Chart | None) -> str:
    """The head, the chart and the replies in its thread, each after the one before; returns the
    last key."""
    channel, head = workshop.channel_id, post_key(workshop, HEAD)
    outbox.post(workshop, head, channel, messages[0], WHAT_HEAD, ts_into=("workshop.summary_ts", workshop.id))
    last = head
    if chart is not None:
        key = post_key(workshop, "summary-chart")
        outbox.upload(workshop, key, channel, chart, WHAT_CHART, after=last, thread_of=head)
        last = key
    for index, message in enumerate(messages[1:]):
        key = post_key(workshop, f"{SLOT}{index}")
        outbox.post(
            workshop,
            key,
            channel,
            message,
            "a reply in the recommendation's thread",
            after=last,
            thread_of=head,
        )
        last = key
    return last


def _write_revision(
    outbox: Outbox, workshop: Workshop, messages: list[Message], chart: Chart | None, revision: int
) -> str:
    """The head and each slot edited where they are, the slots a longer thread lacks added, the ones
    a shorter thread no longer needs marked so; then the notice and the new chart. Returns the last key."""
    channel, head = workshop.channel_id, post_key(workshop, HEAD)
    # A summary posted by a version before the outbox is known by its columns; since, by its posts.
    legacy = not outbox.written(workshop, head)
    head_ts = workshop.summary_ts if legacy else None
    parts: list[str] | None = list(workshop.summary_parts or []) if legacy else None
    slots = len(parts) if parts is not None else outbox.count_written(workshop, post_key(workshop, SLOT))
    thread = {"thread_ts": head_ts} if legacy else {"thread_of": head}
    prefix = f"summary-r{revision}-"
    last = post_key(workshop, f"{prefix}head")
    outbox.update(workshop, last, channel, messages[0], WHAT_HEAD, ts=head_ts, ts_of=None if legacy else head)
    thread_messages = messages[1:]
    if not legacy or workshop.summary_parts is not None:  # else posted by a version that kept no replies' ts
        for index in range(max(slots, len(thread_messages))):
            key = post_key(workshop, f"{prefix}{index}")
            slot = post_key(workshop, f"{SLOT}{index}")
            if index >= slots:  # a slot the thread lacks: made now, with the slot's own key
                message = thread_messages[index]
                outbox.post(
                    workshop,
                    slot,
                    channel,
                    message,
                    "a reply in the recommendation's thread",
                    after=last,
                    **thread,
                )
                last = slot
                continue
            message = (
                thread_messages[index]
                if index < len(thread_messages)
                else notice("(No longer needed after a revision.)")
            )
            located = {"ts": parts[index]} if parts is not None else {"ts_of": slot}
            outbox.update(
                workshop,
                key,
                channel,
                message,
                "an edit in the recommendation's thread",
                after=last,
                **located,
            )
            last = key
    chart_note = " The chart below shows the new result." if chart is not None else ""
    change = notice(f"Updated (revision {revision}): {messages[0].text}.{chart_note}")
    key = post_key(workshop, f"{prefix}notice")
    outbox.post(workshop, key, channel, change, "the recommendation's revision notice", after=last, **thread)
    last = key
    if chart is not None:
        key = post_key(workshop, f"{prefix}chart")
        outbox.upload(workshop, key, channel, chart, WHAT_CHART, after=last, **thread)
        last = key
    return last

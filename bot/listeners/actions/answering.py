"""Buttons and inputs around answering: open the form, decline, refresh a form as answers change."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient
from slack_sdk.models.views import View

from bot.blocks.answer_modal import (
    answer_modal_dict,
    parse_answer_submission,
    parse_section_reason,
    round_closed_view,
    section_reason,
)
from bot.blocks.invite import invite_dm_done
from bot.blocks.metadata import AnswerMeta
from bot.blocks.round2 import round2_modal, round2_not_yours_view
from bot.edge.payloads import BlockAction
from bot.edge.units import ack_after_commit, afterwards, reply_after_commit, unit_of_work
from bot.services.answers import AnswerService
from bot.services.guards import require_participant
from bot.workflows.announcement import count_changed
from bot.workflows.answers import first_section_to_answer, valid_answers
from bot.workflows.disputes import disputed_results
from bot.workflows.presenters import participant_view, workshop_view
from bot.workflows.rounds import after_answering
from flows.engine import sections_for
from storage.models import WorkshopStatus


def open_answers(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    """The invitation's "Answer now", a reminder's "Continue", or App Home's: whichever round is open."""
    with unit_of_work(context) as (_, workshops):
        ack()
        action = BlockAction.parse(body)
        team_id = action.team.id if action.team else ""
        workshop = workshops.get(team_id, action.action.workshop_id())
        participant = require_participant(workshop, workshops.participant(workshop.id, action.user.id))
        flow = workshops.flow_of(workshop)
        answering = AnswerService(workshops.scope)
        meta = AnswerMeta(workshop_id=workshop.id, team_id=team_id)
        view: View | dict[str, Any]
        if workshop.status is WorkshopStatus.ROUND2:
            asked = answering.round2_questions(workshop, participant.id)
            own = answering.current_answers(workshop.id, participant.id, 1)
            own |= answering.current_answers(workshop.id, participant.id, 2)
            results = [r for r in disputed_results(workshops, workshop) if r.question_id in asked]
            if results:
                view = round2_modal(flow, results, own, meta.model_copy(update={"round": 2}))
            else:
                view = round2_not_yours_view()
        elif workshop.status is WorkshopStatus.COLLECTING:
            answers = answering.current_answers(workshop.id, participant.id, 1)
            index = first_section_to_answer(flow, answers)
            meta = meta.model_copy(update={"section_index": index})
            reasons = answering.current_rationales(workshop.id, participant.id, 1) if answers else {}
            reason = section_reason(flow.sections[index], reasons)
            view = answer_modal_dict(flow, index, sections_for(flow, answers), answers, meta, reason)
        else:
            participants = workshops.participants(workshop.id)
            view = round_closed_view(workshop_view(workshop, flow, participants))
        client.views_open(trigger_id=action.trigger_id, view=view)


def decline(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    with unit_of_work(context) as (session, workshops):
        action = BlockAction.parse(body)
        team_id = action.team.id if action.team else ""
        workshop = workshops.get(team_id, action.action.workshop_id())
        AnswerService(workshops.scope).decline(team_id, workshop.id, action.user.id)
        count_changed(session, workshops, workshop)
        # Only once stored: an instance that dies first leaves the click unanswered, never silently lost.
        ack_after_commit(session, ack)
        participants = workshops.participants(workshop.id)
        me = next(p for p in participants if p.user_id == action.user.id)
        channel, ts = action.container.channel_id, action.container.message_ts
        if channel and ts:
            view = workshop_view(workshop, workshops.flow_of(workshop), participants)
            done = invite_dm_done(view, participant_view(me), "declined").to_dict()
            # The message they clicked, which need not be the invitation (a reminder offers it too).
            reply_after_commit(session, lambda: client.chat_update(channel=channel, ts=ts, **done))
        people = [action.user.id, workshop.facilitator_id]
        where = (workshop.team_id, workshop.id)
        # Looked at once this has committed, so two last answers side by side cannot miss each other.
        afterwards(
            context,
            session,
            lambda later, services: after_answering(client, later, services, where, 1, people),
        )


def refresh_answer_modal(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    """An answer that later questions depend on changed: show or hide them in the open form."""
    with unit_of_work(context) as (_, workshops):
        ack()
        action = BlockAction.parse(body)
        if action.view is None:
            return
        meta = action.view.metadata(AnswerMeta)
        if meta.round != 1:
            return
        workshop = workshops.get(meta.team_id, meta.workshop_id)
        participant = require_participant(workshop, workshops.participant(workshop.id, action.user.id))
        flow = workshops.flow_of(workshop)
        current = flow.sections[meta.section_index]
        typed = parse_answer_submission(action.view.state.values, flow, current)
        answering = AnswerService(workshops.scope)
        answers = answering.current_answers(workshop.id, participant.id, 1) | valid_answers(flow, typed)
        # What was typed in the reason box stays in it as the form changes around it.
        reason = parse_section_reason(action.view.state.values, current)
        view = answer_modal_dict(flow, meta.section_index, sections_for(flow, answers), answers, meta, reason)
        client.views_update(view_id=action.view.id, hash=action.view.hash, view=view)

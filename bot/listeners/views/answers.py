"""Round-1 answer forms: each section saved as it is submitted (or closed), then the next one."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient
from sqlalchemy.exc import DBAPIError

from bot.blocks.answer_modal import (
    answer_form_problems,
    answer_modal_dict,
    parse_answer_submission,
    parse_section_reason,
    reason_per_question,
    round_closed_view,
    section_reason,
    view_errors,
)
from bot.blocks.ids import Prefix, keyed
from bot.blocks.metadata import AnswerMeta
from bot.blocks.unsaved import unsaved_dm
from bot.delivery.pacing import post_message
from bot.edge.payloads import ViewClosed, ViewSubmission
from bot.edge.units import ack_after_commit, afterwards, unit_of_work
from bot.services.answers import AnswerService
from bot.workflows.announcement import count_changed
from bot.workflows.answers import answer_errors, not_saved_errors, valid_answers
from bot.workflows.invitations import mark_invitation_done
from bot.workflows.presenters import workshop_view
from bot.workflows.rounds import after_answering
from flows.engine import next_section_index, sections_for
from flows.errors import WrongState
from storage.models import ParticipantStatus

log = logging.getLogger(__name__)


def submit_section(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    with unit_of_work(context) as (session, workshops):
        submission = ViewSubmission.parse(body)
        meta = submission.view.metadata(AnswerMeta)
        workshop = workshops.get(meta.team_id, meta.workshop_id)
        flow = workshops.flow_of(workshop)
        user_id = submission.user.id
        section = flow.sections[meta.section_index]
        raw = parse_answer_submission(submission.view.state.values, flow, section)
        reasons = reason_per_question(
            section, raw, parse_section_reason(submission.view.state.values, section)
        )
        errors = answer_errors(flow, raw) | answer_form_problems(submission.view.state.values, flow, section)
        if errors:
            ack(response_action="errors", errors=view_errors(errors))
            return
        try:
            recorded = AnswerService(workshops.scope).record(workshop, user_id, raw, rationales=reasons)
            if recorded.participant.status is ParticipantStatus.ANSWERED:
                count_changed(session, workshops, workshop)
            session.flush()  # what the database refuses, refused here, while the form can still say so
        except WrongState:
            session.rollback()
            participants = workshops.participants(workshop.id)
            ack(response_action="update", view=round_closed_view(workshop_view(workshop, flow, participants)))
            return
        except DBAPIError as error:
            session.rollback()
            # The error's own text quotes the values and ids: only its kind is logged.
            log.warning("Answers to workshop %s were not stored: %s", workshop.id, type(error.orig).__name__)
            ack(response_action="errors", errors=not_saved_errors(keyed(Prefix.QUESTION, q) for q in raw))
            return
        participant, answers = recorded.participant, recorded.answers
        following = next_section_index(flow, answers, meta.section_index)
        if following is not None:
            meta = meta.model_copy(update={"section_index": following})
            # Assembled from cached dicts: slack-sdk's to_dict() re-validates every block on every request.
            reason = section_reason(flow.sections[following], recorded.rationales)
            view = answer_modal_dict(flow, following, sections_for(flow, answers), answers, meta, reason)
            ack_after_commit(session, ack, response_action="update", view=view)
            return
        if participant.status is ParticipantStatus.ANSWERED:
            mark_invitation_done(session, workshops, workshop, participant, "answered")
        ack_after_commit(session, ack)
        people = [user_id, workshop.facilitator_id]
        where = (workshop.team_id, workshop.id)
        # Looked at once this has committed, so two last answers side by side cannot miss each other.
        afterwards(
            context,
            session,
            lambda later, services: after_answering(client, later, services, where, 1, people),
        )


def save_closed_section(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    """ "Save and close": keep what was typed that is valid; the rest waits for the next visit.

    Acknowledged only once stored: an instance that dies first leaves the request unanswered, so it
    is sent again rather than silently lost, and whoever acts next (the facilitator closing the
    round) finds the answers already in."""
    with unit_of_work(context) as (session, workshops):
        closed = ViewClosed.parse(body)
        meta = closed.view.metadata(AnswerMeta)
        workshop = workshops.get(meta.team_id, meta.workshop_id)
        flow = workshops.flow_of(workshop)
        current = flow.sections[meta.section_index]
        typed = parse_answer_submission(closed.view.state.values, flow, current)
        answers = valid_answers(flow, typed)
        if answers:
            try:
                reason = parse_section_reason(closed.view.state.values, current)
                rationales = reason_per_question(current, answers, reason)
                AnswerService(workshops.scope).record(
                    workshop, closed.user.id, answers, rationales=rationales
                )
                session.flush()
            except DBAPIError as error:
                session.rollback()
                log.warning(
                    "Answers to workshop %s were not stored: %s", workshop.id, type(error.orig).__name__
                )
                ack()
                # The form is gone: their own words go back to them in a DM, so nothing typed is lost.
                texts = {q: v for q, v in answers.items() if isinstance(v, str) and v.strip()}
                for message in unsaved_dm(workshop.id, flow, texts):
                    post_message(client, closed.user.id, message)
                return
        ack()

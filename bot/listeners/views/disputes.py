"""Round-2 reviews and the facilitator's settlements (only the facilitator's or a workspace admin's
reach their listener: `bot.edge.facilitator_only` with `settled_workshop`)."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient
from sqlalchemy.exc import DBAPIError

from bot.blocks.elements import view_errors
from bot.blocks.facilitator import parse_decisions
from bot.blocks.ids import Prefix, keyed
from bot.blocks.metadata import AnswerMeta, FacilitatorMeta
from bot.blocks.round2 import parse_round2_submission
from bot.edge.facilitator_only import acting_as_admin
from bot.edge.payloads import ViewSubmission
from bot.edge.units import ack_after_commit, afterwards, unit_of_work
from bot.services.answers import AnswerService
from bot.services.disputes import DisputeService
from bot.services.workshops import WorkshopService
from bot.workflows.announcement import count_changed
from bot.workflows.answers import answer_errors, not_saved_errors
from bot.workflows.decision import write_decision
from bot.workflows.rounds import after_answering
from bot.workflows.summary import awaits_preview, write_revisit_prompt
from flows.engine import parse_answer
from flows.engine.model import AnswerValue
from flows.errors import WrongState
from flows.schema import Flow
from storage.models import Workshop, WorkshopStatus

log = logging.getLogger(__name__)
# A settlement is taken once round 2 has closed; after the decision it revises it.
SETTLEABLE = (WorkshopStatus.DECIDING, WorkshopStatus.DECIDED)


def submit_round2(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    with unit_of_work(context) as (session, workshops):
        submission = ViewSubmission.parse(body)
        meta = submission.view.metadata(AnswerMeta)
        workshop = workshops.get(meta.team_id, meta.workshop_id)
        flow = workshops.flow_of(workshop)
        user_id = submission.user.id
        raw, reasons = parse_round2_submission(submission.view.state.values, flow)
        errors = view_errors(answer_errors(flow, raw))
        answering = AnswerService(workshops.scope)
        participant = workshops.participant(workshop.id, user_id)
        round1 = answering.current_answers(workshop.id, participant.id, 1) if participant else {}
        for question_id, value in raw.items():
            revised = keyed(Prefix.QUESTION, question_id) not in errors and _changed(
                flow, question_id, value, round1
            )
            if revised and question_id not in reasons:
                errors[keyed(Prefix.REASON, question_id)] = "You changed your answer: say why in a sentence."
        if errors:
            ack(response_action="errors", errors=errors)
            return
        # Every reviewed question is recorded in round 2, kept or revised, so "everyone reviewed" is knowable.
        try:
            answering.record_answers(meta.team_id, workshop.id, user_id, raw, round=2, rationales=reasons)
            count_changed(session, workshops, workshop)
            session.flush()  # what the database refuses, refused here, while the form can still say so
        except DBAPIError as error:
            session.rollback()
            # The error's own text quotes the values and ids: only its kind is logged.
            log.warning(
                "A round-2 review of workshop %s was not stored: %s", workshop.id, type(error.orig).__name__
            )
            blocks = [keyed(Prefix.REASON, q) for q in reasons] or [keyed(Prefix.QUESTION, q) for q in raw]
            ack(response_action="errors", errors=not_saved_errors(blocks))
            return
        ack_after_commit(session, ack)
        people = [user_id, workshop.facilitator_id]
        where = (workshop.team_id, workshop.id)
        # Looked at once this has committed, so two last answers side by side cannot miss each other.
        afterwards(
            context,
            session,
            lambda later, services: after_answering(client, later, services, where, 2, people),
        )


def submit_settlement(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    with unit_of_work(context) as (session, workshops):
        submission, meta, workshop = _settlement(body, workshops)
        user, admin = submission.user.id, acting_as_admin(context)
        if workshop.status not in SETTLEABLE:
            raise WrongState(
                f"Workshop #{workshop.id} has no disputes waiting to be settled.",
                "`/hiring status` shows where it stands.",
            )
        flow = workshops.flow_of(workshop)
        choices, errors = parse_decisions(submission.view.state.values, flow)
        raw_answers = {c.question_id: c.raw for c in choices if c.raw is not None}
        errors |= view_errors(answer_errors(flow, raw_answers))
        if errors:
            ack(response_action="errors", errors=errors)
            return
        ack()
        disputes = DisputeService(workshops.scope)
        for choice in choices:
            disputes.decide(
                meta.team_id,
                workshop.id,
                choice.question_id,
                choice.raw,
                choice.rationale,
                by_user=user,
                is_admin=admin,
            )
        revised = workshop.status is WorkshopStatus.DECIDED
        if workshop.status is WorkshopStatus.DECIDING:
            disputes.finish(meta.team_id, workshop.id, by_user=user, is_admin=admin)
            count_changed(session, workshops, workshop)
        decided = workshops.get(meta.team_id, workshop.id)
        # The summary (or the preview), the links to it and the prompt all go out after the one commit.
        write_decision(session, workshops, decided, revised=revised)
        if not awaits_preview(decided):  # else the preview's "Post to channel" says where it went
            write_revisit_prompt(session, workshops, decided, user)


def settled_workshop(body: dict[str, Any], workshops: WorkshopService) -> Workshop:
    """The workshop a settle form is for."""
    return _settlement(body, workshops)[2]


def _settlement(
    body: dict[str, Any], workshops: WorkshopService
) -> tuple[ViewSubmission, FacilitatorMeta, Workshop]:
    submission = ViewSubmission.parse(body)
    meta = submission.view.metadata(FacilitatorMeta)
    return submission, meta, workshops.get(meta.team_id, meta.workshop_id)


def _changed(flow: Flow, question_id: str, value: object, round1: Mapping[str, AnswerValue]) -> bool:
    """A revision of a round-1 answer; a first answer to a question skipped in round 1 is not one."""
    if question_id not in round1:
        return False
    return parse_answer(flow.question(question_id), value) != round1[question_id]

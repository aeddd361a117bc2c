"""What closing a round posts: written to the outbox in the round-closing transaction
(`bot.delivery.outbox`), so the round never closes without its news being due, and each post goes
out once across retries, instances and crashes. Everything is built from what the closing
transaction stores (the disputes and the answers), so what is posted is what was decided.

The channel's notice comes before the round-2 DMs, and "who answered what" goes to the facilitator
as a series in order. A post Slack refuses for a while is tried again with growing waits; one it
refuses for good, or that timed out and so may have gone out, is told to the facilitator once.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot.blocks.common import Message
from bot.blocks.named import named_answers
from bot.blocks.notice import facilitator_prompt, notice
from bot.blocks.round2 import round2_dm, round2_not_yours_dm
from bot.blocks.viewmodels import WorkshopView
from bot.delivery.outbox import Outbox, post_key
from bot.services.answers import AnswerService
from bot.services.disputes import DisputeService
from bot.services.workshops import WorkshopService
from bot.workflows.presenters import workshop_view
from flows.kinds.registry import plugin_for
from storage.models import DisputeStatus, Participant, ParticipantStatus, Workshop, WorkshopStatus


def write_round_news(
    session: Session, workshops: WorkshopService, workshop: Workshop, round_closed: int
) -> None:
    """In the round-closing transaction: the notices, round 2's DMs, the facilitator's prompt and,
    when the workshop is not anonymous, who answered what."""
    outbox = Outbox(session, workshops.scope.now)
    disputes = DisputeService(workshops.scope).disputes(workshop.id)
    participants = workshops.participants(workshop.id)
    view = workshop_view(workshop, workshops.flow_of(workshop), participants)
    # Round 1's disputes are all there are; those round 2 did not settle stayed open.
    disputed = [d.question_id for d in disputes]
    still_open = [d.question_id for d in disputes if d.status is not DisputeStatus.REVISED]
    if workshop.status is WorkshopStatus.ROUND2:
        notice_key = post_key(workshop, "round1-notice")
        outbox.post(
            workshop,
            notice_key,
            workshop.channel_id,
            _round1_notice(workshop, len(disputed)),
            "the channel's notice that round 2 began",
        )
        for person in participants:
            if person.status is ParticipantStatus.DECLINED or person.dm_channel_id is None:
                continue
            outbox.post(
                workshop,
                post_key(workshop, f"round2-dm-p{person.id}"),
                person.dm_channel_id,
                _round2_message(workshops, workshop, view, person, len(disputed)),
                f"the round-2 message to <@{person.user_id}>",
                ts_into=("participant.round2_dm_ts", person.id),
            )
    elif workshop.status is WorkshopStatus.DECIDING:
        outbox.post(
            workshop,
            post_key(workshop, "round2-notice"),
            workshop.channel_id,
            _round2_notice(workshop, len(still_open)),
            "the channel's notice that round 2 closed",
        )
        outbox.post(
            workshop,
            post_key(workshop, "settle-prompt"),
            workshop.facilitator_id,
            facilitator_prompt(view, len(still_open)),
            "your prompt to settle the open disputes",
        )
    if not workshop.anonymous:
        asked = disputed if round_closed == 1 else still_open
        earlier = None
        for index, message in enumerate(_who_said_what(workshops, workshop, round_closed, asked)):
            key = post_key(workshop, f"round{round_closed}-named-{index}")
            outbox.post(workshop, key, workshop.facilitator_id, message, "who answered what", after=earlier)
            earlier = key


def _round2_message(
    workshops: WorkshopService, workshop: Workshop, view: WorkshopView, person: Participant, disputed: int
) -> Message:
    """The invitation to round 2, or, for someone it asks nothing of, a kind word why not."""
    if not AnswerService(workshops.scope).round2_questions(workshop, person.id):
        return round2_not_yours_dm(view)
    return round2_dm(view, disputed, workshop.round2_deadline or workshops.scope.now())


def _round1_notice(workshop: Workshop, disputed: int) -> Message:
    return notice(
        f"Round 1 of workshop #{workshop.id} is closed. The panel disagreed on {disputed} "
        f"question{'s' if disputed != 1 else ''}; everyone now reviews them anonymously in round 2."
    )


def _round2_notice(workshop: Workshop, still_open: int) -> Message:
    one = still_open == 1
    return notice(
        f"Round 2 of workshop #{workshop.id} is closed. {still_open} "
        f"{'question is' if one else 'questions are'} still disputed; the facilitator "
        f"<@{workshop.facilitator_id}> will settle {'it' if one else 'them'} before the recommendation "
        "is posted."
    )


def _who_said_what(
    workshops: WorkshopService, workshop: Workshop, round_closed: int, disputed: list[str]
) -> list[Message]:
    flow = workshops.flow_of(workshop)
    answering = AnswerService(workshops.scope)
    asked = list(disputed)
    if round_closed == 1:
        asked += [q.id for q in flow.questions if plugin_for(q.kind).own_words]
    answers = {
        p.user_id: answering.current_answers(workshop.id, p.id, 1)
        | answering.current_answers(workshop.id, p.id, round_closed)
        for p in workshops.participants(workshop.id)
    }
    return named_answers(flow, workshop.id, asked, answers, round_closed)

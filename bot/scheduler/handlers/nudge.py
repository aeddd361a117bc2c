"""A nudge: a DM to one person who has not finished the open round, in their working hours, written
to the outbox in the transaction that claims the cooldown and settles the nudge."""

from __future__ import annotations

from slack_sdk.errors import SlackApiError
from sqlalchemy import and_, bindparam, select

from bot.blocks.common import Message
from bot.blocks.viewmodels import WorkshopView
from bot.delivery.outbox import Outbox
from bot.scheduler.handlers.reminder_cache import Reminder, rendered
from bot.scheduler.jobs import Defer, Done, Job, Result
from bot.services.answers import AnswerService
from bot.services.disputes import DisputeService
from bot.services.guards import ANSWERING_STATUS
from bot.services.round_rules import round2_asks
from bot.services.working_hours import send_window, zone_of
from bot.workflows.failures import DEACTIVATED, slack_code
from bot.workflows.presenters import workshop_view
from bot.workflows.refusals import DEACTIVATED_MARK, reminder_refused
from bot.workflows.reminders import write_reminder
from flows.engine import visible_questions
from storage.models import DisputeStatus, Participant, ParticipantStatus, Workshop
from storage.repositories import ReminderRepository

WRITTEN = "written"  # the reminder is in the outbox

# The workshop (within the item's team) and the person, in one query built once: with the reminder
# built once per workshop, a nudge to someone who has not started reads nothing else.
_WORKSHOP_AND_PERSON = (
    select(Workshop, Participant)
    .outerjoin(
        Participant,
        and_(Participant.workshop_id == Workshop.id, Participant.id == bindparam("participant_id")),
    )
    .where(Workshop.id == bindparam("workshop_id"), Workshop.team_id == bindparam("team_id"))
)


def send_nudge(job: Job) -> Result:
    if job.has(WRITTEN):
        return Done("written")
    workshop, participant = _load(job)
    round = int(job.payload["round"])
    if workshop.status is not ANSWERING_STATUS.get(round):
        return Done(f"skipped: round {round} is closed")
    deadline = workshop.round2_deadline if round == 2 and workshop.round2_deadline else workshop.deadline
    if job.now >= deadline:
        return Done("skipped: the deadline has passed")  # its own item closes the round next
    if participant is None:
        return Done("skipped: no longer invited")
    answered, total = _progress(job, workshop, participant, round)
    if _finished(participant, round, answered, total):
        return Done("skipped: already answered or declined")
    if participant.dm_channel_id is None:
        return Done("skipped: the invitation never reached them")
    if participant.delivery_error == DEACTIVATED_MARK:
        return Done("skipped: their account is deactivated")
    if participant.timezone is None and not _look_up(job, participant):
        return _deactivated(job, workshop, participant)
    moment = send_window(job.now, deadline, zone_of(participant.timezone))
    if moment is None:
        return Done("skipped: no working hours left before the deadline")
    if moment > job.now:
        return Defer(moment, "waiting for their working hours")
    now = job.workshops.scope.now()
    if not ReminderRepository(job.session).claim(
        participant.id, now, job.workshops.scope.privacy.reminder_cooldown
    ):
        return Done("skipped: reminded within the cooldown")
    outbox = Outbox(job.session, job.workshops.scope.now)
    write_reminder(outbox, workshop, participant, _reminder(job, workshop, answered, total), now)
    return Done("written late" if job.late else "written", recorded={WRITTEN: True})


def _load(job: Job) -> tuple[Workshop, Participant | None]:
    """The item's workshop, and the person if they are still one of its participants."""
    if job.item.workshop_id is None:
        return job.workshop(), None  # raises Dropped: the item names no workshop
    parameters = {
        "workshop_id": job.item.workshop_id,
        "team_id": job.item.team_id,
        "participant_id": int(job.payload["participant_id"]),
    }
    row = job.session.execute(_WORKSHOP_AND_PERSON, parameters).one_or_none()
    if row is None:
        return job.workshop(), None  # raises NotFound, as for every kind of item
    return row[0], row[1]


def _reminder(job: Job, workshop: Workshop, answered: int, total: int) -> Message:
    """The reminder, built once for everyone who gets the same (the workshop's list of people,
    which the view holds, is read only then)."""

    def view() -> WorkshopView:
        return workshop_view(
            workshop, job.workshops.flow_of(workshop), job.workshops.participants(workshop.id)
        )

    facts = Reminder(
        workshop_id=workshop.id,
        flow_hash=workshop.flow_hash,
        status=str(workshop.status),
        deadline=workshop.deadline,
        round2_deadline=workshop.round2_deadline,
        answered=answered,
        total=total,
        late=job.late,
    )
    return rendered(facts, view)


def _look_up(job: Job, participant: Participant) -> bool:
    """Fill in a time zone the round's planning could not get; False when the account is deactivated.

    Only then: `users.info` allows 100 calls a minute per workspace, which would pace every nudge.
    Planning keeps the zone on the participant, and a deactivated account still shows when the
    reminder is posted (`user_disabled`, or `is_archived` for their DM)."""
    try:
        user = job.client.users_info(user=participant.user_id)["user"]
    except SlackApiError as error:
        if slack_code(error) in DEACTIVATED:
            return False
        raise
    if user.get("deleted"):
        return False
    participant.timezone = user.get("tz") or None
    return True


def _progress(job: Job, workshop: Workshop, participant: Participant, round: int) -> tuple[int, int]:
    """How many of the questions this round asks of them they have answered, and of how many."""
    flow = job.workshops.flow_of(workshop)
    if round == 1 and participant.status is ParticipantStatus.INVITED:
        # Storing round-1 answers moves them on from "invited" (`progress_of`): they have none.
        return 0, len(visible_questions(flow, {}))
    answering = AnswerService(job.workshops.scope)
    mine = answering.current_answers(workshop.id, participant.id, 1)
    if round == 1:
        return len(mine), len(visible_questions(flow, mine))
    revisited = answering.current_answers(workshop.id, participant.id, 2)
    disputes = DisputeService(job.workshops.scope).disputes(workshop.id)
    still_open = {d.question_id for d in disputes if d.status is DisputeStatus.OPEN}
    # As round 2 asks it: the open disputes on their own path that they answered in round 1.
    asked = round2_asks(flow, still_open, mine, revisited)
    return len(asked & revisited.keys()), len(asked)


def _finished(participant: Participant, round: int, answered: int, total: int) -> bool:
    if participant.status is ParticipantStatus.DECLINED:
        return True
    if round == 1:
        return participant.status is ParticipantStatus.ANSWERED
    return answered >= total


def _deactivated(job: Job, workshop: Workshop, participant: Participant) -> Result:
    """Skip them, and tell the facilitator once (`reminder_refused`)."""
    reminder_refused(job.session, Outbox(job.session, job.workshops.scope.now), workshop, participant)
    return Done("skipped: their account is deactivated")

"""What closing a round posts, each post made once across retries, instances and crashes.

The round-closing commit marks each post due (`mark_due`): a claim nobody holds, older than any
lease, so the request that closed the round takes it at once and, if that process dies first, the
recovery pass does. Everything posted is built again from what is stored (the disputes and the
answers), so the closing request and a restarted bot post the same thing. A post Slack refuses for a
while (rate limits, its own errors, past the client's retries) is due again and the facilitator is
told once; one refused for good, or that timed out and so may have gone out, is recorded as failed
and told, never repeated.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import select, update
from sqlalchemy.orm import InstrumentedAttribute, Session

from bot.blocks.common import Message
from bot.blocks.named import named_answers
from bot.blocks.notice import facilitator_prompt, notice
from bot.blocks.round2 import round2_dm, round2_not_yours_dm
from bot.blocks.viewmodels import WorkshopView
from bot.delivery.pacing import post_message
from bot.services.answers import AnswerService
from bot.services.disputes import DisputeService
from bot.services.workshops import WorkshopService
from bot.workflows import claims
from bot.workflows.failures import tell_facilitator
from bot.workflows.presenters import workshop_view
from bot.workflows.slack_errors import error_code
from flows.kinds.registry import plugin_for
from storage.models import DisputeStatus, Participant, ParticipantStatus, Workshop, WorkshopStatus
from storage.models.workshop import SLACK_ID

log = logging.getLogger(__name__)

DUE = f"{claims.PREFIX}{0:010d}"
# Due again after a refusal the facilitator has already been told of: told once, not at every retry.
RETRYING = f"{claims.PREFIX}{1:010d}"
FAILED = "failed:"
# Slack's answers that mean "not now" rather than "never": the recovery pass tries again later.
TRANSIENT = frozenset(
    {
        "ratelimited",
        "internal_error",
        "fatal_error",
        "service_unavailable",
        "request_timeout",
        "connection_failed",
    }
)
NAMED = {1: Workshop.round1_named_ts, 2: Workshop.round2_named_ts}
WHAT_FOLLOWS = "posting what follows the close of a round"


def mark_due(session: Session, workshop: Workshop, round_closed: int) -> None:
    """In the round-closing transaction, so the round never closes without its posts being due."""
    if workshop.status is WorkshopStatus.ROUND2:
        workshop.round1_notice_ts = DUE
        session.execute(
            update(Participant)
            .where(
                Participant.workshop_id == workshop.id,
                Participant.status != ParticipantStatus.DECLINED,
                Participant.dm_channel_id.is_not(None),
            )
            .values(round2_dm_ts=DUE)
            .execution_options(synchronize_session=False)
        )
    elif workshop.status is WorkshopStatus.DECIDING:
        workshop.round2_notice_ts = workshop.facilitator_prompt_ts = DUE
    if not workshop.anonymous:
        setattr(workshop, NAMED[round_closed].key, DUE)


def post_due(client: WebClient, session: Session, workshops: WorkshopService, workshop: Workshop) -> None:
    """Post whatever of the workshop's round news is due and not claimed by a live process."""
    posts = _Posts(client, session, workshops, workshop)
    disputes = DisputeService(workshops.scope).disputes(workshop.id)
    participants = workshops.participants(workshop.id)
    view = workshop_view(workshop, workshops.flow_of(workshop), participants)
    # Round 1's disputes are all there are; those round 2 did not settle stayed open (or were settled
    # by the facilitator since, after the round closed).
    disputed = [d.question_id for d in disputes]
    still_open = [d.question_id for d in disputes if d.status is not DisputeStatus.REVISED]
    if workshop.status is WorkshopStatus.ROUND2:
        posts.once(
            Workshop.round1_notice_ts,
            workshop.id,
            workshop.channel_id,
            "the channel's notice that round 2 began",
            lambda: [_round1_notice(workshop, len(disputed))],
        )
        for person in participants:
            if person.dm_channel_id is None:
                continue
            posts.once(
                Participant.round2_dm_ts,
                person.id,
                person.dm_channel_id,
                f"the round-2 message to <@{person.user_id}>",
                partial(_round2_dm_of, workshops, workshop, view, person, len(disputed)),
            )
    elif workshop.status is WorkshopStatus.DECIDING:
        posts.once(
            Workshop.round2_notice_ts,
            workshop.id,
            workshop.channel_id,
            "the channel's notice that round 2 closed",
            lambda: [_round2_notice(workshop, len(still_open))],
        )
        posts.once(
            Workshop.facilitator_prompt_ts,
            workshop.id,
            workshop.facilitator_id,
            "your prompt to settle the open disputes",
            lambda: [facilitator_prompt(view, len(still_open))],
        )
    if not workshop.anonymous and workshop.status is not WorkshopStatus.CANCELLED:
        for round_closed, asked in ((1, disputed), (2, still_open)):
            posts.once(
                NAMED[round_closed],
                workshop.id,
                workshop.facilitator_id,
                "who answered what",
                partial(_who_said_what, workshops, workshop, round_closed, asked),
                progress=True,
            )
    if posts.problems:
        tell_facilitator(
            client, workshop.facilitator_id, workshop.id, WHAT_FOLLOWS, "; ".join(posts.problems)
        )


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


def _round2_dm_of(
    workshops: WorkshopService, workshop: Workshop, view: WorkshopView, person: Participant, disputed: int
) -> list[Message]:
    return [_round2_message(workshops, workshop, view, person, disputed)]


def _who_said_what(
    workshops: WorkshopService, workshop: Workshop, round_closed: int, disputed: list[str]
) -> list[Message]:
    flow = workshops.flow_of(workshop)
    asked = list(disputed)
    if round_closed == 1:
        asked += [q.id for q in flow.questions if plugin_for(q.kind).own_words]
    answering = AnswerService(workshops.scope)
    answers = {
        p.user_id: answering.current_answers(workshop.id, p.id, 1)
        | answering.current_answers(workshop.id, p.id, round_closed)
        for p in workshops.participants(workshop.id)
    }
    return named_answers(flow, workshop.id, asked, answers, round_closed)


@dataclass
class _Posts:
    client: WebClient
    session: Session
    workshops: WorkshopService
    workshop: Workshop
    problems: list[str] = field(default_factory=list)

    def once(
        self,
        column: InstrumentedAttribute[str | None],
        row_id: int,
        channel: str,
        what: str,
        build: Callable[[], list[Message]],
        *,
        progress: bool = False,
    ) -> None:
        """Claim the post, make it, settle it. With `progress`, a series cut short resumes from there."""
        before = self.session.scalar(select(column).where(column.class_.id == row_id))
        if not claims.is_claim(before):
            return  # nothing due (a round not closed, or closed before this version), or done already
        if not claims.claim(self.session, column, row_id, now=self.workshops.scope.now().timestamp()):
            return  # a live process is posting it
        messages = build()
        posted, ts = self._progress(column) if progress else (0, None)
        try:
            for index in range(posted, len(messages)):
                ts = post_message(self.client, channel, messages[index])["ts"]
                if progress:
                    self._record(named_progress=f"{column.key}:{index + 1}:{ts}")
        except SlackApiError as error:
            code = error_code(error)
            if error.response.status_code in (429, 500, 502, 503, 504):
                code = code if code in TRANSIENT else "service_unavailable"
            self._refused(column, row_id, what, code, told=before == RETRYING)
            return
        except TimeoutError:
            # It may have gone out all the same: not repeated unasked, as with the invitations.
            self._failed(column, row_id, f"{what} may not have been posted: Slack did not answer in time")
            return
        except OSError:
            # The connection failed even after the client's retries: nothing reached Slack.
            self._refused(column, row_id, what, "connection_failed", told=before == RETRYING)
            return
        claims.settle(self.session, column, row_id, ts, **self._progress_cleared(progress))

    def _refused(
        self, column: InstrumentedAttribute[str | None], row_id: int, what: str, code: str, *, told: bool
    ) -> None:
        log.warning("Posting %s of workshop %s failed: %s", column.key, self.workshop.id, code)
        if code in TRANSIENT:
            claims.settle(self.session, column, row_id, RETRYING)
            if not told:
                self.problems.append(f"{what}: Slack answered {code}; it is tried again every few minutes")
            return
        self._failed(column, row_id, f"{what}: Slack answered {code}", code)

    def _failed(
        self, column: InstrumentedAttribute[str | None], row_id: int, problem: str, code: str = "timed_out"
    ) -> None:
        is_series = column in NAMED.values()
        claims.settle(
            self.session, column, row_id, (FAILED + code)[:SLACK_ID], **self._progress_cleared(is_series)
        )
        self.problems.append(problem)

    def _progress(self, column: InstrumentedAttribute[str | None]) -> tuple[int, str | None]:
        """How many of the series the last attempt posted, and the last one's ts."""
        recorded = self.session.scalar(select(Workshop.named_progress).where(Workshop.id == self.workshop.id))
        key, _, rest = (recorded or "").partition(":")
        if key != column.key:
            return 0, None
        count, _, ts = rest.partition(":")
        return int(count), ts

    def _progress_cleared(self, progress: bool) -> dict[str, object]:
        return {"named_progress": None} if progress else {}

    def _record(self, **values: object) -> None:
        self.session.execute(update(Workshop).where(Workshop.id == self.workshop.id).values(**values))
        self.session.commit()

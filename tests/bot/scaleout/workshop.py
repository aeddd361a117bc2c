"""A whole workshop of thirty, played across several bot instances: the steps people take (everyone
at once where people would be), and what the channel, the DMs and the database hold afterwards.

Each step waits, through the sandbox, for what people would see next; only what leaves no trace in
Slack is asked of the database, again and again (`until`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TypeVar

from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from bot.blocks.ids import ActionId, CallbackId
from bot.demo.facilitator import Facilitator
from bot.demo.plan import Part, Story
from bot.demo.stage import Cast
from bot.demo.stakeholder import Stakeholder
from bot.sandbox import Message, Sandbox
from bot.sandbox.balancer import Balancer
from bot.services.scheduling import ItemKind
from flows.schema import Flow
from storage.models import Answer, Participant, ParticipantStatus, ScheduledItem
from tests.bot.scaleout.instances import BotInstance

T = TypeVar("T")
STEP_TIMEOUT = 20.0  # thirty people's worth of work, on a loaded CI machine
TRIES = 3  # a person whose click went unanswered clicks again, as people do
POLL_SECONDS = 0.02
LATE_CLICK_SETTLES_S = 10.0  # a click answered late has finished by then, or died with its instance
CHECKIN_MONTHS = (3, 6, 12)  # what the facilitator's start form picks by default


@dataclass
class Scene:
    sandbox: Sandbox
    cast: Cast
    story: Story
    instances: list[BotInstance]
    balancer: Balancer
    database: Engine

    @property
    def flow(self) -> Flow:
        return self.story.flow

    @property
    def host(self) -> Facilitator:
        return self.cast.facilitator

    @property
    def taking_part(self) -> list[tuple[Stakeholder, Part]]:
        return [(person, part) for person, part in self.cast.stakeholders if not part.declines]

    def wait_for(self, what: str, predicate: Callable[[], T], timeout: float = STEP_TIMEOUT) -> T:
        """The sandbox's wait, failing with what was awaited and how each instance's log ends."""
        try:
            return self.sandbox.wait_for(predicate, timeout)
        except TimeoutError as error:
            logs = "\n".join(f"--- {bot.name} ({bot.log}) ---\n{bot.log_tail(15)}" for bot in self.instances)
            raise AssertionError(f"Waited {timeout:.0f} s for {what}.\n{error}\n{logs}") from None

    def posts(self, starting: str) -> list[Message]:
        """Top-level channel messages whose text, as people read it, starts with `starting`."""
        return [
            m
            for m in self.sandbox.messages(self.cast.channel_id)
            if m.thread_ts in (None, m.ts) and m.readable_text().startswith(starting)
        ]

    def status_of(self, user_id: str) -> ParticipantStatus:
        with Session(self.database) as session:
            query = select(Participant.status).where(Participant.user_id == user_id)
            return session.scalars(query).one()


# The steps


def start(scene: Scene) -> None:
    """The facilitator starts the workshop through the form; wait until everyone is invited."""
    scene.host.start(scene.flow, scene.cast.roles)
    scene.wait_for(
        "the announcement and thirty invitations",
        lambda: (
            scene.posts("Hiring workshop:")
            and all(invitations(person) for person, _ in scene.cast.stakeholders)
        ),
    )


def everyone_answers(scene: Scene, meanwhile: Callable[[], None] = lambda: None) -> None:
    """Round 1: all thirty answer at once, each in a thread of their own; `meanwhile` runs while they do."""
    at_once(scene.cast.stakeholders, lambda person, part: answer_round1(scene, person, part), meanwhile)


def answer_round1(scene: Scene, person: Stakeholder, part: Part) -> None:
    """A person's round 1, as far as their part in the story goes. Slack never sends an interaction
    again, so whatever went unanswered (an instance died holding it) the person does again."""
    if part.declines:
        decline(scene, person)
        return
    for _ in range(TRIES):
        patiently(lambda: person.answer_round1(scene.flow))
        if part.stops_at is not None:
            if saved_on_closing(scene, person):
                return
        elif scene.status_of(person.user_id) is ParticipantStatus.ANSWERED:
            return
        # Else a question appeared only once a later answer was given, and they come back for it.
    raise AssertionError(f"{person.name} did not get through round 1 in {TRIES} goes")


def decline(scene: Scene, person: Stakeholder) -> None:
    for _ in range(TRIES):
        invitation = person.invitation()
        if person.person.click(
            ActionId.DECLINE, in_message=(invitation.channel_id, invitation.ts)
        ).acknowledged:
            return
        # Answered after Slack's 3 s on a busy machine, the click counts as unanswered, yet it may
        # be stored: the invitation then loses its buttons, and there is nothing left to click.
        # One that died with its instance is never stored, and the person clicks again.
        try:
            scene.sandbox.wait_for(lambda: not can_decline(person), LATE_CLICK_SETTLES_S)
        except TimeoutError:
            continue
        assert scene.status_of(person.user_id) is ParticipantStatus.DECLINED
        return
    raise AssertionError(f"{person.name}'s decline was never acknowledged")


def can_decline(person: Stakeholder) -> bool:
    """Whether an invitation in the person's DMs still offers the decline button."""
    blocks = (block for message in invitations(person) for block in message.blocks)
    buttons = (element.get("action_id") for block in blocks for element in block.get("elements", []))
    return ActionId.DECLINE in buttons


def saved_on_closing(scene: Scene, person: Stakeholder) -> bool:
    """Whether the app acknowledged the last form the person closed with answers in it."""
    closings = [
        d
        for d in scene.sandbox.deliveries
        if d.payload and d.payload.get("type") == "view_closed" and d.payload["user"]["id"] == person.user_id
    ]
    return bool(closings) and closings[-1].acknowledged


def close_round1(scene: Scene) -> None:
    scene.host.hiring("close")
    scene.wait_for(
        "round 1's closing notice and every round-2 DM",
        lambda: (
            scene.posts("Round 1 of workshop") and all(round2_dms(person) for person, _ in scene.taking_part)
        ),
    )


def everyone_reviews(scene: Scene) -> None:
    """Round 2: everyone still taking part reviews the disputes at once; the last review closes it."""
    at_once(scene.taking_part, lambda person, _: review_round2(scene, person))
    scene.wait_for(
        "round 2's closing notice and the facilitator's prompt",
        lambda: scene.posts("Round 2 of workshop") and settle_prompts(scene.host),
    )


def review_round2(scene: Scene, person: Stakeholder) -> None:
    """Review, and press submit again while the form stays open (the submission went unanswered)."""
    patiently(lambda: person.review_round2(scene.flow))
    for _ in range(TRIES):
        still_open = [v for v in person.person.views() if v.callback_id == CallbackId.ROUND2 and not v.closed]
        if not still_open:
            return
        person.person.submit(still_open[-1].id)
    raise AssertionError(f"{person.name}'s round-2 review was never acknowledged")


def settle(scene: Scene) -> None:
    patiently(lambda: scene.host.settle_disputes(scene.flow))
    # The recommendation reaches the facilitator privately first; they post it to the channel.
    patiently(scene.host.post_preview)
    scene.wait_for("the recommendation", lambda: scene.posts("Recommendation:"))


def checkins_fall_due(scene: Scene) -> None:
    """Months pass: every check-in's opening job is due now. (The instances run on the real clock,
    so the jobs are moved to now, as the passing months would make them due.)"""
    with scene.database.begin() as connection:
        connection.execute(
            update(ScheduledItem)
            .where(ScheduledItem.kind == ItemKind.CHECKIN_OPEN)
            .values(due_at=datetime.now(UTC) - timedelta(seconds=1))
        )
    scene.wait_for(
        "every check-in posted and sent to everyone taking part",
        lambda: (
            all(scene.posts(f"Check-in: {m} months") for m in CHECKIN_MONTHS)
            and all(len(checkin_dms(person)) == len(CHECKIN_MONTHS) for person, _ in scene.taking_part)
        ),
    )


# What people were sent


def invitations(person: Stakeholder) -> list[Message]:
    return [m for m in person.person.dm() if first_text(m).startswith("You are invited")]


def round2_dms(person: Stakeholder) -> list[Message]:
    return [m for m in person.person.dm() if first_text(m).startswith("Round 2:")]


def checkin_dms(person: Stakeholder) -> list[Message]:
    return [m for m in person.person.dm() if first_text(m).startswith("Check-in for workshop")]


def settle_prompts(host: Facilitator) -> list[Message]:
    return [m for m in host.person.dm() if "disputes need your decision" in first_text(m)]


def first_text(message: Message) -> str:
    """What the message said when it was posted, before any update."""
    return message.history[0].text if message.history else message.text


# What the database holds


def stored_answers(scene: Scene, round: int) -> dict[str, list[tuple[str, int, object]]]:
    """Slack user id -> every stored (question, revision, value) of the round, in order; several
    choices in the order `same_order` puts them."""
    with Session(scene.database) as session:
        query = (
            select(Participant.user_id, Answer.question_id, Answer.revision, Answer.value)
            .join(Participant, Participant.id == Answer.participant_id)
            .where(Answer.round == round)
            .order_by(Participant.user_id, Answer.question_id, Answer.revision)
        )
        stored: dict[str, list[tuple[str, int, object]]] = {}
        for user_id, question_id, revision, value in session.execute(query):
            stored.setdefault(user_id, []).append((question_id, revision, same_order(value)))
        return stored


def same_order(value: object) -> object:
    """Several choices are one answer whatever order they were ticked in."""
    return sorted(value) if isinstance(value, list) else value


def scheduled(scene: Scene) -> list[ScheduledItem]:
    with Session(scene.database) as session:
        return list(session.scalars(select(ScheduledItem).order_by(ScheduledItem.id)))


# Helpers


def at_once(
    people: Sequence[tuple[Stakeholder, Part]],
    act: Callable[[Stakeholder, Part], object],
    meanwhile: Callable[[], None] = lambda: None,
) -> None:
    with ThreadPoolExecutor(len(people), thread_name_prefix="person") as crowd:
        acting = [crowd.submit(act, person, part) for person, part in people]
        meanwhile()
        for done in acting:
            done.result()


def until(what: str, check: Callable[[], bool], timeout: float = STEP_TIMEOUT) -> None:
    """Wait for the database to show something that leaves no trace in Slack: it cannot wake a
    waiter as the sandbox does, so it is asked again every few milliseconds."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"Waited {timeout:.0f} s for {what}.")
        time.sleep(POLL_SECONDS)


def patiently(action: Callable[[], T]) -> T:
    """The action, again if the form it waits for never opened: an instance that acknowledged the
    click died before opening it, and the person clicks again."""
    for attempt in range(1, TRIES + 1):
        try:
            return action()
        except TimeoutError:
            if attempt == TRIES:
                raise
    raise AssertionError("unreachable")

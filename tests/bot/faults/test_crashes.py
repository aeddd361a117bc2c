"""The bot killed with SIGKILL in the middle of its work, then started again: during the fan-out of
invitations, while answers arrive, while round 2's DMs go out, and while the summary is posted.
Nothing is lost, nothing is posted twice, and the workshop goes on to its recommendation. The bot's
log, at DEBUG, never puts a participant next to an answer."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from bot.blocks.ids import ActionId, CallbackId
from bot.demo.facilitator import Facilitator
from bot.demo.plan import plan_story
from bot.demo.stakeholder import Stakeholder
from bot.sandbox import Delivery, Sandbox
from bot.sandbox.transport import INTERACTIVE
from bot.scheduler.handlers.send import UNSETTLED
from bot.services.scheduling import ItemKind
from storage.db import make_engine
from storage.migrate import upgrade
from storage.models import Answer, Participant, ScheduledItem, Workshop, WorkshopStatus
from tests.bot.conftest import CHANNEL, TEAM
from tests.bot.faults.answers import every_answer, is_answer_input, pick
from tests.bot.faults.handmade import submission_payload
from tests.bot.faults.process import BotProcess
from tests.bot.scenario import flow
from tests.figures import Figures

FLOW = "002-caio-or-cto"
PEOPLE = [f"U_P{n:02d}" for n in range(1, 9)]
# Where each person speaks from: the flow's verdict needs its CEO and CTO, who come first.
ROLES = ("ceo", "cto", "cfo", "product", "engineering", "compliance", "people", "operations")
SEATS = dict(zip(PEOPLE, ROLES, strict=True))
# Slack answers in good time, just slowly enough that the kill lands in the middle of the work.
SLOW = 0.25
FREE_TEXT = every_answer(flow(FLOW), {})[next(q.id for q in flow(FLOW).questions if q.kind == "free_text")]


class Crashing:
    """The bot process, its database, and the people in the sandbox."""

    def __init__(self, sandbox: Sandbox, database_url: str, workdir: Path) -> None:
        self.sandbox, self.database_url, self.workdir = sandbox, database_url, workdir
        upgrade(database_url)
        self.engine: Engine = make_engine(database_url)
        self.bot = BotProcess(sandbox, TEAM, database_url, workdir).start()
        self.logs: list[str] = []
        self.kills = 0

    def restart(self) -> None:
        """SIGKILL, then a new process on the same database."""
        self.bot.kill()
        self.kills += 1
        self.logs.append(self.bot.log())
        self.bot = BotProcess(self.sandbox, TEAM, self.database_url, self.workdir).start()

    def close(self) -> None:
        self.bot.stop()
        self.logs.append(self.bot.log())
        self.engine.dispose()

    def invitations(self, user: str) -> list[str]:
        return [m.ts for m in self.sandbox.dm(user, team_id=TEAM) if "Answer now" in m.readable_text()]

    def channel(self) -> list[str]:
        return [m.readable_text() for m in self.sandbox.messages(CHANNEL)]

    def dms_with(self, user: str, action_id: str) -> list[str]:
        """The DMs to the person carrying the button (round 2's review, the facilitator's settling)."""
        return [
            m.ts
            for m in self.sandbox.dm(user, team_id=TEAM)
            if any(e.get("action_id") == action_id for b in m.blocks for e in b.get("elements", []))
        ]

    def workshop(self) -> Workshop:
        with self.engine.connect() as connection:
            return connection.execute(select(Workshop)).one()  # type: ignore[return-value]

    def posts_waiting(self) -> int:
        """Outbox posts not yet sent (due, or claimed by a process that may be dead)."""
        waiting = (ScheduledItem.kind == ItemKind.SEND) & ScheduledItem.state.in_(UNSETTLED)
        with self.engine.connect() as connection:
            return len(connection.execute(select(ScheduledItem.id).where(waiting)).all())

    def answer_rows(self) -> list[tuple[str, str, int]]:
        query = select(Participant.user_id, Answer.question_id, Answer.revision).join(
            Answer, Answer.participant_id == Participant.id
        )
        with self.engine.connect() as connection:
            return [tuple(row) for row in connection.execute(query)]


def crashing_on(sandbox: Sandbox, database_url: str, workdir: Path) -> Iterator[Crashing]:
    for user in PEOPLE:
        sandbox.add_user(TEAM, user, real_name=f"Person {user}")
        sandbox.join_channel(CHANNEL, user)
    world = Crashing(sandbox, database_url, workdir)
    try:
        yield world
    finally:
        world.close()


@pytest.fixture
def crashing(sandbox: Sandbox, database_url: str, tmp_path: Path) -> Iterator[Crashing]:
    """On SQLite and on PostgreSQL: taking over a dead process's claims is the database's doing."""
    yield from crashing_on(sandbox, database_url, tmp_path)


@pytest.fixture
def crashing_on_sqlite(sandbox: Sandbox, sqlite_url: str, tmp_path: Path) -> Iterator[Crashing]:
    yield from crashing_on(sandbox, sqlite_url, tmp_path)


def start(world: Crashing, people: list[str], seats: Mapping[str, str] = SEATS) -> None:
    """Without the facilitator's preview: what is tested here is the channel post's own series.
    Each person is mentioned with their role (by default `SEATS`)."""
    mentions = " ".join(f"<@{u}|{u.lower()}> {seats[u]}" for u in people)
    delivery = world.sandbox.user(TEAM, "U_FAC").slash(
        "/hiring", f"start {FLOW} {mentions} --no-preview", channel=CHANNEL
    )
    assert delivery.acknowledged


def section_submissions(world: Crashing, people: list[str], section: int) -> list[dict]:
    """Each person opens their form and fills in the section (the same answers for all), unsent.
    Only the answers' own inputs: a number question's "Don't know" box stays unticked, as the
    number is given."""
    definition = flow(FLOW)
    answers = every_answer(definition, {})
    payloads = []
    for user in people:
        person = world.sandbox.user(TEAM, user)
        invitation = world.sandbox.wait_for(lambda p=person: next(iter(p.dm()), None))
        person.click(ActionId.ANSWER_NOW, in_message=(invitation.channel_id, invitation.ts))
        form = world.sandbox.wait_for(
            lambda p=person: next((v for v in p.views() if v.callback_id == CallbackId.ANSWER), None)
        )
        assert f"Section {section + 1} of" in form.readable_text()
        values = {
            b["block_id"]: pick(b["element"], answers[b["block_id"].split(":", 1)[1]])
            for b in form.blocks
            if b.get("type") == "input" and is_answer_input(b["block_id"])
        }
        payloads.append(submission_payload(world.sandbox, TEAM, user, form.id, values))
    return payloads


def close_and_wait_for_the_summary(world: Crashing) -> str:
    world.sandbox.user(TEAM, "U_FAC").slash("/hiring", "close", channel=CHANNEL)
    return world.sandbox.wait_for(
        lambda: next((t for t in world.channel() if t.startswith("Recommendation:")), None), timeout=30
    )


def assert_the_log_keeps_people_apart_from_answers(world: Crashing, figures: Figures) -> None:
    """The processes' whole output at DEBUG: no failure the bot did not expect, and no line naming a
    participant that also carries an answer (the free text every test's people give)."""
    log = "\n".join(world.logs)
    figures("SIGKILLs, each followed by a restart", world.kills)
    figures("bot log lines scanned", len(log.splitlines()))
    assert "Traceback" not in log, log[-3000:]
    paired = [line for line in log.splitlines() if any(u in line for u in PEOPLE) and FREE_TEXT in line]
    figures("log lines with a participant next to an answer", len(paired))
    assert paired == [], f"a participant next to an answer in the log: {paired[0][:300]}"


def test_killed_during_the_fan_out_the_restarted_bot_invites_everyone_once(
    crashing: Crashing, figures: Figures
) -> None:
    world = crashing
    world.sandbox.inject_faults("hang", 1.0, methods={"conversations.open"}, hang_seconds=SLOW)
    start(world, PEOPLE)
    # Killed while opening the third person's DM: two invitations out, the third claimed, not yet sent.
    world.sandbox.wait_for(lambda: len(world.sandbox.injected_faults) >= 3, timeout=20)
    world.restart()
    at_the_kill = sum(bool(world.invitations(u)) for u in PEOPLE)
    assert at_the_kill < len(PEOPLE), "the fan-out finished before the kill; nothing was tested"
    world.sandbox.clear_faults()

    world.sandbox.wait_for(lambda: all(world.invitations(u) for u in PEOPLE), timeout=20)
    figures("invitations out at the kill", at_the_kill)
    figures("invitations due", len(PEOPLE))
    figures("invitations delivered after the restart", sum(bool(world.invitations(u)) for u in PEOPLE))
    figures("invitations sent twice", sum(len(world.invitations(u)) - 1 for u in PEOPLE))
    assert [len(world.invitations(u)) for u in PEOPLE] == [1] * len(PEOPLE)
    assert len(world.channel()) == 1, "the announcement was posted again (or never)"

    for payload in section_submissions(world, PEOPLE[:3], 0):
        assert world.sandbox.deliver(INTERACTIVE, payload, accepts_response_payload=True).acknowledged
    assert close_and_wait_for_the_summary(world)
    assert world.workshop().status is WorkshopStatus.DECIDED
    assert_the_log_keeps_people_apart_from_answers(world, figures)


def test_killed_while_answers_arrive_no_answer_is_lost_or_doubled(
    crashing_on_sqlite: Crashing, figures: Figures
) -> None:
    world = crashing_on_sqlite
    start(world, PEOPLE)
    world.sandbox.wait_for(lambda: all(world.invitations(u) for u in PEOPLE), timeout=20)
    payloads = section_submissions(world, PEOPLE, 0)
    world.sandbox.inject_faults("hang", 1.0, methods={"views.publish"}, hang_seconds=SLOW)
    replies: dict[str, Delivery] = {}

    def submit(payload: dict) -> None:
        replies[payload["user"]["id"]] = world.sandbox.deliver(
            INTERACTIVE, payload, accepts_response_payload=True
        )

    threads = [threading.Thread(target=submit, args=(p,)) for p in payloads]
    for thread in threads:
        thread.start()
    world.sandbox.wait_for(lambda: len(world.answer_rows()) > 0, timeout=20)
    world.restart()
    for thread in threads:
        thread.join(timeout=30)
    world.sandbox.clear_faults()
    unanswered = [p for p in payloads if not replies[p["user"]["id"]].acknowledged]

    # Slack retries what went unanswered; the person whose form stayed open presses submit again.
    for payload in unanswered:
        retry = world.sandbox.deliver(INTERACTIVE, payload, accepts_response_payload=True, retry_attempt=1)
        assert retry.acknowledged
    first = {q.id for q in flow(FLOW).sections[0].questions}
    rows = world.answer_rows()
    figures("answer submissions in flight at the kill", len(payloads))
    figures("submissions unanswered at the kill and sent again", len(unanswered))
    figures("people whose answers were stored", len({u for u, _, _ in rows}))
    figures("answers stored twice", sum(revision > 1 for _, _, revision in rows))
    assert {u for u, _, _ in rows} == set(PEOPLE), "someone's answers were lost"
    assert all(revision == 1 for _, _, revision in rows), "an answer was stored twice"
    assert len(rows) == len(PEOPLE) * len(first & {q for _, q, _ in rows})
    assert close_and_wait_for_the_summary(world)
    assert world.workshop().status is WorkshopStatus.DECIDED
    assert_the_log_keeps_people_apart_from_answers(world, figures)


def test_killed_while_the_summary_is_posted_the_restarted_bot_finishes_it_once(
    crashing_on_sqlite: Crashing, figures: Figures
) -> None:
    world = crashing_on_sqlite
    trio = PEOPLE[:3]
    start(world, trio)
    world.sandbox.wait_for(lambda: all(world.invitations(u) for u in trio), timeout=20)
    definition = flow(FLOW)
    answers = every_answer(definition, {})
    for user in trio:  # all alike, free text too: the last answer closes the round into the summary
        person = world.sandbox.user(TEAM, user)
        stakeholder = Stakeholder(world.sandbox, person, user, SEATS[user], answers)
        stakeholder.answer_round1(definition)
        if not stakeholder.round1_done():
            stakeholder.answer_round1(definition)
    head = world.sandbox.wait_for(
        lambda: next(
            (m for m in world.sandbox.messages(CHANNEL) if m.text.startswith("Hiring workshop #")), None
        ),
        timeout=20,
    )
    # The next post of the summary is refused with a long Retry-After: the kill lands while the bot
    # waits it out, part-way through the summary's thread.
    world.sandbox.inject_faults("rate_limited", 1.0, methods={"chat.postMessage"}, retry_after=30, times=1)
    world.sandbox.wait_for(lambda: world.sandbox.injected_faults, timeout=20)
    posted_at_the_kill = len(world.sandbox.messages(CHANNEL))
    world.restart()
    world.sandbox.clear_faults()

    world.sandbox.wait_for(
        lambda: world.workshop().summary_ts == head.ts and world.posts_waiting() == 0, timeout=30
    )
    posted = world.sandbox.messages(CHANNEL)
    assert len(posted) > posted_at_the_kill, "the summary's thread was not finished"
    texts = [m.text for m in posted]
    figures("summary messages out at the kill", posted_at_the_kill)
    figures("summary messages after the restart", len(posted))
    figures("summary messages posted twice", len(texts) - len(set(texts)))
    assert len(texts) == len(set(texts)), "a message of the summary was posted twice"
    assert sum(m.ts == head.ts or m.thread_ts == head.ts for m in posted) == len(posted) - 1
    assert world.workshop().status is WorkshopStatus.DECIDED
    assert_the_log_keeps_people_apart_from_answers(world, figures)


def test_killed_while_the_round2_dms_go_out_the_restarted_bot_sends_each_once(
    crashing: Crashing, figures: Figures
) -> None:
    world = crashing
    five = PEOPLE[:5]
    definition = flow(FLOW)
    story = plan_story(definition, len(five), seed=1)  # disagrees on two questions; one stops part-way
    start(world, five, {u: p.persona.role for u, p in zip(five, story.parts, strict=True)})
    world.sandbox.wait_for(lambda: all(world.invitations(u) for u in five), timeout=20)
    cast = [
        Stakeholder(
            world.sandbox, world.sandbox.user(TEAM, u), f"Person {u}", p.persona.role, p.answers, p.revisions
        )
        for u, p in zip(five, story.parts, strict=True)
    ]
    for stakeholder in cast:
        stakeholder.answer_round1(definition)
    # Closing round 1 posts the channel's notice, then a DM each: the notice and the first DM go out
    # slowly, the second DM is refused with a long Retry-After, and the kill lands while the bot waits.
    world.sandbox.inject_faults("hang", 1.0, methods={"chat.postMessage"}, hang_seconds=SLOW, times=2)
    world.sandbox.inject_faults("rate_limited", 1.0, methods={"chat.postMessage"}, retry_after=30, times=1)
    host = Facilitator(world.sandbox, world.sandbox.user(TEAM, "U_FAC"), "Fay", CHANNEL)
    assert host.hiring("close").acknowledged
    world.sandbox.wait_for(lambda: len(world.sandbox.injected_faults) >= 3, timeout=20)
    at_the_kill = sum(bool(world.dms_with(u, ActionId.REVIEW_DISPUTES)) for u in five)
    world.restart()
    world.sandbox.clear_faults()
    assert at_the_kill == 1, f"{at_the_kill} round-2 DMs were out at the kill: not the moment meant"

    world.sandbox.wait_for(lambda: all(world.dms_with(u, ActionId.REVIEW_DISPUTES) for u in five), timeout=20)
    figures("round-2 DMs out at the kill", at_the_kill)
    figures("round-2 DMs due", len(five))
    figures("round-2 DMs sent twice", sum(len(world.dms_with(u, ActionId.REVIEW_DISPUTES)) - 1 for u in five))
    assert [len(world.dms_with(u, ActionId.REVIEW_DISPUTES)) for u in five] == [1] * len(five)
    assert sum(t.startswith("Round 1 of workshop") for t in world.channel()) == 1
    assert world.workshop().status is WorkshopStatus.ROUND2

    for stakeholder in cast:
        stakeholder.review_round2(definition)
    world.sandbox.wait_for(lambda: world.dms_with("U_FAC", ActionId.SETTLE_DISPUTES), timeout=20)
    host.settle_disputes(definition)
    world.sandbox.wait_for(
        lambda: next((t for t in world.channel() if t.startswith("Recommendation:")), None), timeout=30
    )
    assert world.workshop().status is WorkshopStatus.DECIDED
    assert sum(t.startswith("Round 2 of workshop") for t in world.channel()) == 1
    assert len(world.dms_with("U_FAC", ActionId.SETTLE_DISPUTES)) == 1
    assert_the_log_keeps_people_apart_from_answers(world, figures)

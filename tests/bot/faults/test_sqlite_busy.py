"""SQLite lets one writer in at a time. A crowd answering at once, while another process holds the
write lock, makes each answer wait its turn: every one is acknowledged and stored, none lost."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from bot.blocks.ids import ActionId, CallbackId
from bot.process.local import LocalBot
from bot.sandbox import Delivery, Sandbox
from bot.sandbox.transport import INTERACTIVE
from storage.models import Answer, Participant
from tests.bot.conftest import CHANNEL, TEAM, Workspace
from tests.bot.faults.answers import every_answer, is_answer_input, pick
from tests.bot.faults.handmade import submission_payload
from tests.bot.faults.replay import UNEXPECTED
from tests.bot.scenario import flow, open_form
from tests.figures import Figures
from tests.sqlite_lock import held_write_lock

FLOW = "000-head-of-ai-or-product-lead"
CROWD = [f"U_P{n:02d}" for n in range(1, 17)]
LOCK_HELD_SECONDS = 1.5  # well inside Slack's 3 s for an acknowledgement


@pytest.fixture
def crowd(sandbox: Sandbox, sqlite_url: str) -> Iterator[Workspace]:
    for user in CROWD:
        sandbox.add_user(TEAM, user, real_name=f"Person {user}")
        sandbox.join_channel(CHANNEL, user)
    with LocalBot(sandbox, TEAM, sqlite_url, transport="http", listener_threads=len(CROWD)) as bot:
        yield Workspace(sandbox, bot)


def stored(ws: Workspace) -> dict[str, dict[str, object]]:
    with ws.bot.runtime.sessions() as session:
        rows = session.execute(
            select(Participant.user_id, Answer.question_id, Answer.value).join(
                Answer, Answer.participant_id == Participant.id
            )
        )
        answers: dict[str, dict[str, object]] = {}
        for user, question, value in rows:
            answers.setdefault(user, {})[question] = value
        return answers


def test_a_crowd_answering_while_the_database_is_locked_loses_nothing(
    crowd: Workspace, sqlite_url: str, figures: Figures
) -> None:
    definition = flow(FLOW)
    # The first two as CEO and CTO, the roles the flow needs before it recommends anything.
    roles = ["ceo", "cto"]
    mentions = " ".join(
        f"<@{u}|{u.lower()}>" + (f" {roles[n]}" if n < len(roles) else "") for n, u in enumerate(CROWD)
    )
    crowd.facilitator.slash("/hiring", f"start {FLOW} {mentions}", channel=CHANNEL)
    crowd.bot.settle()
    answers = every_answer(definition, {})
    first = {q.id for q in definition.sections[0].questions}
    submissions = []
    for user in CROWD:
        person = crowd.person(user)
        invitation = person.dm()[0]
        person.click(ActionId.ANSWER_NOW, in_message=(invitation.channel_id, invitation.ts))
        form = open_form(crowd, user, CallbackId.ANSWER)
        values = {
            b["block_id"]: pick(b["element"], answers[b["block_id"].split(":", 1)[1]])
            for b in form.blocks
            if b.get("type") == "input" and is_answer_input(b["block_id"])
        }
        figures.add("answers sent", len(values))
        submissions.append(submission_payload(crowd.sandbox, TEAM, user, form.id, values))

    taken = threading.Event()
    locker = threading.Thread(
        target=held_write_lock, args=(sqlite_url.removeprefix("sqlite:///"), LOCK_HELD_SECONDS, taken)
    )
    locker.start()
    assert taken.wait(5)
    replies: list[Delivery] = []
    go = threading.Barrier(len(submissions))

    def submit(payload: dict) -> None:
        go.wait()
        replies.append(crowd.sandbox.deliver(INTERACTIVE, payload, accepts_response_payload=True))

    threads = [threading.Thread(target=submit, args=(p,)) for p in submissions]
    for thread in threads:
        thread.start()
    for thread in [*threads, locker]:
        thread.join(timeout=30)
    crowd.bot.settle()

    # SQLite's busy handler retries inside the library, out of sight: the waits show in the latencies.
    figures("writers at once (answering people)", len(submissions))
    figures("seconds another process held the write lock", LOCK_HELD_SECONDS)
    figures("submissions acknowledged", sum(r.acknowledged for r in replies))
    figures.most("slowest acknowledgement, seconds", round(max((r.latency for r in replies), default=0), 3))
    kept = stored(crowd)
    figures("answers stored", sum(len(answers) for answers in kept.values()))
    assert len(replies) == len(CROWD) and all(r.acknowledged for r in replies), (
        "an answer went unacknowledged"
    )
    assert not any(UNEXPECTED in str(r.response) for r in replies), "an answer was refused for the lock"
    missing = {user: first - set(kept.get(user, {})) for user in CROWD if first - set(kept.get(user, {}))}
    assert not missing, f"answers lost: {missing}"

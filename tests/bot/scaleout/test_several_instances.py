"""Three bot processes in HTTP mode on one PostgreSQL database, the sandbox's load balancer handing each
request to the next: a whole workshop of thirty people answering at once, then one instance killed
while answers arrive. No answer is lost or doubled, every post is made once, every scheduled item is
run once, and the instances stop cleanly on SIGTERM."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Collection

import pytest

from bot.demo.plan import submitted_in_round1
from bot.sandbox.transport import INTERACTIVE
from bot.services.scheduling import ItemKind
from storage.models import ScheduledState
from tests.bot.scaleout.workshop import (
    CHECKIN_MONTHS,
    Scene,
    checkin_dms,
    checkins_fall_due,
    close_round1,
    everyone_answers,
    everyone_reviews,
    invitations,
    round2_dms,
    same_order,
    scheduled,
    settle,
    settle_prompts,
    start,
    stored_answers,
)

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
KILL_AFTER_SUBMISSIONS = 40  # of about 125 forms the panel submits in round 1


def test_a_workshop_of_thirty_runs_across_three_instances(scene: Scene) -> None:
    play_the_workshop(scene)

    served = Counter(route.instance for route in scene.balancer.routes if route.status == 200)
    assert set(served) == {bot.request_url for bot in scene.instances}, "every instance served requests"
    # On a busy machine a request answered after Slack's 3 s counts as unanswered and the person acts
    # again; but none was refused or answered with an error.
    assert [r for r in scene.balancer.routes if r.status not in (200, None)] == []
    stop_every_instance(scene)
    assert_everything_happened_once(scene)


def test_the_others_finish_the_workshop_when_an_instance_is_killed(scene: Scene) -> None:
    victim = scene.instances[1]
    start(scene)
    killed_at = 0.0
    held_when_killed: list[int] = []

    def kill_while_answers_arrive() -> None:
        nonlocal killed_at
        scene.wait_for(
            f"{KILL_AFTER_SUBMISSIONS} answer forms submitted",
            lambda: submissions(scene) >= KILL_AFTER_SUBMISSIONS,
        )
        # What it holds as it dies (a post it is sending, say) the others take over. Looked at just
        # before and just after, as the others may hand an item back the moment it is gone.
        held_when_killed.extend(held_by(scene, victim.pid))
        victim.kill()
        killed_at = time.monotonic()
        held_when_killed.extend(held_by(scene, victim.pid))

    everyone_answers(scene, meanwhile=kill_while_answers_arrive)
    close_round1(scene)
    everyone_reviews(scene)
    settle(scene)
    checkins_fall_due(scene)

    after = [route for route in scene.balancer.routes if route.started > killed_at]
    assert victim.request_url in scene.balancer.out_of_rotation
    assert all(r.status is None for r in after if r.instance == victim.request_url), "dead, so no answer"
    survivors = {bot.request_url for bot in scene.instances if bot is not victim}
    assert {r.instance for r in after if r.status == 200} == survivors
    stop_every_instance(scene)
    assert_everything_happened_once(scene, taken_over=held_when_killed)


def held_by(scene: Scene, pid: int) -> list[int]:
    """The items the process claims now: a claimer is named host:pid:nonce (`new_owner`)."""
    return [i.id for i in scheduled(scene) if i.claimed_by and i.claimed_by.split(":")[1:2] == [str(pid)]]


def play_the_workshop(scene: Scene) -> None:
    start(scene)
    everyone_answers(scene)
    close_round1(scene)
    everyone_reviews(scene)
    settle(scene)
    checkins_fall_due(scene)


def submissions(scene: Scene) -> int:
    return sum(
        1
        for d in scene.sandbox.deliveries
        if d.kind == INTERACTIVE and d.payload and d.payload.get("type") == "view_submission"
    )


def stop_every_instance(scene: Scene) -> None:
    """SIGTERM to those still running: each finishes what it has in hand and exits cleanly. Counting
    starts after, so nothing an instance was still doing can add a post unseen."""
    running = [bot for bot in scene.instances if bot.running]
    for bot in running:
        bot.terminate()
    exits = {bot.name: bot.wait() for bot in running}
    assert exits == {bot.name: 0 for bot in running}, {bot.name: bot.log_tail(10) for bot in running}


def assert_everything_happened_once(scene: Scene, taken_over: Collection[int] = ()) -> None:
    posts = ("Hiring workshop:", "Round 1 of workshop", "Round 2 of workshop", "Recommendation:")
    checkins = tuple(f"Check-in: {months} months" for months in CHECKIN_MONTHS)
    assert {text: len(scene.posts(text)) for text in posts + checkins} == dict.fromkeys(posts + checkins, 1)

    people = scene.cast.stakeholders
    taking_part = {person.user_id for person, _ in scene.taking_part}
    sent = {
        person.user_id: (len(invitations(person)), len(round2_dms(person)), len(checkin_dms(person)))
        for person, _ in people
    }
    expected = {
        person.user_id: (1, 1, len(CHECKIN_MONTHS)) if person.user_id in taking_part else (1, 0, 0)
        for person, _ in people
    }
    assert sent == expected, "one invitation, one round-2 DM and one DM per check-in for each person"
    assert len(settle_prompts(scene.host)) == 1

    assert_answers_stored_once(scene)
    assert_scheduled_items_ran_once(scene, taken_over)


def assert_answers_stored_once(scene: Scene) -> None:
    """Round 1: exactly what each person submitted, each answer once (nobody changed one, so every
    revision is the first). Round 2: one row per question each person reviewed, with the revised
    answer where they changed their mind."""
    round1, round2 = stored_answers(scene, 1), stored_answers(scene, 2)
    for person, part in scene.cast.stakeholders:
        submitted = {} if part.declines else submitted_in_round1(scene.flow, part.answers, part.stops_at)
        expected = sorted((question, 1, same_order(value)) for question, value in submitted.items())
        assert round1.get(person.user_id, []) == expected, f"{person.name}'s round-1 answers"
        reviewed = round2.get(person.user_id, [])
        assert bool(reviewed) is not part.declines, f"{person.name} reviewed round 2 unless they declined"
        questions = [question for question, _, _ in reviewed]
        assert len(questions) == len(set(questions)) and all(revision == 1 for _, revision, _ in reviewed)
        for question, (revised, _) in part.revisions.items():
            assert (question, 1, same_order(revised)) in reviewed, f"{person.name}'s revision of {question}"


def assert_scheduled_items_ran_once(scene: Scene, taken_over: Collection[int] = ()) -> None:
    """Every item settled by one claimer, but for those a killed instance held (`taken_over`): each of
    those was taken over exactly once and finished."""
    items = scheduled(scene)
    states = Counter((item.kind, item.state) for item in items)
    assert states[(ItemKind.CHECKIN_OPEN, ScheduledState.DONE)] == len(CHECKIN_MONTHS)
    # Each opened check-in scheduled its summary, a week on: still waiting, claimed by nobody.
    assert states[(ItemKind.CHECKIN_SUMMARY, ScheduledState.PENDING)] == len(CHECKIN_MONTHS)
    # The rounds closed before their deadlines, so their deadlines and nudges were called off.
    round_items = [item for item in items if item.kind in (ItemKind.ROUND_DEADLINE, ItemKind.NUDGE)]
    assert round_items and all(item.state is ScheduledState.CANCELLED for item in round_items)
    unsettled = [
        item for item in items if item.claimed_by is not None or (item.attempts and item.id not in taken_over)
    ]
    assert not unsettled, [(i.kind, i.state, i.dedupe_key, i.attempts, i.last_error) for i in unsettled]
    orphans = [item for item in items if item.id in taken_over]
    assert [(i.state, i.attempts) for i in orphans] == [(ScheduledState.DONE, 1)] * len(orphans)

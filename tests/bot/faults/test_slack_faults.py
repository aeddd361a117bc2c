"""Slack failing part of the time: 429s with Retry-After, 500s, and answers that come too late. Every
step of a workshop still completes, within the client's retry policy, nothing doubled; a step that
fails for good tells the facilitator what happened and how to try again."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select

from bot.blocks.ids import ActionId, CallbackId
from bot.demo.plan import plan_story
from bot.demo.stakeholder import Stakeholder
from bot.process.clock import ManualClock
from bot.process.local import LocalBot
from bot.sandbox import Sandbox
from bot.services.scheduling import ItemKind
from bot.workflows.failures import FIRST_RETRY
from bot.workflows.recovery import resume_unfinished
from flows.schema import Flow
from storage.models import Participant, ScheduledItem, ScheduledState, Workshop, WorkshopStatus
from tests.bot.conftest import CHANNEL, TEAM, Workspace
from tests.bot.faults.answers import every_answer
from tests.bot.faults.replay import UNEXPECTED, assert_nothing_doubled
from tests.bot.scenario import flow, panel_from_example
from tests.figures import Figures

FLOW = "002-caio-or-cto"
TRIO = ("U_CEO", "U_CTO", "U_CFO")
# What the bot calls while a workshop runs, each failing now and then below.
BUSY_METHODS = {
    "chat.postMessage",
    "chat.update",
    "conversations.open",
    "conversations.info",
    "views.open",
    "views.publish",
    "users.info",
}


@pytest.fixture(autouse=True)
def faults_counted(request: pytest.FixtureRequest, figures: Figures) -> Iterator[None]:
    """After each test, what Slack was made to do to it and whether the bot ever ignored a refusal."""
    yield
    workspace = next((v for v in request.node.funcargs.values() if isinstance(v, Workspace)), None)
    if workspace is None:
        return
    for fault in workspace.sandbox.injected_faults:
        figures.add(f"faults injected: {fault.kind}")
    figures("requests refused again for the same reason", len(workspace.sandbox.repeated_refusals()))


@pytest.fixture
def acme(acme_on_sqlite: Workspace) -> Workspace:
    """Slack's faults and the client's retry policy do not depend on the database: SQLite only."""
    return acme_on_sqlite


def quick_start(ws: Workspace, people: tuple[str, ...] = TRIO) -> None:
    # The first two as CEO and CTO, the roles the flow needs before it recommends anything.
    roles = ["ceo", "cto"]
    mentions = " ".join(
        f"<@{u}|{u.lower()}>" + (f" {roles[n]}" if n < len(roles) else "") for n, u in enumerate(people)
    )
    ws.facilitator.slash("/hiring", f"start {FLOW} {mentions} --no-preview", channel=CHANNEL)
    ws.bot.settle()


def workshop(ws: Workspace) -> Workshop:
    with ws.bot.runtime.sessions() as session:
        return session.scalars(select(Workshop)).one()


def invited(ws: Workspace) -> dict[str, str | None]:
    with ws.bot.runtime.sessions() as session:
        return dict(session.execute(select(Participant.user_id, Participant.invite_ts)).all())


def answer_alike(ws: Workspace, definition: Flow) -> None:
    """The three answer the same (the first example's answers), so round 1 closes into the summary."""
    panel = panel_from_example(ws, "002")[:3]
    shared = every_answer(definition, panel[0].answers)
    for stakeholder in panel:
        stakeholder.answers = shared
        stakeholder.answer_round1(definition)
        ws.bot.settle()
        if not stakeholder.round1_done():  # a question that appeared part-way, answered on a second visit
            stakeholder.answer_round1(definition)
            ws.bot.settle()


def faults_seen(sandbox: Sandbox) -> set[str]:
    return {fault.kind for fault in sandbox.injected_faults}


def test_a_workshop_completes_while_slack_refuses_a_share_of_calls(acme: Workspace) -> None:
    # The first announcement, DM and form each refused once, then a share of everything: few enough
    # that waiting out each Retry-After and back-off keeps the test short.
    acme.sandbox.inject_faults("rate_limited", 1.0, methods={"chat.postMessage"}, times=1)
    acme.sandbox.inject_faults("server_error", 1.0, methods={"conversations.open"}, times=1)
    acme.sandbox.inject_faults("rate_limited", 1.0, methods={"views.open"}, times=1)
    acme.sandbox.inject_faults("server_error", 0.2, methods=BUSY_METHODS, times=4)
    quick_start(acme)
    answer_alike(acme, flow(FLOW))

    assert faults_seen(acme.sandbox) == {"rate_limited", "server_error"}
    hit = {(f.method, f.kind) for f in acme.sandbox.injected_faults}
    assert {("chat.postMessage", "rate_limited"), ("views.open", "rate_limited")} <= hit
    assert len(acme.sandbox.injected_faults) >= 5
    assert workshop(acme).status is WorkshopStatus.DECIDED
    assert all(ts and not ts.startswith("pending") for ts in invited(acme).values())
    assert sum(text.startswith("Recommendation:") for text in acme.channel_text()) == 1
    assert acme.sandbox.repeated_refusals() == [], "a Retry-After was not honoured"
    assert_nothing_doubled(acme)


def test_an_invitation_that_fails_for_good_is_named_to_the_facilitator_and_sent_on_remind(
    acme: Workspace,
) -> None:
    # One invitee: each failing invitation takes the client's whole back-off (about 3.5 s).
    acme.sandbox.inject_faults("server_error", 1.0, methods={"conversations.open"})
    quick_start(acme, ("U_CEO",))
    warning = "\n".join(acme.ephemeral_text())
    assert "<@U_CEO>" in warning and "internal_error" in warning and "/hiring remind" in warning, warning
    assert acme.person("U_CEO").dm() == []
    assert [f.kind for f in acme.sandbox.injected_faults] == ["server_error"] * 4, "not the retry policy"

    acme.sandbox.clear_faults()
    acme.facilitator.slash("/hiring", "remind", channel=CHANNEL)
    acme.bot.settle()
    invitations = [m for m in acme.person("U_CEO").dm() if "Answer now" in m.readable_text()]
    assert len(invitations) == 1
    assert UNEXPECTED not in "\n".join(acme.sandbox.everything_shown())


def test_an_announcement_that_fails_for_good_is_told_and_the_workshop_still_reaches_everyone(
    acme: Workspace,
) -> None:
    # Every attempt at the first post (the announcement) fails: the try and the client's 3 retries.
    acme.sandbox.inject_faults("server_error", 1.0, methods={"chat.postMessage"}, times=4)
    quick_start(acme)
    told = "\n".join(acme.ephemeral_text())
    assert "internal_error" in told or "Slack" in told, told
    assert UNEXPECTED not in told

    acme.facilitator.slash("/hiring", "remind", channel=CHANNEL)
    acme.bot.settle()
    assert len(acme.sandbox.messages(CHANNEL)) == 1, "the announcement was not posted on the retry"
    invitations = [m for u in TRIO for m in acme.person(u).dm() if "Answer now" in m.readable_text()]
    assert len(invitations) == len(TRIO)
    assert [len(acme.sandbox.messages(CHANNEL))] == [1]
    invitation = acme.person("U_CEO").dm()[0]
    acme.person("U_CEO").click(ActionId.ANSWER_NOW, in_message=(invitation.channel_id, invitation.ts))
    acme.bot.settle()
    assert acme.person("U_CEO").views(), "the workshop cannot be answered"


@pytest.fixture
def impatient(monkeypatch: pytest.MonkeyPatch, sandbox: Sandbox, sqlite_url: str) -> Iterator[Workspace]:
    """The bot waiting one second for each Web API answer (SLACK_TIMEOUT_SECONDS), so a late answer
    is a timeout within the test's time."""
    monkeypatch.setenv("SLACK_TIMEOUT_SECONDS", "1")
    with LocalBot(sandbox, TEAM, sqlite_url) as bot:
        assert bot.app.client.timeout == 1
        yield Workspace(sandbox, bot)


def test_calls_that_time_out_are_made_again_when_that_is_safe_and_the_workshop_completes(
    impatient: Workspace,
) -> None:
    repeatable = {"conversations.open", "conversations.info", "users.info", "views.publish", "chat.update"}
    impatient.sandbox.inject_faults("hang", 0.3, methods=repeatable, hang_seconds=1.5, times=3)
    quick_start(impatient)
    answer_alike(impatient, flow(FLOW))
    assert [f.kind for f in impatient.sandbox.injected_faults] == ["hang"] * 3
    assert workshop(impatient).status is WorkshopStatus.DECIDED
    assert all(ts and not ts.startswith("pending") for ts in invited(impatient).values())
    assert_nothing_doubled(impatient)


def test_posts_that_time_out_are_not_repeated_and_the_facilitator_is_told(impatient: Workspace) -> None:
    # The announcement and the first invitation: Slack posts each, but answers after the bot gave up.
    impatient.sandbox.inject_faults("hang", 1.0, methods={"chat.postMessage"}, hang_seconds=1.5, times=2)
    quick_start(impatient)
    impatient.sandbox.wait_for(lambda: len(impatient.sandbox.messages(CHANNEL)) == 1)
    impatient.sandbox.wait_for(lambda: all(impatient.person(u).dm() for u in TRIO))
    told = "\n".join(impatient.ephemeral_text())
    assert "may not" in told and "did not answer in time" in told and "/hiring remind" in told, told
    assert "<@U_CEO>" in told, "the facilitator was not told which invitation may be missing"
    assert UNEXPECTED not in told
    assert all(len(impatient.person(u).dm()) == 1 for u in TRIO)
    assert len(impatient.sandbox.messages(CHANNEL)) == 1


def round2_dms(ws: Workspace, user: str) -> list[str]:
    return [
        m.ts
        for m in ws.person(user).dm()
        if any(
            e.get("action_id") == ActionId.REVIEW_DISPUTES for b in m.blocks for e in b.get("elements", [])
        )
    ]


def warnings_to_the_facilitator(ws: Workspace) -> list[str]:
    return [m.text for m in ws.person("U_FAC").dm() if m.text.startswith(":warning:")]


def answer_apart(ws: Workspace) -> None:
    """The trio disagree (the demo's story for three): closing round 1 opens round 2."""
    definition = flow(FLOW)
    story = plan_story(definition, len(TRIO), seed=1)
    for user, part in zip(TRIO, story.parts, strict=True):
        Stakeholder(ws.sandbox, ws.person(user), user, part.persona.role, part.answers).answer_round1(
            definition
        )
        ws.bot.settle()


def resume(ws: Workspace) -> None:
    """The recovery pass, as the bot runs it at start and now and again."""
    resume_unfinished(ws.bot.runtime)
    ws.bot.settle()


def posts_of(ws: Workspace) -> dict[str, tuple[ScheduledState, str | None]]:
    """The outbox's posts by name (`round1-notice`, `round2-dm-p<id>`…): their state, and why not sent."""
    with ws.bot.runtime.sessions() as session:
        rows = session.execute(
            select(ScheduledItem.dedupe_key, ScheduledItem.state, ScheduledItem.last_error).where(
                ScheduledItem.kind == ItemKind.SEND
            )
        ).all()
    return {key.partition(":post:")[2]: (state, error) for key, state, error in rows}


def participant_id(ws: Workspace, user: str) -> int:
    with ws.bot.runtime.sessions() as session:
        return int(session.scalars(select(Participant.id).where(Participant.user_id == user)).one())


def test_a_round2_dm_refused_for_good_is_told_to_the_facilitator_and_not_retried(acme: Workspace) -> None:
    quick_start(acme)
    answer_apart(acme)
    acme.sandbox.deactivate_user(TEAM, "U_CTO")  # their DM now answers is_archived
    acme.facilitator.slash("/hiring", "close", channel=CHANNEL)
    acme.bot.settle()

    assert workshop(acme).status is WorkshopStatus.ROUND2
    assert [len(round2_dms(acme, u)) for u in TRIO] == [1, 0, 1]
    [told] = warnings_to_the_facilitator(acme)
    assert "round-2 message to <@U_CTO>" in told and "is_archived" in told, told
    cto_dm = posts_of(acme)[f"round2-dm-p{participant_id(acme, 'U_CTO')}"]
    assert cto_dm == (ScheduledState.CANCELLED, "Slack answered is_archived")

    resume(acme)  # a failure for good stays recorded: nobody is sent anything again
    acme.bot.run_due()
    assert [len(round2_dms(acme, u)) for u in TRIO] == [1, 0, 1]
    assert len(warnings_to_the_facilitator(acme)) == 1
    assert sum(t.startswith("Round 1 of workshop") for t in acme.channel_text()) == 1


def test_a_round_notice_refused_for_a_while_is_posted_later_once_without_alarming_anyone(
    timed_on_sqlite: Workspace, clock: ManualClock
) -> None:
    ws = timed_on_sqlite
    quick_start(ws)
    answer_apart(ws)
    # The first post after the close (the channel's notice) fails on the try and the client's 3 retries.
    ws.sandbox.inject_faults("server_error", 1.0, methods={"chat.postMessage"}, times=4)
    ws.facilitator.slash("/hiring", "close", channel=CHANNEL)
    ws.bot.settle()
    assert [f.kind for f in ws.sandbox.injected_faults] == ["server_error"] * 4, "not the retry policy"
    assert not any(t.startswith("Round 1 of workshop") for t in ws.channel_text())
    assert [len(round2_dms(ws, u)) for u in TRIO] == [1, 1, 1], "the DMs waited for the notice"
    assert posts_of(ws)["round1-notice"] == (ScheduledState.PENDING, "Slack answered internal_error")
    assert warnings_to_the_facilitator(ws) == [], "told of a post that is still being tried"

    ws.sandbox.inject_faults("server_error", 1.0, methods={"chat.postMessage"}, times=4)
    clock.advance(FIRST_RETRY)
    ws.bot.run_due()  # Slack still refuses: tried again, later still
    assert len(ws.sandbox.injected_faults) == 8
    assert warnings_to_the_facilitator(ws) == []
    ws.sandbox.clear_faults()
    clock.advance(FIRST_RETRY)
    ws.bot.run_due()  # not yet: the wait doubled
    assert not any(t.startswith("Round 1 of workshop") for t in ws.channel_text())
    clock.advance(FIRST_RETRY)
    ws.bot.run_due()
    ws.bot.run_due()
    assert sum(t.startswith("Round 1 of workshop") for t in ws.channel_text()) == 1
    assert [len(round2_dms(ws, u)) for u in TRIO] == [1, 1, 1]
    assert warnings_to_the_facilitator(ws) == []
    assert posts_of(ws)["round1-notice"][0] is ScheduledState.DONE


def test_a_form_slack_stopped_waiting_for_asks_for_a_second_click_which_opens_it(acme: Workspace) -> None:
    quick_start(acme)
    ceo = panel_from_example(acme, "002")[0]
    invitation = ceo.invitation()
    # Held past the 3 s Slack keeps a click's trigger, as on a stalled machine.
    acme.sandbox.inject_faults("hang", 1.0, methods={"views.open"}, hang_seconds=3.2, times=1)
    ceo.person.click(ActionId.ANSWER_NOW, in_message=(invitation.channel_id, invitation.ts))
    acme.bot.settle()

    assert [c.response.get("error") for c in acme.sandbox.calls_to("views.open")] == ["expired_trigger_id"]
    told = [e.readable_text() for e in ceo.person.ephemerals()]
    assert any("took too long to open" in text and "Click the button again" in text for text in told), told
    assert not any(UNEXPECTED in text for text in told)

    ceo.person.click(ActionId.ANSWER_NOW, in_message=(invitation.channel_id, invitation.ts))
    acme.bot.settle()
    assert [form.callback_id for form in ceo.person.views() if not form.closed] == [CallbackId.ANSWER]

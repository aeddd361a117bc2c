"""What people see stays true as a workshop moves on, driven through the sandbox: round 1's reasons
reach round 2, the start form names people, the announcement counts answers, invitations say when a
round has closed, and `/hiring status` keeps finished workshops."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from bot.blocks.ids import ActionId, BlockId, CallbackId
from bot.demo.plan import Story, plan_story
from bot.demo.stakeholder import Stakeholder
from bot.process.clock import ManualClock
from bot.process.local import LocalBot
from bot.sandbox import Sandbox
from bot.sandbox.model import Message
from bot.sandbox.reading import readable_text
from flows.schema import Flow
from tests.bot.conftest import CHANNEL, PANEL, TEAM, Workspace
from tests.bot.scenario import facilitator, flow, home_sections, open_form, panel_from_story

FLOW = "002-caio-or-cto"
# 10 s past a whole minute, so the first answers and the minute's end are easy to tell apart.
MONDAY = datetime(2026, 10, 26, 14, 0, 10, tzinfo=UTC)
NAMES = ("Ada Lovelace", "Grace Hopper", "Mary Somerville", "Katherine Johnson", "Rosalind Franklin")


@pytest.fixture
def told() -> Story:
    return plan_story(flow(FLOW), len(PANEL), seed=1)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(MONDAY)


@pytest.fixture
def timed(sandbox: Sandbox, database_url: str, clock: ManualClock) -> Iterator[Workspace]:
    """The bot on a clock the test moves; the test runs the scheduler's due items itself."""
    with LocalBot(sandbox, TEAM, database_url, transport="socket", clock=clock) as bot:
        yield Workspace(sandbox, bot)


def test_the_roles_step_names_each_invitee_beside_their_picker(acme: Workspace) -> None:
    acme.facilitator.slash("/hiring", "start", channel=CHANNEL)
    step1 = open_form(acme, "U_FAC", CallbackId.START)
    delivery = acme.facilitator.submit(
        step1.id, {BlockId.FLOW: FLOW, BlockId.STAKEHOLDERS: list(PANEL), BlockId.ANONYMITY: "anonymous"}
    )
    assert not delivery.errors
    step2 = open_form(acme, "U_FAC", CallbackId.START_ROLES)
    labels = [b["label"]["text"] for b in step2.blocks if b.get("type") == "input"]
    assert labels == list(NAMES)
    assert "Person" not in readable_text(step2.blocks)


def test_a_round_1_reason_reaches_another_person_s_round_2_form(acme: Workspace, told: Story) -> None:
    definition = told.flow
    panel = panel_from_story(acme, told)
    disputed = told.disputed[0]
    section = next(s for s in definition.sections if any(q.id == disputed for q in s.questions))
    reason = "Our models already run in production; the gap is who owns them."
    panel[0] = replace(panel[0], reasons={section.id: reason})
    facilitator(acme).start(definition, PANEL)
    acme.bot.settle()
    for stakeholder in panel:
        stakeholder.answer_round1(definition)
        acme.bot.settle()
    facilitator(acme).hiring("close")
    acme.bot.settle()

    form = panel[1].review_round2(definition)
    shown = readable_text(form.blocks)
    assert reason in shown
    assert "Ada" not in shown and "<@U_CEO>" not in shown
    reason_field = next(b for b in form.blocks if b.get("element", {}).get("action_id") == ActionId.REASON)
    assert "only if you change your answer" in reason_field["hint"]["text"]
    assert "needed if" not in reason_field["label"]["text"]


def finishers(panel: list[Stakeholder], story: Story) -> list[Stakeholder]:
    """Those the story has answering every question (not stopping part-way, not declining)."""
    return [
        s for s, part in zip(panel, story.parts, strict=True) if part.stops_at is None and not part.declines
    ]


def answer_everything(ws: Workspace, stakeholder: Stakeholder, definition: Flow) -> None:
    """Round 1 to the end: a question that appeared as they answered is answered on a second pass."""
    stakeholder.answer_round1(definition)
    ws.bot.settle()
    if not stakeholder.round1_done():
        stakeholder.answer_round1(definition)
        ws.bot.settle()
    assert stakeholder.round1_done()


def buttons(message: Message) -> list[str]:
    return [e["action_id"] for b in message.blocks for e in b.get("elements", []) if "action_id" in e]


def invitation_of(ws: Workspace, user_id: str) -> Message:
    """The first DM the bot sent them: the invitation, however it has been updated since."""
    return ws.person(user_id).dm()[0]


def test_invitations_close_with_their_round_and_link_the_recommendation(acme: Workspace, told: Story) -> None:
    definition, host = told.flow, facilitator(acme)
    panel = panel_from_story(acme, told)
    host.start(definition, PANEL)
    acme.bot.settle()
    for stakeholder in panel:
        stakeholder.answer_round1(definition)
        acme.bot.settle()
    answered = invitation_of(acme, "U_CEO")
    assert ActionId.ANSWER_NOW in buttons(answered)  # "Change my answers" while the round is open

    host.hiring("close")
    acme.bot.settle()
    closed = invitation_of(acme, "U_CEO")
    assert "Round 1 is closed; thank you." in closed.readable_text()
    assert buttons(closed) == [] and "change them until" not in closed.readable_text()

    for stakeholder in panel:
        stakeholder.review_round2(definition)
        acme.bot.settle()
    host.settle_disputes(definition)
    acme.bot.settle()
    # The recommendation reaches the channel once the facilitator posts their preview; until then
    # no invitation says it is posted.
    assert "The recommendation is posted" not in str(invitation_of(acme, "U_CEO").blocks)
    host.post_preview()
    acme.bot.settle()
    final = str(invitation_of(acme, "U_CEO").blocks)
    summary = next(
        m for m in acme.sandbox.messages(CHANNEL) if m.readable_text().startswith("Recommendation:")
    )
    assert "The recommendation is posted" in final
    assert f"archives/{CHANNEL}/p{summary.ts.replace('.', '')}|read it in the channel" in final
    host.hiring("status")
    acme.bot.settle()
    status = acme.ephemeral_text()[-1]
    assert "No hiring workshops" not in status
    assert f"{definition.title}" in status and "Finished · Recommended" in status
    assert "read the recommendation" in status


def test_the_announcement_counts_answers_at_most_once_a_minute(
    timed: Workspace, clock: ManualClock, told: Story
) -> None:
    definition = told.flow
    panel = panel_from_story(timed, told)
    mentions = " ".join(f"<@{u}|{u.lower()}>" for u in PANEL)
    timed.facilitator.slash("/hiring", f"start {FLOW} {mentions}", channel=CHANNEL)
    timed.bot.settle()
    post = timed.sandbox.messages(CHANNEL)[0]
    assert "0 of 5 have answered" in post.readable_text()

    def announcement() -> Message:
        return next(m for m in timed.sandbox.messages(CHANNEL) if m.ts == post.ts)

    done = finishers(panel, told)
    for stakeholder in done[:2]:
        answer_everything(timed, stakeholder, definition)
    timed.bot.run_due()
    assert "0 of 5 have answered" in announcement().readable_text()  # this minute's update is not due yet

    clock.advance(timedelta(minutes=1))
    timed.bot.run_due()
    assert "2 of 5 have answered" in announcement().readable_text()
    assert len(announcement().history) == 1  # two answers, one update

    answer_everything(timed, done[2], definition)
    timed.bot.run_due()
    assert "2 of 5 have answered" in announcement().readable_text()
    clock.advance(timedelta(minutes=1))
    timed.bot.run_due()
    shown = announcement().readable_text()
    assert "3 of 5 have answered" in shown and len(announcement().history) == 2
    assert not any(name in shown for name in NAMES)


def test_the_facilitator_closes_a_round_and_reminds_from_the_app_home(acme: Workspace, told: Story) -> None:
    definition, host = told.flow, facilitator(acme)
    panel = panel_from_story(acme, told)
    host.start(definition, PANEL)
    acme.bot.settle()
    done = finishers(panel, told)
    for stakeholder in done:
        answer_everything(acme, stakeholder, definition)
    assert f"{len(done)} of 5 answered" in home_sections(acme, "U_FAC")["Workshops I facilitate"]
    [missing] = [s.user_id for s in panel if s not in done]
    acme.facilitator.click(ActionId.HOME_REMIND, home=True)
    acme.bot.settle()
    told_back = acme.facilitator.dm()[-1].readable_text()
    assert "Reminded" in told_back and f"<@{missing}>" in told_back and "<@U_CEO>" not in told_back

    posted = len(acme.channel_text())
    acme.facilitator.click(ActionId.HOME_CLOSE_ROUND, home=True)
    acme.bot.settle()
    # Nothing the four finishers dispute: the round closes into the facilitator's preview, posted here.
    host.post_preview()
    acme.bot.settle()
    news = acme.channel_text()[posted:]
    assert any(t.startswith("Recommendation") for t in news), news
    home_sections(acme, "U_FAC")
    home = acme.facilitator.home()
    assert home is not None and "Close round 1" not in str(home.blocks)
    acme.facilitator.click(ActionId.HOME_EXPORT, home=True)
    acme.bot.settle()
    files = acme.sandbox.wait_for(lambda: acme.facilitator.files(), timeout=10)
    assert sorted(f.name.rsplit(".", 1)[1] for f in files) == ["csv", "json", "md"]

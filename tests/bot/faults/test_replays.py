"""Slack retries a request it thinks went unanswered, with X-Slack-Retry-Num. A retry may leave no
second workshop, answer, message or scheduled item, nor any stray message, whether it arrives after
the first attempt was handled or while it is still being handled."""

from __future__ import annotations

from collections.abc import Callable

from bot.blocks.ids import ActionId, CallbackId
from bot.demo.plan import Story
from bot.demo.stakeholder import Stakeholder
from bot.sandbox import Delivery
from bot.sandbox.transport import INTERACTIVE, SLASH_COMMANDS
from tests.bot.conftest import CHANNEL, PANEL, TEAM, Workspace
from tests.bot.faults.handmade import delivered_at_once, slash_payload, submission_payload
from tests.bot.faults.replay import Replayer, assert_nothing_doubled, record_replays, stored_counts
from tests.bot.faults.snapshot import Snapshot
from tests.bot.scenario import facilitator, open_form, panel_from_story
from tests.figures import Figures

FLOW = "000-head-of-ai-or-product-lead"


def replayed_after(ws: Workspace, replayer: Replayer, figures: Figures, step: Callable[[], object]) -> None:
    """Take the step and let the bot finish, then replay each of its requests three times: the
    retries must change nothing stored and show nobody anything."""
    step()
    ws.bot.settle()
    before = Snapshot.take(ws.bot.runtime.engine, ws.sandbox)
    replayer.replay_new()
    ws.bot.settle()
    changes = Snapshot.take(ws.bot.runtime.engine, ws.sandbox).changes_since(before)
    figures.add("steps compared before and after their retries")
    figures.add("changes the retries made", len(changes))
    assert not changes, "a retry changed something:\n" + "\n".join(changes)


def record_attempts(figures: Figures, attempts: list[Delivery]) -> None:
    figures("attempts in flight at once (first and retries)", len(attempts))
    figures("attempts acknowledged", sum(a.acknowledged for a in attempts))


def answer_fully(stakeholder: Stakeholder, story: Story) -> None:
    """Round 1 as a person does it: a question that appeared part-way is answered on a second visit."""
    stakeholder.answer_round1(story.flow)
    if not stakeholder.round1_done():
        stakeholder.answer_round1(story.flow)


def test_a_whole_workshop_with_every_request_retried_three_times(
    on_sqlite: Workspace, story: Story, figures: Figures
) -> None:
    ws, definition, host = on_sqlite, story.flow, facilitator(on_sqlite)
    replayer = Replayer(ws.sandbox)
    panel = panel_from_story(ws, story)

    replayed_after(ws, replayer, figures, lambda: host.start(definition, PANEL))
    for stakeholder, part in zip(panel, story.parts, strict=True):
        if part.stops_at is None:
            replayed_after(ws, replayer, figures, lambda s=stakeholder: answer_fully(s, story))
        else:
            replayed_after(ws, replayer, figures, lambda s=stakeholder: s.answer_round1(definition))
    replayed_after(ws, replayer, figures, lambda: host.hiring("close"))
    for stakeholder in panel:
        replayed_after(ws, replayer, figures, lambda s=stakeholder: s.review_round2(definition))
    replayed_after(ws, replayer, figures, lambda: host.hiring("status"))
    replayed_after(ws, replayer, figures, lambda: host.settle_disputes(definition))
    replayed_after(ws, replayer, figures, host.post_preview)  # "Post to channel", replayed: posted once
    replayed_after(ws, replayer, figures, lambda: ws.person("U_CEO").open_home())

    kinds = {(d.kind, (d.payload or {}).get("type")) for d in replayer.replayed}
    record_replays(figures, replayer.replayed)
    assert {SLASH_COMMANDS, INTERACTIVE, "events_api"} <= {kind for kind, _ in kinds}
    assert {"block_actions", "view_submission", "view_closed"} <= {t for _, t in kinds}
    assert all(d.acknowledged for d in replayer.replayed), "a retry was not acknowledged"
    assert stored_counts(ws)["workshops"] == 1
    assert sum(text.startswith("Recommendation:") for text in ws.channel_text()) == 1
    assert_nothing_doubled(ws, figures)


def test_a_quick_start_retried_while_it_is_being_handled_makes_one_workshop(
    workspace: Workspace, figures: Figures
) -> None:
    mentions = " ".join(f"<@{u}|{u.lower()}>" for u in PANEL)
    payload = slash_payload(
        workspace.sandbox, TEAM, "U_FAC", CHANNEL, f"start {FLOW} {mentions} --no-preview"
    )
    attempts = delivered_at_once(workspace.sandbox, SLASH_COMMANDS, payload)
    workspace.bot.settle()
    record_attempts(figures, attempts)
    figures("workshops stored", stored_counts(workspace)["workshops"])
    assert all(a.acknowledged for a in attempts)
    assert stored_counts(workspace)["workshops"] == 1
    assert stored_counts(workspace)["participants"] == len(PANEL)
    assert len(workspace.sandbox.messages(CHANNEL)) == 1
    assert all(len(workspace.person(user).dm()) == 1 for user in PANEL)
    assert_nothing_doubled(workspace, figures)


def test_an_answer_retried_while_it_is_being_handled_is_stored_once(
    workspace: Workspace, story: Story, figures: Figures
) -> None:
    ws = workspace
    facilitator(ws).start(story.flow, PANEL)
    ws.bot.settle()
    ceo = panel_from_story(ws, story)[0]
    invitation = ceo.invitation()
    ceo.person.click(ActionId.ANSWER_NOW, in_message=(invitation.channel_id, invitation.ts))
    form = open_form(ws, "U_CEO", CallbackId.ANSWER)
    values = ceo.choices(story.flow, form, ceo.answers)
    payload = submission_payload(ws.sandbox, TEAM, "U_CEO", form.id, values)
    attempts = delivered_at_once(ws.sandbox, INTERACTIVE, payload)
    ws.bot.settle()
    record_attempts(figures, attempts)
    figures("answers submitted", len(values))
    figures("answers stored", stored_counts(ws)["answers"])
    assert all(a.acknowledged for a in attempts)
    # Attempts that found the request already handled answer with an empty 200; the others must agree.
    responses = [a.response for a in attempts if a.response]
    assert responses and all(r == responses[0] for r in responses), "attempts disagreed"
    assert stored_counts(ws)["answers"] == len(values) > 0
    assert_nothing_doubled(ws, figures)

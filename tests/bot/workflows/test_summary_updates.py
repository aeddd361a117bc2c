"""The channel summary is posted once and updated in place when the facilitator revisits a decision."""

from __future__ import annotations

from bot.blocks.ids import ActionId, CallbackId, Prefix
from bot.sandbox.model import Message
from tests.bot.conftest import CHANNEL, Workspace
from tests.bot.scenario import facilitator, flow, open_form, panel_from_example, start_with_modal

FLOW = "000-head-of-ai-or-product-lead"


def settle(ws: Workspace, *, leave_open: bool, prompt_text: str) -> None:
    prompt = [m for m in ws.facilitator.dm() if prompt_text in m.readable_text()][-1]
    ws.facilitator.click(ActionId.SETTLE_DISPUTES, in_message=(prompt.channel_id, prompt.ts))
    form = open_form(ws, "U_FAC", CallbackId.FACILITATOR)
    values: dict[str, object] = {}
    for block in form.blocks:
        block_id = str(block.get("block_id", ""))
        if block_id.startswith(f"{Prefix.LEAVE_OPEN}:") and leave_open:
            values[block_id] = ["leave_open"]
        if block_id.startswith(f"{Prefix.QUESTION}:") and not leave_open:
            values[block_id] = block["element"]["options"][0]["value"]
        if block_id.startswith(f"{Prefix.RATIONALE}:"):
            values[block_id] = "Settled after the final-round interviews."
    delivery = ws.facilitator.submit(form.id, values)
    assert not delivery.errors, delivery.errors
    ws.bot.settle()


def test_revisiting_a_decision_updates_the_summary_in_place(acme: Workspace) -> None:
    start_with_modal(acme, FLOW)
    for stakeholder in panel_from_example(acme, "000"):
        stakeholder.answer_round1(flow(FLOW))
        acme.bot.settle()
    acme.facilitator.slash("/hiring", "close", channel=CHANNEL)  # round 1
    acme.bot.settle()
    acme.facilitator.slash("/hiring", "close", channel=CHANNEL)  # round 2, nobody revised
    acme.bot.settle()
    settle(acme, leave_open=True, prompt_text="Settle disputes")
    facilitator(acme).post_preview()
    acme.bot.settle()

    summaries = [m for m in acme.sandbox.messages(CHANNEL) if m.readable_text().startswith("Recommendation")]
    assert len(summaries) == 1
    first = summaries[0]
    before = first.readable_text()
    disputes = next(m for m in replies(acme, first.ts) if "*Disputes" in m.readable_text())
    assert (
        "the facilitator left it open. Why: Settled after the final-round interviews."
        in disputes.readable_text()
    )
    assert len(acme.sandbox.files_in(CHANNEL, thread_ts=first.ts)) == 1

    settle(acme, leave_open=False, prompt_text="Revisit decisions")
    summaries = [m for m in acme.sandbox.messages(CHANNEL) if m.readable_text().startswith("Recommendation")]
    assert len(summaries) == 1 and summaries[0].ts == first.ts
    assert summaries[0].edited_ts is not None and summaries[0].history
    assert summaries[0].readable_text() != before
    edited = next(m for m in replies(acme, first.ts) if m.ts == disputes.ts)
    assert edited.edited_ts is not None  # the thread's own reply, edited where it is
    assert "the facilitator decided" in edited.readable_text()
    assert "left it open" not in edited.readable_text()
    assert any("Updated (revision" in m.readable_text() for m in replies(acme, first.ts))
    assert len(acme.sandbox.files_in(CHANNEL, thread_ts=first.ts)) == 2  # the new chart follows


def replies(ws: Workspace, ts: str) -> list[Message]:
    return [m for m in ws.sandbox.messages(CHANNEL) if m.thread_ts == ts and m.ts != ts]

"""Named workshops show who answered what to the facilitator alone; anonymous ones to nobody."""

from __future__ import annotations

from tests.bot.conftest import CHANNEL, PANEL, Workspace
from tests.bot.scenario import flow, panel_from_example, start_with_modal

FLOW = "001-product-or-engineering-leadership"


def run_round1(ws: Workspace, *, anonymous: bool) -> None:
    start_with_modal(ws, FLOW, anonymous=anonymous)
    for stakeholder in panel_from_example(ws, "001"):
        stakeholder.answer_round1(flow(FLOW))
        ws.bot.settle()
    ws.facilitator.slash("/hiring", "close", channel=CHANNEL)
    ws.bot.settle()


def test_a_named_workshop_shows_the_facilitator_who_answered_what(acme: Workspace) -> None:
    run_round1(acme, anonymous=False)
    private = [m.readable_text() for m in acme.facilitator.dm() if "Who answered what" in m.readable_text()]
    assert private, "the facilitator got no breakdown"
    assert any(f"<@{user}>:" in text for text in private for user in PANEL)
    # Nobody else sees it: not the channel, not a participant.
    assert not any("Who answered what" in text for text in acme.channel_text())
    for user in PANEL:
        assert not any("Who answered what" in m.readable_text() for m in acme.person(user).dm())


def test_an_anonymous_workshop_shows_nobody_who_answered_what(acme: Workspace) -> None:
    run_round1(acme, anonymous=True)
    for viewer in ["U_FAC", *PANEL]:
        seen = [m.readable_text() for m in acme.person(viewer).dm()] + acme.channel_text()
        assert not any("Who answered what" in text for text in seen)
    # Every place an answer is shown after the round carries no participant mention.
    for text in acme.channel_text()[1:]:
        assert not any(f"<@{user}>" in text for user in PANEL)

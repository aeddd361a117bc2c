"""Steps of a workshop as the people in Slack take them, shared by the scenario tests."""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.blocks.ids import ActionId, BlockId, CallbackId, Prefix, keyed
from bot.demo.facilitator import Facilitator
from bot.demo.plan import Story
from bot.demo.stakeholder import Stakeholder
from bot.sandbox.model import View
from bot.sandbox.reading import readable_text, text_of
from flows.loader import FlowCatalog
from flows.schema import Flow
from tests.bot.conftest import CHANNEL, PANEL, TEAM, Workspace

EXAMPLES = Path(__file__).resolve().parents[2] / "flows" / "examples"


def flow(flow_id: str) -> Flow:
    return FlowCatalog.load().get(flow_id)


def open_form(ws: Workspace, user_id: str, callback_id: str) -> View:
    person = ws.person(user_id)
    return ws.sandbox.wait_for(
        lambda: next((v for v in reversed(person.views()) if v.callback_id == callback_id), None)
    )


def start_with_modal(
    ws: Workspace, flow_id: str, *, anonymous: bool = True, roles: dict[str, str] = PANEL
) -> None:
    """The facilitator's whole start: `/hiring start`, step 1, step 2, then the fan-out finishes."""
    ws.facilitator.slash("/hiring", "start", channel=CHANNEL)
    step1 = open_form(ws, "U_FAC", CallbackId.START)
    delivery = ws.facilitator.submit(
        step1.id,
        {
            BlockId.FLOW: flow_id,
            BlockId.STAKEHOLDERS: list(roles),
            BlockId.ANONYMITY: "anonymous" if anonymous else "named",
        },
    )
    assert not delivery.errors, delivery.errors
    step2 = open_form(ws, "U_FAC", CallbackId.START_ROLES)
    delivery = ws.facilitator.submit(
        step2.id, {keyed(Prefix.ROLE, user): role for user, role in roles.items()}
    )
    assert not delivery.errors, delivery.errors
    ws.bot.settle()


def panel_from_example(ws: Workspace, number: str) -> list[Stakeholder]:
    """The example answers file's people, seated on the Slack panel in order (its roles match PANEL's)."""
    people = yaml.safe_load((EXAMPLES / f"answers-{number}.yaml").read_text())["participants"]
    return [
        Stakeholder(ws.sandbox, ws.person(user_id), p["name"], p["role"], p["answers"])
        for user_id, p in zip(PANEL, people, strict=True)
    ]


def panel_from_story(ws: Workspace, story: Story) -> list[Stakeholder]:
    """The story's people seated on the Slack panel in order (the demo's first five personas hold
    PANEL's roles)."""
    seated = zip(PANEL.items(), story.parts, strict=True)
    assert all(role == part.persona.role for (_, role), part in seated), "PANEL and the personas disagree"
    return [
        Stakeholder(
            ws.sandbox, ws.person(user_id), p.persona.name, p.persona.role, p.answers, p.revisions, p.reasons
        )
        for user_id, p in zip(PANEL, story.parts, strict=True)
    ]


def facilitator(ws: Workspace) -> Facilitator:
    return Facilitator(ws.sandbox, ws.facilitator, "Fay Facilitator", CHANNEL)


def home_sections(ws: Workspace, user_id: str) -> dict[str, str]:
    """The person opens the app's Home tab; its text under each heading, by heading."""
    person = ws.person(user_id)
    person.open_home()
    ws.bot.settle()
    home = person.home()
    assert home is not None, f"{user_id} has no App Home after opening it"
    sections: dict[str, list[str]] = {}
    heading = ""
    for block in home.blocks:
        if block.get("type") == "header":
            heading = text_of(block.get("text"))
            sections[heading] = []
        else:
            sections.setdefault(heading, []).append(readable_text([block]))
    return {title: "\n".join(lines) for title, lines in sections.items()}


__all__ = ["TEAM"]


def round2_form(ws: Workspace, story: Story) -> tuple[Stakeholder, View]:
    """Round 1 answered and closed; the first person to change their mind has round 2's form open.
    Returns that person and the form."""
    panel = panel_from_story(ws, story)
    host = facilitator(ws)
    host.start(story.flow, PANEL)
    ws.bot.settle()
    for stakeholder in panel:
        stakeholder.answer_round1(story.flow)
        ws.bot.settle()
    host.hiring("close")
    ws.bot.settle()
    revising = next(s for s in panel if s.revisions)
    prompt = revising.latest_dm_with(ActionId.REVIEW_DISPUTES)
    revising.person.click(ActionId.REVIEW_DISPUTES, in_message=(prompt.channel_id, prompt.ts))
    return revising, open_form(ws, revising.user_id, CallbackId.ROUND2)

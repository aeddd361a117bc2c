"""The demo's Slack workspace: one company, a facilitator, the personas and a leadership channel."""

from __future__ import annotations

from dataclasses import dataclass

from bot.demo.facilitator import Facilitator
from bot.demo.plan import Part, Story
from bot.demo.stakeholder import Stakeholder
from bot.sandbox import Sandbox

TEAM_ID = "T0DEMO"
TEAM_NAME = "Acme"
CHANNEL_NAME = "leadership"
FACILITATOR_NAME = "Fay Fairweather"
# Spread over a few zones, as leadership teams are; the bot shows each person times in their own.
TIME_ZONES = ("Europe/London", "America/New_York", "Europe/Berlin", "Asia/Singapore")


@dataclass
class Cast:
    """Who is in the workspace: the facilitator and each stakeholder with their part in the story."""

    channel_id: str
    facilitator: Facilitator
    stakeholders: list[tuple[Stakeholder, Part]]

    @property
    def roles(self) -> dict[str, str]:
        """Slack user id -> role key, as the facilitator assigns them in the start form."""
        return {s.user_id: part.persona.role for s, part in self.stakeholders}


def set_stage(sandbox: Sandbox, story: Story) -> Cast:
    sandbox.add_team(TEAM_ID, name=TEAM_NAME)
    host = sandbox.add_user(TEAM_ID, real_name=FACILITATOR_NAME, tz=TIME_ZONES[0])
    people = [
        sandbox.add_user(TEAM_ID, real_name=part.persona.name, tz=TIME_ZONES[n % len(TIME_ZONES)])
        for n, part in enumerate(story.parts)
    ]
    channel = sandbox.add_channel(TEAM_ID, CHANNEL_NAME, members=[host.id, *(p.id for p in people)])
    facilitator = Facilitator(sandbox, sandbox.user(TEAM_ID, host.id), FACILITATOR_NAME, channel.id)
    stakeholders = [
        (
            Stakeholder(
                sandbox,
                sandbox.user(TEAM_ID, user.id),
                part.persona.name,
                part.persona.role,
                part.answers,
                part.revisions,
                part.reasons,
            ),
            part,
        )
        for user, part in zip(people, story.parts, strict=True)
    ]
    return Cast(channel.id, facilitator, stakeholders)

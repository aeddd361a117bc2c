"""The project's own Slack: a local Slack that speaks Slack's wire protocol.

No test reaches the real Slack and none patches slack-sdk. Instead `Sandbox` serves the Web API methods
the bot calls over real HTTP on loopback (Slack's response shapes, error codes, block validation, rate
limits and injected faults), keeps each workspace's state, and delivers what people do to the app as
Slack does: signed HTTP requests, or envelopes over a Socket Mode WebSocket. The demo command uses it
too, with simulated stakeholders clicking through the bot.

Point slack-sdk at it with `WebClient(token=sandbox.bot_token(team), base_url=sandbox.api_url)` and
Socket Mode with `sandbox.app_token()`; drive people with `sandbox.user(team, user).slash(...)`,
`.click(...)`, `.submit(...)`; read what they see with `.dm()`, `.views()`, `.home()`, and the files
the bot uploaded (slack-sdk's `files_upload_v2`) with `sandbox.files_in(channel)` or `.files()`.
"""

from bot.sandbox.clock import Clock
from bot.sandbox.driver import Person
from bot.sandbox.errors import SandboxMisuse, SlackError
from bot.sandbox.model import (
    Call,
    Channel,
    Delivery,
    Ephemeral,
    InjectedFault,
    Message,
    Refusal,
    Team,
    UploadedFile,
    User,
    View,
)
from bot.sandbox.reading import Element, readable_text
from bot.sandbox.sandbox import Sandbox
from bot.sandbox.shutdown import close_builtin_client
from bot.sandbox.transport import sign

__all__ = [
    "Call",
    "Channel",
    "Clock",
    "Delivery",
    "Element",
    "Ephemeral",
    "InjectedFault",
    "Message",
    "Person",
    "Refusal",
    "Sandbox",
    "SandboxMisuse",
    "SlackError",
    "Team",
    "UploadedFile",
    "User",
    "View",
    "close_builtin_client",
    "readable_text",
    "sign",
]

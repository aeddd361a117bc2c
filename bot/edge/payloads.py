"""Slack payloads, parsed once at the edge into typed models (`/hiring` text: `listeners.commands`).

Only the fields the listeners use are modelled; everything else Slack sends is ignored, so a new
field from Slack never breaks a listener.
"""

from __future__ import annotations

import builtins
import re
from typing import Any, Literal, Self, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from bot.blocks.metadata import Metadata, parse_private_metadata
from flows.errors import WorkshopError

# C0 and C1 control characters and DEL, but for tab and newline. A carriage return goes too: a
# typed "\r\n" is kept as its newline.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean_text(text: str) -> str:
    """Text a person typed, as it is stored: no NUL (PostgreSQL refuses it in text, which lost a
    revision) nor any other control character that could drive a terminal reading a log or export."""
    return _CONTROL.sub("", text)


def _cleaned(value: Any) -> Any:
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {key: _cleaned(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_cleaned(item) for item in value]
    return value


class Payload(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    @classmethod
    def parse(cls, body: dict[str, Any]) -> Self:
        try:
            return cls.model_validate(body)
        except ValidationError as error:
            where = ".".join(str(part) for part in error.errors()[0]["loc"])
            raise WorkshopError(
                f"Slack sent a {cls.__name__} this app cannot read (field '{where}').",
                "Try again; if it keeps happening, the app may need an update.",
            ) from error


class SlashCommand(Payload):
    team_id: str
    enterprise_id: str | None = None
    channel_id: str
    user_id: str
    command: str
    text: str = ""
    trigger_id: str
    response_url: str

    @field_validator("text")
    @classmethod
    def _clean(cls, value: str) -> str:
        return clean_text(value)


class Team(Payload):
    id: str
    domain: str | None = None
    enterprise_id: str | None = None


class User(Payload):
    id: str
    team_id: str | None = None
    username: str | None = None
    name: str | None = None


class SelectedOption(Payload):
    value: str


class Action(Payload):
    action_id: str
    block_id: str
    type: str
    value: str | None = None
    selected_option: SelectedOption | None = None
    selected_options: list[SelectedOption] = Field(default_factory=list)
    action_ts: str | None = None

    def workshop_id(self) -> int:
        """Buttons carry the workshop id as their value."""
        if self.value is None or not self.value.isdigit():
            raise WorkshopError(
                f"The button '{self.action_id}' did not say which workshop it is for.",
                "Use /hiring status in the workshop's channel instead.",
            )
        return int(self.value)


class Container(Payload):
    type: str
    message_ts: str | None = None
    channel_id: str | None = None
    view_id: str | None = None
    is_ephemeral: bool | None = None


class ViewState(Payload):
    """What was typed in a form: every free text, reason, rationale and note of the app comes here."""

    values: dict[str, dict[str, dict[str, Any]]] = Field(default_factory=dict)

    @field_validator("values")
    @classmethod
    def _clean(cls, value: dict[str, dict[str, dict[str, Any]]]) -> dict[str, dict[str, dict[str, Any]]]:
        return _cleaned(value)  # type: ignore[no-any-return]


M = TypeVar("M", bound=Metadata)


class ViewPayload(Payload):
    id: str
    type: str = "modal"
    callback_id: str = ""
    private_metadata: str = ""
    state: ViewState = Field(default_factory=ViewState)
    hash: str | None = None
    root_view_id: str | None = None
    previous_view_id: str | None = None

    def metadata(self, model: builtins.type[M]) -> M:
        return parse_private_metadata(self.private_metadata, model)


class MessageRef(Payload):
    ts: str
    text: str | None = None
    thread_ts: str | None = None


class Channel(Payload):
    id: str
    name: str | None = None


class BlockAction(Payload):
    type: Literal["block_actions"] = "block_actions"
    team: Team | None = None  # None for some org-wide installs
    user: User
    actions: list[Action] = Field(min_length=1)
    container: Container
    view: ViewPayload | None = None
    message: MessageRef | None = None
    channel: Channel | None = None
    trigger_id: str
    response_url: str | None = None

    @property
    def action(self) -> Action:
        return self.actions[0]


class ViewSubmission(Payload):
    type: Literal["view_submission"] = "view_submission"
    team: Team | None = None
    user: User
    view: ViewPayload
    trigger_id: str | None = None


class ViewClosed(Payload):
    """Sent when a modal opened with `notify_on_close` is closed; `view.state` holds what was typed."""

    type: Literal["view_closed"] = "view_closed"
    team: Team | None = None
    user: User
    view: ViewPayload
    is_cleared: bool = False


class AppHomeOpened(Payload):
    type: Literal["app_home_opened"] = "app_home_opened"
    user: str
    channel: str | None = None
    tab: str = "home"
    event_ts: str | None = None


class EventEnvelope(Payload):
    """The event_callback around an event: which workspace it is about."""

    team_id: str


class RevokedTokens(Payload):
    oauth: list[str] = Field(default_factory=list)  # people whose user tokens were revoked
    bot: list[str] = Field(default_factory=list)  # the bot users whose bot tokens were revoked


class TokensRevoked(Payload):
    type: Literal["tokens_revoked"] = "tokens_revoked"
    tokens: RevokedTokens

"""Slack payloads, parsed once at the edge into typed models, and `/hiring` text into a command.

Only the fields the listeners use are modelled; everything else Slack sends is ignored, so a new
field from Slack never breaks a listener.
"""

from __future__ import annotations

import builtins
import re
from enum import StrEnum
from typing import Any, Literal, Self, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from bot.blocks.metadata import Metadata, parse_private_metadata
from flows.errors import WorkshopError
from flows.roles import ROLE_WORDS
from flows.schema import ROLES

MAX_INVITEES = 50
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


class Subcommand(StrEnum):
    START = "start"
    STATUS = "status"
    CLOSE = "close"
    CANCEL = "cancel"
    REMIND = "remind"
    FLOWS = "flows"
    HELP = "help"
    DELETE = "delete"
    CHECKIN = "checkin"
    EXPORT = "export"


class HiringCommand(BaseModel):
    model_config = ConfigDict(frozen=True)

    subcommand: Subcommand
    flow_id: str | None = None
    user_ids: tuple[str, ...] = ()
    # The roles given after a person's mention in a quick start; the others take part as "other".
    roles: dict[str, str] = Field(default_factory=dict)
    workshop_id: int | None = None


USAGE = (
    "Use `/hiring start [FLOW @person [role] …]`, `/hiring status`, `/hiring close [WORKSHOP]`, "
    "`/hiring cancel [WORKSHOP]`, `/hiring remind [WORKSHOP]`, `/hiring checkin [WORKSHOP]`, "
    "`/hiring export [WORKSHOP]`, `/hiring flows`, `/hiring help` or `/hiring delete [WORKSHOP]`."
)
_USER = re.compile(r"^<@([UW][A-Z0-9_]+)(?:\|[^>]*)?>$")
_GROUP = re.compile(r"^<!subteam\^[A-Z0-9]+(?:\|([^>]*))?>$")
_FLOW_ID = re.compile(r"^[a-z0-9][a-z0-9_\-]{0,62}$")
_WORKSHOP = re.compile(r"^#?(\d{1,12})$")
_TAKES_WORKSHOP = {
    Subcommand.CLOSE,
    Subcommand.CANCEL,
    Subcommand.REMIND,
    Subcommand.DELETE,
    Subcommand.CHECKIN,
    Subcommand.EXPORT,
}


def parse_hiring_text(text: str) -> HiringCommand:
    """`/hiring` text as Slack sends it (mentions escaped as `<@U123|name>`) to a command."""
    tokens = text.split()
    if not tokens:
        return HiringCommand(subcommand=Subcommand.HELP)
    word, args = tokens[0].lower(), tokens[1:]
    try:
        subcommand = Subcommand(word)
    except ValueError:
        raise WorkshopError(f"`/hiring {_shown(tokens[0])}` is not a command.", USAGE) from None
    if subcommand is Subcommand.START:
        return _start(args)
    if subcommand in _TAKES_WORKSHOP:
        return HiringCommand(subcommand=subcommand, workshop_id=_workshop(subcommand, args))
    if args:
        raise WorkshopError(
            f"`/hiring {subcommand}` takes nothing after it, but got '{_shown(' '.join(args))}'.",
            f"Type just `/hiring {subcommand}`.",
        )
    return HiringCommand(subcommand=subcommand)


def _start(args: list[str]) -> HiringCommand:
    flow_id: str | None = None
    users: list[str] = []
    roles: dict[str, str] = {}
    for position, token in enumerate(args):
        user = _USER.match(token)
        role = ROLE_WORDS.get(token.lower().strip(",;"))
        if user:
            users.append(user.group(1))
        elif role and users and _USER.match(args[position - 1]):
            roles[users[-1]] = role
        elif role and position > 0:
            raise WorkshopError(
                f"The role '{_shown(token)}' follows no person.",
                "Put each role straight after its person, such as `@dana cto @lee cfo`.",
            )
        elif _GROUP.match(token):
            raise WorkshopError(
                f"{_shown(token)} is a user group; groups cannot be invited.",
                "Mention each person with @, or pick them in the form.",
            )
        elif token.startswith("@"):
            raise WorkshopError(
                f"Slack did not recognise {_shown(token)} as a person.",
                "Pick the name from the list that pops up as you type @, or pick people in the form.",
            )
        elif position == 0 and _FLOW_ID.match(token.lower()):
            flow_id = token.lower()
        elif position == 0:
            raise WorkshopError(
                f"'{_shown(token)}' is not a flow id.",
                "`/hiring flows` lists the ids, such as `/hiring start ID`.",
            )
        else:
            raise WorkshopError(
                f"'{_shown(token)}' is neither a person nor a role.",
                "Write `/hiring start FLOW @person [role] @person [role]`, mentioning each person with @; "
                f"a role is one of {', '.join(ROLES)}.",
            )
    unique = tuple(dict.fromkeys(users))
    if len(unique) > MAX_INVITEES:
        raise WorkshopError(
            f"{len(unique)} people were mentioned; a workshop takes at most {MAX_INVITEES}.",
            "Invite the key stakeholders only.",
        )
    return HiringCommand(subcommand=Subcommand.START, flow_id=flow_id, user_ids=unique, roles=roles)


def _workshop(subcommand: Subcommand, args: list[str]) -> int | None:
    if not args:
        return None
    match = _WORKSHOP.match(args[0])
    if len(args) > 1 or not match:
        raise WorkshopError(
            f"`/hiring {subcommand}` takes one workshop number, but got '{_shown(' '.join(args))}'.",
            f"Use the number `/hiring status` shows, such as `/hiring {subcommand} 12`.",
        )
    return int(match.group(1))


def _shown(token: str) -> str:
    """What the person typed, made safe to echo: no mention or link can be rebuilt from it."""
    user = re.match(r"^<[@!#][^|>]*\|([^>]*)>$", token)
    text = f"@{user.group(1).lstrip('@')}" if user else token
    text = re.sub(r"[<>&]", "", text)
    return text if len(text) <= 40 else text[:39] + "…"

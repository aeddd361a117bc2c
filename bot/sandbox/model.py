"""The things a Slack workspace holds, as plain records. `state.Workspace` owns them and guards them
with one lock; nothing here touches the network."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from bot.sandbox.reading import Element, find_element, readable_text, readable_view_text

JsonDict = dict[str, Any]

DEFAULT_BOT_SCOPES = frozenset(
    {
        "app_mentions:read",
        "channels:read",
        "chat:write",
        "commands",
        "files:write",
        "groups:read",
        "im:history",
        "im:read",
        "im:write",
        "mpim:read",
        "mpim:write",
        "users:read",
    }
)


@dataclass
class Team:
    id: str
    name: str
    domain: str
    bot_user_id: str
    bot_id: str
    bot_token: str
    scopes: frozenset[str]

    @property
    def url(self) -> str:
        return f"https://{self.domain}.slack.com/"


@dataclass
class User:
    id: str
    team_id: str
    name: str
    real_name: str
    display_name: str = ""
    tz: str = "Europe/London"
    email: str | None = None
    is_bot: bool = False
    is_admin: bool = False
    is_owner: bool = False
    deleted: bool = False
    bot_id: str | None = None


@dataclass
class MessageVersion:
    """What a message said before an edit, kept so nothing the bot ever showed is lost."""

    text: str
    blocks: list[JsonDict]
    replaced_at: float


@dataclass
class Message:
    ts: str
    channel_id: str
    team_id: str
    user: str
    text: str
    blocks: list[JsonDict]
    bot_id: str | None = None
    thread_ts: str | None = None
    attachments: list[JsonDict] = field(default_factory=list)
    metadata: JsonDict | None = None
    edited_ts: str | None = None
    history: list[MessageVersion] = field(default_factory=list)
    deleted: bool = False
    reply_ts: list[str] = field(default_factory=list)
    files: list[UploadedFile] = field(default_factory=list)

    def readable_text(self) -> str:
        return readable_text(self.blocks, self.text)

    def element(self, action_id: str) -> Element:
        return find_element(self.blocks, action_id, where=f"message {self.ts} in {self.channel_id}")


@dataclass
class UploadedFile:
    """A file uploaded through files.getUploadURLExternal: announced (name, length), then its bytes
    (`content`, None until they arrive), then completed and shared (`shares`: channel id and the ts of
    the message that carries it)."""

    id: str
    team_id: str
    user: str
    name: str
    length: int
    created: int
    upload_ticket: str
    alt_txt: str | None = None
    snippet_type: str | None = None
    title: str | None = None
    content: bytes | None = None
    completed: bool = False
    shares: list[tuple[str, str]] = field(default_factory=list)

    @property
    def extension(self) -> str:
        stem, dot, extension = self.name.rpartition(".")
        return extension.lower() if dot and stem else ""


@dataclass
class Ephemeral:
    ts: str
    channel_id: str
    team_id: str
    user_id: str
    text: str
    blocks: list[JsonDict]
    thread_ts: str | None = None
    history: list[MessageVersion] = field(default_factory=list)
    deleted: bool = False

    def readable_text(self) -> str:
        return readable_text(self.blocks, self.text)

    def element(self, action_id: str) -> Element:
        return find_element(self.blocks, action_id, where=f"ephemeral {self.ts} in {self.channel_id}")


@dataclass
class Channel:
    id: str
    team_id: str
    name: str
    members: list[str]
    created: int
    is_private: bool = False
    is_im: bool = False
    is_mpim: bool = False
    is_archived: bool = False
    im_user: str | None = None
    messages: list[Message] = field(default_factory=list)


@dataclass
class View:
    """A modal or a home tab as the app last defined it, plus what the person has typed into it."""

    id: str
    team_id: str
    user_id: str
    definition: JsonDict
    hash: str
    root_view_id: str
    previous_view_id: str | None = None
    external_id: str | None = None
    state_values: dict[str, dict[str, JsonDict]] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    history: list[JsonDict] = field(default_factory=list)
    closed: bool = False

    @property
    def type(self) -> str:
        return str(self.definition.get("type"))

    @property
    def blocks(self) -> list[JsonDict]:
        return list(self.definition.get("blocks") or [])

    @property
    def callback_id(self) -> str:
        return str(self.definition.get("callback_id") or "")

    @property
    def private_metadata(self) -> str:
        return str(self.definition.get("private_metadata") or "")

    def readable_text(self) -> str:
        return readable_view_text(self.definition)

    def element(self, action_id: str) -> Element:
        return find_element(self.blocks, action_id, where=f"view {self.id}")


@dataclass
class Trigger:
    id: str
    team_id: str
    user_id: str
    issued_at: float
    from_view_id: str | None = None
    used: bool = False


@dataclass
class ResponseUrl:
    id: str
    team_id: str
    channel_id: str
    user_id: str
    issued_at: float
    message_ts: str | None = None
    is_ephemeral: bool = False
    uses: int = 0


@dataclass(frozen=True)
class Call:
    """One Web API request (or response_url post) as the sandbox saw and answered it."""

    method: str
    arguments: JsonDict
    response: JsonDict
    status: int
    time: float
    team_id: str | None

    @property
    def ok(self) -> bool:
        return bool(self.response.get("ok"))


@dataclass(frozen=True)
class Refusal:
    """A request refused by a rate limit. `request_key` names the request (method and arguments) so a
    benchmark can see whether the same request was refused twice for the same reason."""

    method: str
    reason: str
    time: float
    retry_after: int
    request_key: str


@dataclass(frozen=True)
class InjectedFault:
    method: str
    kind: str
    time: float


TransportName = Literal["http", "socket_mode"]


@dataclass(frozen=True)
class Delivery:
    """One thing Slack sent the app, and how the app acknowledged it.

    `response` is the app's acknowledgement body: the Socket Mode `payload`, or the HTTP body parsed as
    JSON when it is JSON (else the text; None when empty). `errors` holds the field errors of a
    view_submission the app refused, as the person would see them under the inputs. `ack_problems`
    says what Slack could not act on in the acknowledgement (invalid blocks, an unknown response_action).
    """

    kind: str
    transport: TransportName
    acknowledged: bool
    latency: float
    response: JsonDict | str | None = None
    status: int | None = None
    payload: JsonDict | None = None
    errors: dict[str, str] | None = None
    ack_problems: tuple[str, ...] = ()

"""`Sandbox`: a local Slack on loopback. It answers the Web API the bot calls, keeps the workspaces'
state, delivers what people do to the app over signed HTTP or Socket Mode, and lets a test or the demo
watch everything that happened.

    with Sandbox() as slack:
        slack.add_team("T_ACME", name="Acme")
        slack.add_user("T_ACME", "U_CEO", real_name="Ada Lovelace", tz="Europe/London")
        client = WebClient(token=slack.bot_token("T_ACME"), base_url=slack.api_url)
        ...
        slack.user("T_ACME", "U_CEO").slash("/hiring", "start", channel="C_LEADERS")
        slack.wait_for(lambda: slack.messages("C_LEADERS"))
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from types import TracebackType
from typing import Any, TypeVar

from bot.sandbox.balancer import Balancer
from bot.sandbox.clock import Clock
from bot.sandbox.driver import Person
from bot.sandbox.errors import SandboxMisuse
from bot.sandbox.faults import FaultInjector, FaultKind, FaultRule
from bot.sandbox.history import everything_shown, recent_activity, repeated_refusals
from bot.sandbox.http_app import UPLOAD_PATH, build_app
from bot.sandbox.ids import IdMaker
from bot.sandbox.limits import RateLimiter
from bot.sandbox.model import (
    Call,
    Channel,
    Delivery,
    Ephemeral,
    InjectedFault,
    JsonDict,
    Message,
    Refusal,
    Team,
    UploadedFile,
    User,
    View,
)
from bot.sandbox.oauth import AUTHORIZE_PATH, Approval
from bot.sandbox.payloads import event_callback
from bot.sandbox.server import BackgroundServer
from bot.sandbox.socket_link import ACK_TIMEOUT_SECONDS, SocketLink
from bot.sandbox.state import Workspace
from bot.sandbox.transport import EVENTS_API, HttpTransport, SocketModeTransport, Transport
from bot.sandbox.web_api import WebApi

T = TypeVar("T")
DEFAULT_APP_ID = "A0HIRINGWS1"


class Sandbox:
    def __init__(
        self,
        *,
        clock: Clock | None = None,
        seed: int = 0,
        app_id: str = DEFAULT_APP_ID,
        signing_secret: str | None = None,
        ack_timeout: float = ACK_TIMEOUT_SECONDS,
    ) -> None:
        """`ack_timeout` is how long Slack waits for the app's acknowledgement: 3 s, as in Slack;
        shorter only to test an app that never answers without waiting for it."""
        self.clock = clock or Clock()
        self._ack_timeout = ack_timeout
        ids = IdMaker(seed)
        self.workspace = Workspace(clock=self.clock, ids=ids, app_id=app_id)
        self.signing_secret = signing_secret or ids.hex(32)
        self._limiter = RateLimiter(self.clock)
        self._faults = FaultInjector(seed)
        self._link = SocketLink(self.workspace, ack_timeout)
        self._web_api = WebApi(self.workspace, self._limiter, self._link.issue_url, self._upload_url)
        self._server = BackgroundServer(build_app(self._web_api, self._faults, self._link))
        self._transport: Transport = SocketModeTransport(self._link)

    # --- running ----------------------------------------------------------------------------------

    def start(self) -> Sandbox:
        self._server.start()
        self._link.ws_base_url = f"ws://127.0.0.1:{self._server.port}"
        return self

    def stop(self) -> None:
        self._server.stop()

    def __enter__(self) -> Sandbox:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        if not self._server.port:
            raise SandboxMisuse("The sandbox is not running.", "Call start() or use it as a context manager.")
        return f"http://127.0.0.1:{self._server.port}"

    @property
    def api_url(self) -> str:
        """What `WebClient(base_url=...)` and the bot's SLACK_API_URL take."""
        return f"{self.base_url}/api/"

    @property
    def app_id(self) -> str:
        return self.workspace.app_id

    def _upload_url(self, ticket: str) -> str:
        return f"{self.base_url}{UPLOAD_PATH}{ticket}"

    def response_url_for(self, url_id: str) -> str:
        return f"{self.base_url}/response/{url_id}"

    # --- building the workspace -------------------------------------------------------------------

    def add_team(
        self,
        team_id: str,
        *,
        name: str | None = None,
        domain: str | None = None,
        scopes: Iterable[str] | None = None,
    ) -> Team:
        """A workspace with the app installed; `scopes` replaces the bot's default scopes."""
        label = team_id.removeprefix("T_").removeprefix("T").lower() or "team"
        return self.workspace.add_team(
            team_id, name or label.title(), domain or label, frozenset(scopes) if scopes is not None else None
        )

    def add_user(
        self,
        team_id: str,
        user_id: str | None = None,
        *,
        name: str | None = None,
        real_name: str = "Sandbox Person",
        display_name: str = "",
        tz: str = "Europe/London",
        email: str | None = None,
        is_admin: bool = False,
        is_owner: bool = False,
        is_bot: bool = False,
        deleted: bool = False,
    ) -> User:
        user_id = user_id or self.workspace.ids.slack_id("U")
        handle = name or real_name.lower().replace(" ", ".")
        user = User(
            user_id, team_id, handle, real_name, display_name, tz, email, is_bot, is_admin, is_owner, deleted
        )
        return self.workspace.add_user(user)

    def add_channel(
        self,
        team_id: str,
        name: str,
        *,
        channel_id: str | None = None,
        members: Iterable[str] = (),
        is_private: bool = False,
        bot_is_member: bool = True,
        archived: bool = False,
    ) -> Channel:
        member_ids = list(dict.fromkeys(members))
        if bot_is_member:
            member_ids.append(self.workspace.team(team_id).bot_user_id)
        channel = Channel(
            id=channel_id or self.workspace.ids.slack_id("G" if is_private else "C"),
            team_id=team_id,
            name=name,
            members=member_ids,
            created=int(self.clock.now()),
            is_private=is_private,
            is_archived=archived,
        )
        return self.workspace.add_channel(channel)

    def archive_channel(self, channel_id: str) -> None:
        with self.workspace.changing():
            self._known_channel(channel_id).is_archived = True

    def join_channel(self, channel_id: str, user_id: str) -> None:
        with self.workspace.changing():
            channel = self._known_channel(channel_id)
            self.workspace.person(channel.team_id, user_id)
            if user_id not in channel.members:
                channel.members.append(user_id)

    def deactivate_user(self, team_id: str, user_id: str) -> None:
        with self.workspace.changing():
            self.workspace.person(team_id, user_id).deleted = True

    def bot_token(self, team_id: str) -> str:
        return self.workspace.team(team_id).bot_token

    def app_token(self) -> str:
        """The app-level `xapp-` token; it only works for apps.connections.open."""
        return self.workspace.app_token

    def revoke_token(self, token: str) -> None:
        """From now on the token answers token_revoked, as after an uninstall."""
        with self.workspace.changing():
            self.workspace.revoked_tokens.add(token)

    # --- installing through OAuth -----------------------------------------------------------------

    @property
    def client_id(self) -> str:
        return self.workspace.oauth.client_id

    @property
    def client_secret(self) -> str:
        return self.workspace.oauth.client_secret

    def approve_install(self, url: str, team_id: str, user_id: str, *, approve: bool = True) -> Approval:
        """A person opens the app's authorize URL on Slack and approves it (or cancels): the code and
        state their browser takes back to the app's redirect URL. A new `team_id` becomes a new
        workspace, owned by that person."""
        if not url.startswith(self.base_url + AUTHORIZE_PATH):
            raise SandboxMisuse(
                f"{url} is not this sandbox's authorize page.", f"Derive it from {self.api_url}."
            )
        with self.workspace.changing():
            return self.workspace.oauth.approve(self.workspace, url, team_id, user_id, approve=approve)

    # --- reaching the app -------------------------------------------------------------------------

    def connect_http(self, request_url: str) -> None:
        """Deliver to the app as signed HTTP POSTs to its request URL."""
        self._transport = HttpTransport(request_url, self.signing_secret, self._ack_timeout)

    def connect_http_many(self, request_urls: Iterable[str]) -> Balancer:
        """Deliver through a load balancer in front of several instances of the app: each request to
        the next instance in turn, skipping dead ones (see `balancer`). Returns it, to see who got what."""
        balancer = Balancer(request_urls, self.signing_secret, self._ack_timeout)
        self._transport = balancer
        return balancer

    def connect_socket_mode(self) -> None:
        """Deliver over the app's Socket Mode connection (the default)."""
        self._transport = SocketModeTransport(self._link)

    def refresh_socket_mode(self, reason: str = "refresh_requested") -> None:
        """Tell every connected app to reconnect, as Slack does from time to time."""
        self._link.disconnect_all(reason)

    def close_socket_mode(self) -> None:
        """Close the app's Socket Mode connections from Slack's side."""
        self._link.close_all()

    @property
    def socket_mode_connections(self) -> int:
        return self._link.connection_count

    def deliver(
        self, kind: str, payload: JsonDict, *, accepts_response_payload: bool, **retry: Any
    ) -> Delivery:
        """Send the app any payload as Slack would (`kind`: slash_commands, interactive or events_api)
        and record the delivery. People's actions come through here; so can hand-made payloads."""
        delivery = self._transport.deliver(
            kind, payload, accepts_response_payload=accepts_response_payload, **retry
        )
        with self.workspace.changing():
            self.workspace.deliveries.append(delivery)
        return delivery

    def send_event(
        self, team_id: str, event: JsonDict, *, retry_attempt: int = 0, retry_reason: str = ""
    ) -> Delivery:
        """Deliver an Events API `event_callback` (set retry_attempt/retry_reason to simulate a retry)."""
        with self.workspace.changing():
            team = self.workspace.team(team_id)
            ids = self.workspace.ids
            envelope = event_callback(
                team=team,
                app_id=self.app_id,
                event=event,
                event_id=ids.slack_id("Ev"),
                event_time=int(self.clock.now()),
            )
        return self.deliver(
            EVENTS_API,
            envelope,
            accepts_response_payload=False,
            retry_attempt=retry_attempt,
            retry_reason=retry_reason,
        )

    def trigger_id(self, team_id: str, user_id: str) -> str:
        """A fresh trigger_id, as if the person had just used a slash command or a button."""
        with self.workspace.changing():
            self.workspace.person(team_id, user_id)
            return self.workspace.issue_trigger(team_id, user_id).id

    def user(self, team_id: str, user_id: str) -> Person:
        return Person(self, team_id, user_id)

    # --- trouble on demand ------------------------------------------------------------------------

    def limit_rates(
        self,
        enabled: bool = True,
        *,
        per_minute: Mapping[str, int] | None = None,
        post_message_burst: int | None = None,
    ) -> None:
        """Apply Slack's rate limits (off by default); `per_minute` overrides a method's tier."""
        self._limiter.configure(enabled=enabled, per_minute=per_minute, post_message_burst=post_message_burst)

    def inject_faults(
        self,
        kind: FaultKind,
        share: float = 1.0,
        *,
        methods: Iterable[str] | None = None,
        retry_after: int = 1,
        hang_seconds: float = 5.0,
        times: int | None = None,
    ) -> None:
        """Fail `share` of the calls (to `methods`, or all; at most `times` calls when given) with a
        500 ("server_error"), a 429 with Retry-After ("rate_limited"), or a late answer ("hang")."""
        scope = frozenset(methods) if methods is not None else None
        self._faults.add(FaultRule(kind, share, scope, retry_after, hang_seconds, times))

    def clear_faults(self) -> None:
        self._faults.clear()

    # --- watching ---------------------------------------------------------------------------------

    @property
    def calls(self) -> list[Call]:
        with self.workspace.lock:
            return list(self.workspace.calls)

    def calls_to(self, method: str) -> list[Call]:
        return [call for call in self.calls if call.method == method]

    @property
    def refusals(self) -> list[Refusal]:
        with self.workspace.lock:
            return list(self.workspace.refusals)

    def repeated_refusals(self) -> list[Refusal]:
        """Refusals of a request already refused for the same reason (a client that honours
        Retry-After never has any)."""
        return repeated_refusals(self.refusals)

    @property
    def injected_faults(self) -> list[InjectedFault]:
        with self.workspace.lock:
            return list(self.workspace.faults)

    @property
    def deliveries(self) -> list[Delivery]:
        with self.workspace.lock:
            return list(self.workspace.deliveries)

    def messages(self, channel_id: str) -> list[Message]:
        with self.workspace.lock:
            return [m for m in self._known_channel(channel_id).messages if not m.deleted]

    def dm(self, user_id: str, *, team_id: str | None = None) -> list[Message]:
        return self._person(user_id, team_id).dm()

    def files_in(self, channel_id: str, *, thread_ts: str | None = None) -> list[UploadedFile]:
        """The files shared into a conversation (a DM's `D…` id too), in the order their messages were
        posted; with `thread_ts`, only those in that thread (its parent included). Each holds its name,
        title, alt text and the uploaded bytes (`content`)."""
        with self.workspace.lock:
            return [
                uploaded
                for message in self.messages(channel_id)
                if thread_ts is None or thread_ts in (message.ts, message.thread_ts)
                for uploaded in message.files
            ]

    def ephemerals(
        self, user_id: str, channel_id: str | None = None, *, team_id: str | None = None
    ) -> list[Ephemeral]:
        return self._person(user_id, team_id).ephemerals(channel_id)

    def views(self, user_id: str, *, team_id: str | None = None) -> list[View]:
        return self._person(user_id, team_id).views()

    def home(self, user_id: str, *, team_id: str | None = None) -> View | None:
        return self._person(user_id, team_id).home()

    def everything_shown(self) -> list[str]:
        """The readable text of everything the app ever showed people, earlier versions and deleted
        messages included: what a privacy check scans."""
        return everything_shown(self.workspace)

    def wait_for(self, predicate: Callable[[], T | None], timeout: float = 5.0) -> T:
        """The predicate's first truthy value, re-checked on every change to the sandbox (a call, a
        delivery, a connection). It runs under the sandbox's lock, so it should only read the sandbox;
        changes elsewhere do not wake it. Raises TimeoutError with the recent activity."""
        result = self.workspace.wait_for(predicate, timeout)
        if not result:
            activity = recent_activity(self.calls, self.deliveries)
            raise TimeoutError(f"Nothing satisfied the condition within {timeout} s.\n{activity}")
        return result

    # --- helpers ----------------------------------------------------------------------------------

    def _known_channel(self, channel_id: str) -> Channel:
        channel = self.workspace.channels.get(channel_id)
        if channel is None:
            raise SandboxMisuse(f"No channel {channel_id!r} in the sandbox.", "Create it with add_channel().")
        return channel

    def _person(self, user_id: str, team_id: str | None) -> Person:
        if team_id is None:
            with self.workspace.lock:
                teams = [team for (team, user) in self.workspace.users if user == user_id]
            if len(teams) != 1:
                found = f"is in {', '.join(teams)}" if teams else "is in no team"
                raise SandboxMisuse(f"User {user_id} {found}.", "Pass team_id= to say which.")
            team_id = teams[0]
        return self.user(team_id, user_id)

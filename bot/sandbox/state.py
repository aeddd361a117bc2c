"""The workspace state: teams, people, channels, messages, views, triggers and response_urls.

One re-entrant lock guards all of it; `changing()` takes the lock and wakes everyone waiting in
`wait_for()` when the change is done, so waiting never needs a sleep loop. Lookups return None for
what does not exist; turning that into Slack's error codes is the Web API methods' business.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.sandbox.clock import Clock
from bot.sandbox.errors import SandboxMisuse
from bot.sandbox.ids import IdMaker
from bot.sandbox.model import (
    DEFAULT_BOT_SCOPES,
    Call,
    Channel,
    Delivery,
    Ephemeral,
    InjectedFault,
    JsonDict,
    Message,
    Refusal,
    ResponseUrl,
    Team,
    Trigger,
    UploadedFile,
    User,
    View,
)
from bot.sandbox.oauth import OAuthApp
from bot.sandbox.reading import iter_elements

T = TypeVar("T")


class Workspace:
    def __init__(self, *, clock: Clock, ids: IdMaker, app_id: str) -> None:
        self.clock = clock
        self.ids = ids
        self.app_id = app_id
        self.lock = threading.RLock()
        self._changed = threading.Condition(self.lock)
        self.teams: dict[str, Team] = {}
        self.users: dict[tuple[str, str], User] = {}
        self.channels: dict[str, Channel] = {}
        self.views: dict[str, View] = {}
        self.modal_stacks: dict[tuple[str, str], list[str]] = {}
        self.home_views: dict[tuple[str, str], str] = {}
        self.ephemerals: list[Ephemeral] = []
        self.triggers: dict[str, Trigger] = {}
        self.response_urls: dict[str, ResponseUrl] = {}
        self.files: dict[str, UploadedFile] = {}
        self.calls: list[Call] = []
        self.refusals: list[Refusal] = []
        self.faults: list[InjectedFault] = []
        self.deliveries: list[Delivery] = []
        self.app_token = f"xapp-1-{app_id}-{ids.number()}-{ids.hex(64)}"
        self.revoked_tokens: set[str] = set()
        self.oauth = OAuthApp(app_id)

    # --- change and wait -------------------------------------------------------------------------

    @contextmanager
    def changing(self) -> Iterator[None]:
        with self.lock:
            try:
                yield
            finally:
                self._changed.notify_all()

    def wait_for(self, predicate: Callable[[], T], timeout: float) -> T:
        """The predicate's first truthy value, re-checked after every change; falsy on timeout."""
        with self._changed:
            return self._changed.wait_for(predicate, timeout)

    # --- building a workspace --------------------------------------------------------------------

    def add_team(self, team_id: str, name: str, domain: str, scopes: frozenset[str] | None) -> Team:
        with self.changing():
            if team_id in self.teams:
                raise SandboxMisuse(f"Team {team_id} already exists.", "Give each team its own id.")
            bot_user_id, bot_id = self.ids.slack_id("U"), self.ids.slack_id("B")
            token = f"xoxb-{self.ids.number()}-{self.ids.number()}-{self.ids.token_secret()}"
            team = Team(
                team_id,
                name,
                domain,
                bot_user_id,
                bot_id,
                token,
                DEFAULT_BOT_SCOPES if scopes is None else scopes,
            )
            self.teams[team_id] = team
            self.users[(team_id, bot_user_id)] = User(
                bot_user_id, team_id, "hiring_workshop", "Hiring Workshop", is_bot=True, bot_id=bot_id
            )
            return team

    def add_user(self, user: User) -> User:
        try:
            ZoneInfo(user.tz)
        except (ZoneInfoNotFoundError, ValueError):
            raise SandboxMisuse(
                f"Unknown time zone {user.tz!r} for {user.id}.", "Use an IANA name such as 'Europe/London'."
            ) from None
        with self.changing():
            self.team(user.team_id)
            if (user.team_id, user.id) in self.users:
                raise SandboxMisuse(f"User {user.id} already exists in {user.team_id}.", "Use another id.")
            self.users[(user.team_id, user.id)] = user
            return user

    def add_channel(self, channel: Channel) -> Channel:
        with self.changing():
            self.team(channel.team_id)
            if channel.id in self.channels:
                raise SandboxMisuse(f"Channel {channel.id} already exists.", "Channel ids are unique.")
            for member in channel.members:
                self.person(channel.team_id, member)
            self.channels[channel.id] = channel
            return channel

    # --- lookups -----------------------------------------------------------------------------------

    def team(self, team_id: str) -> Team:
        """A team the sandbox was set up with; asking for another is a mistake in the calling code."""
        if team_id not in self.teams:
            raise SandboxMisuse(f"No team {team_id!r} in the sandbox.", "Create it first with add_team().")
        return self.teams[team_id]

    def person(self, team_id: str, user_id: str) -> User:
        user = self.users.get((team_id, user_id))
        if user is None:
            raise SandboxMisuse(f"No user {user_id!r} in team {team_id}.", "Create it first with add_user().")
        return user

    def channel_in(self, team_id: str, channel_id: str) -> Channel | None:
        channel = self.channels.get(channel_id)
        return channel if channel is not None and channel.team_id == team_id else None

    def dm_with(self, team_id: str, user_id: str, *, create: bool = True) -> Channel | None:
        """The bot's direct-message channel with a person (opened on first use, like Slack)."""
        for channel in self.channels.values():
            if channel.team_id == team_id and channel.is_im and channel.im_user == user_id:
                return channel
        if not create:
            return None
        team = self.teams[team_id]
        channel = Channel(
            id=self.ids.slack_id("D"),
            team_id=team_id,
            name="directmessage",
            members=[user_id, team.bot_user_id],
            created=int(self.clock.now()),
            is_private=True,
            is_im=True,
            im_user=user_id,
        )
        self.channels[channel.id] = channel
        return channel

    def message(self, channel: Channel, ts: str) -> Message | None:
        return next((m for m in channel.messages if m.ts == ts and not m.deleted), None)

    def modal_stack(self, team_id: str, user_id: str) -> list[str]:
        return self.modal_stacks.setdefault((team_id, user_id), [])

    # --- content -----------------------------------------------------------------------------------

    def post_message(self, channel: Channel, **fields: Any) -> Message:
        message = Message(
            ts=self.ids.message_ts(self.clock.now()), channel_id=channel.id, team_id=channel.team_id, **fields
        )
        channel.messages.append(message)
        parent = self.message(channel, message.thread_ts) if message.thread_ts else None
        if parent is not None:
            parent.reply_ts.append(message.ts)
        return message

    def post_ephemeral(self, channel: Channel, user_id: str, text: str, blocks: list[JsonDict]) -> Ephemeral:
        ephemeral = Ephemeral(
            self.ids.message_ts(self.clock.now()), channel.id, channel.team_id, user_id, text, blocks
        )
        self.ephemerals.append(ephemeral)
        return ephemeral

    def issue_trigger(self, team_id: str, user_id: str, from_view_id: str | None = None) -> Trigger:
        now = self.clock.now()
        trigger = Trigger(self.ids.trigger_id(now), team_id, user_id, now, from_view_id)
        self.triggers[trigger.id] = trigger
        return trigger

    def issue_response_url(
        self, team_id: str, channel_id: str, user_id: str, message_ts: str | None = None, *, ephemeral: bool
    ) -> ResponseUrl:
        response_url = ResponseUrl(
            f"{team_id}-{self.ids.number()}-{self.ids.hex(24)}",
            team_id,
            channel_id,
            user_id,
            self.clock.now(),
            message_ts,
            ephemeral,
        )
        self.response_urls[response_url.id] = response_url
        return response_url

    # --- views -------------------------------------------------------------------------------------

    def new_view(self, team_id: str, user_id: str, definition: JsonDict, *, previous: View | None) -> View:
        view_id = self.ids.slack_id("V")
        view = View(
            id=view_id,
            team_id=team_id,
            user_id=user_id,
            definition=definition,
            hash=self.ids.view_hash(self.clock.now()),
            root_view_id=previous.root_view_id if previous else view_id,
            previous_view_id=previous.id if previous else None,
            external_id=definition.get("external_id"),
        )
        self.views[view.id] = view
        return view

    def replace_view(self, view: View, definition: JsonDict) -> None:
        """A new definition for the same view: a new hash, and what the person typed kept wherever the
        same block_id and action_id still exist (as Slack keeps it)."""
        view.history.append(view.definition)
        view.definition = definition
        view.external_id = definition.get("external_id") or view.external_id
        view.hash = self.ids.view_hash(self.clock.now())
        view.errors = {}
        still_there = {
            (block.get("block_id"), element.get("action_id")) for block, element in iter_elements(view.blocks)
        }
        view.state_values = {
            block_id: kept
            for block_id, actions in view.state_values.items()
            if (kept := {a: v for a, v in actions.items() if (block_id, a) in still_there})
        }

    def close_modals(self, team_id: str, user_id: str, *, keep: int = 0) -> list[View]:
        """Close the top views of a person's modal stack, leaving `keep` views open."""
        stack = self.modal_stack(team_id, user_id)
        closed = []
        while len(stack) > keep:
            view = self.views[stack.pop()]
            view.closed = True
            closed.append(view)
        return closed

    def top_modal(self, team_id: str, user_id: str) -> View | None:
        stack = self.modal_stack(team_id, user_id)
        return self.views[stack[-1]] if stack else None

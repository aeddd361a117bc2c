"""A person in the sandbox workspace: what they do (slash commands, clicks, form submissions, opening
the app's home) becomes the payload Slack would send the app, delivered over the connected transport;
the app's acknowledgement is then acted on as Slack acts on it. What they see is read from the state.

Every action returns the `Delivery`: whether the app acknowledged within 3 s, how fast, and with what.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from bot.sandbox import payloads
from bot.sandbox.acks import apply_command_reply, apply_view_response
from bot.sandbox.errors import SandboxMisuse
from bot.sandbox.model import Channel, Delivery, Ephemeral, JsonDict, Message, Team, UploadedFile, User, View
from bot.sandbox.reading import Element, find_element
from bot.sandbox.serialize import message_json, view_json
from bot.sandbox.transport import INTERACTIVE, SLASH_COMMANDS
from bot.sandbox.validation.elements import INPUTS
from bot.sandbox.view_state import apply_values, current_state, entry_for, missing_required, option_for

if TYPE_CHECKING:
    from bot.sandbox.sandbox import Sandbox


class Person:
    def __init__(self, sandbox: Sandbox, team_id: str, user_id: str) -> None:
        self._sandbox = sandbox
        self._workspace = sandbox.workspace
        with self._workspace.lock:
            self.team: Team = self._workspace.team(team_id)
            self.user: User = self._workspace.person(team_id, user_id)

    def __repr__(self) -> str:
        return f"Person({self.team.id}, {self.user.id})"

    # --- what they see ----------------------------------------------------------------------------

    def dm(self) -> list[Message]:
        """The messages in this person's direct conversation with the bot."""
        with self._workspace.lock:
            channel = self._workspace.dm_with(self.team.id, self.user.id, create=False)
            return [m for m in channel.messages if not m.deleted] if channel else []

    def files(self) -> list[UploadedFile]:
        """The files the bot shared in this person's DM, oldest first, with their bytes."""
        return [uploaded for message in self.dm() for uploaded in message.files]

    def messages(self, channel_id: str) -> list[Message]:
        with self._workspace.lock:
            return [m for m in self._channel(channel_id).messages if not m.deleted]

    def ephemerals(self, channel_id: str | None = None) -> list[Ephemeral]:
        with self._workspace.lock:
            return [
                e
                for e in self._workspace.ephemerals
                if e.team_id == self.team.id and e.user_id == self.user.id and not e.deleted
                if channel_id is None or e.channel_id == channel_id
            ]

    def views(self) -> list[View]:
        """The open modal stack, the view on top last."""
        with self._workspace.lock:
            return [self._workspace.views[v] for v in self._workspace.modal_stack(self.team.id, self.user.id)]

    def home(self) -> View | None:
        with self._workspace.lock:
            view_id = self._workspace.home_views.get((self.team.id, self.user.id))
            return self._workspace.views[view_id] if view_id else None

    # --- what they do -----------------------------------------------------------------------------

    def slash(self, command: str, text: str = "", *, channel: str | None = None) -> Delivery:
        """Type `/command text` in a channel (the DM with the bot when no channel is given)."""
        if not command.startswith("/"):
            raise SandboxMisuse(f"Slash command {command!r} does not start with '/'.", f"Use '/{command}'.")
        workspace = self._workspace
        with workspace.changing():
            place = self._channel(channel) if channel else self._dm_channel()
            trigger = workspace.issue_trigger(self.team.id, self.user.id)
            response_url = workspace.issue_response_url(self.team.id, place.id, self.user.id, ephemeral=False)
            payload = payloads.slash_command(
                team=self.team,
                user=self.user,
                channel=place,
                command=command,
                text=text,
                response_url=self._sandbox.response_url_for(response_url.id),
                trigger_id=trigger.id,
                app_id=workspace.app_id,
            )
        delivery = self._sandbox.deliver(SLASH_COMMANDS, payload, accepts_response_payload=True)
        if not delivery.acknowledged:
            return delivery
        problems = apply_command_reply(workspace, self.team, self.user.id, place, delivery.response)
        return dataclasses.replace(delivery, ack_problems=tuple(problems))

    def click(
        self,
        action_id: str,
        *,
        in_message: tuple[str, str] | None = None,
        in_ephemeral: tuple[str, str] | None = None,
        in_view: str | None = None,
        home: bool = False,
        value: Any = None,
    ) -> Delivery:
        """Use an interactive element. `value` is what the person picks where there is a choice: an
        option's value (a list of them for multi-selects and checkboxes), a user id, a date, a text."""
        places = [in_message is not None, in_ephemeral is not None, in_view is not None, home]
        if places.count(True) != 1:
            raise SandboxMisuse(
                f"Clicking {action_id!r} needs exactly one place.",
                "Pass in_message, in_ephemeral, in_view or home.",
            )
        with self._workspace.changing():
            if in_view is not None or home:
                view = self._open_view(in_view) if in_view is not None else self._home_view()
                payload = self._view_action(view, action_id, value)
            else:
                payload = self._message_action(in_message, in_ephemeral, action_id, value)
        return self._sandbox.deliver(INTERACTIVE, payload, accepts_response_payload=False)

    def fill(self, view_id: str, values: Mapping[str, Any]) -> None:
        """Type or pick values in an open modal without submitting it (Slack tells the app nothing)."""
        with self._workspace.changing():
            view = self._open_view(view_id)
            view.state_values = apply_values(view.blocks, view.state_values, values)

    def submit(self, view_id: str, values: Mapping[str, Any] | None = None) -> Delivery:
        """Fill in `values` (keyed by action_id or block_id; untouched inputs keep their initial values)
        and press the modal's submit button."""
        workspace = self._workspace
        with workspace.changing():
            view = self._open_view(view_id)
            typed = apply_values(view.blocks, view.state_values, values or {})
            state = current_state(view.blocks, typed)
            missing = missing_required(view.blocks, state)
            if missing:
                raise SandboxMisuse(
                    f"Required inputs left empty in view {view_id}: {', '.join(missing)}.",
                    "Slack will not submit the form until they are filled; pass values for them.",
                )
            view.state_values, view.errors = state, {}
            trigger = workspace.issue_trigger(self.team.id, self.user.id, from_view_id=view.id)
            payload = payloads.interaction(
                "view_submission",
                team=self.team,
                user=self.user,
                app_id=workspace.app_id,
                trigger_id=trigger.id,
                view=view_json(view, self.team, workspace.app_id),
                response_urls=[],
            )
        delivery = self._sandbox.deliver(INTERACTIVE, payload, accepts_response_payload=True)
        if not delivery.acknowledged:
            return delivery
        errors, problems = apply_view_response(workspace, view, delivery.response)
        return dataclasses.replace(delivery, errors=errors, ack_problems=tuple(problems))

    def close(self, view_id: str) -> Delivery | None:
        """Press the modal's close button; the app hears of it only if the view asked (notify_on_close)."""
        workspace = self._workspace
        with workspace.changing():
            view = self._open_view(view_id)
            cleared = bool(view.definition.get("clear_on_close"))
            stack = workspace.modal_stack(self.team.id, self.user.id)
            workspace.close_modals(self.team.id, self.user.id, keep=0 if cleared else len(stack) - 1)
            payload = payloads.interaction(
                "view_closed",
                team=self.team,
                user=self.user,
                app_id=workspace.app_id,
                view=view_json(view, self.team, workspace.app_id),
                is_cleared=cleared,
            )
        if not view.definition.get("notify_on_close"):
            return None
        return self._sandbox.deliver(INTERACTIVE, payload, accepts_response_payload=False)

    def open_home(self) -> Delivery:
        """Open the app's Home tab: Slack sends app_home_opened (with the current view, if any)."""
        with self._workspace.changing():
            dm = self._dm_channel()
            event: JsonDict = {
                "type": "app_home_opened",
                "user": self.user.id,
                "channel": dm.id,
                "tab": "home",
                "event_ts": self._workspace.ids.message_ts(self._workspace.clock.now()),
            }
            home = self.home()
            if home is not None:
                event["view"] = view_json(home, self.team, self._workspace.app_id)
        return self._sandbox.send_event(self.team.id, event)

    def say(self, text: str, *, channel: str | None = None) -> Delivery | None:
        """Post a message (in the DM with the bot when no channel is given). The app hears of it only
        where the bot is a member, as with Slack's message events."""
        workspace = self._workspace
        with workspace.changing():
            place = self._channel(channel) if channel else self._dm_channel()
            message = workspace.post_message(place, user=self.user.id, text=text, blocks=[])
            kind = (
                "im"
                if place.is_im
                else "mpim"
                if place.is_mpim
                else "group"
                if place.is_private
                else "channel"
            )
            event = {
                "type": "message",
                "channel": place.id,
                "user": self.user.id,
                "text": text,
                "ts": message.ts,
                "event_ts": message.ts,
                "channel_type": kind,
                "team": self.team.id,
                "client_msg_id": str(uuid.uuid4()),
            }
            bot_hears = self.team.bot_user_id in place.members
        return self._sandbox.send_event(self.team.id, event) if bot_hears else None

    # --- helpers ----------------------------------------------------------------------------------

    def _channel(self, channel_id: str) -> Channel:
        channel = self._workspace.channel_in(self.team.id, channel_id)
        if channel is None:
            raise SandboxMisuse(
                f"No channel {channel_id!r} in team {self.team.id}.", "Create it with add_channel()."
            )
        if self.user.id not in channel.members:
            raise SandboxMisuse(
                f"{self.user.id} is not a member of {channel_id}.", "Add them to the channel's members first."
            )
        return channel

    def _dm_channel(self) -> Channel:
        channel = self._workspace.dm_with(self.team.id, self.user.id)
        assert channel is not None
        return channel

    def _open_view(self, view_id: str) -> View:
        top = self._workspace.top_modal(self.team.id, self.user.id)
        if top is None or top.id != view_id:
            open_ids = self._workspace.modal_stack(self.team.id, self.user.id)
            raise SandboxMisuse(
                f"View {view_id} is not the topmost modal of {self.user.id} (open: {open_ids or 'none'}).",
                "A person can only use the topmost open modal; check views().",
            )
        return top

    def _home_view(self) -> View:
        view = self.home()
        if view is None:
            raise SandboxMisuse(f"{self.user.id} has no Home tab yet.", "Have the app publish one first.")
        return view

    def _chosen(self, element: Element, value: Any) -> JsonDict:
        """The state entry for what the person picked; buttons carry their own value."""
        kind = element.type
        if kind == "button":
            return {}
        if kind == "overflow":
            return {"selected_option": option_for(element.definition, value)}
        if element.block_type == "input" and not element.definition.get("dispatch_action"):
            raise SandboxMisuse(
                f"Changing input {element.action_id!r} sends the app nothing (it has no dispatch_action).",
                "Use fill() and submit() for inputs.",
            )
        if value is None:
            raise SandboxMisuse(
                f"Choosing in {element.action_id!r} needs a value.", "Pass value=... to click()."
            )
        return entry_for(element.definition, value)

    def _action(self, element: Element, chosen: JsonDict) -> JsonDict:
        action_ts = f"{self._workspace.clock.now():.6f}"
        return payloads.block_action(element.definition, element.block_id, chosen, action_ts)

    def _view_action(self, view: View, action_id: str, value: Any) -> JsonDict:
        element = find_element(view.blocks, action_id, where=f"view {view.id}")
        chosen = self._chosen(element, value)
        if element.type in INPUTS:
            view.state_values.setdefault(element.block_id, {})[action_id] = chosen
        trigger = self._workspace.issue_trigger(self.team.id, self.user.id, from_view_id=view.id)
        return payloads.interaction(
            "block_actions",
            team=self.team,
            user=self.user,
            app_id=self._workspace.app_id,
            container={"type": "view", "view_id": view.id},
            trigger_id=trigger.id,
            view=view_json(view, self.team, self._workspace.app_id)
            | {"state": {"values": current_state(view.blocks, view.state_values)}},
            actions=[self._action(element, chosen)],
        )

    def _message_action(
        self,
        in_message: tuple[str, str] | None,
        in_ephemeral: tuple[str, str] | None,
        action_id: str,
        value: Any,
    ) -> JsonDict:
        workspace = self._workspace
        channel_id, ts = in_message or in_ephemeral  # type: ignore[misc]
        channel = self._channel(channel_id)
        target: Message | Ephemeral | None
        if in_message is not None:
            target = workspace.message(channel, ts)
        else:
            target = next((e for e in self.ephemerals(channel_id) if e.ts == ts), None)
        if target is None:
            raise SandboxMisuse(
                f"No message {ts} in {channel_id} that {self.user.id} can see.", "Check messages()."
            )
        element = find_element(target.blocks, action_id, where=f"message {ts} in {channel_id}")
        chosen = self._chosen(element, value)
        typed = {element.block_id: {action_id: chosen}} if element.type in INPUTS else {}
        trigger = workspace.issue_trigger(self.team.id, self.user.id)
        response_url = workspace.issue_response_url(
            self.team.id, channel.id, self.user.id, ts, ephemeral=in_ephemeral is not None
        )
        fields: JsonDict = {
            "container": {
                "type": "message",
                "message_ts": ts,
                "channel_id": channel.id,
                "is_ephemeral": in_ephemeral is not None,
            },
            "trigger_id": trigger.id,
            "channel": {"id": channel.id, "name": channel.name},
            "state": {"values": current_state(target.blocks, typed)},
            "response_url": self._sandbox.response_url_for(response_url.id),
            "actions": [self._action(element, chosen)],
        }
        if isinstance(target, Message):
            fields["message"] = message_json(target, self.team, workspace.app_id)
        return payloads.interaction(
            "block_actions", team=self.team, user=self.user, app_id=workspace.app_id, **fields
        )

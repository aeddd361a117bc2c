"""What Slack does with an app's acknowledgement: a slash command's reply is posted (privately unless
`response_type` is in_channel); a view_submission's `response_action` shows errors, updates, pushes or
clears the modal, and an empty one closes the submitted view. Other acknowledgements carry nothing."""

from __future__ import annotations

from typing import Any

from bot.sandbox.errors import SlackError
from bot.sandbox.methods.content import checked_content
from bot.sandbox.methods.views import MODAL_STACK_LIMIT
from bot.sandbox.model import Channel, JsonDict, Team, View
from bot.sandbox.normalize import view_with_ids
from bot.sandbox.state import Workspace
from bot.sandbox.validation import view_problems


def apply_command_reply(
    workspace: Workspace, team: Team, user_id: str, channel: Channel, reply: Any
) -> list[str]:
    """Post the reply the app acknowledged a slash command with; the problems if Slack would refuse it."""
    message = {"text": reply} if isinstance(reply, str) else reply
    if not isinstance(message, dict) or not any(message.get(k) for k in ("text", "blocks", "attachments")):
        return []
    try:
        content = checked_content(
            message.get("text"), message.get("blocks"), message.get("attachments"), workspace.ids
        )
    except SlackError as error:
        return [error.code, *error.messages]
    with workspace.changing():
        if message.get("response_type") == "in_channel":
            workspace.post_message(
                channel,
                user=team.bot_user_id,
                bot_id=team.bot_id,
                text=content.text or "",
                blocks=content.blocks or [],
                attachments=content.attachments,
            )
        else:
            workspace.post_ephemeral(channel, user_id, content.text or "", content.blocks or [])
    return []


def _new_definition(workspace: Workspace, response: JsonDict) -> tuple[JsonDict | None, list[str]]:
    problems = view_problems(response.get("view"))
    if problems:
        return None, ["invalid_arguments", *problems]
    return view_with_ids(response["view"], workspace.ids), []


def _show_errors(view: View, errors: Any) -> tuple[dict[str, str] | None, list[str]]:
    input_blocks = {block.get("block_id") for block in view.blocks if block.get("type") == "input"}
    if not isinstance(errors, dict) or not errors:
        return None, ["response_action errors needs a non-empty errors object"]
    strangers = sorted(key for key in errors if key not in input_blocks)
    if strangers:
        # Slack then shows the person a generic failure instead of the app's messages.
        return None, [f"errors names blocks that are not input blocks of the view: {', '.join(strangers)}"]
    view.errors = {str(key): str(message) for key, message in errors.items()}
    return dict(view.errors), []


def apply_view_response(
    workspace: Workspace, view: View, response: Any
) -> tuple[dict[str, str] | None, list[str]]:
    """Act on a view_submission acknowledgement; returns the errors shown and what Slack refused."""
    action = response.get("response_action") if isinstance(response, dict) else None
    with workspace.changing():
        stack = workspace.modal_stack(view.team_id, view.user_id)
        if view.id not in stack:
            return None, ["the submitted view was closed before the app answered"]
        if action is None:
            workspace.close_modals(view.team_id, view.user_id, keep=stack.index(view.id))
        elif action == "errors":
            return _show_errors(view, response.get("errors"))
        elif action == "clear":
            workspace.close_modals(view.team_id, view.user_id)
        elif action in ("update", "push"):
            definition, problems = _new_definition(workspace, response)
            if definition is None:
                return None, problems
            if action == "update":
                workspace.replace_view(view, definition)
            elif len(stack) >= MODAL_STACK_LIMIT:
                return None, ["push_limit_reached"]
            else:
                stack.append(workspace.new_view(view.team_id, view.user_id, definition, previous=view).id)
        else:
            return None, [f"unknown response_action {action!r}"]
    return None, []

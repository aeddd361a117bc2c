"""What every Web API method gets: the calling team, the workspace, its arguments, and a registry that
maps Slack's method names to the functions answering them."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from bot.sandbox.errors import SlackError
from bot.sandbox.model import JsonDict, Team
from bot.sandbox.state import Workspace

TokenType = Literal["bot", "app", "client"]  # client: the app's client id and secret, no token


@dataclass(frozen=True)
class Context:
    workspace: Workspace
    caller: Team | None  # None when the caller used the app-level token
    issue_socket_url: Callable[[], str]
    upload_url: Callable[[str], str]  # the URL files.getUploadURLExternal hands out for a ticket

    @property
    def team(self) -> Team:
        assert self.caller is not None, "bot-token methods always have a calling team"
        return self.caller

    @property
    def now(self) -> float:
        return self.workspace.clock.now()

    def require_scope(self, scope: str) -> None:
        if scope not in self.team.scopes:
            raise SlackError("missing_scope", needed=scope, provided=",".join(sorted(self.team.scopes)))


class Args:
    """A method's arguments as they arrived (form fields are strings, JSON bodies keep their types)."""

    def __init__(self, values: Mapping[str, Any]) -> None:
        self.values = dict(values)

    def get(self, name: str) -> Any:
        value = self.values.get(name)
        return None if value is None or value == "" else value

    def string(self, name: str) -> str | None:
        value = self.get(name)
        return None if value is None else str(value)

    def required(self, name: str, *, error: str | None = None) -> str:
        """The argument, or Slack's answer to its absence: `error` when Slack has a specific code for
        it, else invalid_arguments naming the field."""
        value = self.string(name)
        if value is None:
            if error:
                raise SlackError(error)
            raise SlackError("invalid_arguments", messages=[f"[ERROR] missing required field: {name}"])
        return value

    def flag(self, name: str) -> bool:
        value = self.get(name)
        return value is True or str(value).lower() in ("true", "1")

    def integer(self, name: str, default: int) -> int:
        value = self.get(name)
        if value is None:
            return default
        try:
            return int(value)
        except (TypeError, ValueError):
            raise SlackError(
                "invalid_arguments", messages=[f"[ERROR] must be an integer [json-pointer:/{name}]"]
            ) from None

    def json_value(self, name: str, *, bad_format: str) -> Any:
        """A JSON field; form-encoded calls send it as a JSON string, JSON calls as a value."""
        value = self.get(name)
        if not isinstance(value, str):
            return value
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            raise SlackError(
                bad_format,
                messages=[f"[ERROR] could not parse the {name} field as JSON [json-pointer:/{name}]"],
            ) from None


Handler = Callable[[Context, Args], JsonDict]


@dataclass(frozen=True)
class Method:
    handler: Handler
    token_type: TokenType


METHODS: dict[str, Method] = {}


def web_method(name: str, *, token_type: TokenType = "bot") -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        METHODS[name] = Method(handler, token_type)
        return handler

    return register

"""Two kinds of failure. `SlackError` is Slack's own `{"ok": false, "error": ...}` answer to the app;
`SandboxMisuse` is a mistake in code that drives the sandbox (a test or the demo), told in the project's
usual what-then-how-to-fix form."""

from __future__ import annotations

from typing import Any

from flows.errors import WorkshopError


class SandboxMisuse(WorkshopError):
    """The sandbox was asked to do something a person in Slack could not do, or was set up wrongly."""


class SlackError(Exception):
    """An error answer from the Web API: `code` is Slack's error string, `extra` any fields beside it
    (`needed`/`provided` for missing_scope, `messages` for invalid_blocks and invalid_arguments)."""

    def __init__(self, code: str, *, messages: list[str] | None = None, **extra: Any) -> None:
        super().__init__(code)
        self.code = code
        self.messages = messages or []
        self.extra = extra

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"ok": False, "error": self.code, **self.extra}
        if self.messages:
            # Slack repeats the details both ways; clients read either.
            body["errors"] = [message.removeprefix("[ERROR] ") for message in self.messages]
            body["response_metadata"] = {"messages": list(self.messages)}
        return body

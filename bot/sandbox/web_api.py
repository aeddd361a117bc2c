"""The Web API's answer to one call, independent of HTTP: which method, who is calling, whether a rate
limit refuses it, then the method itself; every call is recorded with its answer."""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot.sandbox.errors import SlackError
from bot.sandbox.faults import FaultRule
from bot.sandbox.limits import RateLimiter
from bot.sandbox.methods import METHODS, Args, Context
from bot.sandbox.model import Call, InjectedFault, JsonDict, Refusal, Team
from bot.sandbox.state import Workspace

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Answer:
    status: int
    body: JsonDict
    headers: dict[str, str] = field(default_factory=dict)


def request_key(method: str, arguments: JsonDict) -> str:
    """Names a request by what it asks, so the same request made again has the same key."""
    canonical = json.dumps([method, arguments], sort_keys=True, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]


class WebApi:
    def __init__(
        self,
        workspace: Workspace,
        limiter: RateLimiter,
        issue_socket_url: Callable[[], str],
        upload_url: Callable[[str], str],
    ) -> None:
        self.workspace = workspace
        self.limiter = limiter
        self.issue_socket_url = issue_socket_url
        self.upload_url = upload_url

    def _caller(self, token: str | None) -> tuple[Team | None, str]:
        if not token:
            raise SlackError("not_authed")
        if token in self.workspace.revoked_tokens:
            raise SlackError("token_revoked")
        if token == self.workspace.app_token:
            return None, "app"
        team = next((team for team in self.workspace.teams.values() if team.bot_token == token), None)
        if team is None:
            raise SlackError("invalid_auth")
        return team, "bot"

    def answer(self, method: str, token: str | None, arguments: JsonDict) -> Answer:
        with self.workspace.changing():
            team: Team | None = None
            try:
                spec = METHODS.get(method)
                if spec is None:
                    raise SlackError("unknown_method", req_method=method)
                team, token_type = (None, "client") if spec.token_type == "client" else self._caller(token)
                if token_type != spec.token_type:
                    raise SlackError("not_allowed_token_type")
                refused = self._refused(method, team, arguments)
                if refused is not None:
                    return refused
                context = Context(self.workspace, team, self.issue_socket_url, self.upload_url)
                answer = Answer(200, spec.handler(context, Args(arguments)))
            except SlackError as error:
                answer = Answer(200, error.body())
            except Exception as error:
                # A bug in the sandbox: answer like Slack's own failures, but say what broke.
                logger.exception("The sandbox failed answering %s", method)
                answer = Answer(500, {"ok": False, "error": "internal_error", "sandbox_error": repr(error)})
            if team is not None:
                answer.headers["X-OAuth-Scopes"] = ",".join(sorted(team.scopes))
            self.record(method, arguments, answer, team)
            return answer

    def _refused(self, method: str, team: Team | None, arguments: JsonDict) -> Answer | None:
        scope = team.id if team else self.workspace.app_id
        channel = arguments.get("channel")
        verdict = self.limiter.check(scope, method, str(channel) if channel else None)
        if verdict is None:
            return None
        now = self.workspace.clock.now()
        key = request_key(method, arguments)
        self.workspace.refusals.append(Refusal(method, verdict.reason, now, verdict.retry_after, key))
        answer = Answer(429, {"ok": False, "error": "ratelimited"}, {"Retry-After": str(verdict.retry_after)})
        self.record(method, arguments, answer, team)
        return answer

    def fault_hung(self, method: str, rule: FaultRule) -> None:
        with self.workspace.changing():
            self.workspace.faults.append(InjectedFault(method, rule.kind, self.workspace.clock.now()))

    def fault_answer(self, method: str, rule: FaultRule, arguments: JsonDict) -> Answer:
        """The answer to a call an injected fault fails (a hang is answered normally, only late)."""
        with self.workspace.changing():
            self.workspace.faults.append(InjectedFault(method, rule.kind, self.workspace.clock.now()))
            if rule.kind == "rate_limited":
                answer = Answer(
                    429, {"ok": False, "error": "ratelimited"}, {"Retry-After": str(rule.retry_after)}
                )
            else:
                answer = Answer(500, {"ok": False, "error": "internal_error"})
            self.record(method, arguments, answer, None)
            return answer

    def record(self, method: str, arguments: dict[str, Any], answer: Answer, team: Team | None) -> None:
        with self.workspace.changing():
            call = Call(
                method,
                arguments,
                answer.body,
                answer.status,
                self.workspace.clock.now(),
                team.id if team else None,
            )
            self.workspace.calls.append(call)

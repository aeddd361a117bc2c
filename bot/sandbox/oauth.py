"""Installing the app through Slack's OAuth flow: the app's client credentials, the authorize page a
person approves (simulated: `approve()` returns what their browser would bring back to the app's
redirect URL), and the codes that `oauth.v2.access` exchanges for a workspace's bot token.

A team that does not exist yet is created on approval, with the approving person as its owner; a
team whose bot token was revoked gets a new one, as a reinstall does in Slack.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlencode, urlsplit

from bot.sandbox.errors import SandboxMisuse, SlackError
from bot.sandbox.model import JsonDict, Team, User

if TYPE_CHECKING:
    from bot.sandbox.state import Workspace

AUTHORIZE_PATH = "/oauth/v2/authorize"
CODE_LIFETIME_SECONDS = 600  # Slack's codes expire after ten minutes


@dataclass(frozen=True)
class Approval:
    """What the installer's browser carries back to the app: a code and the state, or an error."""

    state: str | None
    redirect_uri: str | None  # as the authorize URL gave it; None means the app's configured one
    code: str | None = None
    error: str | None = None

    def redirect_url(self, configured_redirect_uri: str) -> str:
        answer = {"code": self.code} if self.error is None else {"error": self.error}
        if self.state is not None:
            answer["state"] = self.state
        return f"{self.redirect_uri or configured_redirect_uri}?{urlencode(answer)}"


@dataclass
class Grant:
    team_id: str
    user_id: str
    scopes: frozenset[str]
    redirect_uri: str | None
    issued_at: float
    used: bool = False


class OAuthApp:
    def __init__(self, app_id: str) -> None:
        # Derived from the app id rather than drawn from the seeded ids, so every other id a seeded
        # sandbox makes stays what it was before OAuth existed.
        digest = hashlib.sha256(f"oauth:{app_id}".encode()).hexdigest()
        self.client_id = f"{int(digest[:10], 16)}.{int(digest[10:20], 16)}"
        self.client_secret = digest[20:52]
        self.grants: dict[str, Grant] = {}

    def approve(
        self, workspace: Workspace, url: str, team_id: str, user_id: str, *, approve: bool = True
    ) -> Approval:
        query = self._authorize_query(url)
        state, redirect_uri = _one(query, "state"), _one(query, "redirect_uri")
        if not approve:
            return Approval(state, redirect_uri, error="access_denied")
        scopes = frozenset(s for s in (_one(query, "scope") or "").split(",") if s)
        if not scopes:
            raise SandboxMisuse("The authorize URL asks for no bot scopes.", "Give them as scope=a,b,c.")
        team = workspace.teams.get(team_id) or _new_team(workspace, team_id, user_id)
        workspace.person(team.id, user_id)
        code = f"{workspace.ids.number()}.{workspace.ids.hex(40)}"
        self.grants[code] = Grant(team.id, user_id, scopes, redirect_uri, workspace.clock.now())
        return Approval(state, redirect_uri, code=code)

    def exchange(
        self, workspace: Workspace, *, client_id: str, client_secret: str, code: str, redirect_uri: str | None
    ) -> JsonDict:
        """oauth.v2.access: the code's team, with its bot token and the scopes granted."""
        if client_id != self.client_id:
            raise SlackError("invalid_client_id")
        if client_secret != self.client_secret:
            raise SlackError("bad_client_secret")
        grant = self.grants.get(code)
        if grant is None or grant.used or workspace.clock.now() - grant.issued_at > CODE_LIFETIME_SECONDS:
            raise SlackError("invalid_code")
        if grant.redirect_uri is not None and redirect_uri != grant.redirect_uri:
            raise SlackError("bad_redirect_uri")
        grant.used = True
        team = workspace.team(grant.team_id)
        if team.bot_token in workspace.revoked_tokens:
            ids = workspace.ids
            team.bot_token = f"xoxb-{ids.number()}-{ids.number()}-{ids.token_secret()}"
        team.scopes = grant.scopes
        return {
            "ok": True,
            "access_token": team.bot_token,
            "token_type": "bot",
            "scope": ",".join(sorted(grant.scopes)),
            "bot_user_id": team.bot_user_id,
            "app_id": workspace.app_id,
            "team": {"id": team.id, "name": team.name},
            "enterprise": None,
            "authed_user": {"id": grant.user_id},
            "is_enterprise_install": False,
        }

    def _authorize_query(self, url: str) -> dict[str, list[str]]:
        parts = urlsplit(url)
        if parts.path != AUTHORIZE_PATH:
            raise SandboxMisuse(f"{url} is not Slack's authorize page.", f"Send people to {AUTHORIZE_PATH}.")
        query = parse_qs(parts.query)
        if _one(query, "client_id") != self.client_id:
            raise SandboxMisuse(
                f"The authorize URL names client_id {_one(query, 'client_id')!r}, not this app's.",
                "Use the sandbox's client_id as SLACK_CLIENT_ID.",
            )
        return query


def _one(query: dict[str, list[str]], name: str) -> str | None:
    values = query.get(name)
    return values[0] if values else None


def _new_team(workspace: Workspace, team_id: str, owner_id: str) -> Team:
    label = team_id.removeprefix("T_").removeprefix("T").lower() or "team"
    team = workspace.add_team(team_id, label.title(), label, None)
    workspace.add_user(User(owner_id, team_id, "owner", "Workspace Owner", is_admin=True, is_owner=True))
    return team

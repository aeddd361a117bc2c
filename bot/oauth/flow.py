"""Installing in many workspaces: Bolt's OAuth flow with installations and install-link states in the
app's own database, and each workspace's requests made with that workspace's own bot token.

Without SLACK_CLIENT_ID (see `Settings.oauth_enabled`) none of this is used: the bot serves one
workspace with SLACK_BOT_TOKEN.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from urllib.parse import urljoin

from slack_bolt import App, BoltResponse
from slack_bolt.oauth.callback_options import CallbackOptions, FailureArgs, SuccessArgs
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk import WebClient

from bot.delivery.slack_client import make_client
from bot.oauth.pages import failure_page
from bot.oauth.stores import DatabaseInstallationStore, SignedStateStore
from bot.process.runtime import Runtime
from bot.services.workspaces import record_installed
from flows.errors import NotFound
from storage.tokens import TokenCipher, require_encrypted

# What the app asks each workspace for; manifest.yml's bot scopes say the same (a test holds them equal).
BOT_SCOPES = (
    "commands",
    "chat:write",
    "im:write",
    "users:read",
    "channels:read",
    "groups:read",
    "files:write",
)
# How long an install link stays usable, as Slack's own default.
STATE_LIFETIME = timedelta(minutes=10)


def authorize_url(api_url: str) -> str:
    """Slack's authorize page sits beside its Web API: https://slack.com/api/ gives
    https://slack.com/oauth/v2/authorize (and the sandbox's API URL gives the sandbox's page)."""
    return urljoin(api_url, "../oauth/v2/authorize")


def oauth_settings(runtime: Runtime) -> OAuthSettings:
    settings = runtime.settings
    assert settings.slack_client_id and settings.slack_client_secret and settings.slack_state_secret, (
        "Settings checks that the OAuth settings come together"
    )
    assert settings.token_encryption_key, "Settings requires TOKEN_ENCRYPTION_KEY with OAuth"
    require_encrypted(runtime.engine)  # a token left in plain text from before stops the start
    return OAuthSettings(
        client_id=settings.slack_client_id,
        client_secret=settings.slack_client_secret,
        scopes=list(BOT_SCOPES),
        user_scopes=[],
        redirect_uri=settings.slack_redirect_uri,
        install_path=settings.slack_install_path,
        # Straight on to Slack: the install page is only a redirect with a fresh state.
        install_page_rendering_enabled=False,
        redirect_uri_path=settings.slack_redirect_path,
        callback_options=CallbackOptions(success=_installed(runtime), failure=_not_installed),
        authorization_url=authorize_url(settings.slack_api_url),
        installation_store=DatabaseInstallationStore(
            settings.slack_client_id, runtime.engine, TokenCipher(settings.token_encryption_key)
        ),
        state_store=SignedStateStore(
            runtime.engine, settings.slack_state_secret, STATE_LIFETIME, runtime.clock.now
        ),
        state_expiration_seconds=int(STATE_LIFETIME.total_seconds()),
    )


def workspace_client(app: App, runtime: Runtime, team_id: str) -> WebClient:
    """A client with the workspace's own bot token, for work outside a Slack request (the scheduler):
    its installation's token with OAuth, else the one SLACK_BOT_TOKEN."""
    if app.installation_store is None:
        return make_client(runtime.settings, observer=runtime.metrics.retry_observer)
    bot = app.installation_store.find_bot(enterprise_id=None, team_id=team_id)
    if bot is None:
        raise NotFound(
            f"Hiring Workshop is not installed in workspace {team_id}.",
            f"Install it from {runtime.settings.slack_install_path}.",
        )
    return make_client(runtime.settings, bot.bot_token, observer=runtime.metrics.retry_observer)


def _installed(runtime: Runtime) -> Callable[[SuccessArgs], BoltResponse]:
    def success(args: SuccessArgs) -> BoltResponse:
        team_id = args.installation.team_id
        if team_id:
            # Installed again after an uninstall: work for the workspace may start again.
            with runtime.sessions.begin() as session:
                record_installed(session, team_id, runtime.clock.now())
        return args.default.success(args)

    return success


def _not_installed(args: FailureArgs) -> BoltResponse:
    return BoltResponse(
        status=args.suggested_status_code,
        headers={
            "Content-Type": "text/html; charset=utf-8",
            "Set-Cookie": args.settings.state_utils.build_set_cookie_for_deletion(),
        },
        body=failure_page(args.reason, args.settings.install_path),
    )

"""Installing through Slack's OAuth flow: the install page, Slack's authorize page, the redirect page,
and each workspace served with its own token afterwards."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from bot.oauth.flow import BOT_SCOPES, workspace_client
from bot.process.clock import ManualClock
from bot.process.local import LocalBot
from bot.sandbox import Sandbox
from flows.errors import NotFound
from storage.models import SLACK_BOTS, SLACK_INSTALLATIONS, SLACK_OAUTH_STATES, Workspace
from tests.bot.oauth.browser import STATE_COOKIE, Browser
from tests.bot.oauth.conftest import (
    ACME,
    ACME_ADMIN,
    GLOBEX,
    GLOBEX_OWNER,
    START,
    decrypted,
    install,
    install_url,
    redirect_url,
    rows,
)

ROOT = Path(__file__).resolve().parents[3]


def test_the_install_page_sends_the_installer_to_slack_with_a_fresh_state(
    bot: LocalBot, slack: Sandbox
) -> None:
    browser = Browser()
    page = browser.get(install_url(bot))
    assert page.status == 302 and page.location is not None
    assert page.location.startswith(f"{slack.base_url}/oauth/v2/authorize?")
    query = parse_qs(urlsplit(page.location).query)
    assert query["client_id"] == [slack.client_id]
    assert set(query["scope"][0].split(",")) == set(BOT_SCOPES)
    state = query["state"][0]
    assert browser.cookies[STATE_COOKIE] == state
    assert [row["state"] for row in rows(bot, SLACK_OAUTH_STATES)] == [state]
    again = parse_qs(urlsplit(Browser().get(install_url(bot)).location or "").query)["state"][0]
    assert again != state


def test_approving_stores_the_installation_and_shows_a_success_page(bot: LocalBot, slack: Sandbox) -> None:
    page = install(bot, slack, ACME, ACME_ADMIN)
    assert page.status == 200 and "Thank you!" in page.body
    [installation] = rows(bot, SLACK_INSTALLATIONS)
    assert installation["team_id"] == ACME and installation["team_name"] == "Acme"
    assert decrypted(bot, installation["bot_token"]) == slack.bot_token(ACME)
    assert installation["bot_token"] != slack.bot_token(ACME) and installation["user_id"] == ACME_ADMIN
    assert installation["client_id"] == slack.client_id and installation["token_type"] == "bot"
    assert set(installation["bot_scopes"].split(",")) == set(BOT_SCOPES)
    assert [decrypted(bot, bot_row["bot_token"]) for bot_row in rows(bot, SLACK_BOTS)] == [
        slack.bot_token(ACME)
    ]
    assert rows(bot, SLACK_OAUTH_STATES) == []  # the state was used up
    [standing] = rows(bot, Workspace.__table__, team_id=ACME)
    assert standing["installed_at"] == START and standing["uninstalled_at"] is None


def test_each_workspace_is_served_with_its_own_token(both_installed: LocalBot, slack: Sandbox) -> None:
    bot = both_installed
    tokens = {row["team_id"]: decrypted(bot, row["bot_token"]) for row in rows(bot, SLACK_INSTALLATIONS)}
    assert tokens == {ACME: slack.bot_token(ACME), GLOBEX: slack.bot_token(GLOBEX)}
    assert tokens[ACME] != tokens[GLOBEX]
    slack.user(ACME, ACME_ADMIN).open_home()
    slack.user(GLOBEX, GLOBEX_OWNER).open_home()
    bot.settle()
    assert slack.home(ACME_ADMIN) is not None and slack.home(GLOBEX_OWNER) is not None
    # The sandbox names each call's team by the token it came with.
    published = {(call.team_id, call.arguments["user_id"]) for call in slack.calls_to("views.publish")}
    assert published == {(ACME, ACME_ADMIN), (GLOBEX, GLOBEX_OWNER)}
    assert all(call.ok for call in slack.calls)
    # Work outside a Slack request (the scheduler's) gets each workspace's own client too.
    for team_id in (ACME, GLOBEX):
        assert workspace_client(bot.app, bot.runtime, team_id).token == slack.bot_token(team_id)
    with pytest.raises(
        NotFound, match=r"not installed in workspace T_INITECH\. Install it from /slack/install"
    ):
        workspace_client(bot.app, bot.runtime, "T_INITECH")


def test_a_state_that_is_forged_used_or_expired_is_refused(
    bot: LocalBot, slack: Sandbox, clock: ManualClock
) -> None:
    forged = "made-up.0123456789abcdef0123456789abcdef"
    browser = Browser()
    code = slack.approve_install(browser.get(install_url(bot)).location or "", ACME, ACME_ADMIN).code
    browser.cookies[STATE_COOKIE] = forged
    page = browser.get(f"{redirect_url(bot)}?code={code}&state={forged}")
    assert page.status == 401 and "This install link has expired or was already used." in page.body
    assert 'href="/slack/install"' in page.body

    approval = slack.approve_install(browser.get(install_url(bot)).location or "", ACME, ACME_ADMIN)
    clock.advance(timedelta(minutes=11))
    page = browser.get(approval.redirect_url(redirect_url(bot)))
    assert page.status == 401 and "expired" in page.body
    assert rows(bot, SLACK_INSTALLATIONS) == [] and rows(bot, SLACK_OAUTH_STATES, state=approval.state) == []

    approval = slack.approve_install(browser.get(install_url(bot)).location or "", ACME, ACME_ADMIN)
    state = browser.cookies[STATE_COOKIE]
    # Issuing it cleared the first link's state, left unused and now expired.
    assert [row["state"] for row in rows(bot, SLACK_OAUTH_STATES)] == [state]
    assert browser.get(approval.redirect_url(redirect_url(bot))).status == 200
    browser.cookies[STATE_COOKIE] = state  # the success page deleted it; a replay brings it back
    assert browser.get(approval.redirect_url(redirect_url(bot))).status == 401
    assert len(rows(bot, SLACK_INSTALLATIONS)) == 1


def test_another_browser_or_a_cancelled_approval_is_told_how_to_start_again(
    bot: LocalBot, slack: Sandbox
) -> None:
    approval = slack.approve_install(Browser().get(install_url(bot)).location or "", ACME, ACME_ADMIN)
    page = Browser().get(approval.redirect_url(redirect_url(bot)))
    assert page.status == 400 and "This browser did not start the installation" in page.body

    browser = Browser()
    authorize = browser.get(install_url(bot))
    approval = slack.approve_install(authorize.location or "", ACME, ACME_ADMIN, approve=False)
    page = browser.get(approval.redirect_url(redirect_url(bot)))
    assert "The installation was cancelled in Slack." in page.body and 'href="/slack/install"' in page.body
    assert rows(bot, SLACK_INSTALLATIONS) == []


def test_the_scopes_asked_for_are_the_manifests() -> None:
    manifest = yaml.safe_load((ROOT / "manifest.yml").read_text())
    assert sorted(BOT_SCOPES) == sorted(manifest["oauth_config"]["scopes"]["bot"])

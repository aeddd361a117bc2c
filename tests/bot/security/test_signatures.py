"""Only Slack may talk to the bot: a request with no signature, a wrong one, or one older than five
minutes is refused with 401 and changes nothing, whatever it asks for."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bot.blocks.ids import ActionId
from bot.edge.http_server import EVENTS_PATH
from bot.sandbox import sign
from bot.sandbox.model import JsonDict
from bot.sandbox.payloads import event_callback
from bot.sandbox.reading import find_element
from bot.sandbox.transport import EVENTS_API, INTERACTIVE, SLASH_COMMANDS
from tests.bot.conftest import CHANNEL, TEAM, Workspace
from tests.bot.faults.handmade import click_payload, slash_payload
from tests.bot.faults.snapshot import Snapshot
from tests.bot.security.wire import encoded, post, signed_headers
from tests.figures import Figures

FLOW = "002-caio-or-cto"
SIX_MINUTES = 6 * 60

Forgery = Callable[[str, str], dict[str, str]]  # (the real secret, the body) -> headers
FORGERIES: dict[str, Forgery] = {
    "no signature": lambda secret, body: {},
    "a signature and no timestamp": lambda secret, body: {"X-Slack-Signature": sign(secret, "", body)},
    "signed with another secret": lambda secret, body: signed_headers("not-the-signing-secret", body),
    "signed over another body": lambda secret, body: signed_headers(secret, body + " "),
    "a garbled signature": lambda secret, body: (
        signed_headers(secret, body) | {"X-Slack-Signature": "v0=not-hex"}
    ),
    "signed six minutes ago": lambda secret, body: signed_headers(secret, body, age=SIX_MINUTES),
    "signed six minutes ahead": lambda secret, body: signed_headers(secret, body, age=-SIX_MINUTES),
}


def quick_start(ws: Workspace) -> tuple[str, JsonDict]:
    mentions = "<@U_CEO|ceo> <@U_CTO|cto> <@U_CFO|cfo>"
    return SLASH_COMMANDS, slash_payload(ws.sandbox, TEAM, "U_FAC", CHANNEL, f"start {FLOW} {mentions}")


def decline(ws: Workspace) -> tuple[str, JsonDict]:
    ws.facilitator.slash("/hiring", f"start {FLOW} <@U_CEO|ceo> <@U_CTO|cto> <@U_CFO|cfo>", channel=CHANNEL)
    ws.bot.settle()
    invitation = ws.person("U_CEO").dm()[0]
    workshop = str(find_element(invitation.blocks, ActionId.DECLINE, where="the invitation").value)
    return INTERACTIVE, click_payload(
        ws.sandbox, TEAM, "U_CEO", invitation.channel_id, ActionId.DECLINE, workshop
    )


def uninstall(ws: Workspace) -> tuple[str, JsonDict]:
    team = ws.sandbox.workspace.team(TEAM)
    event = {"type": "app_uninstalled", "event_ts": "1700000000.000100"}
    payload = event_callback(
        team=team, app_id=ws.sandbox.app_id, event=event, event_id="Ev0FORGED", event_time=1
    )
    return EVENTS_API, payload


REQUESTS = {"a quick start": quick_start, "a decline": decline, "an uninstall": uninstall}


@pytest.mark.parametrize("request_of", REQUESTS.values(), ids=REQUESTS.keys())
def test_forged_requests_are_refused_with_401_and_change_nothing(
    http_bot: Workspace, request_of: Callable[[Workspace], tuple[str, JsonDict]], figures: Figures
) -> None:
    ws = http_bot
    kind, payload = request_of(ws)
    body, content_type = encoded(kind, payload)
    url, secret = f"{ws.bot.url}{EVENTS_PATH}", ws.sandbox.signing_secret
    before = Snapshot.take(ws.bot.runtime.engine, ws.sandbox)
    answers = {name: post(url, body, content_type, forge(secret, body)) for name, forge in FORGERIES.items()}
    ws.bot.settle()
    figures("forged requests sent", len(answers))
    for reply in answers.values():
        figures.add(f"forged requests answered {reply.status}")
    assert {name: reply.status for name, reply in answers.items()} == dict.fromkeys(FORGERIES, 401)
    changes = Snapshot.take(ws.bot.runtime.engine, ws.sandbox).changes_since(before)
    figures("changes the forged requests made", len(changes))
    assert not changes, f"a forged request changed something: {changes}"

    # The very same request, properly signed, is taken: the refusals above were the signature's doing.
    signed = post(url, body, content_type, signed_headers(secret, body))
    figures(f"the same request signed, answered {signed.status}", 1)
    assert signed.status == 200
    ws.bot.settle()
    assert Snapshot.take(ws.bot.runtime.engine, ws.sandbox).changes_since(before)

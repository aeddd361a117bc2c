"""`/hiring export`, end to end through the sandbox: a whole anonymous workshop runs, the facilitator
types the command, and the three files the bot uploaded are read from their DM; nobody on the panel
is named in them. Anyone else but a workspace admin is refused."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

import pytest

from bot.demo.plan import plan_story
from bot.sandbox import UploadedFile
from tests.bot.conftest import CHANNEL, PANEL, TEAM, Workspace
from tests.bot.scenario import facilitator, flow, panel_from_story

FLOW = "002-caio-or-cto"


@pytest.fixture
def decided(acme: Workspace) -> Iterator[Workspace]:
    """The demo's story of 002, run in Slack to its recommendation: two disputes, round 2 settles
    one, the facilitator decides the other and posts the preview to the channel."""
    story = plan_story(flow(FLOW), len(PANEL), seed=1)
    host, panel = facilitator(acme), panel_from_story(acme, story)
    host.start(story.flow, PANEL)
    acme.bot.settle()
    for stakeholder in panel:
        stakeholder.answer_round1(story.flow)
        acme.bot.settle()
    host.hiring("close")
    acme.bot.settle()
    for stakeholder in panel:
        stakeholder.review_round2(story.flow)
        acme.bot.settle()
    host.settle_disputes(story.flow)
    acme.bot.settle()
    host.post_preview()
    acme.bot.settle()
    assert any(text.startswith("Recommendation:") for text in acme.channel_text())
    yield acme


def exported(ws: Workspace, user_id: str) -> dict[str, UploadedFile]:
    files = ws.sandbox.wait_for(lambda: ws.person(user_id).files(), timeout=10)
    return {f.name.rsplit(".", 1)[1]: f for f in files}


def test_the_facilitator_gets_the_three_files_in_a_dm_and_they_name_nobody(decided: Workspace) -> None:
    delivery = decided.facilitator.slash("/hiring", "export", channel=CHANNEL)
    decided.bot.settle()

    assert delivery.acknowledged and delivery.latency < 3
    files = exported(decided, "U_FAC")
    assert sorted(files) == ["csv", "json", "md"]
    [message] = [m for m in decided.person("U_FAC").dm() if m.files]
    assert "decision record of workshop #" in message.text and "names nobody" in message.text
    markdown = files["md"].content.decode()
    assert markdown.startswith('---\nstatus: "accepted"')
    assert "## Decision Outcome" in markdown and "Chosen option:" in markdown
    assert "the facilitator decided" in markdown and "Settled in round 2" in markdown
    rows = list(csv.DictReader(io.StringIO(files["csv"].content.decode(), newline="")))
    assert rows and {"round", "question", "answer", "reason"} <= rows[0].keys()
    assert {row["round"] for row in rows} == {"1", "2"}
    record = json.loads(files["json"].content)
    assert record["schema_version"] == 1 and record["workshop"]["anonymous"] is True
    assert len(record["answers"]) == len(rows)
    assert "I sent you the decision record" in decided.ephemeral_text()[-1]

    people = decided.sandbox.workspace.users
    names = [u.real_name for (team, u_id), u in people.items() if team == TEAM and not u.is_bot]
    surnames = [name.split()[-1] for name in names]
    user_ids = [*PANEL, "U_FAC"]
    for kind, uploaded in files.items():
        text = (uploaded.content or b"").decode()
        found = [word for word in [*names, *surnames, *user_ids] if word in text]
        assert found == [], f"the {kind} file names {found}"


def test_a_workspace_admin_may_export_too(decided: Workspace) -> None:
    decided.person("U_ADMIN").slash("/hiring", "export", channel=CHANNEL)
    decided.bot.settle()

    assert sorted(exported(decided, "U_ADMIN")) == ["csv", "json", "md"]


def test_anyone_else_is_refused_and_gets_no_file(decided: Workspace) -> None:
    uploads = len(decided.sandbox.calls_to("files.getUploadURLExternal"))  # the summary's chart
    delivery = decided.person("U_CEO").slash("/hiring", "export", channel=CHANNEL)
    decided.bot.settle()

    assert delivery.acknowledged
    refusal = decided.ephemeral_text("U_CEO")[-1]
    assert "Only the facilitator <@U_FAC> can export this workshop." in refusal
    assert "workspace admin" in refusal
    assert decided.person("U_CEO").files() == []
    assert len(decided.sandbox.calls_to("files.getUploadURLExternal")) == uploads


def test_a_channel_without_a_workshop_says_so(acme: Workspace) -> None:
    acme.facilitator.slash("/hiring", "export", channel=CHANNEL)
    acme.bot.settle()

    assert "There is no workshop in this channel to export." in acme.ephemeral_text()[-1]
    assert acme.facilitator.files() == []

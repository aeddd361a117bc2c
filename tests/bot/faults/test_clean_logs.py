"""A database error while storing a revision must not write the person's answers, their reason or
their participant id to the log. A NUL byte in a round-2 reason was refused by PostgreSQL, and the
error's report carried the statement's parameters to the ERROR log; engines now hide parameters
(`storage.db`), and the payload edge now also strips the NUL before it reaches the database. Either
way, the scan at teardown (`logs_keep_answers_out`) finds nothing of the reason in the log."""

from __future__ import annotations

import pytest

from bot.demo.plan import plan_story
from bot.ids import ActionId, CallbackId, Prefix, keyed
from tests.bot.conftest import PANEL, Workspace
from tests.bot.faults.logscan import SEARCHED, LogLines
from tests.bot.scenario import facilitator, flow, open_form, panel_from_story

FLOW = "000-head-of-ai-or-product-lead"
REASON = "Zanzibar budget politics\x00 decided this"


def test_a_refused_round2_reason_leaves_no_trace_of_the_answers_in_the_log(
    acme: Workspace, request: pytest.FixtureRequest, logs_keep_answers_out: LogLines
) -> None:
    request.node.stash[SEARCHED] = {"Zanzibar budget politics"}
    story = plan_story(flow(FLOW), len(PANEL), seed=1)
    panel = panel_from_story(acme, story)
    host = facilitator(acme)
    host.start(story.flow, PANEL)
    acme.bot.settle()
    for stakeholder in panel:
        stakeholder.answer_round1(story.flow)
        acme.bot.settle()
    host.hiring("close")
    acme.bot.settle()
    who = next(s for s in panel if s.revisions)
    prompt = who.latest_dm_with(ActionId.REVIEW_DISPUTES)
    who.person.click(ActionId.REVIEW_DISPUTES, in_message=(prompt.channel_id, prompt.ts))
    form = open_form(acme, who.user_id, CallbackId.ROUND2)
    question, (revised, _) = next(iter(who.revisions.items()))
    answers = who.choices(story.flow, form, {**who.answers, question: revised})
    who.person.submit(form.id, answers | {keyed(Prefix.REASON, question): REASON})
    acme.bot.settle()
    # The scan itself runs at teardown (`logs_keep_answers_out`); here, that there was something to scan.
    assert logs_keep_answers_out.lines

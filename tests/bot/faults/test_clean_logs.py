"""A database error while storing a revision must not write the person's answers, their reason or
their participant id to the log. A NUL byte in a round-2 reason was refused by PostgreSQL, and the
error's report carried the statement's parameters to the ERROR log; engines now hide parameters
(`storage.db`), and the payload edge now also strips the NUL before it reaches the database. Either
way, the scan at teardown (`logs_keep_answers_out`) finds nothing of the reason in the log."""

from __future__ import annotations

import pytest

from bot.blocks.ids import Prefix, keyed
from bot.demo.plan import plan_story
from tests.bot.conftest import PANEL, Workspace
from tests.bot.faults.logscan import SEARCHED, LogLines
from tests.bot.scenario import flow, round2_form

FLOW = "000-head-of-ai-or-product-lead"
REASON = "Zanzibar budget politics\x00 decided this"


def test_a_refused_round2_reason_leaves_no_trace_of_the_answers_in_the_log(
    acme: Workspace, request: pytest.FixtureRequest, logs_keep_answers_out: LogLines
) -> None:
    request.node.stash[SEARCHED] = {"Zanzibar budget politics"}
    story = plan_story(flow(FLOW), len(PANEL), seed=1)
    who, form = round2_form(acme, story)
    question, (revised, _) = next(iter(who.revisions.items()))
    answers = who.choices(story.flow, form, {**who.answers, question: revised})
    who.person.submit(form.id, answers | {keyed(Prefix.REASON, question): REASON})
    acme.bot.settle()
    # The scan itself runs at teardown (`logs_keep_answers_out`); here, that there was something to scan.
    assert logs_keep_answers_out.lines

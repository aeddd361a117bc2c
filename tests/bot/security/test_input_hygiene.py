"""Input hygiene: control characters never reach the database, bidirectional overrides never reach
Slack as typed, and a revision the database refuses is told to its author with their text kept."""

from __future__ import annotations

import json

from sqlalchemy import select, text

from bot.blocks.ids import ActionId, CallbackId, Prefix, keyed
from bot.demo.plan import plan_story
from bot.sandbox import Sandbox
from flows.schema import QuestionKind
from storage.models import Answer, Participant
from tests.bot.conftest import CHANNEL, PANEL, Workspace
from tests.bot.faults.answers import every_answer
from tests.bot.faults.replay import UNEXPECTED
from tests.bot.scenario import flow, open_form, panel_from_example, round2_form

FLOW = "000-head-of-ai-or-product-lead"
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
REFUSED = "this reason is refused by the database"


def reasons(ws: Workspace, user_id: str, question_id: str) -> list[str | None]:
    with ws.bot.runtime.sessions() as session:
        query = (
            select(Answer.rationale)
            .join(Participant)
            .where(Participant.user_id == user_id, Answer.question_id == question_id, Answer.round == 2)
        )
        return list(session.scalars(query))


def raw_bot_output(sandbox: Sandbox) -> str:
    workspace = sandbox.workspace
    with workspace.lock:
        posts = [m for c in workspace.channels.values() for m in c.messages if m.bot_id]
        raw = [json.dumps([v.text, v.blocks], ensure_ascii=False) for p in posts for v in p.history]
        raw += [json.dumps([p.text, p.blocks], ensure_ascii=False) for p in posts]
        raw += [json.dumps(v.definition, ensure_ascii=False) for v in workspace.views.values()]
    return "\n".join(raw)


def test_a_round2_reason_with_a_nul_byte_is_stored_without_it(acme: Workspace) -> None:
    """Found: on PostgreSQL a NUL byte in a reason failed the insert, and the revision was lost."""
    story = plan_story(flow(FLOW), len(PANEL), seed=1)
    who, form = round2_form(acme, story)
    question, (revised, _) = next(iter(who.revisions.items()))
    answers = who.choices(story.flow, form, {**who.answers, question: revised})
    typed = "I changed\x00 my mind\x07\x1b[31m:\tnew facts\r\nfrom the board\x7f."
    delivery = who.person.submit(form.id, answers | {keyed(Prefix.REASON, question): typed})
    assert not delivery.errors, delivery.errors
    acme.bot.settle()
    assert reasons(acme, who.user_id, question) == ["I changed my mind[31m:\tnew facts\nfrom the board."]
    assert not any(UNEXPECTED in m.readable_text() for m in who.person.dm())


def test_a_revision_the_database_refuses_is_told_to_its_author_with_their_text_kept(acme: Workspace) -> None:
    story = plan_story(flow(FLOW), len(PANEL), seed=1)
    who, form = round2_form(acme, story)
    question, (revised, _) = next(iter(who.revisions.items()))
    # A real refusal by the database itself, whatever its cause (here a constraint the test adds).
    with acme.bot.runtime.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(
                text(f"ALTER TABLE answers ADD CONSTRAINT refused CHECK (rationale NOT LIKE '%{REFUSED}%')")
            )
        else:
            connection.execute(
                text(
                    "CREATE TRIGGER refused BEFORE INSERT ON answers "
                    f"WHEN NEW.rationale LIKE '%{REFUSED}%' BEGIN SELECT RAISE(ABORT, 'refused'); END"
                )
            )
    answers = who.choices(story.flow, form, {**who.answers, question: revised})
    typed = f"Because {REFUSED}, and a long thought I would hate to type again."
    delivery = who.person.submit(form.id, answers | {keyed(Prefix.REASON, question): typed})
    acme.bot.settle()
    assert isinstance(delivery.response, dict), delivery.response
    assert delivery.response.get("response_action") == "errors", delivery.response
    told = " ".join(delivery.response["errors"].values())
    assert "Not saved" in told and UNEXPECTED not in told, told
    # The form stays open as it was, with what they typed in it.
    still = acme.sandbox.workspace.views[form.id]
    assert typed in json.dumps(still.state_values), "their text left the form"
    assert reasons(acme, who.user_id, question) == []


def test_bidirectional_overrides_never_reach_slack(acme: Workspace) -> None:
    """Found: right-to-left override characters reached Slack as typed."""
    definition = flow(FLOW)
    free = next(q for q in definition.questions if q.kind is QuestionKind.FREE_TEXT)
    mentions = " ".join(
        f"<@{u}|{u}> {role}" for u, role in PANEL.items()
    )  # a CEO and a CTO, as the flow needs
    # No preview: the test is about what reaches the channel's thread, not the facilitator's approval.
    acme.facilitator.slash("/hiring", f"start {FLOW} {mentions} --no-preview", channel=CHANNEL)
    acme.bot.settle()
    panel = panel_from_example(acme, "000")
    # One mind on everything else, so the round closes straight into the summary and its thread.
    shared = every_answer(definition, dict(panel[0].answers))
    for number, stakeholder in enumerate(panel):
        stakeholder.answers = shared | {free.id: f"invoice{number}{BIDI}gpj.exe"}
        stakeholder.answer_round1(definition)
        acme.bot.settle()
    stored = {r for r in free_texts(acme, free.id)}
    assert stored == {f"invoice{n}{BIDI}gpj.exe" for n in range(len(panel))}, "stored as typed"
    shown = raw_bot_output(acme.sandbox)
    assert all(f"invoice{n}gpj.exe" in shown for n in range(len(panel))), "the free text was not shown"
    assert not any(c in shown for c in BIDI), "an override character reached Slack"


def free_texts(ws: Workspace, question_id: str) -> list[object]:
    with ws.bot.runtime.sessions() as session:
        return list(session.scalars(select(Answer.value).where(Answer.question_id == question_id)))


def refuse_values_containing(ws: Workspace, marker: str) -> None:
    """The database itself refuses an answer whose value holds `marker` (a constraint the test adds)."""
    with ws.bot.runtime.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(
                text(
                    "ALTER TABLE answers ADD CONSTRAINT refused_value "
                    f"CHECK (value::text NOT LIKE '%{marker}%')"
                )
            )
        else:
            connection.execute(
                text(
                    "CREATE TRIGGER refused_value BEFORE INSERT ON answers "
                    f"WHEN NEW.value LIKE '%{marker}%' BEGIN SELECT RAISE(ABORT, 'refused'); END"
                )
            )


def test_a_closed_form_the_database_refuses_comes_back_to_its_author_in_a_dm(acme: Workspace) -> None:
    definition = flow(FLOW)
    free = next(q for q in definition.questions if q.kind is QuestionKind.FREE_TEXT)
    acme.facilitator.slash("/hiring", f"start {FLOW} <@U_CEO|ceo> ceo", channel=CHANNEL)
    acme.bot.settle()
    ceo = panel_from_example(acme, "000")[0]
    invitation = ceo.invitation()
    ceo.person.click(ActionId.ANSWER_NOW, in_message=(invitation.channel_id, invitation.ts))
    section = next(i for i, s in enumerate(definition.sections) if free in s.questions)
    for _ in range(section):  # reach the free-text question's section as the person would
        form = open_form(acme, "U_CEO", CallbackId.ANSWER)
        delivery = ceo.person.submit(form.id, ceo.choices(definition, form, every_answer(definition, {})))
        assert not delivery.errors, delivery.errors
    refuse_values_containing(acme, REFUSED)
    form = open_form(acme, "U_CEO", CallbackId.ANSWER)
    typed = f"My long answer, {REFUSED}, <which> I would hate to lose"
    ceo.person.fill(form.id, {keyed(Prefix.QUESTION, free.id): typed})
    ceo.person.close(form.id)
    acme.bot.settle()
    [told] = [m.readable_text() for m in acme.person("U_CEO").dm() if "not saved" in m.readable_text()]
    assert "My long answer" in told and "&lt;which&gt;" in told
    assert free_texts(acme, free.id) == []

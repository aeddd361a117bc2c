"""Answering in a DM: forms section by section, partial answers kept, declining, and what the
channel shows of free text."""

from __future__ import annotations

from sqlalchemy import select

from bot.blocks.ids import ActionId, CallbackId, Prefix, keyed
from bot.demo.stakeholder import pick
from bot.services.scheduling import ItemKind
from flows.engine.model import AnswerValue
from flows.schema import DONT_KNOW, Question
from storage.models import Answer, CheckIn, Participant, ScheduledItem
from tests.bot.conftest import CHANNEL, PANEL, Workspace
from tests.bot.scenario import facilitator, flow, open_form, panel_from_example

FLOW = "000-head-of-ai-or-product-lead"


def start(ws: Workspace, *users: str) -> None:
    """Each in their PANEL role: the flow recommends nothing without its CEO and CTO."""
    mentions = " ".join(f"<@{u}|{u}> {PANEL[u]}" for u in users)
    ws.facilitator.slash("/hiring", f"start {FLOW} {mentions}", channel=CHANNEL)
    ws.bot.settle()


def stored_answers(ws: Workspace, user_id: str) -> dict[str, object]:
    with ws.bot.runtime.sessions() as session:
        rows = session.execute(
            select(Answer.question_id, Answer.value).join(Participant).where(Participant.user_id == user_id)
        )
        return dict(rows.all())


def test_a_closed_form_keeps_its_answers_and_the_next_visit_resumes(acme: Workspace) -> None:
    start(acme, "U_CEO", "U_CTO", "U_CFO")
    definition = flow(FLOW)
    ceo = panel_from_example(acme, "000")[0]
    first_section = definition.sections[0]
    # Two answers of the first section, then "Save and close" instead of Next.
    mine = {q.id: ceo.answers[q.id] for q in first_section.questions[:2]}
    invitation = ceo.invitation()
    ceo.person.click(ActionId.ANSWER_NOW, in_message=(invitation.channel_id, invitation.ts))
    form = open_form(acme, "U_CEO", CallbackId.ANSWER)
    assert "Section 1 of" in form.readable_text()
    acme.person("U_CEO").fill(form.id, ceo.choices(definition, form, mine))
    acme.person("U_CEO").close(form.id)
    acme.bot.settle()
    assert stored_answers(acme, "U_CEO") == mine

    ceo.person.click(ActionId.ANSWER_NOW, in_message=(invitation.channel_id, invitation.ts))
    reopened = open_form(acme, "U_CEO", CallbackId.ANSWER)
    assert "Section 1 of" in reopened.readable_text()
    prefilled = {
        b["block_id"].split(":", 1)[1]
        for b in reopened.blocks
        if b.get("type") == "input"
        and {"initial_option", "initial_options", "initial_value"} & b["element"].keys()
    }
    assert prefilled == set(mine)


def test_declining_updates_the_invitation_and_counts_in_the_status(acme: Workspace) -> None:
    start(acme, "U_CEO", "U_CTO", "U_CFO")
    cfo = panel_from_example(acme, "000")[2]
    cfo.decline()
    acme.bot.settle()
    assert "declined" in acme.person("U_CEO" if False else cfo.user_id).dm()[0].readable_text()
    acme.facilitator.slash("/hiring", "status", channel=CHANNEL)
    acme.bot.settle()
    assert "declined" in acme.ephemeral_text()[-1].lower()


def test_the_round_closes_itself_when_everyone_has_answered_or_declined(acme: Workspace) -> None:
    start(acme, "U_CEO", "U_CTO", "U_CFO", "U_PROD")
    definition = flow(FLOW)
    ceo, cto, cfo, prod = panel_from_example(acme, "000")[:4]
    for stakeholder in (ceo, cto, prod):
        complete = {q.id: stakeholder.answers.get(q.id, _any_answer(q)) for q in definition.questions}
        stakeholder.answers = complete
        stakeholder.answer_round1(definition)
        acme.bot.settle()
    assert len(acme.channel_text()) == 1
    cfo.decline()
    acme.bot.settle()
    # Closed: round 2 announced in the channel, or, nothing disputed, the recommendation in the
    # facilitator's preview.
    round2 = any(text.startswith("Round 1") for text in acme.channel_text()[1:])
    assert round2 or any("Preview of workshop" in m.readable_text() for m in acme.facilitator.dm())


def test_when_everyone_declines_there_is_no_recommendation_and_no_checkin(acme: Workspace) -> None:
    mentions = " ".join(f"<@{u}|{u}> {PANEL[u]}" for u in ("U_CEO", "U_CTO", "U_CFO"))
    acme.facilitator.slash("/hiring", f"start {FLOW} {mentions} --no-preview", channel=CHANNEL)
    acme.bot.settle()
    for stakeholder in panel_from_example(acme, "000")[:3]:
        stakeholder.decline()
        acme.bot.settle()
    verdict, *thread = acme.channel_text()[1:]  # after the announcement
    assert verdict.startswith("No recommendation yet"), verdict
    assert "All 3 invited members declined." in verdict
    shown = "\n".join(thread)
    assert "nobody gave an answer that weighs on the decision" in shown
    assert "%" not in shown and "agreed on every question" not in shown  # no even split shown as a finding
    assert not acme.sandbox.files_in(CHANNEL), "a chart was drawn from no evidence"
    with acme.bot.runtime.sessions() as session:
        assert session.scalars(select(CheckIn)).all() == []
        due = session.scalars(select(ScheduledItem).where(ScheduledItem.kind == ItemKind.CHECKIN_OPEN)).all()
        assert due == []


def test_free_text_is_stored_intact_and_never_pings_the_channel(acme: Workspace) -> None:
    # Four: free text shows in an anonymous summary from ANON_MIN_FREE_TEXT writers on.
    start(acme, "U_CEO", "U_CTO", "U_CFO", "U_PROD")
    definition = flow(FLOW)
    sneaky = "<!channel> ask <@U_CFO> & see <https://evil.example|this>"
    free = next(q for q in definition.questions if q.kind == "free_text")
    panel = panel_from_example(acme, "000")[:4]
    # One mind across the panel, so the round closes straight into the summary and its thread.
    shared = {q.id: panel[0].answers.get(q.id, _any_answer(q)) for q in definition.questions}
    shared[free.id] = sneaky
    for stakeholder in panel:
        stakeholder.answers = shared
        stakeholder.answer_round1(definition)
        acme.bot.settle()
    facilitator(acme).post_preview()
    acme.bot.settle()
    assert stored_answers(acme, "U_CEO")[free.id] == sneaky
    posted = acme.sandbox.messages(CHANNEL)[1:]  # after the announcement, which mentions the invited
    raw = "\n".join(str(m.blocks) + m.text for m in posted)
    assert any(m.text.startswith("Hiring workshop #") for m in posted)  # the summary and its thread
    for leak in ("<!channel>", "<@U_CFO>", "<https://evil.example"):
        assert leak not in raw
    assert "&lt;!channel&gt; ask &lt;@U_CFO&gt; &amp; see" in raw


def _any_answer(question: Question) -> AnswerValue:
    """Something valid for a question the example file leaves blank."""
    match question.kind:
        case "yes_no":
            return True
        case "scale":
            return 3
        case "single_choice":
            return question.choices[0].value
        case "multi_choice":
            return [question.choices[0].value]
        case "number":
            return question.min if question.min is not None else 10
        case _:
            return "No strong view."


def test_dont_know_and_none_of_these_are_answers_stored_as_the_engine_reads_them(acme: Workspace) -> None:
    start(acme, "U_CEO", "U_CTO", "U_CFO")
    definition = flow(FLOW)
    ceo = panel_from_example(acme, "000")[0]
    # The CEO does not know the headcount (a number: the box under it), whether stakeholders expect
    # a quick return (a yes/no that offers "Don't know") or how use cases are prioritised, and has
    # seen none of the listed failures: each is picked by the label on the form.
    unknown = {
        "organisation_size": DONT_KNOW,
        "expect_quick_roi": DONT_KNOW,
        "how_prioritised": DONT_KNOW,
        "seen_failures": [],
    }
    ceo.answers = {**ceo.answers, **unknown}
    assert ceo.answer_round1(definition) == len(definition.sections)
    acme.bot.settle()
    stored = stored_answers(acme, "U_CEO")
    assert {q: stored[q] for q in unknown} == unknown
    assert stored["first_hire_rule"] == ceo.answers["first_hire_rule"]


def test_a_required_number_left_empty_without_dont_know_is_refused_in_the_form(acme: Workspace) -> None:
    start(acme, "U_CEO", "U_CTO", "U_CFO")
    definition = flow(FLOW)
    ceo = panel_from_example(acme, "000")[0]
    invitation = ceo.invitation()
    ceo.person.click(ActionId.ANSWER_NOW, in_message=(invitation.channel_id, invitation.ts))
    form = open_form(acme, "U_CEO", CallbackId.ANSWER)
    inputs = {b["block_id"]: b["element"] for b in form.blocks if b.get("type") == "input"}
    values = {
        keyed(Prefix.QUESTION, q.id): pick(q, inputs[keyed(Prefix.QUESTION, q.id)], ceo.answers[q.id])
        for q in definition.sections[0].questions
        if q.id != "organisation_size" and keyed(Prefix.QUESTION, q.id) in inputs
    }
    delivery = acme.person("U_CEO").submit(form.id, values)
    assert delivery.errors == {
        keyed(Prefix.QUESTION, "organisation_size"): "Give a number, or tick “Don't know”."
    }
    assert "organisation_size" not in stored_answers(acme, "U_CEO")

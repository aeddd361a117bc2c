"""Free text at Slack's size limits and beyond, carrying mrkdwn and mentions: stored exactly as typed,
shown as the words typed, and never pinging a channel, a group or a person. Text past a limit is
refused in the form, with nothing stored."""

from __future__ import annotations

import json
import re

from sqlalchemy import select

from bot.blocks.elements import FREE_TEXT_LIMIT
from bot.blocks.ids import ActionId, CallbackId, Prefix, keyed
from bot.demo.plan import plan_story
from bot.sandbox import Delivery, Sandbox, View
from bot.sandbox.transport import INTERACTIVE
from bot.services.answering import MAX_RATIONALE
from flows.schema import Flow, Question, QuestionKind
from storage.models import Answer, Participant
from tests.bot.conftest import CHANNEL, PANEL, TEAM, Workspace
from tests.bot.faults.answers import every_answer
from tests.bot.faults.handmade import submission_payload
from tests.bot.faults.replay import UNEXPECTED
from tests.bot.scenario import flow, open_form, panel_from_example, round2_form
from tests.figures import Figures

FLOW = "000-head-of-ai-or-product-lead"
# Four: free text shows in an anonymous summary from ANON_MIN_FREE_TEXT writers on.
PANEL_OF_FOUR = ("U_CEO", "U_CTO", "U_CFO", "U_PROD")
# Everything that would notify or link if Slack read it as mrkdwn; U_ADMIN is never legitimately mentioned.
INJECTION = (
    "<!channel> <!here> <!everyone> <@U_ADMIN> <@U_ADMIN|alan> <!subteam^S0LEADS|@leads> "
    "<#C_RANDOM> <https://evil.example/x?a=1&b=2|click here> *loud* _sly_ ~gone~ `code` &amp; & "
)
PINGS = re.compile(
    r"<(?:!channel|!here|!everyone|!subteam\^[^>]*|@U_ADMIN[^>]*|#C_RANDOM[^>]*|https://evil[^>]*)>"
)


def injected(length: int, lead: str = "") -> str:
    text = lead + INJECTION * (length // len(INJECTION) + 1)
    return text[:length].rstrip() + "x" * (length - len(text[:length].rstrip()))


def raw_everything(sandbox: Sandbox) -> list[str]:
    """Every message, ephemeral and view the bot made, every version, as the JSON Slack was given:
    what Slack parses for mentions and links, not what a person reads."""
    workspace = sandbox.workspace
    with workspace.lock:
        posts = [m for c in workspace.channels.values() for m in c.messages if m.bot_id]
        posts += list(workspace.ephemerals)
        raw = [json.dumps([v.text, v.blocks]) for p in posts for v in p.history]
        raw += [json.dumps([p.text, p.blocks]) for p in posts]
        raw += [json.dumps(d) for v in workspace.views.values() for d in [*v.history, v.definition]]
    return raw


def assert_never_pings(sandbox: Sandbox, figures: Figures) -> None:
    raw = raw_everything(sandbox)
    found = sorted({ping for text in raw for ping in PINGS.findall(text)})
    figures.add("message, ephemeral and view versions scanned for mentions", len(raw))
    figures.add("mentions that would ping someone", sum(len(PINGS.findall(text)) for text in raw))
    assert found == [], f"the bot passed these on for Slack to act on: {found}"
    parsed = [c for c in sandbox.calls if c.arguments.get("link_names") or c.arguments.get("parse") == "full"]
    figures.add("calls asking Slack to link @names", len(parsed))
    assert parsed == [], "a message asked Slack to turn plain @names into mentions"


def stored(ws: Workspace, user_id: str, question_id: str) -> list[tuple[object, str | None]]:
    with ws.bot.runtime.sessions() as session:
        query = (
            select(Answer.value, Answer.rationale)
            .join(Participant)
            .where(Participant.user_id == user_id, Answer.question_id == question_id)
        )
        return [tuple(row) for row in session.execute(query)]


def start(ws: Workspace) -> Flow:
    # Each with their PANEL role (the flow needs a CEO and a CTO present to recommend), and no
    # preview: these tests are about what reaches the channel, not the facilitator's approval.
    mentions = " ".join(f"<@{u}|{u}> {PANEL[u]}" for u in PANEL_OF_FOUR)
    ws.facilitator.slash("/hiring", f"start {FLOW} {mentions} --no-preview", channel=CHANNEL)
    ws.bot.settle()
    return flow(FLOW)


def free_question(definition: Flow) -> Question:
    return next(q for q in definition.questions if q.kind is QuestionKind.FREE_TEXT)


def test_free_text_at_the_limit_is_kept_whole_and_shown_inert(acme: Workspace, figures: Figures) -> None:
    definition = start(acme)
    free = free_question(definition)
    panel = panel_from_example(acme, "000")[: len(PANEL_OF_FOUR)]
    typed = {p.user_id: injected(FREE_TEXT_LIMIT, lead=f"{p.user_id} says ") for p in panel}
    # One mind on everything else, so the round closes straight into the summary and its thread.
    shared = every_answer(definition, dict(panel[0].answers))
    for stakeholder in panel:
        stakeholder.answers = shared | {free.id: typed[stakeholder.user_id]}
        stakeholder.answer_round1(definition)
        acme.bot.settle()

    for user, text in typed.items():
        intact = stored(acme, user, free.id) == [(text, None)]
        figures.add("free-text answers at the limit stored intact", intact)
        figures.most("largest free text stored intact, characters", len(text) if intact else 0)
        assert len(text) == FREE_TEXT_LIMIT
        assert stored(acme, user, free.id) == [(text, None)], f"{user}'s answer was not stored as typed"
    thread = "\n".join(m.readable_text() for m in acme.sandbox.messages(CHANNEL))
    assert "Recommendation" in thread, "the summary was not posted"
    assert "&lt;!channel&gt; &lt;!here&gt;" in thread and "U_CFO says" in thread
    assert_never_pings(acme.sandbox, figures)


def typed_past_the_limit(
    ws: Workspace,
    user_id: str,
    form: View,
    values: dict[str, object],
    block_id: str,
    action_id: str,
    text: str,
) -> Delivery:
    """Submit the form with `text` in one input, longer than the input lets anyone type: what a
    modified client or a forged request sends."""
    payload = submission_payload(ws.sandbox, TEAM, user_id, form.id, values)
    payload["view"]["state"]["values"][block_id] = {action_id: {"type": "plain_text_input", "value": text}}
    return ws.sandbox.deliver(INTERACTIVE, payload, accepts_response_payload=True)


def test_free_text_past_the_limit_is_refused_in_the_form_and_nothing_is_stored(
    acme: Workspace, figures: Figures
) -> None:
    definition = start(acme)
    free = free_question(definition)
    ceo = panel_from_example(acme, "000")[0]
    invitation = ceo.invitation()
    ceo.person.click(ActionId.ANSWER_NOW, in_message=(invitation.channel_id, invitation.ts))
    section = next(i for i, s in enumerate(definition.sections) if free in s.questions)
    # Reach the free-text question's section as the person would, answering what comes before it.
    for _ in range(section):
        form = open_form(acme, "U_CEO", CallbackId.ANSWER)
        delivery = ceo.person.submit(form.id, ceo.choices(definition, form, every_answer(definition, {})))
        assert not delivery.errors, delivery.errors
    before = {q.id: stored(acme, "U_CEO", q.id) for q in definition.questions}
    form = open_form(acme, "U_CEO", CallbackId.ANSWER)
    rest = ceo.choices(definition, form, every_answer(definition, {}))
    block = keyed(Prefix.QUESTION, free.id)
    for length in (FREE_TEXT_LIMIT + 1, 10 * FREE_TEXT_LIMIT):
        delivery = typed_past_the_limit(acme, "U_CEO", form, rest, block, ActionId.ANSWER, injected(length))
        refused = isinstance(delivery.response, dict) and delivery.response.get("response_action") == "errors"
        figures.add("answers past the limit sent", 1)
        figures.add("answers past the limit refused in the form", refused)
        figures.most("longest answer refused, characters", length if refused else 0)
        assert isinstance(delivery.response, dict) and delivery.response.get("response_action") == "errors"
        error = delivery.response["errors"].get(block, "")
        assert str(FREE_TEXT_LIMIT) in error and len(error) < 300, error
        assert {q.id: stored(acme, "U_CEO", q.id) for q in definition.questions} == before
    assert_never_pings(acme.sandbox, figures)


def test_round2_reasons_are_kept_whole_and_past_the_limit_refused(acme: Workspace, figures: Figures) -> None:
    story = plan_story(flow(FLOW), len(PANEL), seed=1)
    who, form = round2_form(acme, story)
    question, (revised, _) = next(iter(who.revisions.items()))
    answers = who.choices(story.flow, form, {**who.answers, question: revised})
    reason_block = keyed(Prefix.REASON, question)
    round1 = stored(acme, who.user_id, question)

    too_long = injected(MAX_RATIONALE + 1)
    refused = typed_past_the_limit(acme, who.user_id, form, answers, reason_block, ActionId.REASON, too_long)
    told = json.dumps(refused.response)
    figures("reasons past the limit refused", int(str(MAX_RATIONALE) in told))
    assert str(MAX_RATIONALE) in told and UNEXPECTED not in told, told[:400]
    assert stored(acme, who.user_id, question) == round1, "a refused reason changed what was stored"

    reason = injected(1000)  # the round-2 form's own limit on a reason
    taken = who.person.submit(form.id, answers | {reason_block: reason})
    assert not taken.errors, taken.errors
    acme.bot.settle()
    intact = any(why == reason for _, why in stored(acme, who.user_id, question))
    figures.most("largest round-2 reason stored intact, characters", len(reason) if intact else 0)
    assert intact
    assert_never_pings(acme.sandbox, figures)

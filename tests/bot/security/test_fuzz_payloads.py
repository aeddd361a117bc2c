"""Every kind of interactive payload the bot accepts, fuzzed and sent as signed HTTP: buttons with
any value, every form with anything in its inputs, and envelopes with fields missing or mangled.
Never a 500 and never the bot's own failure; a button nobody was given gets an explanation, and a
form's errors always point at inputs the form has (else Slack shows only "something went wrong")."""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.blocks.answer_modal import answer_modal
from bot.blocks.checkin import CheckInMeta, reschedule_modal
from bot.blocks.facilitator import facilitator_modal
from bot.blocks.home_start import pick_channel_modal
from bot.blocks.ids import ActionId
from bot.blocks.metadata import AnswerMeta, FacilitatorMeta, StartDraft
from bot.blocks.round2 import round2_modal
from bot.blocks.start_modal import roles_modal, start_modal
from bot.blocks.viewmodels import Invitee, StartDefaults
from bot.cli.answers_file import load_panel
from bot.sandbox import payloads as slack_payloads
from bot.sandbox.model import JsonDict
from bot.sandbox.transport import INTERACTIVE, SLASH_COMMANDS
from flows.engine import analyse, sections_for
from flows.loader import FlowCatalog
from tests.bot.conftest import CHANNEL, TEAM, Workspace
from tests.bot.faults.handmade import click_payload, slash_payload
from tests.bot.security.fuzzing import judge, send, unexpected_failures
from tests.figures import Figures

FUZZ = settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
    derandomize=True,
)
FLOW = "000-head-of-ai-or-product-lead"
EXAMPLE = Path(__file__).resolve().parents[3] / "flows" / "examples" / "answers-000.yaml"
PEOPLE = ["U_CEO", "U_CTO", "U_FAC", "U_OTHER", "U_NOBODY", "W_GRID1", "B0BOT"]
WORKSHOP = 1  # the one the fixture starts


@pytest.fixture
def running(http_bot: Workspace) -> Workspace:
    """A workshop collecting answers, the CEO among those invited."""
    http_bot.facilitator.slash(
        "/hiring", f"start {FLOW} <@U_CEO|ceo> <@U_CTO|cto> <@U_CFO|cfo>", channel=CHANNEL
    )
    http_bot.bot.settle()
    return http_bot


def forms() -> dict[str, JsonDict]:
    """Every form the bot accepts, as its own builders make it (the metadata naming the workshop)."""
    flow = FlowCatalog.load().get(FLOW)
    disputed = [q for q in analyse(flow, load_panel(EXAMPLE, flow)[0]).questions if q.disputed]
    assert disputed, "the example panel agrees on everything: nothing for round 2"
    answering = AnswerMeta(workshop_id=WORKSHOP, team_id=TEAM)
    draft = StartDraft(
        channel_id=CHANNEL, flow_id=FLOW, invitee_ids=["U_CEO", "U_CTO"], deadline=2_000_000_000
    )
    defaults = StartDefaults.from_now(datetime.now(UTC))
    built = {
        "start": start_modal(FlowCatalog.load().all(), CHANNEL, defaults),
        "roles": roles_modal(draft, [Invitee("U_CEO"), Invitee("U_CTO")]),
        "channel": pick_channel_modal(),
        "round2": round2_modal(flow, disputed, {}, answering.model_copy(update={"round": 2})),
        "settle": facilitator_modal(flow, disputed, FacilitatorMeta(workshop_id=WORKSHOP, team_id=TEAM)),
        "reschedule": reschedule_modal(12, date(2030, 1, 1), CheckInMeta(checkin_id=1, team_id=TEAM)),
    }
    sections = sections_for(flow, {})
    for index in range(len(flow.sections)):
        meta = answering.model_copy(update={"section_index": index})
        built[f"answers {index}"] = answer_modal(flow, index, sections, {}, meta)
    return {name: view.to_dict() for name, view in built.items()}


FORMS = forms()


def option_values(element: JsonDict) -> list[str]:
    options = list(element.get("options") or [])
    for group in element.get("option_groups") or []:
        options += group.get("options") or []
    return [str(o["value"]) for o in options]


def picked(values: list[str]) -> st.SearchStrategy[str]:
    """An offered option mostly, now and then something no option offers."""
    made_up = st.text(max_size=20)
    return st.one_of(st.sampled_from(values), made_up) if values else made_up


def element_state(element: JsonDict) -> st.SearchStrategy[JsonDict]:
    """What Slack sends for the element: its kind's shape, with anything a person (or a mangled
    client) could put in it."""
    kind = element["type"]
    offered = option_values(element)

    def option(value: str) -> JsonDict:
        return {"value": value, "text": {"type": "plain_text", "text": value or " "}}

    if kind == "plain_text_input":
        limit = int(element.get("max_length", 3000))
        value: st.SearchStrategy[Any] = st.one_of(st.none(), st.text(max_size=limit + 5))
        return value.map(lambda v: {"type": kind, "value": v})
    if kind == "number_input":
        number = st.one_of(st.none(), st.integers().map(str), st.floats().map(str), st.text(max_size=8))
        return number.map(lambda v: {"type": kind, "value": v})
    if kind in ("radio_buttons", "static_select"):
        one = st.one_of(st.none(), picked(offered).map(option))
        return one.map(lambda o: {"type": kind, "selected_option": o})
    if kind in ("checkboxes", "multi_static_select"):
        many = st.lists(picked(offered).map(option), max_size=6)
        return many.map(lambda os: {"type": kind, "selected_options": os})
    if kind == "datepicker":
        day = st.one_of(st.none(), st.dates().map(date.isoformat), st.text(max_size=12))
        return day.map(lambda d: {"type": kind, "selected_date": d})
    if kind == "datetimepicker":
        moment = st.one_of(st.none(), st.integers(min_value=-(2**40), max_value=2**40))
        return moment.map(lambda t: {"type": kind, "selected_date_time": t})
    if kind == "multi_users_select":
        users = st.lists(st.one_of(st.sampled_from(PEOPLE), st.text(max_size=12)), max_size=60)
        return users.map(lambda us: {"type": kind, "selected_users": us})
    if kind in ("conversations_select", "channels_select"):
        channel = st.one_of(
            st.none(), st.sampled_from([CHANNEL, "C_RANDOM", "D0DM", "C_GONE"]), st.text(max_size=12)
        )
        return channel.map(lambda c: {"type": kind, "selected_conversation": c})
    raise AssertionError(f"no fuzzing for element type {kind}; add it")


def form_state(view: JsonDict) -> st.SearchStrategy[dict[str, dict[str, JsonDict]]]:
    """State values for the form's inputs, some left out as a person leaves them empty."""
    inputs = [b for b in view["blocks"] if b["type"] == "input"]
    entries = {
        b["block_id"]: element_state(b["element"]).map(lambda s, a=b["element"]["action_id"]: {a: s})
        for b in inputs
    }
    return st.fixed_dictionaries({}, optional=entries) if entries else st.just({})


def submission(ws: Workspace, view: JsonDict, values: JsonDict, user_id: str) -> JsonDict:
    workspace = ws.sandbox.workspace
    with workspace.changing():
        team, user = workspace.team(TEAM), workspace.person(TEAM, user_id)
        trigger = workspace.issue_trigger(TEAM, user_id)
    shown = {
        **copy.deepcopy(view),
        "id": "V0FUZZED",
        "team_id": TEAM,
        "state": {"values": values},
        "hash": "1.fuzz",
    }
    return slack_payloads.interaction(
        "view_submission", team=team, user=user, app_id=workspace.app_id, trigger_id=trigger.id, view=shown
    )


def input_blocks(view: JsonDict) -> set[str]:
    return {b["block_id"] for b in view["blocks"] if b["type"] == "input"}


@given(data=st.data())
@FUZZ
def test_any_form_submission_is_answered(
    data: st.DataObject, running: Workspace, caplog: pytest.LogCaptureFixture, figures: Figures
) -> None:
    caplog.clear()
    figures.add("hypothesis examples run")
    name = data.draw(st.sampled_from(sorted(FORMS)), label="form")
    view = FORMS[name]
    values = data.draw(form_state(view), label="values")
    sender = data.draw(st.sampled_from(["U_FAC", "U_CEO", "U_OTHER"]), label="sender")
    outcome = send(
        running, INTERACTIVE, submission(running, view, values, sender), TEAM, sender, expect_word=False
    )
    assert judge(outcome, person_could_send=False) == [], name
    reply = outcome.reply.body
    figures.add(f"answered {outcome.reply.status}")
    if isinstance(reply, dict) and reply.get("response_action") == "errors":
        figures.add("answered with the form's errors")
        errors = reply.get("errors") or {}
        assert errors and set(errors) <= input_blocks(view), (
            f"{name}: errors for blocks the form lacks: {errors}"
        )
        assert all(0 < len(str(message)) <= 2000 for message in errors.values()), errors
    assert unexpected_failures(caplog) == [], name


# Every button and select the bot listens to (inputs of forms send nothing until submitted).
BUTTONS = [
    ActionId.ANSWER_NOW,
    ActionId.HOME_CONTINUE,
    ActionId.DECLINE,
    ActionId.REVIEW_DISPUTES,
    ActionId.SETTLE_DISPUTES,
    ActionId.HOME_START,
    ActionId.DELETE_WORKSPACE,
    ActionId.CHECKIN_RATE,
    ActionId.CHECKIN_SNOOZE,
    ActionId.CHECKIN_RESCHEDULE,
    ActionId.CHECKIN_CANCEL,
    ActionId.CHECKIN_ADD,
    ActionId.CHECKIN_REMOVE,
    ActionId.HOME_CLOSE_ROUND,
    ActionId.HOME_REMIND,
    ActionId.HOME_EXPORT,
    ActionId.HOME_VIEW_RECOMMENDATION,
]


@given(data=st.data())
@FUZZ
def test_any_button_or_select_is_answered(
    data: st.DataObject, running: Workspace, caplog: pytest.LogCaptureFixture, figures: Figures
) -> None:
    caplog.clear()
    figures.add("hypothesis examples run")
    action = data.draw(st.sampled_from(BUTTONS), label="action")
    ours = str(WORKSHOP) if action not in (ActionId.DELETE_WORKSPACE,) else "T_ELSEWHERE"
    value = data.draw(
        st.one_of(
            st.just(ours), st.integers(min_value=-(10**15), max_value=10**15).map(str), st.text(max_size=30)
        ),
        label="value",
    )
    sender = data.draw(st.sampled_from(["U_CEO", "U_OTHER"]), label="sender")
    pick = action in (ActionId.CHECKIN_ADD, ActionId.CHECKIN_REMOVE)
    # The CEO clicks on their invitation, as Slack sends it; the others on a message of the channel.
    invitation = running.sandbox.dm("U_CEO", team_id=TEAM)[0]
    channel, ts = (
        (invitation.channel_id, invitation.ts) if sender == "U_CEO" else (CHANNEL, "1700000000.000100")
    )
    payload = click_payload(running.sandbox, TEAM, sender, channel, action, value, pick=pick, message_ts=ts)
    outcome = send(running, INTERACTIVE, payload, TEAM, sender, expect_word=value != ours)
    figures.add(f"answered {outcome.reply.status}")
    figures.add("values the bot never gave, explained", value != ours and bool(outcome.told))
    assert outcome.reply.status == 200, (action, value, outcome.reply)
    # A button carrying what the bot never put on one is explained; the bot's own value just works.
    assert judge(outcome, person_could_send=value != ours) == [], (action, value, outcome.told[:300])
    assert unexpected_failures(caplog) == [], (action, value)


ENVELOPE_DAMAGE = st.sampled_from(["drop", "null", "number", "text", "list"])


@given(data=st.data())
@settings(FUZZ, max_examples=50)
def test_mangled_envelopes_never_break_the_bot(
    data: st.DataObject, running: Workspace, figures: Figures
) -> None:
    """Shapes no Slack request has (a field dropped, or of the wrong type): no person could send
    them, so no message is owed; the bot answers below 500 and goes on serving everyone else."""
    figures.add("hypothesis examples run")
    kind = data.draw(st.sampled_from(["button", "form"]), label="kind")
    if kind == "button":
        payload = click_payload(running.sandbox, TEAM, "U_CEO", CHANNEL, ActionId.ANSWER_NOW, str(WORKSHOP))
    else:
        payload = submission(running, FORMS["answers 0"], {}, "U_CEO")
    path = data.draw(st.sampled_from(sorted(leaf_paths(payload))), label="field")
    damage = data.draw(ENVELOPE_DAMAGE, label="damage")
    mangle(payload, path, damage)
    outcome = send(running, INTERACTIVE, payload, TEAM, "U_CEO", expect_word=False)
    figures.add(f"answered {outcome.reply.status}")
    assert outcome.reply.status < 500, (path, damage)
    help_asked = slash_payload(running.sandbox, TEAM, "U_OTHER", CHANNEL, "help")
    still = send(running, SLASH_COMMANDS, help_asked, TEAM, "U_OTHER", expect_word=True)
    figures.add("help answered after it", still.reply.status == 200 and "/hiring start" in still.told)
    assert still.reply.status == 200 and "/hiring start" in still.told, (path, damage)


def leaf_paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every field of the payload, as the keys leading to it (nested fields too)."""
    paths = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, inner in value.items():
            paths += leaf_paths(inner, (*prefix, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value[:2]):
            paths += leaf_paths(inner, (*prefix, index))
    return paths


def mangle(payload: JsonDict, path: tuple[Any, ...], damage: str) -> None:
    *parents, last = path
    holder: Any = payload
    for key in parents:
        holder = holder[key]
    if damage == "drop":
        del holder[last]
    else:
        holder[last] = {"null": None, "number": -1, "text": "x", "list": []}[damage]

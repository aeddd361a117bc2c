from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from bot.blocks.ids import ActionId, BlockId, CallbackId, Prefix, keyed
from bot.blocks.metadata import StartContext, StartDraft, parse_private_metadata, to_private_metadata
from bot.blocks.start_modal import parse_roles, parse_start_submission, roles_modal, start_errors, start_modal
from bot.blocks.viewmodels import Invitee, StartDefaults
from flows.errors import WorkshopError
from flows.schema import ROLES, Flow

from .conftest import NOW
from .limits import all_text, check_view

FIFTY = [f"U{n:010d}" for n in range(50)]


def _blocks(payload: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {b["block_id"]: b for b in payload["blocks"] if "block_id" in b}


def step1_state(**overrides: Any) -> dict[str, dict[str, dict[str, Any]]]:
    """`view.state.values` as Slack sends it when step 1 is submitted."""
    state: dict[str, Any] = {
        "flow": {"type": "static_select", "selected_option": {"value": "lead-role"}},
        "users": {"type": "multi_users_select", "selected_users": ["UCEO0001", "UCTO0001", "UCEO0001"]},
        "deadline": {
            "type": "datetimepicker",
            "selected_date_time": int((NOW + timedelta(days=2)).timestamp()),
        },
        "anonymity": {"type": "radio_buttons", "selected_option": {"value": "named"}},
        "checkins": {"type": "checkboxes", "selected_options": [{"value": "12"}, {"value": "3"}]},
    }
    state.update(overrides)
    return {
        BlockId.FLOW: {ActionId.FLOW: state["flow"]},
        BlockId.STAKEHOLDERS: {ActionId.STAKEHOLDERS: state["users"]},
        BlockId.DEADLINE: {ActionId.DEADLINE: state["deadline"]},
        BlockId.ANONYMITY: {ActionId.ANONYMITY: state["anonymity"]},
        BlockId.CHECKINS: {ActionId.CHECKINS: state["checkins"]},
    }


def test_step1_defaults_three_days_ahead_anonymous_and_a_twelve_month_checkin(flow: Flow) -> None:
    payload = check_view(start_modal([flow], "C0LEADERS", StartDefaults.from_now(NOW)))
    blocks = _blocks(payload)
    assert payload["callback_id"] == CallbackId.START
    deadline = blocks[BlockId.DEADLINE]["element"]["initial_date_time"]
    assert deadline == int((NOW + timedelta(days=3)).replace(minute=0).timestamp())
    assert blocks[BlockId.ANONYMITY]["element"]["initial_option"]["value"] == "anonymous"
    assert [o["value"] for o in blocks[BlockId.CHECKINS]["element"]["initial_options"]] == ["12"]
    assert [o["value"] for o in blocks[BlockId.CHECKINS]["element"]["options"]] == ["3", "6", "9", "12"]
    assert blocks[BlockId.STAKEHOLDERS]["element"]["max_selected_items"] == 50
    assert blocks[BlockId.FLOW]["element"]["options"][0]["text"]["text"] == flow.title
    text = all_text(payload)
    assert flow.decision in text and flow.source.title in text
    assert parse_private_metadata(payload["private_metadata"], StartContext).channel_id == "C0LEADERS"


def test_step1_is_prefilled_from_the_slash_command(flow: Flow) -> None:
    defaults = StartDefaults.from_now(NOW, flow_id="lead-role", invitee_ids=("UCEO0001",))
    blocks = _blocks(check_view(start_modal([flow], "C1", defaults)))
    assert blocks[BlockId.FLOW]["element"]["initial_option"]["value"] == "lead-role"
    assert blocks[BlockId.STAKEHOLDERS]["element"]["initial_users"] == ["UCEO0001"]


def test_step1_submission_becomes_a_draft_without_duplicates() -> None:
    values = step1_state()
    assert start_errors(values, NOW) == {}
    draft = parse_start_submission(values, StartContext(channel_id="C0LEADERS"))
    assert draft.flow_id == "lead-role"
    assert draft.invitee_ids == ["UCEO0001", "UCTO0001"]
    assert draft.anonymous is False
    assert draft.checkin_months == [3, 12]


@pytest.mark.parametrize(
    ("overrides", "block", "words"),
    [
        (
            {"deadline": {"selected_date_time": int((NOW - timedelta(hours=1)).timestamp())}},
            BlockId.DEADLINE,
            "passed",
        ),
        (
            {"deadline": {"selected_date_time": int((NOW + timedelta(days=90)).timestamp())}},
            BlockId.DEADLINE,
            "60 days",
        ),
        ({"users": {"selected_users": []}}, BlockId.STAKEHOLDERS, "at least one"),
        ({"users": {"selected_users": ["UBOT0001", "UCEO0001"]}}, BlockId.STAKEHOLDERS, "app itself"),
        ({"users": {"selected_users": [*FIFTY, "UEXTRA001"]}}, BlockId.STAKEHOLDERS, "at most 50"),
    ],
)
def test_step1_problems_are_named_on_the_right_input(
    overrides: dict[str, Any], block: str, words: str
) -> None:
    errors = start_errors(step1_state(**overrides), NOW, bot_user_id="UBOT0001")
    assert list(errors) == [block]
    assert words in errors[block]


def test_a_fifty_person_draft_fits_in_private_metadata() -> None:
    draft = StartDraft(
        channel_id="C0123456789",
        flow_id="a" * 63,
        invitee_ids=[f"W{n:020d}" for n in range(50)],
        deadline=int(NOW.timestamp()),
        checkin_months=[3, 6, 9, 12],
    )
    raw = to_private_metadata(draft)
    assert len(raw) <= 3000
    assert parse_private_metadata(raw, StartDraft) == draft


def test_metadata_that_is_too_long_or_unreadable_is_refused_clearly() -> None:
    with pytest.raises(WorkshopError, match="over Slack's 3000"):
        parse_private_metadata("x" * 3001, StartDraft)
    with pytest.raises(WorkshopError, match="could not be read"):
        parse_private_metadata('{"channel_id": 1}', StartDraft)


def test_roles_step_fits_fifty_people_and_defaults_to_other() -> None:
    draft = StartDraft(channel_id="C1", flow_id="lead-role", invitee_ids=FIFTY, deadline=int(NOW.timestamp()))
    invitees = [Invitee(user_id=u, name=f"Person {u[-2:]}" if n % 2 else None) for n, u in enumerate(FIFTY)]
    payload = check_view(roles_modal(draft, invitees))
    assert payload["callback_id"] == CallbackId.START_ROLES
    inputs = [b for b in payload["blocks"] if b["type"] == "input"]
    assert len(inputs) == 50
    assert all(b["element"]["initial_option"]["value"] == "other" for b in inputs)
    assert [o["value"] for o in inputs[0]["element"]["options"]] == list(ROLES)
    assert f"<@{FIFTY[0]}>" in all_text(payload)
    assert parse_private_metadata(payload["private_metadata"], StartDraft) == draft


def test_roles_step_labels_each_picker_with_the_name_and_numbers_only_the_unnamed() -> None:
    draft = StartDraft(
        channel_id="C1",
        flow_id="lead-role",
        invitee_ids=["UADA0001", "UGRACE01", "UX000001"],
        deadline=int(NOW.timestamp()),
    )
    invitees = [Invitee("UADA0001", "Ada Lovelace"), Invitee("UGRACE01", "Grace Hopper"), Invitee("UX000001")]
    payload = check_view(roles_modal(draft, invitees))
    labels = {b["block_id"]: b["label"]["text"] for b in payload["blocks"] if b["type"] == "input"}
    assert labels == {
        keyed(Prefix.ROLE, "UADA0001"): "Ada Lovelace",
        keyed(Prefix.ROLE, "UGRACE01"): "Grace Hopper",
        keyed(Prefix.ROLE, "UX000001"): "3. Person 3",
    }
    intro = all_text(payload["blocks"][0])
    assert "3. <@UX000001>" in intro and "<@UADA0001>" not in intro


def test_roles_submission_maps_each_person_to_a_role() -> None:
    values = {
        keyed(Prefix.ROLE, "UCEO0001"): {ActionId.ROLE: {"selected_option": {"value": "ceo"}}},
        keyed(Prefix.ROLE, "UCTO0001"): {ActionId.ROLE: {"selected_option": {"value": "wizard"}}},
        "unrelated": {"x": {"value": "y"}},
    }
    assert parse_roles(values) == {"UCEO0001": "ceo", "UCTO0001": "other"}


def test_the_preview_is_ticked_by_default_and_unticking_it_turns_it_off(flow: Flow) -> None:
    blocks = _blocks(check_view(start_modal([flow], "C1", StartDefaults.from_now(NOW))))
    preview = blocks[BlockId.PREVIEW]
    assert preview["optional"] is True
    assert [o["value"] for o in preview["element"]["initial_options"]] == ["preview"]
    ticked = step1_state() | {
        BlockId.PREVIEW: {ActionId.PREVIEW: {"selected_options": [{"value": "preview"}]}}
    }
    unticked = step1_state() | {BlockId.PREVIEW: {ActionId.PREVIEW: {"selected_options": []}}}
    assert parse_start_submission(ticked, StartContext(channel_id="C1")).preview is True
    assert parse_start_submission(unticked, StartContext(channel_id="C1")).preview is False
    from_command = StartDefaults.from_now(NOW, preview=False)
    assert (
        "initial_options"
        not in _blocks(check_view(start_modal([flow], "C1", from_command)))[BlockId.PREVIEW]["element"]
    )

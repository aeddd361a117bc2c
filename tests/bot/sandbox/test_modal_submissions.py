"""A person filling in and submitting modals: `state.values` shaped per element type exactly as Slack
shapes it, and each `response_action` the app may answer with."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from slack_sdk import WebClient

from bot.sandbox import Sandbox, SandboxMisuse

if TYPE_CHECKING:
    from .conftest import RecordingApp


def plain(words: str) -> dict:
    return {"type": "plain_text", "text": words}


def option(value: str) -> dict:
    return {"text": plain(value.title()), "value": value}


def field(block_id: str, element: dict, *, optional: bool = False) -> dict:
    return {
        "type": "input",
        "block_id": block_id,
        "label": plain(block_id),
        "element": element,
        "optional": optional,
    }


def modal(blocks: list[dict], **extra: Any) -> dict:
    return {"type": "modal", "title": plain("Answers"), "submit": plain("Send"), "blocks": blocks, **extra}


def open_modal(sandbox: Sandbox, client: WebClient, view: dict, user: str = "U_CEO") -> str:
    return client.views_open(trigger_id=sandbox.trigger_id("T_ACME", user), view=view)["view"]["id"]


LEVELS = [option("junior"), option("senior")]
EVERY_ELEMENT = [
    field("why", {"type": "plain_text_input", "action_id": "why_a", "multiline": True}),
    field("score", {"type": "number_input", "action_id": "score_a", "is_decimal_allowed": False}),
    field("level", {"type": "static_select", "action_id": "level_a", "options": LEVELS}),
    field("choice", {"type": "radio_buttons", "action_id": "choice_a", "options": LEVELS}),
    field(
        "risks", {"type": "checkboxes", "action_id": "risks_a", "options": [option("cost"), option("time")]}
    ),
    field("skills", {"type": "multi_static_select", "action_id": "skills_a", "options": LEVELS}),
    field("owner", {"type": "users_select", "action_id": "owner_a"}),
    field("panel", {"type": "multi_users_select", "action_id": "panel_a"}),
    field("where", {"type": "conversations_select", "action_id": "where_a"}),
    field("wheres", {"type": "multi_conversations_select", "action_id": "wheres_a"}),
    field("channel", {"type": "channels_select", "action_id": "channel_a"}),
    field("channels", {"type": "multi_channels_select", "action_id": "channels_a"}),
    field("start", {"type": "datepicker", "action_id": "start_a"}),
    field("at", {"type": "timepicker", "action_id": "at_a"}),
    field("when", {"type": "datetimepicker", "action_id": "when_a"}),
    field("mail", {"type": "email_text_input", "action_id": "mail_a"}),
    field("link", {"type": "url_text_input", "action_id": "link_a"}),
    field("notes", {"type": "rich_text_input", "action_id": "notes_a"}),
    field("kept", {"type": "plain_text_input", "action_id": "kept_a", "initial_value": "as it was"}),
    field("skipped", {"type": "plain_text_input", "action_id": "skipped_a"}, optional=True),
]


def test_every_element_type_is_shaped_as_slack_shapes_it(
    sandbox: Sandbox, client: WebClient, http_app: RecordingApp
) -> None:
    view_id = open_modal(sandbox, client, modal(EVERY_ELEMENT))
    values = {
        "why_a": "Strong systems thinking",
        "score": 7,  # a block_id works as well as an action_id
        "level_a": "senior",
        "choice_a": "junior",
        "risks_a": ["cost", "time"],
        "skills_a": ["senior"],
        "owner_a": "U_CTO",
        "panel_a": ["U_CTO", "U_CFO"],
        "where_a": "C_LEAD",
        "wheres_a": ["C_LEAD"],
        "channel_a": "C_LEAD",
        "channels_a": ["C_LEAD", "C_RANDOM"],
        "start_a": "2024-03-01",
        "at_a": "09:30",
        "when_a": 1_709_280_000,
        "mail_a": "ada@acme.test",
        "link_a": "https://acme.test/cv",
        "notes_a": "See the CV",
    }

    sandbox.user("T_ACME", "U_CEO").submit(view_id, values)

    state = http_app.received[0].payload["view"]["state"]["values"]
    assert state == {
        "why": {"why_a": {"type": "plain_text_input", "value": "Strong systems thinking"}},
        "score": {"score_a": {"type": "number_input", "value": "7"}},
        "level": {"level_a": {"type": "static_select", "selected_option": option("senior")}},
        "choice": {"choice_a": {"type": "radio_buttons", "selected_option": option("junior")}},
        "risks": {"risks_a": {"type": "checkboxes", "selected_options": [option("cost"), option("time")]}},
        "skills": {"skills_a": {"type": "multi_static_select", "selected_options": [option("senior")]}},
        "owner": {"owner_a": {"type": "users_select", "selected_user": "U_CTO"}},
        "panel": {"panel_a": {"type": "multi_users_select", "selected_users": ["U_CTO", "U_CFO"]}},
        "where": {"where_a": {"type": "conversations_select", "selected_conversation": "C_LEAD"}},
        "wheres": {"wheres_a": {"type": "multi_conversations_select", "selected_conversations": ["C_LEAD"]}},
        "channel": {"channel_a": {"type": "channels_select", "selected_channel": "C_LEAD"}},
        "channels": {
            "channels_a": {"type": "multi_channels_select", "selected_channels": ["C_LEAD", "C_RANDOM"]}
        },
        "start": {"start_a": {"type": "datepicker", "selected_date": "2024-03-01"}},
        "at": {"at_a": {"type": "timepicker", "selected_time": "09:30"}},
        "when": {"when_a": {"type": "datetimepicker", "selected_date_time": 1_709_280_000}},
        "mail": {"mail_a": {"type": "email_text_input", "value": "ada@acme.test"}},
        "link": {"link_a": {"type": "url_text_input", "value": "https://acme.test/cv"}},
        "notes": {
            "notes_a": {
                "type": "rich_text_input",
                "rich_text_value": {
                    "type": "rich_text",
                    "elements": [
                        {"type": "rich_text_section", "elements": [{"type": "text", "text": "See the CV"}]}
                    ],
                },
            }
        },
        "kept": {"kept_a": {"type": "plain_text_input", "value": "as it was"}},
        "skipped": {"skipped_a": {"type": "plain_text_input", "value": None}},
    }


def test_the_submission_carries_the_views_identity(
    sandbox: Sandbox, client: WebClient, http_app: RecordingApp
) -> None:
    view = modal(
        [field("why", {"type": "plain_text_input"})], callback_id="round_1", private_metadata='{"w": 7}'
    )
    view_id = open_modal(sandbox, client, view)

    sandbox.user("T_ACME", "U_CEO").submit(view_id, {"why": "because"})

    payload = http_app.received[0].payload
    assert payload["type"] == "view_submission" and payload["user"]["id"] == "U_CEO"
    assert (payload["view"]["id"], payload["view"]["callback_id"]) == (view_id, "round_1")
    assert payload["view"]["private_metadata"] == '{"w": 7}'
    assert payload["trigger_id"] and payload["response_urls"] == []


def test_an_empty_acknowledgement_closes_the_modal(
    sandbox: Sandbox, client: WebClient, http_app: RecordingApp
) -> None:
    view_id = open_modal(sandbox, client, modal([field("why", {"type": "plain_text_input"})]))

    delivery = sandbox.user("T_ACME", "U_CEO").submit(view_id, {"why": "done"})

    assert delivery.acknowledged and delivery.errors is None
    assert sandbox.views("U_CEO") == []


def test_errors_keep_the_modal_open_with_messages_under_the_inputs(
    sandbox: Sandbox, client: WebClient, http_app: RecordingApp
) -> None:
    view_id = open_modal(sandbox, client, modal([field("score", {"type": "plain_text_input"})]))
    http_app.reply_json({"response_action": "errors", "errors": {"score": "Give a number from 1 to 10"}})

    delivery = sandbox.user("T_ACME", "U_CEO").submit(view_id, {"score": "lots"})

    assert delivery.errors == {"score": "Give a number from 1 to 10"}
    [still_open] = sandbox.views("U_CEO")
    assert still_open.id == view_id and still_open.errors == delivery.errors


def test_errors_naming_a_block_that_is_not_an_input_are_refused(
    sandbox: Sandbox, client: WebClient, http_app: RecordingApp
) -> None:
    view_id = open_modal(sandbox, client, modal([field("score", {"type": "plain_text_input"})]))
    http_app.reply_json({"response_action": "errors", "errors": {"scroe": "typo"}})

    delivery = sandbox.user("T_ACME", "U_CEO").submit(view_id, {"score": "1"})

    assert delivery.errors is None and "scroe" in delivery.ack_problems[0]


def test_update_replaces_the_submitted_view(
    sandbox: Sandbox, client: WebClient, http_app: RecordingApp
) -> None:
    view_id = open_modal(sandbox, client, modal([field("why", {"type": "plain_text_input"})]))
    thanks = {
        "type": "modal",
        "title": plain("Thanks"),
        "blocks": [{"type": "section", "text": plain("Saved")}],
    }
    http_app.reply_json({"response_action": "update", "view": thanks})

    sandbox.user("T_ACME", "U_CEO").submit(view_id, {"why": "done"})

    [view] = sandbox.views("U_CEO")
    assert view.id == view_id and view.readable_text() == "Thanks\nSaved"


def test_push_then_clear(sandbox: Sandbox, client: WebClient, http_app: RecordingApp) -> None:
    view_id = open_modal(sandbox, client, modal([field("why", {"type": "plain_text_input"})]))
    confirm = modal([field("sure", {"type": "plain_text_input"})], title=plain("Sure?"))
    http_app.reply_json({"response_action": "push", "view": confirm})
    ceo = sandbox.user("T_ACME", "U_CEO")

    ceo.submit(view_id, {"why": "done"})
    pushed = sandbox.views("U_CEO")[-1]
    http_app.reply_json({"response_action": "clear"})
    ceo.submit(pushed.id, {"sure": "yes"})

    assert pushed.previous_view_id == view_id
    assert sandbox.views("U_CEO") == []


def test_an_invalid_updated_view_is_refused(
    sandbox: Sandbox, client: WebClient, http_app: RecordingApp
) -> None:
    view_id = open_modal(sandbox, client, modal([field("why", {"type": "plain_text_input"})]))
    http_app.reply_json({"response_action": "update", "view": modal([], title=plain("t" * 25))})

    delivery = sandbox.user("T_ACME", "U_CEO").submit(view_id, {"why": "x"})

    assert delivery.ack_problems[0] == "invalid_arguments"
    assert sandbox.views("U_CEO")[0].definition["title"]["text"] == "Answers"


def test_closing_tells_the_app_only_when_asked(
    sandbox: Sandbox, client: WebClient, http_app: RecordingApp
) -> None:
    quiet = open_modal(sandbox, client, modal([field("why", {"type": "plain_text_input"})]), user="U_CEO")
    noisy = open_modal(
        sandbox,
        client,
        modal([field("why", {"type": "plain_text_input"})], notify_on_close=True),
        user="U_CTO",
    )

    assert sandbox.user("T_ACME", "U_CEO").close(quiet) is None
    delivery = sandbox.user("T_ACME", "U_CTO").close(noisy)

    assert delivery is not None and delivery.acknowledged
    [received] = http_app.received
    assert received.payload["type"] == "view_closed" and received.payload["view"]["id"] == noisy
    assert sandbox.views("U_CEO") == sandbox.views("U_CTO") == []


def test_filling_in_keeps_values_across_an_update_with_the_same_ids(
    sandbox: Sandbox, client: WebClient, http_app: RecordingApp
) -> None:
    view = modal([field("why", {"type": "plain_text_input", "action_id": "why_a"})])
    view_id = open_modal(sandbox, client, view)
    ceo = sandbox.user("T_ACME", "U_CEO")
    ceo.fill(view_id, {"why_a": "half-typed"})

    client.views_update(view_id=view_id, view={**view, "title": plain("Still answers")})
    ceo.submit(view_id)

    assert http_app.received[0].payload["view"]["state"]["values"]["why"]["why_a"]["value"] == "half-typed"


def test_choosing_in_a_modal_select_sends_block_actions_with_the_state(
    sandbox: Sandbox, client: WebClient, http_app: RecordingApp
) -> None:
    picker = {"type": "static_select", "action_id": "flow", "options": [option("engineer"), option("sales")]}
    view_id = open_modal(
        sandbox, client, modal([{"type": "actions", "block_id": "pick", "elements": [picker]}])
    )

    sandbox.user("T_ACME", "U_CEO").click("flow", in_view=view_id, value="sales")

    payload = http_app.received[0].payload
    assert payload["container"] == {"type": "view", "view_id": view_id}
    assert payload["actions"][0]["selected_option"] == option("sales")
    assert payload["view"]["state"]["values"] == {
        "pick": {"flow": {"type": "static_select", "selected_option": option("sales")}}
    }


@pytest.mark.parametrize(
    ("values", "complaint"),
    [
        ({}, "Required inputs left empty"),
        ({"nope": "x"}, "No input 'nope'"),
        ({"level_a": "principal"}, "'principal' is not an option"),
        ({"score_a": "7.5"}, "not a whole number"),
    ],
)
def test_what_a_person_could_not_do_is_refused(
    sandbox: Sandbox, client: WebClient, values: dict, complaint: str
) -> None:
    blocks = [
        field("level", {"type": "static_select", "action_id": "level_a", "options": LEVELS}, optional=True),
        field(
            "score",
            {"type": "number_input", "action_id": "score_a", "is_decimal_allowed": False},
            optional=True,
        ),
        field("why", {"type": "plain_text_input", "action_id": "why_a"}),
    ]
    view_id = open_modal(sandbox, client, modal(blocks))

    with pytest.raises(SandboxMisuse, match=complaint):
        sandbox.user("T_ACME", "U_CEO").submit(view_id, values)


def test_only_the_topmost_modal_can_be_submitted(sandbox: Sandbox, client: WebClient) -> None:
    view_id = open_modal(sandbox, client, modal([field("why", {"type": "plain_text_input"})]))

    with pytest.raises(SandboxMisuse, match="not the topmost modal"):
        sandbox.user("T_ACME", "U_CTO").submit(view_id, {"why": "not mine"})

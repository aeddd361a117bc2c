"""views.open/push/update/publish: triggers, the modal stack, hashes and home tabs."""

from __future__ import annotations

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.sandbox import Sandbox


def modal(title: str = "Round 1", **extra) -> dict:
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": f"{title} questions"}}]
    return {"type": "modal", "title": {"type": "plain_text", "text": title}, "blocks": blocks, **extra}


def home(text: str) -> dict:
    return {"type": "home", "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": text}}]}


def error_of(call, **arguments) -> dict:
    with pytest.raises(SlackApiError) as refused:
        call(**arguments)
    return refused.value.response.data


def open_modal(sandbox: Sandbox, client: WebClient, view: dict, user: str = "U_CEO") -> dict:
    return client.views_open(trigger_id=sandbox.trigger_id("T_ACME", user), view=view)["view"]


def test_open_shows_the_modal_to_the_person_who_triggered_it(sandbox: Sandbox, client: WebClient) -> None:
    view = open_modal(sandbox, client, modal(callback_id="answers", private_metadata="w-1"))

    [shown] = sandbox.views("U_CEO")
    assert shown.id == view["id"] == view["root_view_id"]
    assert (view["callback_id"], view["private_metadata"], view["type"]) == ("answers", "w-1", "modal")
    assert view["hash"] and view["state"] == {"values": {}}
    assert sandbox.views("U_CTO") == []


def test_a_trigger_works_once(sandbox: Sandbox, client: WebClient) -> None:
    trigger = sandbox.trigger_id("T_ACME", "U_CEO")
    client.views_open(trigger_id=trigger, view=modal())

    assert error_of(client.views_open, trigger_id=trigger, view=modal())["error"] == "exchanged_trigger_id"


def test_a_trigger_expires_after_three_seconds(sandbox: Sandbox, client: WebClient) -> None:
    trigger = sandbox.trigger_id("T_ACME", "U_CEO")
    sandbox.clock.advance(3.5)

    assert error_of(client.views_open, trigger_id=trigger, view=modal())["error"] == "expired_trigger_id"


def test_unknown_and_foreign_triggers_are_invalid(
    sandbox: Sandbox, client: WebClient, globex: WebClient
) -> None:
    foreign = sandbox.trigger_id("T_GLOBEX", "U_HANK")

    assert (
        error_of(client.views_open, trigger_id="123.456.abc", view=modal())["error"] == "invalid_trigger_id"
    )
    assert error_of(client.views_open, trigger_id=foreign, view=modal())["error"] == "invalid_trigger_id"


def test_views_open_only_opens_modals(sandbox: Sandbox, client: WebClient) -> None:
    refused = error_of(client.views_open, trigger_id=sandbox.trigger_id("T_ACME", "U_CEO"), view=home("x"))

    assert refused["error"] == "invalid_arguments"
    assert refused["response_metadata"]["messages"] == [
        "[ERROR] must be modal for this method [json-pointer:/view/type]"
    ]


def test_push_stacks_up_to_three_views(sandbox: Sandbox, client: WebClient) -> None:
    root = open_modal(sandbox, client, modal("One"))
    second = client.views_push(trigger_id=sandbox.trigger_id("T_ACME", "U_CEO"), view=modal("Two"))["view"]
    client.views_push(trigger_id=sandbox.trigger_id("T_ACME", "U_CEO"), view=modal("Three"))

    refused = error_of(
        client.views_push, trigger_id=sandbox.trigger_id("T_ACME", "U_CEO"), view=modal("Four")
    )

    assert refused["error"] == "push_limit_reached"
    assert [v.definition["title"]["text"] for v in sandbox.views("U_CEO")] == ["One", "Two", "Three"]
    assert (second["root_view_id"], second["previous_view_id"]) == (root["id"], root["id"])


def test_push_needs_an_open_modal(sandbox: Sandbox, client: WebClient) -> None:
    refused = error_of(client.views_push, trigger_id=sandbox.trigger_id("T_ACME", "U_CEO"), view=modal())

    assert refused["error"] == "not_found"


def test_update_changes_the_view_and_its_hash(sandbox: Sandbox, client: WebClient) -> None:
    opened = open_modal(sandbox, client, modal("Before"))

    updated = client.views_update(view_id=opened["id"], hash=opened["hash"], view=modal("After"))["view"]

    assert updated["id"] == opened["id"] and updated["hash"] != opened["hash"]
    assert sandbox.views("U_CEO")[0].readable_text().startswith("After")


def test_update_with_a_stale_hash_is_a_conflict(sandbox: Sandbox, client: WebClient) -> None:
    opened = open_modal(sandbox, client, modal("Before"))
    client.views_update(view_id=opened["id"], view=modal("Someone else"))

    refused = error_of(client.views_update, view_id=opened["id"], hash=opened["hash"], view=modal("Mine"))

    assert refused["error"] == "hash_conflict"
    assert sandbox.views("U_CEO")[0].readable_text().startswith("Someone else")


def test_update_by_external_id(sandbox: Sandbox, client: WebClient) -> None:
    open_modal(sandbox, client, modal("Before", external_id="workshop-7-ceo"))

    client.views_update(external_id="workshop-7-ceo", view=modal("After", external_id="workshop-7-ceo"))

    assert sandbox.views("U_CEO")[0].readable_text().startswith("After")


def test_update_refusals(sandbox: Sandbox, client: WebClient, globex: WebClient) -> None:
    opened = open_modal(sandbox, client, modal())

    assert error_of(client.views_update, view_id="V_NOPE", view=modal())["error"] == "not_found"
    assert error_of(globex.views_update, view_id=opened["id"], view=modal())["error"] == "not_found"
    neither_id = error_of(client.api_call, api_method="views.update", json={"view": modal()})
    assert neither_id["error"] == "invalid_arguments"


def test_external_ids_are_unique_among_open_views(sandbox: Sandbox, client: WebClient) -> None:
    open_modal(sandbox, client, modal(external_id="same"), user="U_CEO")

    refused = error_of(
        client.views_open, trigger_id=sandbox.trigger_id("T_ACME", "U_CTO"), view=modal(external_id="same")
    )
    assert refused["error"] == "duplicate_external_id"


def test_publish_keeps_one_home_per_person(sandbox: Sandbox, client: WebClient) -> None:
    first = client.views_publish(user_id="U_CEO", view=home("No workshops yet"))["view"]
    second = client.views_publish(user_id="U_CEO", view=home("1 workshop open"))["view"]

    assert second["id"] == first["id"] and second["hash"] != first["hash"]
    assert sandbox.home("U_CEO").readable_text() == "1 workshop open"
    assert sandbox.home("U_CTO") is None


def test_publish_refusals(sandbox: Sandbox, client: WebClient) -> None:
    first = client.views_publish(user_id="U_CEO", view=home("v1"))["view"]
    client.views_publish(user_id="U_CEO", view=home("v2"))

    assert error_of(client.views_publish, user_id="U_CEO", view=home("v3"), hash=first["hash"])["error"] == (
        "hash_conflict"
    )
    assert error_of(client.views_publish, user_id="U_CEO", view=modal())["error"] == "invalid_arguments"
    assert error_of(client.views_publish, user_id="U_NOBODY", view=home("x"))["error"] == "user_not_found"

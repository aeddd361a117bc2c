"""chat.* methods: what they store, what they answer, and every refusal the bot must handle."""

from __future__ import annotations

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.sandbox import Sandbox


def section(text: str) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def error_of(call, **arguments) -> dict:
    with pytest.raises(SlackApiError) as refused:
        call(**arguments)
    return refused.value.response.data


def test_post_message_stores_the_message_and_answers_with_it(sandbox: Sandbox, client: WebClient) -> None:
    answer = client.chat_postMessage(channel="C_LEAD", text="fallback", blocks=[section("*Recommendation*")])

    [stored] = sandbox.messages("C_LEAD")
    assert answer["ts"] == stored.ts and answer["channel"] == "C_LEAD"
    assert answer["message"]["bot_id"] == sandbox.workspace.teams["T_ACME"].bot_id
    assert answer["message"]["blocks"][0]["block_id"]  # Slack fills in missing block_ids
    assert stored.readable_text() == "*Recommendation*"


def test_timestamps_strictly_increase(sandbox: Sandbox, client: WebClient) -> None:
    stamps = [client.chat_postMessage(channel="C_LEAD", text=str(n))["ts"] for n in range(5)]

    assert stamps == sorted(stamps, key=float) and len(set(stamps)) == 5
    assert all(len(ts.split(".")[1]) == 6 for ts in stamps)


def test_a_user_id_posts_into_the_bots_dm_with_that_user(sandbox: Sandbox, client: WebClient) -> None:
    answer = client.chat_postMessage(channel="U_CTO", text="Your questions are ready")

    assert answer["channel"].startswith("D")
    assert [m.text for m in sandbox.dm("U_CTO")] == ["Your questions are ready"]
    client.chat_postMessage(channel=answer["channel"], text="again, by DM id")
    assert len(sandbox.dm("U_CTO")) == 2


def test_thread_replies_hang_under_their_parent(sandbox: Sandbox, client: WebClient) -> None:
    parent = client.chat_postMessage(channel="C_LEAD", text="parent")["ts"]

    reply = client.chat_postMessage(channel="C_LEAD", text="reply", thread_ts=parent)

    assert reply["message"]["thread_ts"] == parent
    assert sandbox.messages("C_LEAD")[0].reply_ts == [reply["ts"]]


@pytest.mark.parametrize(
    ("arguments", "error"),
    [
        ({"channel": "C_NOWHERE", "text": "x"}, "channel_not_found"),
        ({"channel": "C_RANDOM", "text": "x"}, "not_in_channel"),
        ({"channel": "C_LEAD", "text": "x" * 40_001}, "msg_too_long"),
        ({"channel": "C_LEAD", "text": "x", "attachments": [{"text": "a"}] * 101}, "too_many_attachments"),
        ({"channel": "C_LEAD", "text": "x", "blocks": "[not json"}, "invalid_blocks_format"),
    ],
)
def test_post_message_refusals(client: WebClient, arguments: dict, error: str) -> None:
    assert error_of(client.chat_postMessage, **arguments)["error"] == error


def test_a_message_with_neither_text_nor_blocks_is_refused(client: WebClient) -> None:
    # api_call, because chat_postMessage warns before sending a message without text
    assert (
        error_of(client.api_call, api_method="chat.postMessage", json={"channel": "C_LEAD"})["error"]
        == "no_text"
    )


def test_invalid_blocks_say_why_with_a_json_pointer(client: WebClient) -> None:
    refused = error_of(client.chat_postMessage, channel="C_LEAD", text="x", blocks=[section("y" * 3001)])

    assert refused["error"] == "invalid_blocks"
    assert refused["response_metadata"]["messages"] == [
        "[ERROR] must be less than 3001 characters [json-pointer:/blocks/0/text/text]"
    ]


def test_archived_channels_refuse_posts(sandbox: Sandbox, client: WebClient) -> None:
    sandbox.archive_channel("C_LEAD")

    assert error_of(client.chat_postMessage, channel="C_LEAD", text="x")["error"] == "is_archived"


def test_a_private_channel_the_bot_is_not_in_does_not_exist_for_it(
    sandbox: Sandbox, client: WebClient
) -> None:
    sandbox.add_channel(
        "T_ACME", "secret", channel_id="G_SECRET", members=["U_CEO"], is_private=True, bot_is_member=False
    )

    assert error_of(client.chat_postMessage, channel="G_SECRET", text="x")["error"] == "channel_not_found"


def test_another_workspaces_channel_is_not_found(
    sandbox: Sandbox, client: WebClient, globex: WebClient
) -> None:
    assert error_of(globex.chat_postMessage, channel="C_LEAD", text="x")["error"] == "channel_not_found"
    assert error_of(client.chat_postMessage, channel="C_BOARD", text="x")["error"] == "channel_not_found"


def test_chat_write_public_posts_to_public_channels_without_joining(sandbox: Sandbox) -> None:
    sandbox.add_team("T_OPEN", scopes=["chat:write", "chat:write.public"])
    sandbox.add_user("T_OPEN", "U_ANY", real_name="Any One")
    sandbox.add_channel("T_OPEN", "general", channel_id="C_GENERAL", members=["U_ANY"], bot_is_member=False)
    open_client = WebClient(token=sandbox.bot_token("T_OPEN"), base_url=sandbox.api_url)

    assert open_client.chat_postMessage(channel="C_GENERAL", text="hi")["ok"]


def test_ephemeral_messages_reach_only_their_person(sandbox: Sandbox, client: WebClient) -> None:
    answer = client.chat_postEphemeral(channel="C_LEAD", user="U_CTO", text="only you")

    assert [e.ts for e in sandbox.ephemerals("U_CTO", "C_LEAD")] == [answer["message_ts"]]
    assert sandbox.ephemerals("U_CEO") == []
    assert sandbox.messages("C_LEAD") == []


def test_ephemeral_refusals(sandbox: Sandbox, client: WebClient) -> None:
    sandbox.add_user("T_ACME", "U_INTERN", real_name="New Person")

    assert error_of(client.chat_postEphemeral, channel="C_LEAD", user="U_INTERN", text="x")["error"] == (
        "user_not_in_channel"
    )
    assert error_of(client.chat_postEphemeral, channel="C_LEAD", user="U_GHOST", text="x")["error"] == (
        "user_not_found"
    )


def test_update_replaces_the_content_and_keeps_the_history(sandbox: Sandbox, client: WebClient) -> None:
    ts = client.chat_postMessage(channel="C_LEAD", text="Round 1 open", blocks=[section("Round 1 open")])[
        "ts"
    ]

    answer = client.chat_update(
        channel="C_LEAD", ts=ts, text="Round 1 closed", blocks=[section("Round 1 closed")]
    )

    [message] = sandbox.messages("C_LEAD")
    assert answer["ts"] == ts and answer["text"] == "Round 1 closed"
    assert message.readable_text() == "Round 1 closed"
    assert [version.text for version in message.history] == ["Round 1 open"]
    assert answer["message"]["edited"]["ts"] > ts


def test_update_without_blocks_keeps_the_old_blocks(sandbox: Sandbox, client: WebClient) -> None:
    ts = client.chat_postMessage(channel="C_LEAD", text="old", blocks=[section("kept")])["ts"]

    client.chat_update(channel="C_LEAD", ts=ts, text="new fallback")

    assert sandbox.messages("C_LEAD")[0].readable_text() == "kept"


def test_update_refusals(sandbox: Sandbox, client: WebClient) -> None:
    assert sandbox.user("T_ACME", "U_CEO").say("my own words", channel="C_RANDOM") is None  # bot not there
    persons_ts = sandbox.messages("C_RANDOM")[0].ts
    bot_ts = client.chat_postMessage(channel="C_LEAD", text="x")["ts"]

    assert (
        error_of(client.chat_update, channel="C_RANDOM", ts=persons_ts, text="y")["error"]
        == "cant_update_message"
    )
    assert (
        error_of(client.chat_update, channel="C_LEAD", ts="1.000001", text="y")["error"]
        == "message_not_found"
    )
    refused = error_of(client.chat_update, channel="C_LEAD", ts=bot_ts, text="y", blocks=[{"type": "nope"}])
    assert refused["error"] == "invalid_blocks"


def test_delete_hides_the_message_but_keeps_it_for_the_record(sandbox: Sandbox, client: WebClient) -> None:
    ts = client.chat_postMessage(channel="C_LEAD", text="Ada thinks 7/10")["ts"]

    assert client.chat_delete(channel="C_LEAD", ts=ts)["ts"] == ts

    assert sandbox.messages("C_LEAD") == []
    assert "Ada thinks 7/10" in sandbox.everything_shown()
    assert error_of(client.chat_delete, channel="C_LEAD", ts=ts)["error"] == "message_not_found"


def test_permalinks_point_into_the_workspace(client: WebClient) -> None:
    parent = client.chat_postMessage(channel="C_LEAD", text="parent")["ts"]
    reply = client.chat_postMessage(channel="C_LEAD", text="reply", thread_ts=parent)["ts"]

    link = client.chat_getPermalink(channel="C_LEAD", message_ts=parent)["permalink"]
    reply_link = client.chat_getPermalink(channel="C_LEAD", message_ts=reply)["permalink"]

    assert link == f"https://acme.slack.com/archives/C_LEAD/p{parent.replace('.', '')}"
    assert reply_link.endswith(f"?thread_ts={parent}&cid=C_LEAD")
    refused = error_of(client.chat_getPermalink, channel="C_LEAD", message_ts="1.000001")
    assert refused["error"] == "message_not_found"

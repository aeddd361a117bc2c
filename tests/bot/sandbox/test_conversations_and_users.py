"""conversations.open/info/members and users.info."""

from __future__ import annotations

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.sandbox import Sandbox


def error_of(call, **arguments) -> str:
    with pytest.raises(SlackApiError) as refused:
        call(**arguments)
    return refused.value.response["error"]


def test_open_creates_a_dm_once_and_then_finds_it(sandbox: Sandbox, client: WebClient) -> None:
    first = client.conversations_open(users="U_CTO")
    again = client.conversations_open(users="U_CTO")

    assert first["channel"]["id"].startswith("D") and "already_open" not in first
    assert again["channel"]["id"] == first["channel"]["id"] and again["already_open"] is True


def test_open_with_return_im_gives_the_whole_conversation(client: WebClient) -> None:
    channel = client.conversations_open(users="U_CTO", return_im=True)["channel"]

    assert channel["is_im"] is True and channel["user"] == "U_CTO"


def test_open_with_several_users_makes_a_group_dm(sandbox: Sandbox, client: WebClient) -> None:
    channel_id = client.conversations_open(users="U_CEO,U_CTO")["channel"]["id"]

    info = client.conversations_info(channel=channel_id)["channel"]
    assert info["is_mpim"] is True and info["is_private"] is True
    assert sorted(sandbox.workspace.channels[channel_id].members) == sorted(
        ["U_CEO", "U_CTO", sandbox.workspace.teams["T_ACME"].bot_user_id]
    )


def test_open_refusals(sandbox: Sandbox, client: WebClient, globex: WebClient) -> None:
    sandbox.add_user("T_ACME", "U_GONE", real_name="Former Person", deleted=True)
    bot_user = sandbox.workspace.teams["T_ACME"].bot_user_id

    assert error_of(client.conversations_open, users="U_NOBODY") == "user_not_found"
    assert error_of(client.conversations_open, users="U_HANK") == "user_not_found"  # in Globex only
    assert error_of(client.conversations_open, users="U_GONE") == "user_disabled"
    assert error_of(client.conversations_open, users=bot_user) == "cannot_dm_bot"
    assert error_of(client.api_call, api_method="conversations.open") == "users_list_not_supplied"


def test_a_deactivated_persons_dm_is_archived(sandbox: Sandbox, client: WebClient) -> None:
    client.chat_postMessage(channel="U_CFO", text="before")
    sandbox.deactivate_user("T_ACME", "U_CFO")

    assert error_of(client.chat_postMessage, channel="U_CFO", text="after") == "is_archived"


def test_info_describes_a_channel_as_the_bot_sees_it(sandbox: Sandbox, client: WebClient) -> None:
    sandbox.add_channel("T_ACME", "hiring", channel_id="G_HIRING", members=["U_CEO"], is_private=True)

    lead = client.conversations_info(channel="C_LEAD", include_num_members=True)["channel"]
    random = client.conversations_info(channel="C_RANDOM")["channel"]
    private = client.conversations_info(channel="G_HIRING")["channel"]

    assert (lead["name"], lead["is_private"], lead["is_member"], lead["num_members"]) == (
        "leadership",
        False,
        True,
        4,
    )
    assert random["is_member"] is False and random["is_archived"] is False
    assert private["is_private"] is True and private["is_channel"] is False


def test_info_refusals(sandbox: Sandbox, client: WebClient, globex: WebClient) -> None:
    sandbox.add_channel(
        "T_ACME", "secret", channel_id="G_SECRET", members=["U_CEO"], is_private=True, bot_is_member=False
    )

    assert error_of(client.conversations_info, channel="C_NOWHERE") == "channel_not_found"
    assert error_of(client.conversations_info, channel="G_SECRET") == "channel_not_found"
    assert error_of(globex.conversations_info, channel="C_LEAD") == "channel_not_found"


def test_members_come_in_pages_joined_by_cursors(sandbox: Sandbox, client: WebClient) -> None:
    for n in range(5):
        sandbox.add_user("T_ACME", f"U_EXTRA{n}", real_name=f"Extra {n}")
        sandbox.join_channel("C_LEAD", f"U_EXTRA{n}")
    expected = sandbox.workspace.channels["C_LEAD"].members

    pages, cursor = [], None
    while True:
        answer = client.conversations_members(channel="C_LEAD", limit=3, cursor=cursor)
        pages.append(answer["members"])
        cursor = answer["response_metadata"]["next_cursor"]
        if not cursor:
            break

    assert [len(page) for page in pages] == [3, 3, 3]
    assert [member for page in pages for member in page] == expected
    assert (
        error_of(client.conversations_members, channel="C_LEAD", cursor="bm90LWEtY3Vyc29y")
        == "invalid_cursor"
    )


def test_users_info_gives_time_zones_and_roles(client: WebClient) -> None:
    ceo = client.users_info(user="U_CEO")["user"]
    cto = client.users_info(user="U_CTO")["user"]

    assert (ceo["tz"], ceo["tz_offset"], ceo["tz_label"]) == ("Europe/London", 0, "Greenwich Mean Time")
    assert (cto["tz"], cto["tz_offset"], cto["tz_label"]) == (
        "America/New_York",
        -18000,
        "Eastern Standard Time",
    )
    assert ceo["is_admin"] is True and cto["is_admin"] is False
    assert ceo["profile"]["real_name"] == "Ada Lovelace" and ceo["deleted"] is False


def test_users_info_tells_bots_and_deactivated_people_apart(sandbox: Sandbox, client: WebClient) -> None:
    sandbox.deactivate_user("T_ACME", "U_CFO")
    bot = client.users_info(user=sandbox.workspace.teams["T_ACME"].bot_user_id)["user"]

    assert client.users_info(user="U_CFO")["user"]["deleted"] is True
    assert bot["is_bot"] is True


def test_emails_need_their_own_scope(sandbox: Sandbox, client: WebClient) -> None:
    assert "email" not in client.users_info(user="U_CFO")["user"]["profile"]
    sandbox.add_team("T_MAIL", scopes=["users:read", "users:read.email"])
    sandbox.add_user("T_MAIL", "U_MAIL", real_name="Has Mail", email="has@mail.test")
    mail_client = WebClient(token=sandbox.bot_token("T_MAIL"), base_url=sandbox.api_url)

    assert mail_client.users_info(user="U_MAIL")["user"]["profile"]["email"] == "has@mail.test"


def test_users_info_refuses_unknown_and_foreign_users(client: WebClient, globex: WebClient) -> None:
    assert error_of(client.users_info, user="U_NOBODY") == "user_not_found"
    assert error_of(client.users_info, user="U_HANK") == "user_not_found"

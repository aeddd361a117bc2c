"""Slack's external file upload, driven by slack-sdk's own `files_upload_v2` and, step by step, by the
three requests it makes: files.getUploadURLExternal, the bytes posted to the upload URL, then
files.completeUploadExternal."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.sandbox import Sandbox
from bot.sandbox.serialize import message_json

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4  # not valid UTF-8, as an image is not


def error_of(call, **arguments) -> dict:
    with pytest.raises(SlackApiError) as refused:
        call(**arguments)
    return refused.value.response.data


def post_bytes(url: str, data: bytes, content_type: str = "application/octet-stream") -> tuple[int, str]:
    request = urllib.request.Request(url, data=data, method="POST", headers={"Content-Type": content_type})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as refused:
        return refused.code, refused.read().decode()


def announce(client: WebClient, name: str, length: int, **extra: str) -> tuple[str, str]:
    answer = client.files_getUploadURLExternal(filename=name, length=length, **extra)
    return answer["file_id"], answer["upload_url"]


def test_files_upload_v2_shares_the_file_into_the_channel_with_its_comment(
    sandbox: Sandbox, client: WebClient
) -> None:
    answer = client.files_upload_v2(
        channel="C_LEAD",
        content="option,share\nChief AI Officer,0.6\n",
        filename="record.csv",
        title="Decision record",
        alt_txt="The options' shares",
        initial_comment="The decision record",
    )

    [shared] = sandbox.files_in("C_LEAD")
    assert answer["file"]["id"] == shared.id and answer["file"]["title"] == "Decision record"
    assert shared.content == b"option,share\nChief AI Officer,0.6\n"
    assert (shared.name, shared.title, shared.alt_txt) == (
        "record.csv",
        "Decision record",
        "The options' shares",
    )
    [message] = sandbox.messages("C_LEAD")
    assert message.text == "The decision record" and message.files == [shared]
    assert message.bot_id == sandbox.workspace.teams["T_ACME"].bot_id
    assert shared.shares == [("C_LEAD", message.ts)]


def test_binary_bytes_reach_a_dm_unchanged_and_the_title_defaults_to_the_name(
    sandbox: Sandbox, client: WebClient
) -> None:
    dm = client.conversations_open(users="U_CTO")["channel"]["id"]

    client.files_upload_v2(channel=dm, file=PNG, filename="chart.png")

    [shared] = sandbox.user("T_ACME", "U_CTO").files()
    assert shared.content == PNG and shared.title == "chart.png"
    assert sandbox.files_in(dm) == [shared]
    assert sandbox.files_in("C_LEAD") == []


def test_a_file_shared_with_thread_ts_is_a_reply_in_that_thread(sandbox: Sandbox, client: WebClient) -> None:
    parent = client.chat_postMessage(channel="C_LEAD", text="The recommendation")["ts"]
    reply = client.chat_postMessage(channel="C_LEAD", text="first reply", thread_ts=parent)["ts"]

    client.files_upload_v2(channel="C_LEAD", file=PNG, filename="chart.png", thread_ts=reply)

    [shared] = sandbox.files_in("C_LEAD", thread_ts=parent)
    [(_, file_ts)] = shared.shares
    assert sandbox.messages("C_LEAD")[0].reply_ts == [reply, file_ts]
    assert sandbox.files_in("C_LEAD", thread_ts=reply) == []


def test_several_files_go_out_in_one_message(sandbox: Sandbox, client: WebClient) -> None:
    client.files_upload_v2(
        channel="C_LEAD",
        file_uploads=[
            {"content": "# Record", "filename": "record.md"},
            {"content": b"{}", "filename": "record.json", "title": "JSON"},
        ],
    )

    [message] = sandbox.messages("C_LEAD")
    assert [(f.name, f.title, f.content) for f in message.files] == [
        ("record.md", "record.md", b"# Record"),
        ("record.json", "JSON", b"{}"),
    ]


def test_a_user_id_is_not_a_channel_id(sandbox: Sandbox, client: WebClient) -> None:
    refused = error_of(client.files_upload_v2, channel="U_CTO", content="x", filename="x.txt")

    assert refused["error"] == "invalid_arguments"
    assert "[json-pointer:/channel_id]" in refused["response_metadata"]["messages"][0]
    assert sandbox.dm("U_CTO") == []


@pytest.mark.parametrize(
    ("channel", "error"), [("C_NOWHERE", "channel_not_found"), ("C_RANDOM", "not_in_channel")]
)
def test_sharing_needs_a_channel_the_bot_is_in(
    sandbox: Sandbox, client: WebClient, channel: str, error: str
) -> None:
    assert error_of(client.files_upload_v2, channel=channel, content="x", filename="x.txt")["error"] == error
    assert sandbox.files_in("C_RANDOM") == []


def test_uploading_needs_files_write(sandbox: Sandbox) -> None:
    sandbox.add_team("T_NARROW", scopes=["chat:write"])
    sandbox.add_channel("T_NARROW", "general", channel_id="C_GENERAL")
    narrow = WebClient(token=sandbox.bot_token("T_NARROW"), base_url=sandbox.api_url)

    refused = error_of(narrow.files_upload_v2, channel="C_GENERAL", content="x", filename="x.txt")

    assert (refused["error"], refused["needed"]) == ("missing_scope", "files:write")


@pytest.mark.parametrize(
    ("arguments", "error"),
    [
        ({"length": 3}, "invalid_arguments"),
        ({"filename": "a.txt"}, "invalid_arguments"),
        ({"filename": "a.txt", "length": "three"}, "invalid_arguments"),
        ({"filename": "a.txt", "length": 0}, "missing_argument"),
        ({"filename": "a.png", "length": 3, "alt_txt": "x" * 1001}, "alt_txt_too_large"),
        ({"filename": "a.py", "length": 1_000_001, "snippet_type": "python"}, "snippet_too_large"),
    ],
)
def test_get_upload_url_checks_its_arguments(client: WebClient, arguments: dict, error: str) -> None:
    assert (
        error_of(client.api_call, api_method="files.getUploadURLExternal", params=arguments)["error"] == error
    )


def test_the_upload_url_refuses_a_byte_count_other_than_the_announced_one(
    sandbox: Sandbox, client: WebClient
) -> None:
    file_id, url = announce(client, "record.md", 10)

    assert post_bytes(url, b"12345")[0] == 400
    assert post_bytes(url, b"12345678901")[0] == 400
    refused = error_of(client.files_completeUploadExternal, files=[{"id": file_id}], channel_id="C_LEAD")

    assert refused["error"] == "file_not_found"
    assert sandbox.messages("C_LEAD") == []
    assert post_bytes(url, b"1234567890") == (200, "OK - 10")


def test_the_upload_url_takes_multipart_form_data_too(sandbox: Sandbox, client: WebClient) -> None:
    file_id, url = announce(client, "record.md", 8)
    body = (
        b"--XyZ\r\n"
        b'Content-Disposition: form-data; name="file"; filename="record.md"\r\n'
        b"Content-Type: text/markdown\r\n\r\n"
        b"# Record\r\n"
        b"--XyZ--\r\n"
    )

    assert post_bytes(url, body, "multipart/form-data; boundary=XyZ") == (200, "OK - 8")
    client.files_completeUploadExternal(files=[{"id": file_id, "title": "Record"}], channel_id="C_LEAD")

    assert [f.content for f in sandbox.files_in("C_LEAD")] == [b"# Record"]


def test_an_unknown_upload_url_is_not_found(sandbox: Sandbox) -> None:
    assert post_bytes(f"{sandbox.base_url}/upload/v1/nothing-here", b"x")[0] == 404


@pytest.mark.parametrize(
    "files",
    [None, "not json", [], [{"title": "no id"}]],
)
def test_complete_upload_needs_a_list_of_file_ids(client: WebClient, files: object) -> None:
    params = {} if files is None else {"files": files if isinstance(files, str) else json.dumps(files)}
    refused = error_of(client.api_call, api_method="files.completeUploadExternal", params=params)

    assert refused["error"] == "invalid_arguments"


def test_complete_upload_refuses_an_unknown_file_or_one_never_uploaded(
    sandbox: Sandbox, client: WebClient
) -> None:
    never_uploaded, _ = announce(client, "record.md", 4)

    for file_id in ("F0NOSUCHFILE", never_uploaded):
        refused = error_of(client.files_completeUploadExternal, files=[{"id": file_id}], channel_id="C_LEAD")
        assert refused["error"] == "file_not_found"
    assert sandbox.messages("C_LEAD") == []


def test_an_upload_is_completed_once(sandbox: Sandbox, client: WebClient) -> None:
    file_id, url = announce(client, "record.md", 4)
    post_bytes(url, b"# Hi")
    client.files_completeUploadExternal(files=[{"id": file_id}], channel_id="C_LEAD")

    refused = error_of(client.files_completeUploadExternal, files=[{"id": file_id}], channel_id="C_LEAD")

    assert refused["error"] == "file_not_found"
    assert "completed" in refused["response_metadata"]["messages"][0]
    assert len(sandbox.messages("C_LEAD")) == 1
    assert post_bytes(url, b"# Hi")[0] == 410


def test_a_file_of_another_workspace_is_not_found(
    sandbox: Sandbox, client: WebClient, globex: WebClient
) -> None:
    file_id, url = announce(client, "record.md", 4)
    post_bytes(url, b"# Hi")

    refused = error_of(globex.files_completeUploadExternal, files=[{"id": file_id}], channel_id="C_BOARD")

    assert refused["error"] == "file_not_found"


def test_without_a_channel_the_file_stays_private(sandbox: Sandbox, client: WebClient) -> None:
    answer = client.files_upload_v2(content="private", filename="note.txt")

    assert answer["file"]["id"] in sandbox.workspace.files
    assert all(not channel.messages for channel in sandbox.workspace.channels.values())


def test_text_files_count_as_shown_and_images_by_their_names(sandbox: Sandbox, client: WebClient) -> None:
    client.files_upload_v2(channel="C_LEAD", content="Ada answered yes", filename="answers.csv")
    client.files_upload_v2(channel="C_LEAD", file=PNG, filename="chart.png", alt_txt="Shares of the options")

    shown = sandbox.everything_shown()

    assert "Ada answered yes" in shown and "chart.png" in shown and "Shares of the options" in shown


def test_the_share_message_carries_the_file_object(sandbox: Sandbox, client: WebClient) -> None:
    client.files_upload_v2(channel="C_LEAD", file=PNG, filename="chart.png", alt_txt="Shares")
    parent = sandbox.messages("C_LEAD")[0].ts

    reply = client.chat_postMessage(channel="C_LEAD", text="see above", thread_ts=parent)
    [message] = sandbox.messages("C_LEAD")[:1]

    assert reply["message"]["thread_ts"] == parent
    [body] = message_json(message, sandbox.workspace.teams["T_ACME"], sandbox.app_id)["files"]
    assert body["mimetype"] == "image/png" and body["size"] == len(PNG) and body["alt_txt"] == "Shares"

"""The HTTP edge refuses before it reads: a body over the limit gets 413 without being read, a
request that stops arriving is dropped within the read timeout, the signature is checked on the raw
bytes before anything parses them, and what strangers send is logged at DEBUG in one line."""

from __future__ import annotations

import json
import logging
import socket
import time

import pytest

from bot.edge.http_logs import REDACTED, GarbageAtDebug, RedactSecrets
from bot.edge.http_server import EVENTS_PATH
from bot.process.settings import ONE_MEGABYTE
from tests.bot.conftest import Workspace
from tests.bot.security.wire import looks_signed, post, raw_head, read_until_closed, signed_headers

READ_TIMEOUT = 5.0  # the setting's default, which the bot under test runs with
SLACK = ("bot.", "slack_bolt", "slack_sdk", "uvicorn")


def status_of(answer: bytes) -> int:
    return int(answer.split(b" ", 2)[1]) if answer.startswith(b"HTTP/1.1 ") else 0


def events_url(ws: Workspace) -> str:
    assert ws.bot.url is not None
    return ws.bot.url


def bot_records(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name.startswith(SLACK)]


def test_a_body_declared_over_the_limit_is_refused_before_it_is_sent(http_bot: Workspace) -> None:
    address, head = raw_head(
        events_url(http_bot), EVENTS_PATH, f"{looks_signed()}Content-Length: {20 * ONE_MEGABYTE}\r\n"
    )
    with socket.create_connection(address, timeout=5) as connection:
        connection.sendall(head)  # and not a byte of the 20 MB
        answer, seconds = read_until_closed(connection, timeout=3)
    assert status_of(answer) == 413 and b"too large" in answer
    assert seconds < 1.0


def test_a_chunked_body_is_refused_once_it_passes_the_limit(http_bot: Workspace) -> None:
    address, head = raw_head(
        events_url(http_bot), EVENTS_PATH, f"{looks_signed()}Transfer-Encoding: chunked\r\n"
    )
    chunk = f"{64 * 1024:x}\r\n".encode() + b"x" * 64 * 1024 + b"\r\n"
    sent = 0
    with socket.create_connection(address, timeout=5) as connection:
        connection.sendall(head)
        try:
            while sent < 20 * ONE_MEGABYTE:
                connection.sendall(chunk)
                sent += 64 * 1024
        except (BrokenPipeError, ConnectionResetError):
            pass
        answer, _ = read_until_closed(connection, timeout=5)
    assert status_of(answer) == 413
    assert sent < 20 * ONE_MEGABYTE  # the bot closed the connection long before the end


def test_half_sent_headers_and_bodies_are_dropped_within_the_read_timeout(http_bot: Workspace) -> None:
    url = events_url(http_bot)
    address, whole_head = raw_head(url, EVENTS_PATH, f"{looks_signed()}Content-Length: 1024\r\n")
    half_head = whole_head[: len(whole_head) // 2]
    connections = [socket.create_connection(address, timeout=5) for _ in range(2)]
    try:
        connections[0].sendall(half_head)
        connections[1].sendall(whole_head + b"0123456789")
        started = time.monotonic()
        results = [read_until_closed(connection, timeout=READ_TIMEOUT + 3) for connection in connections]
        waited = time.monotonic() - started
    finally:
        for connection in connections:
            connection.close()
    assert results[0][0] == b""  # headers never finished: closed, nothing to answer
    assert status_of(results[1][0]) == 408
    assert READ_TIMEOUT - 1 <= waited <= READ_TIMEOUT + 2


def test_the_signature_is_checked_on_the_raw_bytes_before_any_parsing(
    http_bot: Workspace, caplog: pytest.LogCaptureFixture
) -> None:
    """Bytes that are not even UTF-8, and JSON that is not JSON, signed with the wrong secret: 401,
    where Bolt's own parsing used to answer 400 with a WARNING and a traceback."""
    caplog.set_level(logging.DEBUG)
    for body in (b'{"type": "event_callback", "event": ', b"\xff\xfe not utf-8"):
        address, head = raw_head(
            events_url(http_bot), EVENTS_PATH, f"{looks_signed()}Content-Length: {len(body)}\r\n"
        )
        with socket.create_connection(address, timeout=5) as connection:
            connection.sendall(head + body)
            answer, _ = read_until_closed(connection, timeout=5)
        assert status_of(answer) == 401
    loud = [r for r in bot_records(caplog) if r.levelno > logging.DEBUG]
    assert not loud, [r.getMessage() for r in loud]
    refusals = [r for r in bot_records(caplog) if "Refused a wrongly signed request" in r.getMessage()]
    assert len(refusals) == 2 and all(r.exc_info is None and "\n" not in r.getMessage() for r in refusals)


def test_unsigned_garbage_and_disconnects_are_logged_at_debug_in_one_line(
    http_bot: Workspace, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    url = events_url(http_bot)
    assert post(f"{url}{EVENTS_PATH}", "{not json", "application/json", {}).status == 401
    address, head = raw_head(url, EVENTS_PATH, f"{looks_signed()}Content-Length: 1024\r\n")
    with socket.create_connection(address, timeout=5) as connection:
        connection.sendall(head + b"0123456789")  # then goes away
    with socket.create_connection(address, timeout=5) as connection:
        connection.sendall(b"\x16\x03\x01 this is not HTTP\r\n\r\n")
        read_until_closed(connection, timeout=5)
    deadline = time.monotonic() + 3
    while time.monotonic() < deadline and not any("went away" in r.getMessage() for r in caplog.records):
        time.sleep(0.05)
    records = bot_records(caplog)
    assert any("went away" in r.getMessage() for r in records)
    assert any("no signature" in r.getMessage() for r in records)
    loud = [r for r in records if r.levelno > logging.DEBUG]
    assert not loud, [r.getMessage() for r in loud]
    assert all(
        r.exc_info is None and "\n" not in r.getMessage() for r in records if r.name.startswith("bot.")
    )


def test_a_signed_request_still_reaches_bolt(http_bot: Workspace) -> None:
    url = f"{events_url(http_bot)}{EVENTS_PATH}"
    body = json.dumps({"type": "url_verification", "challenge": "c-123", "token": "t"})
    answer = post(url, body, "application/json", signed_headers(http_bot.sandbox.signing_secret, body))
    assert answer.status == 200 and answer.text() and "c-123" in answer.text()


def test_the_access_log_redacts_the_oauth_code_and_state() -> None:
    # As uvicorn's access logger formats a request: client, method, path with query, version, status.
    path = "/slack/oauth_redirect?code=1234.5678.secretcode&state=nonce.signature&x=1"
    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("1.2.3.4:5", "GET", path, "1.1", 200),
        None,
    )
    assert RedactSecrets().filter(record)
    line = record.getMessage()
    assert "secretcode" not in line and "nonce" not in line
    assert f"code={REDACTED}&state={REDACTED}&x=1" in line


def test_a_request_that_is_not_http_is_logged_at_debug() -> None:
    record = logging.LogRecord(
        "uvicorn.error", logging.WARNING, __file__, 1, "Invalid HTTP request received.", (), None
    )
    GarbageAtDebug().filter(record)
    assert (record.levelno, record.levelname) == (logging.DEBUG, "DEBUG")
    other = logging.LogRecord("uvicorn.error", logging.WARNING, __file__, 1, "Something else", (), None)
    assert GarbageAtDebug().filter(other) and other.levelno == logging.WARNING

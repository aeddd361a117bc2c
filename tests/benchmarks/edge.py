"""Benchmark 6, the HTTP edge: what an unsigned stranger costs the bot.

    python -m tests.benchmarks.edge [--body-mb 20] [--half-sent 20] [--wait 75]

The bot runs as `hiring-workshop run` in HTTP mode in a process of its own, on an SQLite file.
1. Peak memory: its peak resident memory (VmHWM) once it answers its health check, then after an
   unsigned POST of --body-mb MB to /slack/events with its Content-Length, then after one sent
   chunked (no Content-Length) with signature headers that look real, and what it answered each.
2. Half-sent requests: --half-sent connections each send half their headers, and as many send
   whole headers (with signature headers that look real) announcing a 1 KB body and 10 bytes of it,
   then nothing; how long until the bot has closed each (at most --wait s).
"""

from __future__ import annotations

import argparse
import socket
import time
from pathlib import Path

from bot.edge.http_server import EVENTS_PATH
from bot.sandbox import Sandbox
from tests.benchmarks.common import Report, database
from tests.benchmarks.servers import ServerProcess, bot_process
from tests.benchmarks.workspace import TEAM

CHUNK = 64 * 1024


def peak_rss_mb(pid: int) -> float:
    """The process's peak resident memory so far (VmHWM), in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"/proc/{pid}/status has no VmHWM line")


def looks_signed() -> str:
    """Signature headers of the right shape and age, which no secret produced."""
    return f"X-Slack-Request-Timestamp: {int(time.time())}\r\nX-Slack-Signature: v0={'0' * 64}\r\n"


def post_unsigned(port: int, megabytes: int, *, chunked: bool) -> str:
    """POST `megabytes` MB that no one signed, as fast as the bot takes it; the status line it answers.
    With `chunked`, no Content-Length and signature headers that look real, so only reading tells."""
    size = megabytes * 1024 * 1024
    framing = f"Transfer-Encoding: chunked\r\n{looks_signed()}" if chunked else f"Content-Length: {size}\r\n"
    head = (
        f"POST {EVENTS_PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        f"{framing}Connection: close\r\n\r\n"
    )
    with socket.create_connection(("127.0.0.1", port), timeout=30) as connection:
        connection.sendall(head.encode())
        chunk, sent = b"x" * CHUNK, 0
        if chunked:
            chunk = f"{CHUNK:x}\r\n".encode() + chunk + b"\r\n"
        try:
            while sent < size:
                connection.sendall(chunk)
                sent += CHUNK
            if chunked:
                connection.sendall(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass  # refused before the end: what it answered is still to be read
        try:
            answer = connection.recv(4096).decode("latin-1")
        except ConnectionResetError:
            return "connection reset"
    return answer.split("\r\n", 1)[0] or "closed without an answer"


def half_sent(port: int, count: int, wait: float, *, headers_only: bool) -> list[float]:
    """Seconds until the bot closed each of `count` half-sent requests (`wait` for one still open)."""
    head = (
        f"POST {EVENTS_PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        f"{looks_signed()}Content-Length: 1024\r\n\r\n0123456789"
    )
    if headers_only:
        head = head[: head.index("Content-Type")]
    connections = []
    started = time.monotonic()
    for _ in range(count):
        connection = socket.create_connection(("127.0.0.1", port), timeout=5)
        connection.sendall(head.encode())
        connection.setblocking(False)
        connections.append(connection)
    closed: dict[int, float] = {}
    while len(closed) < count and time.monotonic() - started < wait:
        for number, connection in enumerate(connections):
            if number in closed:
                continue
            try:
                data = connection.recv(4096)
            except BlockingIOError:
                continue
            except ConnectionResetError:
                data = b""
            if not data or data.startswith(b"HTTP/1.1"):
                closed[number] = time.monotonic() - started
        time.sleep(0.05)
    for connection in connections:
        connection.close()
    return [closed.get(number, wait) for number in range(count)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--body-mb", type=int, default=20)
    parser.add_argument("--half-sent", type=int, default=20)
    parser.add_argument("--wait", type=float, default=75.0)
    args = parser.parse_args()
    report = Report("edge", body_mb=args.body_mb, half_sent=args.half_sent, wait_s=args.wait)
    with Sandbox() as sandbox, database("sqlite") as url:
        sandbox.add_team(TEAM, name="Bench")
        process: ServerProcess
        with bot_process(sandbox, TEAM, url, http=True) as process:
            process.start()
            report.figure("peak_rss_before_mb", peak_rss_mb(process.pid), "MiB")
            for chunked, name in ((False, "declared"), (True, "chunked")):
                status = post_unsigned(process.port, args.body_mb, chunked=chunked)
                time.sleep(0.5)
                report.figure(f"peak_rss_after_{name}_mb", peak_rss_mb(process.pid), "MiB")
                report.figure(f"unsigned_{name}_body_answered", status)
            for headers_only, name in ((True, "headers"), (False, "body")):
                held = half_sent(process.port, args.half_sent, args.wait, headers_only=headers_only)
                report.figure(f"half_sent_{name}_held_max_s", max(held), "s")
                report.figure(f"half_sent_{name}_still_open", sum(1 for s in held if s >= args.wait))
    report.finish()


if __name__ == "__main__":
    main()

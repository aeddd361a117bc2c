"""Benchmark 6, the HTTP edge: what an unsigned stranger costs the bot.

    python -m tests.benchmarks.edge [--body-mb 20] [--half-sent 20] [--wait 75]

The bot runs as `hiring-workshop run` in HTTP mode in a process of its own, on an SQLite file.
1. Peak memory: its peak resident memory (VmHWM) once it answers its health check, then after one
   unsigned POST of --body-mb MB to /slack/events, and the status it answered with.
2. Half-sent requests: --half-sent connections each send headers announcing a 1 KB body and
   10 bytes of it, then nothing; how long until the bot has closed each of them (at most --wait s).
"""

from __future__ import annotations

import argparse
import socket
import time
from pathlib import Path

from bot.http_server import EVENTS_PATH
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


def post_unsigned(port: int, megabytes: int) -> str:
    """POST `megabytes` MB with no signature, as fast as the bot takes it; the status line it answers."""
    size = megabytes * 1024 * 1024
    head = (
        f"POST {EVENTS_PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        f"Content-Length: {size}\r\nConnection: close\r\n\r\n"
    )
    with socket.create_connection(("127.0.0.1", port), timeout=30) as connection:
        connection.sendall(head.encode())
        chunk, sent = b"x" * CHUNK, 0
        try:
            while sent < size:
                connection.sendall(chunk[: size - sent])
                sent += CHUNK
        except (BrokenPipeError, ConnectionResetError):
            pass  # refused before the end: what it answered is still to be read
        try:
            answer = connection.recv(4096).decode("latin-1")
        except ConnectionResetError:
            return "connection reset"
    return answer.split("\r\n", 1)[0] or "closed without an answer"


def half_sent(port: int, count: int, wait: float) -> list[float]:
    """Seconds until the bot closed each of `count` half-sent requests (`wait` for one still open)."""
    head = (
        f"POST {EVENTS_PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        "Content-Length: 1024\r\n\r\n0123456789"
    )
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
            status = post_unsigned(process.port, args.body_mb)
            time.sleep(0.5)
            report.figure("peak_rss_after_mb", peak_rss_mb(process.pid), "MiB")
            report.note(f"the unsigned {args.body_mb} MB body was answered: {status}")
            report.figure("unsigned_body_status", status)
            held = half_sent(process.port, args.half_sent, args.wait)
            report.figure("half_sent_held_max_s", max(held), "s")
            report.figure("half_sent_still_open", sum(1 for s in held if s >= args.wait))
    report.finish()


if __name__ == "__main__":
    main()

"""Concurrent senders of signed Slack requests, as Slack's servers send them to an app's request URL.

Each sender is a thread with its own keep-alive connection working through its own list of
requests, one at a time (a closed loop). It runs in a process of its own (`LoadProcess`) so the
senders never compete with the process being measured inside one interpreter; it imports only the
standard library so that process starts at once.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import multiprocessing
import threading
import time
from dataclasses import dataclass, field
from multiprocessing.pool import Pool
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Prepared:
    """One request body; `expect` is a byte string the acknowledgement must contain to count as right."""

    body: bytes
    content_type: str
    expect: bytes = b""


@dataclass
class LoadResult:
    latencies: list[float] = field(default_factory=list)  # seconds, acknowledged requests only
    refused_latencies: list[float] = field(default_factory=list)  # answered, but not with an ack
    failures: list[str] = field(default_factory=list)
    elapsed: float = 0.0
    server_cpu: float = 0.0  # filled in by the caller, who can see the server's process
    sandbox_cpu: float = 0.0

    @property
    def sent(self) -> int:
        return len(self.latencies) + len(self.failures)

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.elapsed if self.elapsed > 0 else 0.0


def _headers(request: Prepared, secret: str) -> dict[str, str]:
    # Signed when sent, as Slack does (the app refuses timestamps five minutes old): v0= and the
    # HMAC-SHA256 of "v0:{timestamp}:{body}", as `bot.sandbox.sign` computes it.
    timestamp = str(int(time.time()))
    digest = hmac.new(secret.encode(), b"v0:" + timestamp.encode() + b":" + request.body, hashlib.sha256)
    return {
        "Content-Type": request.content_type,
        "X-Slack-Request-Timestamp": timestamp,
        "X-Slack-Signature": f"v0={digest.hexdigest()}",
    }


def _sender(
    url: str,
    secret: str,
    requests: list[Prepared],
    warmup: int,
    warmed: threading.Barrier,
    result: LoadResult,
) -> None:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    for number, request in enumerate(requests):
        if number == min(warmup, len(requests)):
            warmed.wait()  # everyone starts the measured part together
        began = time.perf_counter()
        try:
            connection.request("POST", parts.path, request.body, _headers(request, secret))
            answer = connection.getresponse()
            body = answer.read()
        except (OSError, http.client.HTTPException) as error:
            result.failures.append(f"{type(error).__name__}: {error}")
            connection.close()
            connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
            continue
        latency = time.perf_counter() - began
        if number < warmup:
            continue
        if answer.status != 200 or request.expect not in body:
            result.failures.append(f"HTTP {answer.status}: {body[:200]!r}")
            result.refused_latencies.append(latency)
        else:
            result.latencies.append(latency)  # list.append is atomic; no lock needed
    if len(requests) <= warmup:
        warmed.wait()
    connection.close()


def run_load(url: str, secret: str, per_sender: list[list[Prepared]], warmup: int = 0) -> LoadResult:
    """Send every sender's requests concurrently. The first `warmup` of each sender's requests open
    connections and warm caches and are not counted; elapsed runs from the moment every sender has
    finished warming up to the last answer."""
    result = LoadResult()
    warmed = threading.Barrier(len(per_sender) + 1)
    threads = [
        threading.Thread(target=_sender, args=(url, secret, requests, warmup, warmed, result), daemon=True)
        for requests in per_sender
    ]
    for thread in threads:
        thread.start()
    warmed.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    result.elapsed = time.perf_counter() - began
    return result


class LoadProcess:
    """One process for the senders, started once and used for every run of a benchmark."""

    def __enter__(self) -> LoadProcess:
        self._pool: Pool = multiprocessing.get_context("spawn").Pool(1)
        return self

    def run(self, url: str, secret: str, per_sender: list[list[Prepared]], warmup: int = 0) -> LoadResult:
        return self._pool.apply(run_load, (url, secret, per_sender, warmup))

    def __exit__(self, *_: object) -> None:
        self._pool.close()
        self._pool.join()

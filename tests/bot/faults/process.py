"""The bot as its own process, `hiring-workshop run` in HTTP mode against the sandbox, to be killed
with SIGKILL and started again: nothing of the test's process is shared with it but the database."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from bot.edge.http_server import EVENTS_PATH, HEALTH_PATH
from bot.sandbox import Sandbox

STARTUP_SECONDS = 30.0
# Loopback needs no proxy, whatever the environment says.
_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class BotProcess:
    def __init__(self, sandbox: Sandbox, team_id: str, database_url: str, workdir: Path) -> None:
        self.sandbox = sandbox
        self.workdir = workdir
        self.port = free_port()
        self.log_path = workdir / f"bot-{self.port}.log"
        self.environment = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_", "LOG_"))},
            "SLACK_BOT_TOKEN": sandbox.bot_token(team_id),
            "SLACK_SIGNING_SECRET": sandbox.signing_secret,
            "SLACK_API_URL": sandbox.api_url,
            "DATABASE_URL": database_url,
            "HOST": "127.0.0.1",
            "PORT": str(self.port),
            "LOG_LEVEL": "DEBUG",
        }
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> BotProcess:
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "bot.cli", "run"],
                cwd=self.workdir,  # no .env of the developer's is read
                env=self.environment,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + STARTUP_SECONDS
        while not self._healthy():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the bot did not start:\n{self.log()[-3000:]}")
            time.sleep(0.1)
        self.sandbox.connect_http(self.url + EVENTS_PATH)
        return self

    def kill(self) -> None:
        """SIGKILL: no handler runs, nothing is flushed or handed back."""
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)  # reaped, so its pid is gone as after a real crash

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace") if self.log_path.exists() else ""

    def _healthy(self) -> bool:
        try:
            with _DIRECT.open(self.url + HEALTH_PATH, timeout=1) as answer:
                return answer.status == 200
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return False

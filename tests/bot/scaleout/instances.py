"""Bot instances as they are deployed: each `python -m bot.cli run` in a process of its own, in HTTP
mode (no app token), its settings in the environment, pointed at the sandbox's Web API and at one
shared database."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from bot.edge.http_server import EVENTS_PATH
from bot.sandbox import Sandbox
from bot.sandbox.balancer import healthy

REPO_ROOT = Path(__file__).resolve().parents[3]
START_TIMEOUT = 60.0  # generous: several interpreters importing at once on a busy CI machine
STOP_TIMEOUT = 30.0
# Settings a developer's environment may hold; each instance gets exactly the ones given here.
OWN_SETTINGS = ("SLACK_", "DATABASE_URL", "DB_POOL_SIZE", "FLOWS_DIR", "HOST", "PORT", "LISTENER_THREADS")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith(OWN_SETTINGS)}
    return env | {"PYTHONPATH": str(REPO_ROOT)}


class BotInstance:
    """One `hiring-workshop run` in HTTP mode; its output goes to a log file read back on failure."""

    def __init__(self, name: str, sandbox: Sandbox, team_id: str, database_url: str, folder: Path) -> None:
        self.name = name
        self.port = free_port()
        self.log = folder / f"{name}.log"
        # Its own working folder, so no developer's .env is read.
        self._cwd = folder / name
        self._cwd.mkdir(parents=True, exist_ok=True)
        self._env = _clean_env() | {
            "SLACK_BOT_TOKEN": sandbox.bot_token(team_id),
            "SLACK_SIGNING_SECRET": sandbox.signing_secret,
            "SLACK_API_URL": sandbox.api_url,
            "DATABASE_URL": database_url,
            "DB_POOL_SIZE": "10",
            "HOST": "127.0.0.1",
            "PORT": str(self.port),
            "SCHEDULER_INTERVAL_SECONDS": "1",
            "LOG_LEVEL": "INFO",
        }
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def request_url(self) -> str:
        return f"http://127.0.0.1:{self.port}{EVENTS_PATH}"

    def launch(self) -> BotInstance:
        """Start it without waiting, so that several start at once."""
        with self.log.open("ab") as log:
            self._process = subprocess.Popen(
                [sys.executable, "-m", "bot.cli", "run"], env=self._env, cwd=self._cwd, stdout=log, stderr=log
            )
        return self

    def wait_until_healthy(self) -> BotInstance:
        deadline = time.monotonic() + START_TIMEOUT
        while not healthy(self.request_url):
            if not self.running or time.monotonic() > deadline:
                raise RuntimeError(f"{self.name} did not start; its log ends:\n{self.log_tail()}")
            time.sleep(0.05)
        return self

    @property
    def pid(self) -> int:
        assert self._process is not None, "launch() it first"
        return self._process.pid

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def kill(self) -> None:
        """SIGKILL: gone mid-request, nothing handed back, as when a machine dies."""
        self._signal(signal.SIGKILL)
        self.wait()

    def terminate(self) -> None:
        """SIGTERM, as an orchestrator stops an instance: it should wind down by itself."""
        self._signal(signal.SIGTERM)

    def wait(self, timeout: float = STOP_TIMEOUT) -> int:
        assert self._process is not None, "launch() it first"
        return self._process.wait(timeout=timeout)

    def stop(self) -> None:
        if self.running:
            self.terminate()
            try:
                self.wait()
            except subprocess.TimeoutExpired:
                self.kill()

    def log_tail(self, lines: int = 40) -> str:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    def _signal(self, signum: int) -> None:
        assert self._process is not None, "launch() it first"
        if self._process.poll() is None:
            self._process.send_signal(signum)

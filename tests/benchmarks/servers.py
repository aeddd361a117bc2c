"""The bot (or the bare anchor app) in a process of its own, started the way it is deployed:
`hiring-workshop run` with its settings in the environment, pointed at the sandbox's Web API.

A process of its own, so its resident memory is its own and the sandbox and the load generator do
not share its interpreter."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

from bot.sandbox import Sandbox
from storage.migrate import upgrade
from tests.benchmarks.common import REPO_ROOT, free_port

RUN_BOT = [sys.executable, "-c", "import sys; from bot.cli import main; sys.exit(main(['run']))"]
RUN_BARE = [sys.executable, "-m", "tests.benchmarks.bare_app"]
# A stopping bot finishes the posts it is sending at Slack's pace (slower still under the profiler).
STOP_GRACE_S = 60
RUN_PROFILED_BOT = [sys.executable, "-m", "tests.benchmarks.profiled_bot"]
START_TIMEOUT = 30.0
_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def settings_env(
    sandbox: Sandbox, team_id: str, database_url: str, *, http: bool, port: int
) -> dict[str, str]:
    """The bot's settings for the sandbox. Others in the environment (DB_POOL_SIZE, say) pass through,
    so a run can try a setting without a code change."""
    ours = {"DATABASE_URL", "PORT", "HOST"}
    env = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_") and k not in ours}
    env |= {
        "PYTHONPATH": str(REPO_ROOT),
        "SLACK_BOT_TOKEN": sandbox.bot_token(team_id),
        "SLACK_API_URL": sandbox.api_url,
        "DATABASE_URL": database_url,
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "LOG_LEVEL": "WARNING",
    }
    if http:
        env["SLACK_SIGNING_SECRET"] = sandbox.signing_secret
    else:
        env["SLACK_APP_TOKEN"] = sandbox.app_token()
    return env


class ServerProcess:
    def __init__(self, command: list[str], env: dict[str, str], port: int) -> None:
        self._command, self._env, self.port = command, env, port
        self._log = Path(tempfile.mkstemp(prefix="bench-server-", suffix=".log")[1])
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def pid(self) -> int:
        assert self._process is not None, "the server is not running"
        return self._process.pid

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, ready: Callable[[], bool] | None = None) -> ServerProcess:
        """Start it and wait until `ready()` (by default: its health check answers)."""
        return self.launch().wait_until_ready(ready)

    def launch(self) -> ServerProcess:
        """Start it without waiting, so that two can start at once."""
        with self._log.open("wb") as log:
            self._process = subprocess.Popen(
                self._command, env=self._env, cwd=REPO_ROOT, stdout=log, stderr=log
            )
        return self

    def wait_until_ready(self, ready: Callable[[], bool] | None = None) -> ServerProcess:
        assert self._process is not None, "launch() it first"
        deadline = time.monotonic() + START_TIMEOUT
        while not (ready or self._healthy)():
            if self._process.poll() is not None or time.monotonic() > deadline:
                tail = self.log_tail()
                self.stop()
                raise RuntimeError(f"the server did not start; its log ends:\n{tail}")
            time.sleep(0.05)
        return self

    def _healthy(self) -> bool:
        try:
            with _DIRECT.open(f"{self.url}/healthz", timeout=1) as answer:
                return answer.status == 200
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return False

    def log_tail(self, lines: int = 30) -> str:
        return "\n".join(self._log.read_text(errors="replace").splitlines()[-lines:])

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.send_signal(signal.SIGINT)
            try:
                self._process.wait(timeout=STOP_GRACE_S)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._log.unlink(missing_ok=True)

    def __enter__(self) -> ServerProcess:
        return self

    def __exit__(self, *_: object) -> None:
        self.stop()


def bot_process(
    sandbox: Sandbox, team_id: str, database_url: str, *, http: bool, profile_to: str | None = None
) -> ServerProcess:
    """The bot as `hiring-workshop run` starts it, on a migrated database; not yet started. With
    `profile_to`, under cProfile, the profile written there when it stops."""
    upgrade(database_url)
    port = free_port()
    env = settings_env(sandbox, team_id, database_url, http=http, port=port)
    if profile_to is None:
        return ServerProcess(RUN_BOT, env, port)
    return ServerProcess(RUN_PROFILED_BOT, env | {"BENCH_PROFILE": profile_to}, port)


def bare_process(sandbox: Sandbox, team_id: str, database_url: str) -> ServerProcess:
    port = free_port()
    return ServerProcess(RUN_BARE, settings_env(sandbox, team_id, database_url, http=True, port=port), port)

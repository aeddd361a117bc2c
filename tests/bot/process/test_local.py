"""The bot a process runs, and what is left of it once stopped."""

from __future__ import annotations

import gc
import weakref

from bot.process.local import LocalBot
from bot.sandbox import Sandbox
from tests.bot.conftest import CHANNEL, TEAM


def test_a_stopped_bot_is_not_kept_alive_by_anything_process_wide(
    sandbox: Sandbox, database_url: str
) -> None:
    # A bot left alive after it stopped keeps its app, sessions and history for the rest of the
    # process; a test run of hundreds of them then spends seconds in each garbage collection, long
    # enough to miss Slack's 3 s.
    with LocalBot(sandbox, TEAM, database_url, transport="http") as bot:
        sandbox.user(TEAM, "U_FAC").slash("/hiring", "help", channel=CHANNEL)
        bot.settle()
        app, runtime = weakref.ref(bot.app), weakref.ref(bot.runtime)
    del bot
    gc.collect()

    assert app() is None
    assert runtime() is None

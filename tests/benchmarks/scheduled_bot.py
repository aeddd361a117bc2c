"""`hiring-workshop run` in Socket Mode (see `bot/cli/run.py`), with one difference: its clock is
moved by BENCH_CLOCK_OFFSET seconds, so the scheduling benchmark can put "now" in working hours on
a weekday whatever day it runs (nudges wait for the person's working hours). The clock still ticks
in real time, as the scheduler's wake-ups do, so lateness is measured in real seconds."""

from __future__ import annotations

import logging
import os
from datetime import UTC, datetime, timedelta

from slack_bolt.adapter.socket_mode import SocketModeHandler

from bot.app import create_app
from bot.process.runtime import Runtime
from bot.process.settings import load_settings
from bot.scheduler.dispatcher import Dispatcher
from bot.scheduler.loop import BotScheduler
from storage.migrate import require_current


class ShiftedClock:
    def __init__(self, offset: timedelta) -> None:
        self.offset = offset

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset


def main() -> int:
    settings = load_settings()
    logging.basicConfig(level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    clock = ShiftedClock(timedelta(seconds=float(os.environ["BENCH_CLOCK_OFFSET"])))
    runtime = Runtime.create(settings, clock)
    require_current(runtime.engine)
    app = create_app(runtime)
    dispatcher = Dispatcher.for_runtime(runtime, app.client)
    scheduler = BotScheduler(dispatcher, settings.scheduler_interval_seconds).start()
    try:
        SocketModeHandler(app, settings.slack_app_token).start()
    except KeyboardInterrupt:
        pass
    finally:
        scheduler.stop()
        runtime.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""What a bot process does once it is connected, before and beside serving requests."""

from __future__ import annotations

from slack_bolt import App

from bot.process.runtime import Runtime
from bot.services.scheduling import schedule_retention
from bot.workflows.recovery import resume_unfinished


def resume_in_background(app: App, runtime: Runtime) -> None:
    """Finish posts a version before the outbox left undone, on the listener pool so requests are
    served at once."""
    runtime.listener_pool().submit(resume_unfinished, runtime)


def plan_retention(runtime: Runtime) -> None:
    """With RETENTION_MONTHS set, today's purge is due now (once, whichever instance starts first);
    each purge schedules the next day's."""
    if runtime.settings.retention_months is None:
        return
    with runtime.sessions.begin() as session:
        schedule_retention(session, runtime.clock.now())

"""Every listener group registers itself here."""

from __future__ import annotations

from typing import cast

from slack_bolt import App

from bot.listeners import actions, commands, errors, events, views
from bot.listeners.guard import GuardedApp


def register_listeners(app: App) -> None:
    errors.register(app)
    # The groups register through the guard, which takes the registrations they make of an App.
    guarded = cast(App, GuardedApp(app))
    commands.register(guarded)
    actions.register(guarded)
    views.register(guarded)
    events.register(guarded)

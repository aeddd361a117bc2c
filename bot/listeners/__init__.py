"""Every listener group registers itself here."""

from __future__ import annotations

from slack_bolt import App

from bot.listeners import actions, commands, errors, events, views


def register_listeners(app: App) -> None:
    errors.register(app)
    commands.register(app)
    actions.register(app)
    views.register(app)
    events.register(app)

"""Every listener group registers itself here.

Bolt tries listeners in the order they were registered, running every matcher of each one that does
not match (with its arguments built anew), so the busiest come first: answer forms, then the buttons.
"""

from __future__ import annotations

from slack_bolt import App

from bot.edge import errors
from bot.listeners import actions, commands, events, views


def register_listeners(app: App) -> None:
    errors.register(app)
    views.register(app)
    actions.register(app)
    commands.register(app)
    events.register(app)

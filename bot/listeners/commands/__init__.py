from __future__ import annotations

from slack_bolt import App

from bot.listeners.commands.hiring import has_follow_up, hiring_command, hiring_follow_up


def register(app: App) -> None:
    app.command("/hiring", matchers=[has_follow_up])(ack=hiring_command, lazy=[hiring_follow_up])
    app.command("/hiring")(hiring_command)

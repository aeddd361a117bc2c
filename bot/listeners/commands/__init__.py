from __future__ import annotations

from slack_bolt import App

from bot.listeners.commands.hiring import hiring_command, hiring_follow_up


def register(app: App) -> None:
    app.command("/hiring")(ack=hiring_command, lazy=[hiring_follow_up])

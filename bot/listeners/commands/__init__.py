from __future__ import annotations

from slack_bolt import App

from bot.listeners.commands.hiring import hiring_command


def register(app: App) -> None:
    app.command("/hiring")(hiring_command)

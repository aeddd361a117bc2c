from __future__ import annotations

from slack_bolt import App

from bot.listeners.commands.guard import FacilitatorOnlyCommand
from bot.listeners.commands.hiring import hiring_command


def register(app: App) -> None:
    # The facilitator's own subcommands: anyone else is refused before the listener runs.
    app.command("/hiring", middleware=[FacilitatorOnlyCommand()])(hiring_command)

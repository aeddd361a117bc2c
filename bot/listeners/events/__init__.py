from __future__ import annotations

from slack_bolt import App

from bot.listeners.events.app_home import app_home_opened
from bot.listeners.events.lifecycle import app_uninstalled, tokens_revoked


def register(app: App) -> None:
    app.event("app_home_opened")(app_home_opened)
    app.event("app_uninstalled")(app_uninstalled)
    app.event("tokens_revoked")(tokens_revoked)

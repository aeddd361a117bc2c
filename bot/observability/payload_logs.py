"""Keeping people's answers out of the log.

Slack's libraries log whole payloads at DEBUG: every incoming envelope with the user who sent it and
what they typed, every outgoing call with its text. In an anonymous workshop that would put a
person's Slack id next to their answers in the log. So Slack's loggers are held at INFO whatever
LOG_LEVEL says; the bot's own DEBUG lines, which never pair the two, are unaffected.
"""

from __future__ import annotations

import logging

from slack_bolt import App

SLACK_LIBRARIES = ("slack_sdk", "slack_bolt")


def keep_payloads_out_of_logs(app: App) -> None:
    # Bolt's app logger (also Socket Mode's, through Bolt's handler) has a level of its own, set
    # from the root logger when the app is made; slack-sdk's loggers inherit theirs.
    for logger in (app.logger, *(logging.getLogger(name) for name in SLACK_LIBRARIES)):
        if logger.getEffectiveLevel() < logging.INFO:
            logger.setLevel(logging.INFO)

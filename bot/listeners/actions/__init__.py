from __future__ import annotations

from slack_bolt import App

from bot.ids import ActionId
from bot.listeners.actions.answering import decline, open_answers, refresh_answer_modal
from bot.listeners.actions.checkins import (
    add_month,
    cancel,
    open_rating,
    open_reschedule,
    remove_month,
    snooze,
)
from bot.listeners.actions.disputes import open_round2, open_settlement
from bot.listeners.actions.facilitating import close_round, export_record, remind, view_recommendation
from bot.listeners.actions.preview_hold import hold_preview
from bot.listeners.actions.preview_post import post_preview
from bot.listeners.actions.withheld import extend_deadline, remind_unfinished
from bot.listeners.actions.workspace import confirm_delete, open_start_from_home


def register(app: App) -> None:
    app.action(ActionId.ANSWER_NOW)(open_answers)
    app.action(ActionId.HOME_CONTINUE)(open_answers)
    app.action(ActionId.DECLINE)(decline)
    app.action(ActionId.ANSWER)(refresh_answer_modal)
    app.action(ActionId.REVIEW_DISPUTES)(open_round2)
    app.action(ActionId.SETTLE_DISPUTES)(open_settlement)
    app.action(ActionId.HOME_START)(open_start_from_home)
    app.action(ActionId.PREVIEW_POST)(post_preview)
    app.action(ActionId.PREVIEW_HOLD)(hold_preview)
    app.action(ActionId.DELETE_WORKSPACE)(confirm_delete)
    app.action(ActionId.CHECKIN_RATE)(open_rating)
    app.action(ActionId.CHECKIN_SNOOZE)(snooze)
    app.action(ActionId.CHECKIN_RESCHEDULE)(open_reschedule)
    app.action(ActionId.CHECKIN_CANCEL)(cancel)
    app.action(ActionId.CHECKIN_ADD)(add_month)
    app.action(ActionId.CHECKIN_REMOVE)(remove_month)
    app.action(ActionId.HOME_CLOSE_ROUND)(close_round)
    app.action(ActionId.HOME_REMIND)(remind)
    app.action(ActionId.HOME_EXPORT)(export_record)
    app.action(ActionId.HOME_VIEW_RECOMMENDATION)(view_recommendation)
    app.action(ActionId.EXTEND_DEADLINE)(extend_deadline)
    app.action(ActionId.REMIND_UNFINISHED)(remind_unfinished)

from __future__ import annotations

from collections.abc import Callable

from slack_bolt import App

from bot.blocks.ids import ActionId
from bot.edge.facilitator_only import FacilitatorOnly, Locate
from bot.listeners.actions.answering import decline, open_answers, refresh_answer_modal
from bot.listeners.actions.checkins import (
    add_month,
    cancel,
    controlled_workshop,
    month_workshop,
    open_rating,
    open_reschedule,
    remove_month,
    snooze,
)
from bot.listeners.actions.disputes import open_round2, open_settlement
from bot.listeners.actions.facilitating import close_round, export_record, remind, view_recommendation
from bot.listeners.actions.facilitator_click import clicked_workshop
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
    app.action(ActionId.HOME_START)(open_start_from_home)
    app.action(ActionId.DELETE_WORKSPACE)(confirm_delete)
    app.action(ActionId.CHECKIN_RATE)(open_rating)
    app.action(ActionId.HOME_VIEW_RECOMMENDATION)(view_recommendation)
    # The facilitator's own controls: anyone else is refused before the listener runs, in the
    # words the services would use ("Only the facilitator ... can <doing> this workshop").
    facilitator_only: dict[str, tuple[Callable[..., None], Locate, str]] = {
        ActionId.SETTLE_DISPUTES: (open_settlement, clicked_workshop, "settle"),
        ActionId.PREVIEW_POST: (post_preview, clicked_workshop, "post"),
        ActionId.PREVIEW_HOLD: (hold_preview, clicked_workshop, "hold back"),
        ActionId.HOME_CLOSE_ROUND: (close_round, clicked_workshop, "close"),
        ActionId.HOME_REMIND: (remind, clicked_workshop, "send reminders for"),
        ActionId.HOME_EXPORT: (export_record, clicked_workshop, "export"),
        ActionId.EXTEND_DEADLINE: (extend_deadline, clicked_workshop, "extend"),
        ActionId.REMIND_UNFINISHED: (remind_unfinished, clicked_workshop, "send reminders for"),
        ActionId.CHECKIN_SNOOZE: (snooze, controlled_workshop, "snooze check-ins of"),
        ActionId.CHECKIN_RESCHEDULE: (open_reschedule, controlled_workshop, "reschedule check-ins of"),
        ActionId.CHECKIN_CANCEL: (cancel, controlled_workshop, "cancel check-ins of"),
        ActionId.CHECKIN_ADD: (add_month, month_workshop, "add check-ins to"),
        ActionId.CHECKIN_REMOVE: (remove_month, month_workshop, "drop check-ins of"),
    }
    for action_id, (listener, locate, doing) in facilitator_only.items():
        app.action(action_id, middleware=[FacilitatorOnly(locate, doing)])(listener)

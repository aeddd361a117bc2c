from __future__ import annotations

from slack_bolt import App

from bot.blocks.ids import CallbackId
from bot.edge.facilitator_only import FacilitatorOnly
from bot.listeners.views.answers import save_closed_section, submit_section
from bot.listeners.views.checkins import rescheduled_workshop, submit_ratings, submit_reschedule
from bot.listeners.views.disputes import settled_workshop, submit_round2, submit_settlement
from bot.listeners.views.start import submit_channel, submit_roles, submit_start


def register(app: App) -> None:
    # The answer form first: it is most of what Slack sends (see `bot.listeners`).
    app.view(CallbackId.ANSWER)(submit_section)
    app.view_closed(CallbackId.ANSWER)(save_closed_section)
    app.view(CallbackId.START_CHANNEL)(submit_channel)
    app.view(CallbackId.START)(submit_start)
    app.view(CallbackId.START_ROLES)(submit_roles)
    app.view(CallbackId.ROUND2)(submit_round2)
    app.view(CallbackId.CHECKIN_RATINGS)(submit_ratings)
    # The facilitator's own forms: anyone else's submission is refused in the form itself.
    settling = FacilitatorOnly(settled_workshop, "settle questions in")
    app.view(CallbackId.FACILITATOR, middleware=[settling])(submit_settlement)
    rescheduling = FacilitatorOnly(rescheduled_workshop, "reschedule check-ins of")
    app.view(CallbackId.CHECKIN_RESCHEDULE, middleware=[rescheduling])(submit_reschedule)

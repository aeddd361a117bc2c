"""One handler per kind of scheduled item."""

from __future__ import annotations

from bot.scheduler.handlers.announcement_count import update_count
from bot.scheduler.handlers.checkin_open import open_checkin
from bot.scheduler.handlers.checkin_summary import summarise_checkin
from bot.scheduler.handlers.deadline import close_at_deadline
from bot.scheduler.handlers.invitations_told import tell_refused_invitations
from bot.scheduler.handlers.nudge import send_nudge
from bot.scheduler.handlers.preview_reminder import remind_of_preview
from bot.scheduler.handlers.retention import purge_expired
from bot.scheduler.handlers.send import send_post
from bot.scheduler.handlers.surfaces import refresh
from bot.scheduler.jobs import Handler
from bot.services.scheduling import ItemKind

HANDLERS: dict[str, Handler] = {
    ItemKind.ROUND_DEADLINE: close_at_deadline,
    ItemKind.NUDGE: send_nudge,
    ItemKind.CHECKIN_OPEN: open_checkin,
    ItemKind.CHECKIN_SUMMARY: summarise_checkin,
    ItemKind.PREVIEW_REMINDER: remind_of_preview,
    ItemKind.ANNOUNCEMENT_COUNT: update_count,
    ItemKind.RETENTION: purge_expired,
    ItemKind.SEND: send_post,
    ItemKind.SURFACES: refresh,
    ItemKind.INVITATIONS_TOLD: tell_refused_invitations,
}

"""Every action, callback and block id the app puts into Slack, in one place.

Builders, listener registration and tests all import these, so a renamed id cannot leave a
listener silently deaf. Ids that carry a subject (a question id, a Slack user id) are built with
`keyed` from a `Prefix` and split back with `split_keyed`; flow identifiers never contain the
separator, so the split is unambiguous.
"""

from __future__ import annotations

from enum import StrEnum

SEPARATOR = ":"


class CallbackId(StrEnum):
    START = "start_workshop"
    START_ROLES = "start_workshop_roles"
    START_CHANNEL = "start_workshop_channel"
    ANSWER = "answer_section"
    ROUND2 = "round2_review"
    FACILITATOR = "facilitator_settle"
    NOTICE = "notice"  # a view with nothing to submit (declined, round closed)
    CHECKIN_RATINGS = "checkin_ratings"
    CHECKIN_RESCHEDULE = "checkin_reschedule"


class ActionId(StrEnum):
    # Buttons in messages and App Home. Their `value` is the workshop id.
    ANSWER_NOW = "answer_now"
    DECLINE = "decline"
    REVIEW_DISPUTES = "review_disputes"
    SETTLE_DISPUTES = "settle_disputes"
    HOME_CONTINUE = "home_continue"
    HOME_START = "home_start"
    HOME_CLOSE_ROUND = "home_close_round"
    HOME_REMIND = "home_remind"
    HOME_EXPORT = "home_export"
    HOME_VIEW_RECOMMENDATION = "home_view_recommendation"  # a link button: the click only needs an ack
    DELETE_WORKSPACE = "delete_workspace"
    PREVIEW_POST = "preview_post"  # the facilitator lets the channel see the recommendation
    PREVIEW_HOLD = "preview_hold"  # "Not yet"
    EXTEND_DEADLINE = "extend_deadline"
    REMIND_UNFINISHED = "remind_unfinished"
    # Start modal inputs.
    CHANNEL = "start_channel"
    FLOW = "start_flow"
    STAKEHOLDERS = "start_stakeholders"
    DEADLINE = "start_deadline"
    ANONYMITY = "start_anonymity"
    CHECKINS = "start_checkins"
    PREVIEW = "start_preview"
    ROLE = "start_role"
    # Question inputs: one action id for all, the block id says which question.
    ANSWER = "answer"
    DONT_KNOW = "dont_know"  # the "Don't know" box beside a number question that offers it
    REASON = "reason"
    LEAVE_OPEN = "leave_open"
    RATIONALE = "rationale"
    # Check-ins. Buttons carry the check-in id; the add/remove selects carry "workshop:months".
    CHECKIN_RATE = "checkin_rate"
    CHECKIN_SNOOZE = "checkin_snooze"
    CHECKIN_RESCHEDULE = "checkin_reschedule"
    CHECKIN_CANCEL = "checkin_cancel"
    CHECKIN_ADD = "checkin_add"
    CHECKIN_REMOVE = "checkin_remove"
    CHECKIN_DATE = "checkin_date"
    RATING = "rating"  # one for all criteria, the block id says which
    RATING_NOTE = "rating_note"


class BlockId(StrEnum):
    CHANNEL = "start_channel"
    FLOW = "start_flow"
    STAKEHOLDERS = "start_stakeholders"
    DEADLINE = "start_deadline"
    ANONYMITY = "start_anonymity"
    CHECKINS = "start_checkins"
    PREVIEW = "start_preview"
    INVITE_ACTIONS = "invite_actions"
    PREVIEW_ACTIONS = "preview_actions"
    ROUND2_ACTIONS = "round2_actions"
    SETTLE_ACTIONS = "settle_actions"
    REMINDER_ACTIONS = "reminder_actions"
    DELETE_ACTIONS = "delete_actions"
    HOME_START = "home_start"
    CHECKIN_ACTIONS = "checkin_actions"
    CHECKIN_RATE_ACTIONS = "checkin_rate_actions"
    CHECKIN_DATE = "checkin_date"
    WITHHELD_ACTIONS = "withheld_actions"


class Prefix(StrEnum):
    QUESTION = "q"  # answer input for a question (round 1, round 2, facilitator)
    DONT_KNOW = "dk"  # round 1: the "Don't know" box of a number question
    REASON = "why"  # round-2 reason for keeping or revising an answer
    SECTION_REASON = "swhy"  # round 1: the optional reason for a section's answers (keyed by section id)
    LEAVE_OPEN = "open"  # facilitator: leave this dispute open
    RATIONALE = "rat"  # facilitator: rationale for the decision
    ROLE = "role"  # start modal step 2: the role of one invitee (keyed by Slack user id)
    WORKSHOP = "ws"  # App Home rows (keyed by workshop id)
    CRITERION = "crit"  # check-in form: the rating of one success criterion
    NOTE = "note"  # check-in form: the note on one success criterion
    CHECKIN = "ci"  # `/hiring checkin`: the controls of one check-in (keyed by check-in id)
    HOME_CONTROLS = "wsctl"  # App Home: a facilitated workshop's buttons (keyed by workshop id)


def keyed(prefix: Prefix, key: str | int) -> str:
    return f"{prefix}{SEPARATOR}{key}"


def split_keyed(block_id: str) -> tuple[Prefix, str] | None:
    """The prefix and key of a keyed id, or None for an id that is not keyed by us."""
    head, sep, key = block_id.partition(SEPARATOR)
    if not sep or not key:
        return None
    try:
        return Prefix(head), key
    except ValueError:
        return None


def is_known_id(value: str) -> bool:
    """True for any id this module can produce; tests use it to catch ids made up elsewhere."""
    known = {*CallbackId, *ActionId, *BlockId}
    return value in known or split_keyed(value) is not None

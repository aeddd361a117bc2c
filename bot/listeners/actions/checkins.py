"""Check-in buttons: "Rate now" for the panel; snooze, reschedule, cancel, add and drop for the
facilitator (or a workspace admin), refused to everyone else with who can do it instead before their
listener runs (`bot.edge.facilitator_only`, with `controlled_workshop` and `month_workshop`)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.blocks.checkin import CheckInMeta, checkins_message, closed_view, rating_modal, reschedule_modal
from bot.blocks.common import slack_date
from bot.edge.payloads import BlockAction
from bot.edge.units import reply_after_commit, unit_of_work
from bot.services.checkins import CheckInService
from bot.services.guards import require_participant
from bot.services.workshops import WorkshopService
from bot.workflows.checkins import checkin_plan, checkin_view, news_thread, write_news
from flows.errors import WorkshopError
from storage.models import CheckIn, CheckInStatus, Workshop

MAX_DIGITS = 9


def open_rating(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    with unit_of_work(context) as (_, workshops):
        ack()
        action = BlockAction.parse(body)
        team_id = action.team.id if action.team else ""
        checkins = checkins_of(workshops)
        checkin = checkins.get(team_id, _number(action.action.value, "check-in"))
        workshop = workshops.get(team_id, checkin.workshop_id)
        person = require_participant(workshop, workshops.participant(workshop.id, action.user.id))
        if checkin.status is not CheckInStatus.OPEN or checkin.option_id is None:
            client.views_open(trigger_id=action.trigger_id, view=closed_view(not_open_text(checkin)))
            return
        view = checkin_view(workshops, workshop, checkin, checkin.option_id)
        given = checkins.ratings(checkin.id, person.id).values()
        current = {r.criterion_id: (str(r.rating), r.note) for r in given}
        meta = CheckInMeta(checkin_id=checkin.id, team_id=team_id)
        client.views_open(trigger_id=action.trigger_id, view=rating_modal(view, current, meta))


def snooze(ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
    with unit_of_work(context) as (session, workshops):
        ack()
        action, checkin, workshop = _controlled(body, workshops)
        thread = news_thread(session, workshops, workshop, checkin)
        checkins_of(workshops).snooze(workshop, checkin)
        write_news(
            session,
            workshops,
            workshop,
            checkin,
            thread,
            f"<@{action.user.id}> snoozed the {checkin.months}-month check-in of workshop #{workshop.id} "
            f"by a week; it is now due {slack_date(checkin.due_at)}.",
        )


def open_reschedule(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    with unit_of_work(context) as (_, workshops):
        ack()
        action, checkin, workshop = _controlled(body, workshops)
        meta = CheckInMeta(checkin_id=checkin.id, team_id=workshop.team_id)
        view = reschedule_modal(checkin.months, checkin.due_at.date(), meta)
        client.views_open(trigger_id=action.trigger_id, view=view)


def cancel(ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
    with unit_of_work(context) as (session, workshops):
        ack()
        action, checkin, workshop = _controlled(body, workshops)
        thread = news_thread(session, workshops, workshop, checkin)
        checkins_of(workshops).cancel(checkin)
        write_news(
            session,
            workshops,
            workshop,
            checkin,
            thread,
            f"<@{action.user.id}> cancelled the {checkin.months}-month check-in of workshop #{workshop.id}. "
            "Ratings already given are kept.",
        )


def add_month(ack: Ack, body: dict[str, Any], respond: Respond, context: BoltContext) -> None:
    with unit_of_work(context) as (session, workshops):
        ack()
        workshop, months = _month_choice(body, workshops)
        checkins_of(workshops).add(workshop, months)
        _refresh_card(session, respond, workshops, workshop)


def remove_month(ack: Ack, body: dict[str, Any], respond: Respond, context: BoltContext) -> None:
    with unit_of_work(context) as (session, workshops):
        ack()
        workshop, months = _month_choice(body, workshops)
        checkins_of(workshops).drop_planned(workshop, months)
        _refresh_card(session, respond, workshops, workshop)


def checkins_of(workshops: WorkshopService) -> CheckInService:
    """The check-ins of the listener's unit of work: the same session and clock as its workshops."""
    return CheckInService(workshops.scope)


def not_open_text(checkin: CheckIn) -> str:
    if checkin.status is CheckInStatus.SUMMARISED:
        return f"The {checkin.months}-month check-in is finished: its summary is in the channel."
    if checkin.status is CheckInStatus.CANCELLED:
        return f"The {checkin.months}-month check-in was cancelled, so it takes no ratings."
    return f"The {checkin.months}-month check-in opens {slack_date(checkin.due_at)}; rate it then."


def controlled_workshop(body: dict[str, Any], workshops: WorkshopService) -> Workshop:
    """The workshop of the check-in a snooze, reschedule or cancel button is for."""
    return _controlled(body, workshops)[2]


def month_workshop(body: dict[str, Any], workshops: WorkshopService) -> Workshop:
    """The workshop a check-in month added or dropped is for."""
    return _chosen(body, workshops)[0]


def _controlled(body: dict[str, Any], workshops: WorkshopService) -> tuple[BlockAction, CheckIn, Workshop]:
    action = BlockAction.parse(body)
    team_id = action.team.id if action.team else ""
    checkin = checkins_of(workshops).get(team_id, _number(action.action.value, "check-in"))
    return action, checkin, workshops.get(team_id, checkin.workshop_id)


def _month_choice(body: dict[str, Any], workshops: WorkshopService) -> tuple[Workshop, int]:
    workshop, months = _chosen(body, workshops)
    return workshop, _number(months, "number of months")


def _chosen(body: dict[str, Any], workshops: WorkshopService) -> tuple[Workshop, str]:
    """The workshop and the months as chosen ("12:6"); the months are read only once the check let
    the person through, so anyone else is refused before being told the choice made no sense."""
    action = BlockAction.parse(body)
    team_id = action.team.id if action.team else ""
    chosen = action.action.selected_option.value if action.action.selected_option else ""
    workshop_id, _, months = chosen.partition(":")
    return workshops.get(team_id, _number(workshop_id, "workshop")), months


def _refresh_card(session: Session, respond: Respond, workshops: WorkshopService, workshop: Workshop) -> None:
    """The card as the change left it, shown once the change has committed."""
    first, *_ = checkins_message([checkin_plan(workshops, checkins_of(workshops), workshop)])
    reply_after_commit(
        session, lambda: respond(**first.to_dict(), response_type="ephemeral", replace_original=True)
    )


def _number(value: str | None, what: str) -> int:
    # ASCII digits only (str.isdigit accepts "²"), and few enough to fit the database's integers.
    if value is None or not (value.isascii() and value.isdigit()) or len(value) > MAX_DIGITS:
        raise WorkshopError(
            f"The control did not say which {what} it is for.",
            "Type `/hiring checkin` in the workshop's channel and use the controls there.",
        )
    return int(value)

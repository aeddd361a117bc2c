"""The facilitator's own buttons and forms let through only the facilitator or a workspace admin
(`bot.edge.facilitator_only`): anyone else is told why, in the words the services use, before the
listener runs, and nothing stored changes; an admin who is not the facilitator acts as an admin."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bot.blocks.ids import ActionId, CallbackId, Prefix, keyed, split_keyed
from bot.blocks.metadata import FacilitatorMeta
from bot.sandbox import Delivery
from bot.sandbox.transport import INTERACTIVE
from storage.models import Workshop, WorkshopStatus
from tests.bot.conftest import CHANNEL, TEAM, Workspace
from tests.bot.faults.handmade import click_payload, forged_submission
from tests.bot.faults.replay import UNEXPECTED
from tests.bot.scenario import open_form
from tests.bot.scheduler.conftest import TRIO, answered, deciding, status
from tests.bot.security.told import acknowledgement_text, told_after

ASK = "Ask them, or a workspace admin, to do it."


def click(ws: Workspace, user: str, action_id: str, workshop: Workshop) -> Delivery:
    """`user` clicks the facilitator's button for the workshop, as if it were in front of them."""
    payload = click_payload(ws.sandbox, TEAM, user, CHANNEL, action_id, str(workshop.id))
    return ws.sandbox.deliver(INTERACTIVE, payload, accepts_response_payload=False)


def submit_settle_form(ws: Workspace, user: str, workshop: Workshop) -> Delivery:
    """`user` submits a settle form for the workshop, nothing typed in."""
    meta = FacilitatorMeta(workshop_id=workshop.id, team_id=TEAM).model_dump_json()
    payload = forged_submission(ws.sandbox, TEAM, user, CallbackId.FACILITATOR, meta)
    return ws.sandbox.deliver(INTERACTIVE, payload, accepts_response_payload=True)


def attempted(ws: Workspace, user: str, attempt: Callable[[], Delivery]) -> tuple[Delivery, str, list[str]]:
    """The attempt, made by `user`: its delivery, what they were told, and whatever else changed."""
    made: list[Delivery] = []

    def make() -> Delivery:
        made.append(attempt())
        return made[0]

    told, changed = told_after(ws, TEAM, user, make)
    return made[0], told, changed


def no_tracebacks(caplog: pytest.LogCaptureFixture) -> bool:
    return not [record for record in caplog.records if record.exc_info]


def test_a_participant_clicking_close_round_is_refused_and_nothing_changes(
    acme: Workspace, caplog: pytest.LogCaptureFixture
) -> None:
    workshop = answered(acme)

    delivery, told, changed = attempted(
        acme, "U_CEO", lambda: click(acme, "U_CEO", ActionId.HOME_CLOSE_ROUND, workshop)
    )

    assert delivery.acknowledged
    assert told.count(f"Only the facilitator <@U_FAC> can close this workshop.\n{ASK}") == 1
    assert UNEXPECTED not in told and no_tracebacks(caplog)
    assert changed == []
    assert status(acme, workshop) is WorkshopStatus.COLLECTING


def test_the_facilitator_closes_the_round_from_the_app_home(acme: Workspace) -> None:
    workshop = answered(acme)
    acme.facilitator.open_home()
    acme.bot.settle()

    acme.facilitator.click(ActionId.HOME_CLOSE_ROUND, home=True)
    acme.bot.settle()

    assert status(acme, workshop) is WorkshopStatus.DECIDED


def test_a_workspace_admin_who_is_not_the_facilitator_closes_the_round(acme: Workspace) -> None:
    workshop = answered(acme)

    delivery, told, _ = attempted(
        acme, "U_ADMIN", lambda: click(acme, "U_ADMIN", ActionId.HOME_CLOSE_ROUND, workshop)
    )

    assert delivery.acknowledged and "Only the facilitator" not in told
    # The service's own guard let them through too: the middleware told it they act as an admin.
    assert status(acme, workshop) is WorkshopStatus.DECIDED


def test_a_participant_is_refused_the_settle_button_and_form(
    acme: Workspace, caplog: pytest.LogCaptureFixture
) -> None:
    workshop = deciding(acme, *TRIO)

    click_delivery, told, changed = attempted(
        acme, "U_CEO", lambda: click(acme, "U_CEO", ActionId.SETTLE_DISPUTES, workshop)
    )
    assert click_delivery.acknowledged and changed == []
    assert told.count(f"Only the facilitator <@U_FAC> can settle this workshop.\n{ASK}") == 1

    form_delivery, told, changed = attempted(
        acme, "U_CEO", lambda: submit_settle_form(acme, "U_CEO", workshop)
    )
    refusal = f"Only the facilitator <@U_FAC> can settle questions in this workshop.\n{ASK}"
    # A form is refused in the form itself: the refusal is its acknowledgement, told once.
    assert form_delivery.acknowledged and refusal in acknowledgement_text(form_delivery.response)
    assert told.count(refusal) == 1 and changed == []
    assert no_tracebacks(caplog) and status(acme, workshop) is WorkshopStatus.DECIDING


def test_the_facilitator_and_a_workspace_admin_settle_disputes(acme: Workspace) -> None:
    workshop = deciding(acme, *TRIO)

    prompt = next(m for m in reversed(acme.facilitator.dm()) if "disputes need your decision" in m.text)
    acme.facilitator.click(ActionId.SETTLE_DISPUTES, in_message=(prompt.channel_id, prompt.ts))
    assert open_form(acme, "U_FAC", CallbackId.FACILITATOR).blocks

    click(acme, "U_ADMIN", ActionId.SETTLE_DISPUTES, workshop)
    form = open_form(acme, "U_ADMIN", CallbackId.FACILITATOR)
    delivery = acme.person("U_ADMIN").submit(form.id, every_dispute_left_open(form.blocks))
    acme.bot.settle()

    assert delivery.acknowledged and not delivery.errors, delivery.errors
    # Settled by the admin: the service's guard took the middleware's word that they act as one.
    assert status(acme, workshop) is WorkshopStatus.DECIDED


def every_dispute_left_open(blocks: list[dict[str, object]]) -> dict[str, object]:
    """A settle form's answers: each disputed question left open on purpose, with a reason."""
    values: dict[str, object] = {}
    for block in blocks:
        key = split_keyed(str(block.get("block_id", "")))
        if key is not None and key[0] is Prefix.LEAVE_OPEN:
            element = block["element"]
            assert isinstance(element, dict)
            values[str(block["block_id"])] = [element["options"][0]["value"]]
            values[keyed(Prefix.RATIONALE, key[1])] = "We test this in the final interviews."
    return values

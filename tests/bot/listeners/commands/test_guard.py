"""`/hiring`'s facilitator-only subcommands let through only the facilitator or a workspace admin
(`bot.listeners.commands.guard`), as the facilitator's buttons do: anyone else is refused in the
command's acknowledgement, before the listener runs, and nothing stored changes; the subcommands
anyone may use, and text that does not parse, go on to the listener as before."""

from __future__ import annotations

import pytest

from bot.sandbox import Delivery
from storage.models import WorkshopStatus
from tests.bot.conftest import CHANNEL, TEAM, Workspace
from tests.bot.faults.replay import UNEXPECTED
from tests.bot.scheduler.conftest import answered, status
from tests.bot.security.told import acknowledgement_text, told_after

REFUSAL = "Only the facilitator <@U_FAC> can close this workshop.\nAsk them, or a workspace admin, to do it."


def typed(ws: Workspace, user: str, text: str) -> tuple[Delivery, list[str], list[str]]:
    """`user` types `/hiring text` in the workshop's channel: the delivery, the ephemerals it brought
    them, and whatever else changed."""
    made: list[Delivery] = []
    seen = len(ws.ephemeral_text(user))

    def make() -> Delivery:
        made.append(ws.person(user).slash("/hiring", text, channel=CHANNEL))
        return made[0]

    _, changed = told_after(ws, TEAM, user, make)
    return made[0], ws.ephemeral_text(user)[seen:], changed


def test_a_participant_typing_close_is_refused_before_the_listener_and_nothing_changes(
    acme: Workspace, caplog: pytest.LogCaptureFixture
) -> None:
    workshop = answered(acme)

    delivery, shown, changed = typed(acme, "U_CEO", f"close {workshop.id}")

    # The refusal is the acknowledgement itself: the listener, which acknowledges first with
    # nothing, never ran. The person sees it once, as an ephemeral.
    assert delivery.acknowledged and not delivery.ack_problems
    assert REFUSAL in acknowledgement_text(delivery.response)
    assert isinstance(delivery.response, dict) and delivery.response["response_type"] == "ephemeral"
    assert len(shown) == 1 and REFUSAL in shown[0] and UNEXPECTED not in shown[0]
    assert changed == []
    assert status(acme, workshop) is WorkshopStatus.COLLECTING
    assert not [record for record in caplog.records if record.exc_info]


def test_a_workspace_admin_who_is_not_the_facilitator_closes_the_round(acme: Workspace) -> None:
    workshop = answered(acme)

    delivery, shown, _ = typed(acme, "U_ADMIN", f"close {workshop.id}")

    assert delivery.acknowledged and delivery.response is None
    assert f"Closed round 1 of workshop #{workshop.id}." in shown
    # The service's own guard let them through too: the check told the handler they act as an admin.
    assert status(acme, workshop) is WorkshopStatus.DECIDED


def test_anyone_may_use_the_other_subcommands_and_bad_text_is_answered_by_the_listener(
    acme: Workspace,
) -> None:
    workshop = answered(acme)

    _, shown, _ = typed(acme, "U_CEO", "status")
    assert shown and f"#{workshop.id}" in shown[-1] and "Only the facilitator" not in shown[-1]

    delivery, shown, changed = typed(acme, "U_CEO", "close twelve")
    assert "takes one workshop number, but got 'twelve'" in acknowledgement_text(delivery.response)
    assert len(shown) == 1 and changed == []
    assert status(acme, workshop) is WorkshopStatus.COLLECTING

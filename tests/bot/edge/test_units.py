"""Each listener's unit of work has a session of its own, closed when it is done, and a failure after
the acknowledgement reaches the person while Slack still gets the acknowledgement (`bot.edge.units`)."""

from __future__ import annotations

from sqlalchemy.pool import QueuePool

from tests.bot.conftest import CHANNEL, Workspace

NOT_FOUND = "Workshop 999 was not found in this workspace."


def no_connection_held(ws: Workspace) -> bool:
    pool = ws.bot.runtime.engine.pool
    assert isinstance(pool, QueuePool)  # on both databases (`storage.db`)
    return pool.checkedout() == 0


def test_a_failure_after_the_acknowledgement_is_told_and_its_session_closed(workspace: Workspace) -> None:
    delivery = workspace.facilitator.slash("/hiring", "checkin 999", channel=CHANNEL)
    workspace.bot.settle()

    assert delivery.acknowledged and delivery.response is None
    assert any(NOT_FOUND in text for text in workspace.ephemeral_text())
    assert no_connection_held(workspace)

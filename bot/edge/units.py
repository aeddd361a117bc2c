"""Each listener's unit of work: a database session of its own, opened here, committed here once
when the listener finishes cleanly (with the posts it wrote to the outbox, which go out after that
commit) and rolled back when it fails; and a failure after the acknowledgement told to the person
here rather than handed to Bolt.

Why not a middleware: Bolt's (sync) middleware chain has finished, `next()` and all, before the
listener is even picked (`next()` only tells the chain to go on), and the listener then runs on the
listener pool, so a middleware can neither close a session after it nor catch its failure.

Why a failure after the acknowledgement is not handed to Bolt: Bolt treats a listener's exception
the same whether or not it had acknowledged. It resets the acknowledgement from the listener's
thread while the request's thread may be sending it, and Slack then gets nothing for 3 s and a 404,
and shows the person its own error beside ours. A failure before the acknowledgement does go to
Bolt, whose error handler (`bot.edge.errors`) turns it into the acknowledgement.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from slack_bolt import Ack, BoltContext
from sqlalchemy.orm import Session

from bot.edge.errors import render_error
from bot.process.runtime import Runtime
from bot.services.workshops import WorkshopService

# Where `Session.info` keeps the replies to send once the unit of work has committed.
REPLIES = "replies_after_commit"


@contextmanager
def unit_of_work(context: BoltContext) -> Iterator[tuple[Session, WorkshopService]]:
    """A session of the listener's own and the service over it: committed when the listener returns,
    rolled back when it raises (and a failure after the acknowledgement is told)."""
    runtime: Runtime = context["runtime"]
    with told_after_ack(context):
        with runtime.sessions() as session:
            yield session, runtime.service(session)
            session.commit()
            replies = session.info.pop(REPLIES, [])
        # With the session closed: a reply that needs the database opens a unit of its own.
        for reply in replies:
            reply()


def ack_after_commit(session: Session, ack: Ack, **response: Any) -> None:
    """Acknowledge once the unit of work has committed: a process that dies before then leaves the
    request unanswered, so Slack sends it again rather than it being silently lost."""
    reply_after_commit(session, lambda: ack(**response))


def afterwards(
    context: BoltContext, session: Session, work: Callable[[Session, WorkshopService], object]
) -> None:
    """Once this unit of work has committed, do `work` in a unit of work of its own: what must see
    this one's changes committed, such as whether everyone has now answered (two last answers
    committing side by side would each miss the other's)."""

    def in_own_unit() -> None:
        with unit_of_work(context) as (later, workshops):
            work(later, workshops)

    reply_after_commit(session, in_own_unit)


def reply_after_commit(session: Session, reply: Callable[[], object]) -> None:
    """Run `reply` (a response to the person who acted, showing what they changed) once the unit of
    work has committed, so nobody is shown a change that was then rolled back. Posts for others go
    through the outbox instead."""
    session.info.setdefault(REPLIES, []).append(reply)


@contextmanager
def told_after_ack(context: BoltContext) -> Iterator[None]:
    """For work without the database: a failure after the acknowledgement goes to the person."""
    try:
        yield
    except Exception as error:
        if context.ack.response is None:
            raise
        # The body only shapes an acknowledgement, and this one is gone.
        render_error(error, {}, context, context.client, context.respond, None, context.logger)

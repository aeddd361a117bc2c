"""Doing a Slack post once, across retries, instances and crashes.

The column that will hold the posted message's ts is first set to a claim by a conditional UPDATE:
only the request whose update changed the row posts. A claim reads `pending:<epoch>:<owner>`, the
owner naming the process that made it: its host (a short hash of the name), its pid and when it
started. A claim may be taken over when its maker is known to be dead, which only a process on the
same host can tell: that pid is gone, or it is this process's own pid from an earlier start (a
container restarted). Nobody can tell that of a process on another host, so its claims are taken
over only once older than the lease, which outlasts any post. So a restarted bot finishes what its
predecessor left at once, and several instances never take a live one's post from it.
"""

from __future__ import annotations

import hashlib
import os
import socket
import time

from sqlalchemy import or_, select, update
from sqlalchemy.orm import InstrumentedAttribute, Session

from bot.process.liveness import is_running
from storage.base import rowcount

PREFIX = "pending:"
LEASE_SECONDS = 120
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def _base36(number: int) -> str:
    text = ""
    while True:
        number, digit = divmod(number, 36)
        text = _DIGITS[digit] + text
        if number == 0:
            return text


HOST = hashlib.sha256(socket.gethostname().encode()).hexdigest()[:3]
# Host, pid, and the start time to the second modulo 36**4 (19 days): at most 32 characters in all,
# the width of the columns that hold claims.
OWNER = f"{HOST}{_base36(os.getpid())}.{_base36(int(time.time()) % 36**4):0>4}"


def is_claim(value: str | None) -> bool:
    return value is not None and value.startswith(PREFIX)


def claim(
    session: Session, column: InstrumentedAttribute[str | None], row_id: int, *, now: float | None = None
) -> bool:
    """True when this caller now owns the post; commits, so other instances see the claim at once."""
    moment = int(now if now is not None else time.time())
    model = column.class_
    stale = f"{PREFIX}{moment - LEASE_SECONDS:010d}"
    takeable = or_(column.is_(None), (column.startswith(PREFIX)) & (column < stale))
    current = session.scalar(select(column).where(model.id == row_id))
    if current is not None and is_claim(current) and maker_is_gone(current):
        takeable = or_(takeable, column == current)
    won = rowcount(
        session.execute(
            update(model)
            .where(model.id == row_id, takeable)
            .values({column.key: f"{PREFIX}{moment:010d}:{OWNER}"})
        )
    )
    session.commit()
    return bool(won)


def maker_is_gone(claim_value: str) -> bool:
    """Whether the process that made the claim is certainly no longer running."""
    owner = claim_value[len(PREFIX) + 11 :]  # after "pending:<10-digit epoch>:"
    if owner[:3] != HOST or owner == OWNER:
        return False  # another host's (only the lease can tell), or this very process's
    pid_text, _, _ = owner[3:].partition(".")
    try:
        pid = int(pid_text, 36)
    except ValueError:
        return False
    return pid == os.getpid() or not is_running(pid)


def settle(
    session: Session,
    column: InstrumentedAttribute[str | None],
    row_id: int,
    value: str | None,
    **also: object,
) -> None:
    """Record the posted ts (or None to let a later attempt post) in place of the claim."""
    model = column.class_
    session.execute(update(model).where(model.id == row_id).values({column.key: value, **also}))
    session.commit()

"""Slack's retries and people's double clicks, as the fault tests make them, and the duplicates they
must never leave behind."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import func, select

from bot.sandbox import Delivery, Sandbox
from bot.sandbox.transport import INTERACTIVE, SLASH_COMMANDS
from storage.models import Answer, Participant, ScheduledItem, Workshop
from tests.bot.conftest import CHANNEL, PANEL, Workspace
from tests.figures import Figures

RETRY_ATTEMPTS = (1, 2, 3)
# The generic message a person gets when the bot failed in a way it did not expect.
UNEXPECTED = "Something went wrong on our side"


def takes_a_reply(delivery: Delivery) -> bool:
    """Whether Slack waits for a body in the acknowledgement (slash commands and form submissions)."""
    if delivery.kind == SLASH_COMMANDS:
        return True
    return delivery.kind == INTERACTIVE and (delivery.payload or {}).get("type") == "view_submission"


@dataclass
class Replayer:
    """Sends every delivery made since the last call again, three times, as Slack's retries."""

    sandbox: Sandbox
    seen: int = 0
    replayed: list[Delivery] = field(default_factory=list)

    def replay_new(self) -> None:
        originals = self.sandbox.deliveries[self.seen :]
        for original in originals:
            assert original.payload is not None
            for attempt in RETRY_ATTEMPTS:
                self.replayed.append(
                    self.sandbox.deliver(
                        original.kind,
                        original.payload,
                        accepts_response_payload=takes_a_reply(original),
                        retry_attempt=attempt,
                        retry_reason="http_timeout",
                    )
                )
        self.seen = len(self.sandbox.deliveries)


def stored_counts(ws: Workspace) -> dict[str, int]:
    with ws.bot.runtime.sessions() as session:
        return {
            model.__tablename__: session.scalar(select(func.count()).select_from(model)) or 0
            for model in (Workshop, Participant, Answer, ScheduledItem)
        }


def answer_revisions(ws: Workspace) -> Counter[tuple[int, str, int]]:
    """How many stored revisions each (participant, question, round) has."""
    with ws.bot.runtime.sessions() as session:
        rows = session.execute(select(Answer.participant_id, Answer.question_id, Answer.round)).all()
    return Counter((p, q, r) for p, q, r in rows)


def repeated(texts: list[str]) -> list[str]:
    return [text[:80] for text, n in Counter(texts).items() if n > 1]


def everything_posted(ws: Workspace) -> dict[str, list[str]]:
    """What each place shows now, by place: the channel, each DM, each person's ephemerals."""
    places = {"channel": [m.readable_text() for m in ws.sandbox.messages(CHANNEL)]}
    for user in ["U_FAC", *PANEL]:
        person = ws.person(user)
        places[f"dm {user}"] = [m.readable_text() for m in person.dm()]
        places[f"ephemeral {user}"] = [e.readable_text() for e in person.ephemerals()]
    return places


def record_replays(figures: Figures, replays: list[Delivery]) -> None:
    figures("requests replayed", len(replays))
    for delivery in replays:
        kind = (delivery.payload or {}).get("type") if delivery.kind == INTERACTIVE else None
        figures.add(f"replayed: {kind or delivery.kind}")
    figures("retries acknowledged", sum(delivery.acknowledged for delivery in replays))


def extra_copies(counts: Counter) -> int:
    return sum(n - 1 for n in counts.values() if n > 1)


def assert_nothing_doubled(ws: Workspace, figures: Figures | None = None) -> None:
    posted = everything_posted(ws)
    revisions = answer_revisions(ws)
    if figures is not None:
        figures.add("posts checked for duplicates", sum(len(texts) for texts in posted.values()))
        figures.add("stored answers checked for duplicates", sum(revisions.values()))
        copies = sum(extra_copies(Counter(texts)) for texts in posted.values()) + extra_copies(revisions)
        figures.add("duplicates found", copies)
    doubled = {place: repeated(texts) for place, texts in posted.items() if repeated(texts)}
    assert not doubled, f"posted more than once: {doubled}"
    many = {key: n for key, n in revisions.items() if n > 1}
    assert not many, f"answers stored more than once: {many}"
    shown = "\n".join(ws.sandbox.everything_shown())
    assert UNEXPECTED not in shown, "a retry or a double click made the bot fail"

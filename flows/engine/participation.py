"""Who took part, and how much of what they were shown they answered."""

from __future__ import annotations

from flows.engine.ballots import Ballots
from flows.engine.model import Participation
from flows.engine.visibility import visible_questions
from flows.schema import Flow


def participation_of(flow: Flow, ballots: Ballots) -> Participation:
    """`completeness` is the share of required, visible questions answered, over every invited
    member: a member who declined or never started counts with all their questions unanswered."""
    answering = [b for b in ballots.effective if b.answers]
    seen_by_silent = sum(1 for q in visible_questions(flow, {}) if q.required)
    required_seen = required_answered = 0
    for ballot in ballots.effective:
        required = [q for q in ballot.visible if q.required]
        required_seen += len(required)
        required_answered += sum(1 for q in required if q.id in ballot.answers)
    declined = sum(1 for m in ballots.members if m.declined)
    required_seen += declined * seen_by_silent
    present = {b.member.role for b in answering}
    return Participation(
        invited=len(ballots.members),
        answered=len(answering),
        declined=declined,
        completeness=_completeness(required_answered, required_seen, bool(ballots.members)),
        roles_missing=[role for role in flow.requires.roles if role not in present],
    )


def _completeness(answered: int, seen: int, anyone_invited: bool) -> float:
    if seen == 0:  # nothing required was shown to anyone: complete, if there was anyone to ask
        return 1.0 if anyone_invited else 0.0
    return answered / seen

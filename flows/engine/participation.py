"""Who took part, and how much of what they were shown they answered."""

from __future__ import annotations

from flows.engine.answers import is_dont_know
from flows.engine.ballots import Ballots, weighing_ids
from flows.engine.model import Participation
from flows.engine.visibility import visible_questions
from flows.schema import Flow


def participation_of(flow: Flow, ballots: Ballots) -> Participation:
    """`completeness` is the share of required, visible questions answered ("don't know" counts as
    an answer), over every invited member: a member who declined or never started counts with all
    their questions unanswered. `coverage` is the same over the weight-bearing questions, counting
    only answers that can weigh ("don't know" does not). Quorum and required roles count the members
    present: those with a weight-bearing answer."""
    answering = [b for b in ballots.effective if b.answers]
    weighs = weighing_ids(flow)
    shown_to_silent = visible_questions(flow, {})
    required_by_silent = sum(1 for q in shown_to_silent if q.required)
    weighing_by_silent = sum(1 for q in shown_to_silent if q.carries_weight)
    required_seen = required_answered = weighing_seen = weighing_in = 0
    for ballot in ballots.effective:
        required = [q for q in ballot.visible if q.required]
        required_seen += len(required)
        required_answered += sum(1 for q in required if q.id in ballot.answers)
        weighing = [q for q in ballot.visible if q.id in weighs]
        weighing_seen += len(weighing)
        given = [ballot.answers[q.id] for q in weighing if q.id in ballot.answers]
        weighing_in += sum(1 for value in given if not is_dont_know(value))
    declined = sum(1 for m in ballots.members if m.declined)
    required_seen += declined * required_by_silent
    weighing_seen += declined * weighing_by_silent
    present = {b.member.role for b in ballots.effective if b.present}
    anyone = bool(ballots.members)
    return Participation(
        invited=len(ballots.members),
        answered=len(answering),
        declined=declined,
        completeness=_share(required_answered, required_seen, anyone),
        roles_missing=[role for role in flow.requires.roles if role not in present],
        present=sum(1 for b in ballots.effective if b.present),
        coverage=_share(weighing_in, weighing_seen, anyone),
    )


def _share(answered: int, seen: int, anyone_invited: bool) -> float:
    if seen == 0:  # nothing was shown to anyone: complete, if there was anyone to ask
        return 1.0 if anyone_invited else 0.0
    return answered / seen

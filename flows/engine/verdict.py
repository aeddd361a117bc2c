"""Whether there is a recommendation at all. No evidence, no recommendation:

- everyone invited declined;
- fewer members present (with an answer that can weigh on the decision) than the flow's quorum;
- a required role has no member present (free text alone, or only "don't know", is not presence);
- no weight-bearing question has `min_answers` answers that can weigh;
- the answers give no option any evidence at all (every score is 0).

And a tie at the top (shares equal within a hair of float noise) is a tie, never settled by the
order the flow lists its options in.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from flows.engine.model import Participation, SensitivityCase, Thresholds
from flows.engine.sensitivity import SINGLE_SWITCH
from flows.engine.text import listed, percent
from flows.schema import ROLES, Flow

MAX_TIE_BREAKERS = 5
NO_OPTION_FAVOURED = "The answers so far give no option any evidence."


def blockers(flow: Flow, participation: Participation) -> list[str]:
    """The required roles and quorum sentences: who has yet to take part."""
    if participation.invited and participation.declined == participation.invited:
        return [f"All {participation.invited} invited members declined."]
    blocked: list[str] = []
    present, quorum = participation.present, flow.requires.quorum
    if present < quorum:
        if present == 0:
            blocked.append(
                "No one has answered a question that weighs on the decision; "
                f"the flow needs at least {quorum}."
            )
        else:
            blocked.append(
                f"Only {present} member{'' if present == 1 else 's'} answered a question that weighs on the "
                f"decision; the flow needs at least {quorum}."
            )
    blocked += [
        f"No one in the required role {ROLES.get(role, role)} has answered a question that weighs on "
        "the decision."
        for role in participation.roles_missing
    ]
    return blocked


def missing_evidence(
    flow: Flow, participation: Participation, known_answers: Mapping[str, int], thresholds: Thresholds
) -> list[str]:
    """Why there can be no recommendation yet; empty when the evidence is enough to make one."""
    missing = blockers(flow, participation)
    weighing = [q.id for q in flow.questions if q.carries_weight]
    if participation.present and all(known_answers.get(q, 0) < thresholds.min_answers for q in weighing):
        missing.append(
            f"No question that weighs on the decision has the {thresholds.min_answers} answers it needs "
            "to be judged yet."
        )
    return missing


def tie_sentence(labels: Sequence[str], share: float) -> str:
    return f"{listed(labels)} are tied at {percent(share)} each."


def tie_breakers(flow: Flow, cases: Sequence[SensitivityCase]) -> list[str]:
    """What would break a tie: each switch of a disputed question that leaves one option ahead,
    then what the facilitator and the panel can always do."""
    labels = {o.id: o.label for o in flow.options}
    breakers = [
        f"{case.description.removesuffix('.')}: {labels[case.option_id]} would lead."
        for case in cases
        if case.name == SINGLE_SWITCH and case.option_id is not None
    ][:MAX_TIE_BREAKERS]
    breakers.append(
        "The facilitator deciding a disputed question, or members still to answer doing so, would "
        "break the tie."
    )
    return breakers

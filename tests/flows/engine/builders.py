"""Tiny flows and panels written as data, so these tests never depend on the shipped YAML flows.

Every flow has two options, in this order: `lead` (Product Lead) and `head` (Head of AI); with
`both=True` a third, `both` (Both, in sequence)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from flows.engine.model import Answer, AnswerValue, Decision, Member, Panel
from flows.schema import Flow

LEAD_IF_YES = {"agree": {"lead": 2}, "disagree": {"head": 2}}
Answers = dict[str, dict[str, AnswerValue]]


def question(question_id: str, kind: str, **rest: Any) -> dict[str, Any]:
    return {
        "id": question_id,
        "kind": kind,
        "text": f"Question {question_id}?",
        "help": "Help.",
        "quote": f"Quote for {question_id}.",
        **rest,
    }


def yes_no(question_id: str, lead: float = 2, head: float = 2, **rest: Any) -> dict[str, Any]:
    """A yes/no question: yes gives `lead` to the Product Lead, no gives `head` to the Head of AI."""
    return question(
        question_id, "yes_no", evidence={"agree": {"lead": lead}, "disagree": {"head": head}}, **rest
    )


def section(section_id: str, *questions: dict[str, Any]) -> dict[str, Any]:
    return {"id": section_id, "title": section_id.title(), "questions": list(questions)}


def make_flow(
    *sections: dict[str, Any], roles: Iterable[str] = (), quorum: int = 3, both: bool = False
) -> Flow:
    options = [_option("lead", "Product Lead"), _option("head", "Head of AI")]
    if both:
        options.append(_option("both", "Both, in sequence"))
    return Flow.model_validate(
        {
            "id": "tiny",
            "version": 1,
            "title": "Tiny flow",
            "source": {"title": "A source", "file": "000.txt"},
            "decision": "Which leader to hire first.",
            "options": options,
            "sections": list(sections),
            "success_criteria": [{"id": "shipped", "text": "Shipped.", "quote": "Ship it."}],
            "requires": {"roles": list(roles), "quorum": quorum},
        }
    )


def _option(option_id: str, label: str) -> dict[str, Any]:
    return {
        "id": option_id,
        "label": label,
        "summary": label,
        "when_it_makes_sense": [{"text": f"{label} fits.", "quote": "A quote."}],
        "risks": [{"text": f"{label} may stall.", "quote": f"The risk of {label} <in the document>."}],
    }


def panel(
    round1: Mapping[str, Mapping[str, AnswerValue]],
    *,
    round2: Mapping[str, Mapping[str, AnswerValue]] | None = None,
    roles: Mapping[str, str] | None = None,
    weights: Mapping[str, float] | None = None,
    declined: Iterable[str] = (),
    silent: Iterable[str] = (),
    decisions: Iterable[Decision] = (),
    rationales: Mapping[tuple[str, str], str] | None = None,
) -> Panel:
    """`silent` members are invited and have not answered; `rationales` maps (member, question)."""
    roles, weights, rationales = roles or {}, weights or {}, rationales or {}
    declined = set(declined)
    ids = dict.fromkeys([*round1, *silent, *declined])
    members = [
        Member(id=m, role=roles.get(m, "other"), weight=weights.get(m, 1.0), declined=m in declined)
        for m in ids
    ]

    def answers(by_member: Mapping[str, Mapping[str, AnswerValue]]) -> dict[str, dict[str, Answer]]:
        return {
            m: {q: Answer(value=v, rationale=rationales.get((m, q))) for q, v in given.items()}
            for m, given in by_member.items()
        }

    return Panel(
        members=members, round1=answers(round1), round2=answers(round2 or {}), decisions=list(decisions)
    )


def split(*groups: tuple[int, Mapping[str, AnswerValue]]) -> Answers:
    """Members m0, m1, ... in groups of (how many, the answers they all give)."""
    members: Answers = {}
    for count, answers in groups:
        for _ in range(count):
            members[f"m{len(members)}"] = dict(answers)
    return members

"""The demo's story, drawn before anyone opens Slack and checked with the engine.

Who declines, who stops part-way, who is on which side of the two splits, and who changes their
mind in round 2 are drawn from a seeded `random.Random`. Each draw is rehearsed with
`flows.engine.analyse` on the answers the people will actually submit (round 1 as the forms take
them, then round 2), and kept only if the story holds: the panel disagrees on both split
questions, one of the disagreements is decisive, round 2 brings the first to consensus and leaves
the second open for the facilitator. Among the draws that hold, the one with the fewest other
disputes wins, so the story stays about the two questions.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from bot.demo.decisive import Split, key_splits
from bot.demo.personas import Persona, draw_answers, reason_for, roster, shared_picture
from bot.demo.stakeholder import label_of
from flows.engine import analyse, visible_questions
from flows.engine.model import Analysis, Answer, AnswerValue, Member, Panel
from flows.errors import WorkshopError
from flows.schema import Flow, Question

ATTEMPTS = 40
LARGE_PANEL = 8  # from this size one person declines and two stop part-way
CONSENSUS = 0.75  # flows.engine.model.Thresholds' default: a split must stay below it

Side = Literal["majority", "minority"]
REVISION_REASONS = (
    "Reading the others' reasons, “{label}” describes us better than my first answer did.",
    "I was thinking of my own team only; across the company it is closer to “{label}”.",
    "Fair point from the panel: I had last year in mind, not where we are now.",
    "Seeing the spread changed my mind; “{label}” is the more honest answer.",
)


@dataclass(frozen=True)
class Part:
    """One person's part in the story."""

    persona: Persona
    answers: dict[str, AnswerValue]  # what they think; a part-way answerer lacks `stops_at`
    side: Side  # which side of the two splits they are on
    declines: bool = False
    stops_at: str | None = None  # the required question they have no answer to, where they stop
    revisions: dict[str, tuple[AnswerValue, str]] = field(default_factory=dict)  # round 2: (answer, why)
    reasons: dict[str, str] = field(default_factory=dict)  # round 1's optional "why", by section id


@dataclass(frozen=True)
class Story:
    flow: Flow
    seed: int
    splits: tuple[Split, Split]
    parts: list[Part]
    round1: Analysis  # as rehearsed: what closing round 1 will find
    round2: Analysis  # as rehearsed: after the round-2 reviews

    @property
    def disputed(self) -> list[str]:
        return [q.question_id for q in self.round1.disputed]

    @property
    def still_open(self) -> list[str]:
        return [q.question_id for q in self.round2.questions if q.disputed and q.resolution != "revised"]


def plan_story(flow: Flow, people: int, seed: int) -> Story:
    """The story for `people` personas (3 to 50) on `flow`, the same for the same seed."""
    splits = key_splits(flow)
    cast = roster(people)
    wanted = 2 if people >= LARGE_PANEL else 1
    for part_way in range(wanted, -1, -1):  # fewer part-way answerers when a small panel needs them all
        best: Story | None = None
        for attempt in range(ATTEMPTS):
            rng = random.Random(f"{seed}:{part_way}:{attempt}")
            story = _rehearsed(flow, seed, splits, cast, part_way, rng)
            if story is not None and (best is None or _extra(story) < _extra(best)):
                best = story
            if best is not None and _extra(best) == 0:
                break
        if best is not None:
            return best
    raise WorkshopError(
        f"No panel of {people} drawn with seed {seed} gives flow '{flow.id}' a decisive disagreement.",
        "Try another --seed or another --people.",
    )


def submitted_in_round1(
    flow: Flow, answers: Mapping[str, AnswerValue], stops_at: str | None
) -> dict[str, AnswerValue]:
    """What the answer forms will have stored: section by section, each form showing the questions
    visible given what is already stored. A part-way answerer saves their last form unfinished and
    stops; everyone else comes back for questions that appeared as they answered."""
    stored: dict[str, AnswerValue] = {}
    while True:
        before = dict(stored)
        for section in flow.sections:
            shown = {q.id for q in visible_questions(flow, stored)}
            stored |= {q.id: answers[q.id] for q in section.questions if q.id in shown and q.id in answers}
            if stops_at is not None and any(q.id == stops_at for q in section.questions):
                return stored
        if stored == before:
            return stored


def _rehearsed(
    flow: Flow,
    seed: int,
    splits: tuple[Split, Split],
    cast: Sequence[Persona],
    part_way: int,
    rng: random.Random,
) -> Story | None:
    if rng.random() < 0.5:
        splits = (splits[0].flipped(), splits[1].flipped())
    required = set(flow.requires.roles)
    spare = [i for i, p in enumerate(cast) if p.role not in required]
    declines = 1 if len(cast) >= LARGE_PANEL else 0
    chosen = rng.sample(spare, min(len(spare), part_way + declines))
    declining = set(chosen[part_way:])
    stopping = set(chosen[:part_way])
    taking_part = [i for i in range(len(cast)) if i not in declining]
    minority = set(rng.sample(taking_part, _minority_size(len(taking_part))))
    picture = shared_picture(flow, splits, rng)
    stop_question = _stop_question(flow, splits)
    parts: list[Part] = []
    for i, persona in enumerate(cast):
        side: Side = "minority" if i in minority else "majority"
        sides = {s.question.id: s.minority if side == "minority" else s.majority for s in splits}
        leaning = splits[0].against if side == "minority" else splits[0].favours
        answers = draw_answers(flow, picture, sides, leaning, i, rng)
        stops_at = stop_question.id if i in stopping and stop_question else None
        if stops_at:
            answers.pop(stops_at, None)
        reasons = _reasons(flow, splits, answers, i)
        parts.append(
            Part(persona, answers, side, declines=i in declining, stops_at=stops_at, reasons=reasons)
        )
    return _with_round2(flow, seed, splits, parts)


def _with_round2(flow: Flow, seed: int, splits: tuple[Split, Split], parts: list[Part]) -> Story | None:
    """The story once just enough of the first split's minority revise to reach consensus; None
    when round 1 or round 2 does not go the way the story needs."""
    first, second = (s.question.id for s in splits)
    round1 = analyse(flow, _panel(flow, parts, round2=False))
    disputed = {q.question_id: q for q in round1.disputed}
    if first not in disputed or second not in disputed:
        return None
    if not (disputed[first].decisive or disputed[second].decisive):
        return None
    label = _label(splits[0].question, splits[0].majority)
    revisers = [i for i, p in enumerate(parts) if p.side == "minority" and not p.declines]
    for count in range(1, len(revisers) + 1):
        revised = list(parts)
        for n, i in enumerate(revisers[:count]):
            why = REVISION_REASONS[n % len(REVISION_REASONS)].format(label=label)
            revised[i] = _revising(parts[i], first, splits[0].majority, why)
        round2 = analyse(flow, _panel(flow, revised, round2=True, disputed=list(disputed)))
        status = {q.question_id: q for q in round2.questions}
        if status[first].resolution == "revised":
            if status[second].resolution == "revised":
                return None  # round 2 must leave the facilitator something to decide
            return Story(flow, seed, splits, revised, round1, round2)
    return None


def _revising(part: Part, question_id: str, value: AnswerValue, why: str) -> Part:
    return Part(
        part.persona,
        part.answers,
        part.side,
        part.declines,
        part.stops_at,
        {question_id: (value, why)},
        part.reasons,
    )


def _reasons(
    flow: Flow, splits: tuple[Split, Split], answers: Mapping[str, AnswerValue], turn: int
) -> dict[str, str]:
    """Why they answered the split questions as they did, in those questions' sections: what round 2
    shows the others, anonymously, beside the spread."""
    reasons: dict[str, str] = {}
    for split in splits:
        section = next(s for s in flow.sections if any(q.id == split.question.id for q in s.questions))
        if section.id not in reasons and split.question.id in answers:
            reasons[section.id] = reason_for(_label(split.question, answers[split.question.id]), turn)
    return reasons


def _panel(flow: Flow, parts: Sequence[Part], *, round2: bool, disputed: Sequence[str] = ()) -> Panel:
    members = [Member(id=str(n), role=p.persona.role, declined=p.declines) for n, p in enumerate(parts, 1)]
    first: dict[str, dict[str, Answer]] = {}
    second: dict[str, dict[str, Answer]] = {}
    for n, part in enumerate(parts, 1):
        if part.declines:
            continue
        first[str(n)] = {
            q: Answer(value=v) for q, v in submitted_in_round1(flow, part.answers, part.stops_at).items()
        }
        if round2:
            second[str(n)] = _reviewed(part, disputed)
    return Panel(members=members, round1=first, round2=second)


def _reviewed(part: Part, disputed: Sequence[str]) -> dict[str, Answer]:
    """Round 2 as the review form takes it: every disputed question they have a view on, the
    revised ones with their reason."""
    reviewed: dict[str, Answer] = {}
    for question_id in disputed:
        if question_id in part.revisions:
            value, why = part.revisions[question_id]
            reviewed[question_id] = Answer(value=value, rationale=why)
        elif question_id in part.answers:
            reviewed[question_id] = Answer(value=part.answers[question_id])
    return reviewed


def _minority_size(answering: int) -> int:
    """About 40% of the panel, but more than a quarter (so there is no consensus) and no more than
    half (so there still is a majority)."""
    low, high = answering // 4 + 1, answering // 2
    return min(max(round(answering * 0.4), low), max(high, low))


def _stop_question(flow: Flow, splits: tuple[Split, Split]) -> Question | None:
    """Where a part-way answerer stops: the first question of the last section they could stop at
    (required, always shown, not one the panel splits on). Their unfinished form is saved, so the
    split questions in that section still count."""
    keys = {s.question.id for s in splits}
    for section in reversed(flow.sections):
        for question in section.questions:
            if question.required and question.show_when is None and question.id not in keys:
                return question
    return None


def _extra(story: Story) -> int:
    keys = {s.question.id for s in story.splits}
    return sum(1 for q in story.disputed if q not in keys)


def _label(question: Question, value: AnswerValue) -> str:
    return label_of(question, value)  # the label people see on the form

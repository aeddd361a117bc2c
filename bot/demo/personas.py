"""The demo's leadership team: who they are, and how each one's answers are drawn.

Everyone on the panel shares one picture of the company (the common answer to each question), as
colleagues do; each person also leans towards one option, which tilts their judgement calls (how
strongly they agree, which extra choices they tick) and, now and then, their whole answer. The two
questions the panel splits on (see `decisive.py`) are answered by the side each person is on.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass

from bot.blocks.start_modal import MAX_INVITEES
from bot.demo.decisive import Split
from flows.engine.evidence import evidence_for
from flows.engine.model import AnswerValue
from flows.kinds.registry import plugin_for
from flows.schema import Flow, Question

NOISE = 0.05  # how often a person gives their own answer instead of the shared one
ANSWERS_OPTIONAL = 0.8  # how often a person bothers with an optional question
TARGET_LEAD = 1.0  # the favoured option's lead outside the splits, in score points: a third of a split

NAMES = (
    "Ada Lovelace",
    "Grace Hopper",
    "Mary Somerville",
    "Katherine Johnson",
    "Rosalind Franklin",
    "Alan Turing",
    "Dorothy Vaughan",
    "Tim Berners-Lee",
    "Hedy Lamarr",
    "Claude Shannon",
    "Barbara Liskov",
    "Edsger Dijkstra",
    "Frances Allen",
    "John Backus",
    "Margaret Hamilton",
    "Donald Knuth",
    "Karen Sparck Jones",
    "Tony Hoare",
    "Radia Perlman",
    "Vint Cerf",
    "Annie Easley",
    "Dennis Ritchie",
    "Jean Bartik",
    "Ken Thompson",
    "Sophie Wilson",
    "Niklaus Wirth",
    "Adele Goldberg",
    "Lynn Conway",
    "Shafi Goldwasser",
    "Leslie Lamport",
    "Evelyn Berezin",
    "Seymour Cray",
    "Kathleen Booth",
    "Maurice Wilkes",
    "Cynthia Dwork",
    "Butler Lampson",
    "Joan Clarke",
    "Tommy Flowers",
    "Ida Rhodes",
    "Douglas Engelbart",
    "Betty Holberton",
    "Charles Babbage",
    "Stephanie Shirley",
    "Robin Milner",
    "Peter Naur",
    "Mae Jemison",
    "Marian Croak",
    "Whitfield Diffie",
    "Erna Hoover",
    "Bjarne Stroustrup",
)
# The first people on any panel: the roles the flows require, then the usual leadership team.
LEADERS = (
    ("ceo", "CEO"),
    ("cto", "CTO"),
    ("cfo", "CFO"),
    ("product", "Head of product"),
    ("compliance", "Compliance lead"),
    ("engineering", "Head of engineering"),
    ("people", "People director"),
    ("operations", "COO"),
)
# A larger panel brings in the next layer, in this order, round and round.
NEXT_LAYER = (
    ("product", "Product manager"),
    ("engineering", "Engineering manager"),
    ("operations", "Operations lead"),
    ("compliance", "Risk manager"),
    ("engineering", "ML engineer"),
    ("people", "HR business partner"),
    ("cfo", "Finance business partner"),
    ("other", "Board adviser"),
)
MAX_PEOPLE = min(len(NAMES), MAX_INVITEES)  # everyone is invited through the start form


@dataclass(frozen=True)
class Persona:
    name: str
    role: str  # a key of flows.schema.ROLES, as the facilitator picks it in the start form
    title: str  # what the team calls the job

    def __str__(self) -> str:
        return f"{self.name} ({self.title})"


def roster(people: int) -> list[Persona]:
    if not 1 <= people <= MAX_PEOPLE:
        raise ValueError(f"the demo has {MAX_PEOPLE} personas; asked for {people}")
    jobs = [*LEADERS, *(NEXT_LAYER[i % len(NEXT_LAYER)] for i in range(MAX_PEOPLE - len(LEADERS)))]
    return [Persona(name, role, title) for name, (role, title) in zip(NAMES[:people], jobs, strict=False)]


# Free-text answers, by what the question asks about (read from its wording).
FREE_TEXT = {
    ("success", "right", "look like"): (
        "Two AI use cases live, each with a measured saving we can show the board.",
        "Everyone can say who owns AI decisions, and the roadmap is used in planning.",
        "One model in production that customers use every week, with its accuracy tracked.",
        "Governance reviews happen inside delivery, not as a gate at the end.",
        "Product and engineering report the same three metrics every month.",
    ),
    ("fail", "stall", "worry", "wrong"): (
        "We hire someone senior and then do not give them the authority to say no.",
        "It stalled between prototype and production: nobody owned the last mile.",
        "The board expects a quick return before the use cases are clear.",
        "The data was not ready, and no team had the budget to fix it.",
        "Two leaders each think the new hire works for them.",
    ),
    ("where", "deploy", "advantage"): (
        "Customer onboarding, where we lose the most time today.",
        "Pricing decisions, where our data is better than our competitors'.",
        "Internal support, to free the operations team for the harder cases.",
        "Fraud detection, already our most data-rich process.",
    ),
}
ANYTHING_ELSE = (
    "Hard to put in one line; I will bring examples to the interviews.",
    "Whoever we hire needs a clear mandate from the whole leadership team.",
)
# How each person frames the thought, and what they add after it: a bank sentence, an opening and a
# closing together make each person's answer their own. None of them names a role or a person, so
# the wording gives nobody away in an anonymous workshop.
OPENINGS = ("", "In short: ", "Honestly, ", "From where I sit, ", "For me, ", "Plainly put: ")
CLOSINGS = (
    "",
    " That is what I would check first.",
    " I would want to see it within the first year.",
    " Everything else follows from that.",
    " We should hold ourselves to it at every check-in.",
)
# The answers that can differ word for word: every panel up to 50 has no two alike.
DISTINCT_ANSWERS = min(len(b) for b in (*FREE_TEXT.values(), ANYTHING_ELSE)) * len(OPENINGS) * len(CLOSINGS)


def free_text_answer(question: Question, turn: int) -> str:
    """The `turn`-th person's own sentence. The turn is read as a number in mixed radix (the bank's
    sentence, then the opening, then the closing), so consecutive turns differ and no two of the
    first `DISTINCT_ANSWERS` turns write the same words."""
    wording = question.text.lower()
    bank = next((s for words, s in FREE_TEXT.items() if any(w in wording for w in words)), ANYTHING_ELSE)
    place = turn + len(wording)  # each question starts at its own place in the bank
    sentence = bank[place % len(bank)]
    rest = place // len(bank)
    opening, closing = OPENINGS[rest % len(OPENINGS)], CLOSINGS[(rest // len(OPENINGS)) % len(CLOSINGS)]
    if opening:
        sentence = opening + sentence[0].lower() + sentence[1:]
    return sentence + closing


# Why people see a split question their way: the reason they give in its section of the form.
REASONS = (
    "“{label}” is what I see in my own work every week.",
    "I picked “{label}”: that is where we are today, not where we hope to be.",
    "Going by the last two quarters, “{label}” fits us best.",
    "“{label}”, because that is what the board has been told so far.",
    "I went with “{label}” after looking at how our teams actually work.",
)


def reason_for(label: str, turn: int) -> str:
    """The `turn`-th person's reason for the answer that reads `label` (round 1's optional "why")."""
    opening = OPENINGS[(turn // len(REASONS)) % len(OPENINGS)]
    reason = REASONS[turn % len(REASONS)].format(label=label)
    return f"{opening}{reason}" if not opening else f"{opening}{reason[0].lower()}{reason[1:]}"


def shared_picture(flow: Flow, splits: tuple[Split, Split], rng: random.Random) -> dict[str, AnswerValue]:
    """The answer the team mostly agrees on for each question the panel does not split on: drawn
    so the rest of the evidence keeps the two options the panel splits between close, which is
    what makes the split decisive."""
    favours, against = splits[0].favours, splits[0].against
    options = flow.option_ids
    lead = _split_lead(flow, splits)
    picture: dict[str, AnswerValue] = {}
    questions = [q for q in flow.questions if q.id not in {s.question.id for s in splits}]
    for question in rng.sample(questions, len(questions)):
        candidates = _candidates(question, rng)
        if not candidates:
            continue
        # Keep the favoured option a little ahead; rank answers by how well they do that, then
        # take the best most of the time, so pictures differ from seed to seed.
        leads = [(lead + _pull(question, c, options, favours, against), c) for c in candidates]
        ranked = sorted(leads, key=lambda pair: abs(pair[0] - TARGET_LEAD))
        lead, chosen = ranked[0] if rng.random() < 0.6 or len(ranked) == 1 else rng.choice(ranked[1:])
        picture[question.id] = chosen
    return picture


def draw_answers(
    flow: Flow,
    picture: Mapping[str, AnswerValue],
    sides: Mapping[str, AnswerValue],
    leaning: str,
    turn: int,
    rng: random.Random,
) -> dict[str, AnswerValue]:
    """The answers of the `turn`-th person: `sides` for the split questions, the shared picture
    tilted by their `leaning` (an option id) for the rest."""
    answers: dict[str, AnswerValue] = dict(sides)
    for question in flow.questions:
        if question.id in answers:
            continue
        if not question.required and rng.random() > ANSWERS_OPTIONAL:
            continue  # left blank, as people leave optional questions
        if plugin_for(question.kind).own_words:
            answers[question.id] = free_text_answer(question, turn)
        elif question.id in picture:
            answers[question.id] = _tilted(flow, question, picture[question.id], leaning, rng)
    return answers


def _split_lead(flow: Flow, splits: tuple[Split, Split]) -> float:
    """The favoured option's lead that a 60/40 split on both questions gives, per person."""
    favours, against = splits[0].favours, splits[0].against
    return sum(
        0.6 * _pull(s.question, s.majority, flow.option_ids, favours, against)
        + 0.4 * _pull(s.question, s.minority, flow.option_ids, favours, against)
        for s in splits
    )


def _pull(question: Question, value: AnswerValue, options: list[str], favours: str, against: str) -> float:
    vector = evidence_for(question, value, options)
    return vector[options.index(favours)] - vector[options.index(against)]


def _candidates(question: Question, rng: random.Random) -> list[AnswerValue]:
    """The answers a team could share: every choice, both yes and no, a clear scale position, a
    number in each band, one or two ticked boxes."""
    return plugin_for(question.kind).demo_candidates(question, rng)


def _tilted(
    flow: Flow, question: Question, shared: AnswerValue, leaning: str, rng: random.Random
) -> AnswerValue:
    options = flow.option_ids
    toward = options.index(leaning)

    def support(value: AnswerValue) -> float:
        return evidence_for(question, value, options)[toward]

    return plugin_for(question.kind).demo_tilt(question, shared, support, NOISE, rng)

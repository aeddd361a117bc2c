"""What a question kind is: the one protocol every kind's plug-in implements.

A plug-in is a stateless object; its methods take the question they concern. Answers that mean
"don't know" are dealt with before a plug-in is asked (see `flows.engine.answers`), except where a
method says otherwise.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from flows.kinds.consensus import Judgement
from flows.kinds.form import JsonDict, Raw
from flows.kinds.vectors import Vector
from flows.schema import Question, QuestionKind

if TYPE_CHECKING:  # the engine imports the plug-ins, so they take only its types
    from flows.engine.model import AnswerValue, Thresholds

# Krippendorff's alpha pools units that share an answer set (`flows.engine.reliability`): the
# ordinal scale, picked-or-not answers, or single choices keyed by their set of choice values.
ORDINAL = "ordinal"
BINARY = "binary"
Pool = str | frozenset[str]
AlphaUnit = tuple[Pool, list[Hashable]]


@runtime_checkable
class KindPlugin(Protocol):
    kind: QuestionKind

    # The fields a question of this kind carries, checked by `flows.schema.Question`.
    needs_choices: bool  # `choices` given (and required); other kinds must not give them
    takes_evidence: bool  # `evidence` (agree / disagree weights) allowed
    takes_range: bool  # `bands`, `min` and `max` allowed
    # Answers are a person's own words: never judged or scored, "don't know" is just text, and
    # exports hold them back below the free-text privacy minimum.
    own_words: bool
    # "Don't know" cannot be an option of its input, so round 1 puts a box for it under the input.
    dont_know_box: bool
    # One person may pick several answers, so a spread of counts is picks, not a split of people.
    picks_several: bool

    # Answers.
    def parse(self, question: Question, raw: object) -> AnswerValue:
        """The stored value for what a person gave; raises `InvalidAnswer` naming what it accepts."""
        ...

    # Evidence (`flows.engine.evidence`).
    def evidence(self, question: Question, value: AnswerValue, option_ids: Sequence[str]) -> Vector: ...

    def evidence_key(self, question: Question, value: AnswerValue) -> Hashable:
        """Answers with the same key give the same evidence."""
        ...

    def most_favouring(
        self, question: Question, favoured: int, against: int, option_ids: Sequence[str]
    ) -> Vector | None:
        """The evidence of the answer that most favours option `favoured` over `against` (by
        index), or None when no answer gives evidence."""
        ...

    # Agreement (`flows.engine.agreement`, `flows.engine.reliability`).
    def distribution(self, question: Question, values: Sequence[AnswerValue]) -> dict[str, int]:
        """Answer label -> count, in the flow's order of answers; empty for unjudged kinds."""
        ...

    def judge(
        self,
        question: Question,
        values: Sequence[AnswerValue],
        distribution: dict[str, int],
        thresholds: Thresholds,
    ) -> Judgement:
        """Whether enough known answers agree; called with at least `min_answers` of them."""
        ...

    def alpha_units(self, question: Question, values: Sequence[AnswerValue]) -> list[AlphaUnit]: ...

    # Words (`flows.engine.wording`, the summary, the exports, the command line).
    def describe(self, question: Question, value: AnswerValue) -> str:
        """The answer in a sentence's words, unescaped: "yes", "4 of 5 (agree)", a label."""
        ...

    def form_label(self, question: Question, value: AnswerValue, described: str) -> str:
        """The answer as the form labels it, given its `describe` words (which may be "don't know")."""
        ...

    def in_sentence(self, question: Question, value: AnswerValue, described: str) -> str:
        """The `describe` words as they sit inside a sentence (a choice's label is quoted)."""
        ...

    def distribution_label(self, key: str) -> str:
        """A `distribution` key as a person reads it."""
        ...

    def distribution_form_label(self, key: str) -> str:
        """A `distribution` key as the answer input reads it ("4 Agree"), so a person matches a
        spread line on a form to the option they pick."""
        ...

    def export_label(self, question: Question, value: AnswerValue) -> str:
        """The answer in plain words for files read outside Slack ("don't know" is dealt with)."""
        ...

    def listed_choices(self, question: Question) -> list[dict[str, Any]]:
        """The answers a question offers, as `flows show` lists them (value and label)."""
        ...

    # The Slack form, as plain Block Kit JSON.
    def element(
        self, question: Question, initial: AnswerValue | None, *, action_id: str, offer_dont_know: bool
    ) -> JsonDict:
        """The input element a person answers with, prefilled with `initial`; "Don't know" is
        offered only when `offer_dont_know` and the question allows it."""
        ...

    def read_state(self, question: Question, state: Mapping[str, Any]) -> Raw | None:
        """One submitted element's state as a raw answer; None when nothing was given."""
        ...

    def slack_label(self, question: Question, value: AnswerValue) -> str:
        """The answer as a person reads it in Slack, unescaped ("don't know" is dealt with)."""
        ...

    def option_label(self, question: Question, value: AnswerValue) -> str:
        """The text of the form's option that offers `value`."""
        ...

    # The demo's simulated panel (`bot.demo`): pure choices, driven by the caller's `rng`.
    def split_answers(self, question: Question) -> list[AnswerValue]:
        """The answers a panel can be split between when one answer settles the question; empty
        when it cannot be."""
        ...

    def demo_candidates(self, question: Question, rng: random.Random) -> list[AnswerValue]:
        """The answers a team could share."""
        ...

    def demo_tilt(
        self,
        question: Question,
        shared: AnswerValue,
        support: Callable[[AnswerValue], float],
        noise: float,
        rng: random.Random,
    ) -> AnswerValue:
        """One person's answer given the team's `shared` one: `support` says how much an answer
        backs the option they lean towards, `noise` how often they go their own way."""
        ...

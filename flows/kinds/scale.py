"""The five-point agreement scale, 1 (strongly disagree) to 5 (strongly agree). Level v gives,
with t = (v - 1) / 4, `evidence.agree * t + evidence.disagree * (1 - t)`: linear in the level."""

from __future__ import annotations

import random
import statistics
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from flows.kinds import form
from flows.kinds.base import ORDINAL, AlphaUnit
from flows.kinds.choices import shown_labels
from flows.kinds.consensus import EPSILON, Judgement, reaches
from flows.kinds.defaults import KindDefaults
from flows.kinds.form import JsonDict, Raw
from flows.kinds.parsing import as_number, refuse
from flows.kinds.vectors import Vector, most_favouring_of, vector, zero
from flows.schema import Question, QuestionKind

if TYPE_CHECKING:  # the engine imports the plug-ins, so they take only its types
    from flows.engine.model import AnswerValue, Status, Thresholds

# The words of the five points, as the form shows them.
WORDS = {
    1: "Strongly disagree",
    2: "Disagree",
    3: "Neither agree nor disagree",
    4: "Agree",
    5: "Strongly agree",
}
# The options' text on the form: the number, then its words.
OPTION_LABELS = {level: f"{level} {words}" for level, words in WORDS.items()}
# `flows show` lists the points in short.
_LISTED = {1: "Strongly disagree", 2: "Disagree", 3: "Neither", 4: "Agree", 5: "Strongly agree"}
POINTS = 5
# The ends: the vector is linear in the level, so one of them always favours an option most, and
# a panel split between them is polarised, not merely spread.
ENDS: tuple[AnswerValue, ...] = (1, 5)


def deviation_limit(points: int = POINTS) -> float:
    """Burke and Dunlap's (2002) practical limit for the average deviation: c/6 for c points."""
    return points / 6


def group(level: int) -> int:
    """0 for {1,2}, 1 for {3}, 2 for {4,5}."""
    return 0 if level <= 2 else 1 if level == 3 else 2


class Scale(KindDefaults):
    kind = QuestionKind.SCALE
    needs_choices = False
    takes_evidence = True
    takes_range = False
    own_words = False
    dont_know_box = False

    def parse(self, question: Question, raw: object) -> AnswerValue:
        value = as_number(raw)
        if value is None or value != int(value) or not 1 <= value <= 5:
            raise refuse(question, "a whole number from 1 to 5", raw)
        return int(value)

    def evidence(self, question: Question, value: AnswerValue, option_ids: Sequence[str]) -> Vector:
        if question.evidence is None:
            return zero(option_ids)
        agree = vector(question.evidence.agree, option_ids)
        disagree = vector(question.evidence.disagree, option_ids)
        level = float(value) if isinstance(value, int | float) else 1.0
        t = (level - 1) / 4
        return tuple(a * t + d * (1 - t) for a, d in zip(agree, disagree, strict=True))

    def most_favouring(
        self, question: Question, favoured: int, against: int, option_ids: Sequence[str]
    ) -> Vector | None:
        vectors = [self.evidence(question, value, option_ids) for value in ENDS]
        return most_favouring_of(vectors, favoured, against)

    def distribution(self, question: Question, values: Sequence[AnswerValue]) -> dict[str, int]:
        counts = Counter(values)
        return {str(level): counts[level] for level in range(1, 6)}

    def judge(
        self,
        question: Question,
        values: Sequence[AnswerValue],
        distribution: dict[str, int],
        thresholds: Thresholds,
    ) -> Judgement:
        levels = [int(v) for v in values if isinstance(v, int | float)]
        n = len(levels)
        groups = Counter(group(level) for level in levels)
        top_share = max(groups.values()) / n
        median = statistics.median(levels)
        deviation = sum(abs(level - median) for level in levels) / n
        if reaches(top_share, thresholds.consensus_share) and deviation <= deviation_limit() + EPSILON:
            status: Status = "consensus"
        elif (
            n >= thresholds.polarised_panel
            and reaches(groups[0] / n, thresholds.polarised_share)
            and reaches(groups[2] / n, thresholds.polarised_share)
        ):
            status = "polarised"
        else:
            status = "no_consensus"
        return Judgement(status, distribution, top_share, deviation)

    def alpha_units(self, question: Question, values: Sequence[AnswerValue]) -> list[AlphaUnit]:
        return [(ORDINAL, [v for v in values if isinstance(v, int)])]

    def describe(self, question: Question, value: AnswerValue) -> str:
        level = int(value) if isinstance(value, int | float) else 0
        return f"{value} of 5 ({WORDS[level].lower()})" if level in WORDS else str(value)

    def form_label(self, question: Question, value: AnswerValue, described: str) -> str:
        if isinstance(value, int | float) and int(value) in WORDS:
            return WORDS[int(value)]
        return described

    def distribution_label(self, key: str) -> str:
        return WORDS.get(int(key), key) if key.isdigit() else key

    def distribution_form_label(self, key: str) -> str:
        words = self.distribution_label(key)
        return f"{key} {words}" if words != key else words

    def export_label(self, question: Question, value: AnswerValue) -> str:
        if isinstance(value, int) and value in WORDS:
            return f"{WORDS[value]} ({value})"
        return str(value)

    def listed_choices(self, question: Question) -> list[dict[str, Any]]:
        return [{"value": level, "label": f"{level} {words}"} for level, words in _LISTED.items()]

    def element(
        self, question: Question, initial: AnswerValue | None, *, action_id: str, offer_dont_know: bool
    ) -> JsonDict:
        options = [form.option(str(level), label) for level, label in OPTION_LABELS.items()]
        options += form.dont_know_option(question, offer_dont_know)
        return form.pick_one(action_id, options, form.chosen_values(initial))

    def read_state(self, question: Question, state: Mapping[str, Any]) -> Raw | None:
        return form.read_state(state, _from_option, form.stripped)

    def slack_label(self, question: Question, value: AnswerValue) -> str:
        if isinstance(value, int) and value in OPTION_LABELS:
            return OPTION_LABELS[value]
        return shown_labels(question, value)

    def option_label(self, question: Question, value: AnswerValue) -> str:
        return OPTION_LABELS[int(value)]  # type: ignore[arg-type]

    def split_answers(self, question: Question) -> list[AnswerValue]:
        return list(ENDS)

    def demo_candidates(self, question: Question, rng: random.Random) -> list[AnswerValue]:
        return [2, 3, 4]  # a clear position each: disagree, neither, agree

    def demo_tilt(
        self,
        question: Question,
        shared: AnswerValue,
        support: Callable[[AnswerValue], float],
        noise: float,
        rng: random.Random,
    ) -> AnswerValue:
        level = int(shared)  # type: ignore[arg-type]
        if rng.random() < noise:
            return min(5, max(1, level + rng.choice((-1, 1))))
        # Within the shared position, how strongly: the end that suits their leaning (the shared
        # level itself when their leaning does not care).
        neighbours = {2: (2, 1), 4: (4, 5)}.get(level, (level,))
        return max(neighbours, key=support)


def _from_option(value: str) -> Raw:
    return int(value) if value.isdigit() else value

"""Single-choice questions: one of the flow's choices, which gives that choice's weights."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from flows.kinds import form
from flows.kinds.base import AlphaUnit
from flows.kinds.choices import choice_weights, labels, shown_labels
from flows.kinds.consensus import Judgement, by_top_answer
from flows.kinds.defaults import KindDefaults, tilt_to_another
from flows.kinds.form import JsonDict, Raw
from flows.kinds.parsing import refuse
from flows.kinds.vectors import Vector, most_favouring_of, vector
from flows.schema import DONT_KNOW, Question, QuestionKind

if TYPE_CHECKING:  # the engine imports the plug-ins, so they take only its types
    from flows.engine.model import AnswerValue, Thresholds


class SingleChoice(KindDefaults):
    kind = QuestionKind.SINGLE_CHOICE
    needs_choices = True
    takes_evidence = False
    takes_range = False
    own_words = False
    dont_know_box = False

    def parse(self, question: Question, raw: object) -> AnswerValue:
        values = [c.value for c in question.choices or []]
        if not isinstance(raw, str) or raw not in values:
            raise refuse(question, f"one of {', '.join(values)}", raw)
        return raw

    def evidence(self, question: Question, value: AnswerValue, option_ids: Sequence[str]) -> Vector:
        return vector(choice_weights(question, str(value)), option_ids)

    def most_favouring(
        self, question: Question, favoured: int, against: int, option_ids: Sequence[str]
    ) -> Vector | None:
        vectors = [self.evidence(question, c.value, option_ids) for c in question.choices or []]
        return most_favouring_of(vectors, favoured, against)

    def distribution(self, question: Question, values: Sequence[AnswerValue]) -> dict[str, int]:
        counts = Counter(values)
        return {c.label: counts[c.value] for c in question.choices or []}

    def judge(
        self,
        question: Question,
        values: Sequence[AnswerValue],
        distribution: dict[str, int],
        thresholds: Thresholds,
    ) -> Judgement:
        return by_top_answer(values, distribution, thresholds)

    def alpha_units(self, question: Question, values: Sequence[AnswerValue]) -> list[AlphaUnit]:
        answer_set = frozenset(c.value for c in question.choices or [])
        return [(answer_set, [v for v in values if isinstance(v, str)])]

    def describe(self, question: Question, value: AnswerValue) -> str:
        return labels(question).get(str(value), str(value))

    def in_sentence(self, question: Question, value: AnswerValue, described: str) -> str:
        # Quoted, so a choice's label reads as the label it is.
        return f"“{described}”" if value != [] and value != DONT_KNOW else described

    def export_label(self, question: Question, value: AnswerValue) -> str:
        return labels(question).get(str(value), str(value))

    def listed_choices(self, question: Question) -> list[dict[str, Any]]:
        return [{"value": c.value, "label": c.label} for c in question.choices or []]

    def element(
        self, question: Question, initial: AnswerValue | None, *, action_id: str, offer_dont_know: bool
    ) -> JsonDict:
        options = form.choice_options(question) + form.dont_know_option(question, offer_dont_know)
        return form.pick_one(action_id, options, form.chosen_values(initial))

    def read_state(self, question: Question, state: Mapping[str, Any]) -> Raw | None:
        return form.read_state(state, form.as_given, form.stripped)

    def slack_label(self, question: Question, value: AnswerValue) -> str:
        return shown_labels(question, value)

    def split_answers(self, question: Question) -> list[AnswerValue]:
        return [c.value for c in question.choices or []]

    def demo_candidates(self, question: Question, rng: random.Random) -> list[AnswerValue]:
        return [c.value for c in question.choices or []]

    def demo_tilt(
        self,
        question: Question,
        shared: AnswerValue,
        support: Callable[[AnswerValue], float],
        noise: float,
        rng: random.Random,
    ) -> AnswerValue:
        return tilt_to_another(self.demo_candidates(question, rng), shared, support, noise, rng)

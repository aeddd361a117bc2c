"""Yes/no questions: answered true or false. Yes gives `evidence.agree`, no `evidence.disagree`."""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from flows.kinds import form
from flows.kinds.base import BINARY, AlphaUnit
from flows.kinds.choices import shown_labels
from flows.kinds.consensus import Judgement, by_top_answer
from flows.kinds.defaults import KindDefaults, tilt_to_another
from flows.kinds.form import JsonDict, Raw
from flows.kinds.parsing import refuse
from flows.kinds.vectors import Vector, most_favouring_of, vector, zero
from flows.schema import Question, QuestionKind

if TYPE_CHECKING:  # the engine imports the plug-ins, so they take only its types
    from flows.engine.model import AnswerValue, Thresholds

_YES = {"yes", "y", "true"}
_NO = {"no", "n", "false"}
# The option value and label of each answer on the form.
OPTIONS = {True: ("yes", "Yes"), False: ("no", "No")}


class YesNo(KindDefaults):
    kind = QuestionKind.YES_NO
    needs_choices = False
    takes_evidence = True
    takes_range = False
    own_words = False
    dont_know_box = False

    def parse(self, question: Question, raw: object) -> AnswerValue:
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, str) and raw.strip().lower() in _YES | _NO:
            return raw.strip().lower() in _YES
        raise refuse(question, "yes or no", raw)

    def evidence(self, question: Question, value: AnswerValue, option_ids: Sequence[str]) -> Vector:
        if question.evidence is None:
            return zero(option_ids)
        return vector(question.evidence.agree if value is True else question.evidence.disagree, option_ids)

    def most_favouring(
        self, question: Question, favoured: int, against: int, option_ids: Sequence[str]
    ) -> Vector | None:
        vectors = [self.evidence(question, value, option_ids) for value in (True, False)]
        return most_favouring_of(vectors, favoured, against)

    def distribution(self, question: Question, values: Sequence[AnswerValue]) -> dict[str, int]:
        return {"yes": sum(v is True for v in values), "no": sum(v is False for v in values)}

    def judge(
        self,
        question: Question,
        values: Sequence[AnswerValue],
        distribution: dict[str, int],
        thresholds: Thresholds,
    ) -> Judgement:
        return by_top_answer(values, distribution, thresholds)

    def alpha_units(self, question: Question, values: Sequence[AnswerValue]) -> list[AlphaUnit]:
        return [(BINARY, [v for v in values if isinstance(v, bool)])]

    def describe(self, question: Question, value: AnswerValue) -> str:
        return "yes" if value is True else "no"

    def form_label(self, question: Question, value: AnswerValue, described: str) -> str:
        return described[:1].upper() + described[1:]

    def distribution_label(self, key: str) -> str:
        return key.capitalize()

    def export_label(self, question: Question, value: AnswerValue) -> str:
        if isinstance(value, bool):
            return "Yes" if value else "No"
        return str(value)

    def listed_choices(self, question: Question) -> list[dict[str, Any]]:
        return [{"value": answer, "label": label} for answer, (_, label) in OPTIONS.items()]

    def element(
        self, question: Question, initial: AnswerValue | None, *, action_id: str, offer_dont_know: bool
    ) -> JsonDict:
        options = [form.option(value, label) for value, label in OPTIONS.values()]
        options += form.dont_know_option(question, offer_dont_know)
        chosen = {OPTIONS[initial][0]} if isinstance(initial, bool) else form.chosen_values(initial)
        return form.pick_one(action_id, options, chosen)

    def read_state(self, question: Question, state: Mapping[str, Any]) -> Raw | None:
        return form.read_state(state, _from_option, form.stripped)

    def slack_label(self, question: Question, value: AnswerValue) -> str:
        if isinstance(value, bool):
            return OPTIONS[value][1]
        return shown_labels(question, value)

    def option_label(self, question: Question, value: AnswerValue) -> str:
        return OPTIONS[bool(value)][1]

    def split_answers(self, question: Question) -> list[AnswerValue]:
        return [True, False]

    def demo_candidates(self, question: Question, rng: random.Random) -> list[AnswerValue]:
        return [True, False]

    def demo_tilt(
        self,
        question: Question,
        shared: AnswerValue,
        support: Callable[[AnswerValue], float],
        noise: float,
        rng: random.Random,
    ) -> AnswerValue:
        return tilt_to_another(self.demo_candidates(question, rng), shared, support, noise, rng)


def _from_option(value: str) -> Raw:
    return {"yes": True, "no": False}.get(value, value)

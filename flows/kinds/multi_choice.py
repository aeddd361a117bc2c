"""Multiple-choice questions: any of the flow's choices, in the flow's order; the empty list is an
answer, "none of these". The evidence is the sum of the chosen choices' weights, and the panel is
judged choice by choice, each a picked-or-not question of its own."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from flows.kinds import form
from flows.kinds.base import BINARY, AlphaUnit
from flows.kinds.choices import labels, shown_labels
from flows.kinds.consensus import Judgement, consensus_or_not
from flows.kinds.defaults import KindDefaults
from flows.kinds.form import JsonDict, Raw
from flows.kinds.parsing import refuse
from flows.kinds.vectors import Vector, add, vector, zero
from flows.schema import DONT_KNOW, Question, QuestionKind

if TYPE_CHECKING:  # the engine imports the plug-ins, so they take only its types
    from flows.engine.model import AnswerValue, Thresholds

NONE_OF_THESE = "None of these"  # the distribution's entry for the empty answer


class MultiChoice(KindDefaults):
    kind = QuestionKind.MULTI_CHOICE
    needs_choices = True
    takes_evidence = False
    takes_range = False
    own_words = False
    dont_know_box = False
    picks_several = True

    def parse(self, question: Question, raw: object) -> AnswerValue:
        values = [c.value for c in question.choices or []]
        expected = f"a list of distinct values from {', '.join(values)} ([] for none of these)"
        if not isinstance(raw, list | tuple):
            raise refuse(question, expected, raw)
        if any(not isinstance(v, str) or v not in values for v in raw) or len(set(raw)) != len(raw):
            raise refuse(question, expected, raw)
        chosen = set(raw)
        return [v for v in values if v in chosen]  # the flow's order, so equal selections compare equal

    def evidence(self, question: Question, value: AnswerValue, option_ids: Sequence[str]) -> Vector:
        chosen = set(value) if isinstance(value, list) else set()
        total = zero(option_ids)
        for choice in question.choices or []:
            if choice.value in chosen:
                total = add(total, vector(choice.weights, option_ids))
        return total

    def most_favouring(
        self, question: Question, favoured: int, against: int, option_ids: Sequence[str]
    ) -> Vector | None:
        # Every choice that helps, ticked together; picking nothing ("none of these") is an answer too.
        total = zero(option_ids)
        for choice in question.choices or []:
            v = vector(choice.weights, option_ids)
            if v[favoured] - v[against] > 0:
                total = add(total, v)
        return total

    def distribution(self, question: Question, values: Sequence[AnswerValue]) -> dict[str, int]:
        picks = Counter(v for value in values if isinstance(value, list) for v in value)
        picked = {c.label: picks[c.value] for c in question.choices or []}
        nothing = sum(1 for value in values if value == [])
        return picked | ({NONE_OF_THESE: nothing} if nothing else {})

    def judge(
        self,
        question: Question,
        values: Sequence[AnswerValue],
        distribution: dict[str, int],
        thresholds: Thresholds,
    ) -> Judgement:
        # Each choice is a yes/no question of its own: picked or not.
        n = len(values)
        picks = Counter(v for value in values if isinstance(value, list) for v in value)
        top_share = min(max(picks[c.value], n - picks[c.value]) / n for c in question.choices or [])
        return Judgement(consensus_or_not(top_share, thresholds), distribution, top_share)

    def alpha_units(self, question: Question, values: Sequence[AnswerValue]) -> list[AlphaUnit]:
        return [
            (BINARY, [isinstance(v, list) and choice.value in v for v in values])
            for choice in question.choices or []
        ]

    def describe(self, question: Question, value: AnswerValue) -> str:
        if value == []:
            return "none of these"
        by_value = labels(question)
        return ", ".join(by_value.get(v, v) for v in value) if isinstance(value, list) else str(value)

    def in_sentence(self, question: Question, value: AnswerValue, described: str) -> str:
        # Quoted, so the choices' labels read as the labels they are.
        return f"“{described}”" if value != [] and value != DONT_KNOW else described

    def export_label(self, question: Question, value: AnswerValue) -> str:
        if isinstance(value, list):
            by_value = labels(question)
            return "; ".join(by_value.get(v, v) for v in value) or "None of them"
        return str(value)

    def listed_choices(self, question: Question) -> list[dict[str, Any]]:
        return [{"value": c.value, "label": c.label} for c in question.choices or []]

    def element(
        self, question: Question, initial: AnswerValue | None, *, action_id: str, offer_dont_know: bool
    ) -> JsonDict:
        options = form.choice_options(question)
        options.append(form.option(form.NONE_OF_THESE, form.NONE_OF_THESE_LABEL))
        options += form.dont_know_option(question, offer_dont_know)
        return form.pick_any(action_id, options, form.chosen_values(initial))

    def read_state(self, question: Question, state: Mapping[str, Any]) -> Raw | None:
        return form.read_state(state, form.as_given, form.stripped)

    def slack_label(self, question: Question, value: AnswerValue) -> str:
        return form.NONE_OF_THESE_LABEL if value == [] else shown_labels(question, value)

    def demo_candidates(self, question: Question, rng: random.Random) -> list[AnswerValue]:
        values = [c.value for c in question.choices or []]
        return [sorted(rng.sample(values, k=min(len(values), rng.choice((1, 2))))) for _ in range(4)]

    def demo_tilt(
        self,
        question: Question,
        shared: AnswerValue,
        support: Callable[[AnswerValue], float],
        noise: float,
        rng: random.Random,
    ) -> AnswerValue:
        ticked = list(shared)  # type: ignore[arg-type]
        extra = [c.value for c in question.choices or [] if c.value not in ticked]
        if extra and rng.random() < noise * 2:
            ticked.append(max(extra, key=lambda v: support([v])))
        return sorted(ticked)

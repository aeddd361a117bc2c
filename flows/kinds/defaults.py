"""What most kinds do alike, so a plug-in writes only where its kind differs.

A plug-in subclasses `KindDefaults` and overrides the methods its kind answers differently; the
protocol (`flows.kinds.base.KindPlugin`) still lists every method, and mypy checks the plug-ins
against it through the registry."""

from __future__ import annotations

import random
from collections.abc import Callable, Hashable, Sequence
from typing import TYPE_CHECKING, Any

from flows.kinds.base import AlphaUnit
from flows.kinds.choices import choice_label
from flows.schema import Question

if TYPE_CHECKING:  # the engine imports the plug-ins, so they take only its types
    from flows.engine.model import AnswerValue


class KindDefaults:
    picks_several = False

    def evidence_key(self, question: Question, value: AnswerValue) -> Hashable:
        return tuple(value) if isinstance(value, list) else value

    def alpha_units(self, question: Question, values: Sequence[AnswerValue]) -> list[AlphaUnit]:
        return []  # not judged by Krippendorff's alpha

    def form_label(self, question: Question, value: AnswerValue, described: str) -> str:
        return described

    def in_sentence(self, question: Question, value: AnswerValue, described: str) -> str:
        return described

    def distribution_label(self, key: str) -> str:
        return key

    def distribution_form_label(self, key: str) -> str:
        return self.distribution_label(key)

    def listed_choices(self, question: Question) -> list[dict[str, Any]]:
        return []

    def option_label(self, question: Question, value: AnswerValue) -> str:
        return choice_label(question, value)

    def split_answers(self, question: Question) -> list[AnswerValue]:
        return []  # one answer cannot settle it

    def demo_tilt(
        self,
        question: Question,
        shared: AnswerValue,
        support: Callable[[AnswerValue], float],
        noise: float,
        rng: random.Random,
    ) -> AnswerValue:
        return shared


def tilt_to_another(
    candidates: Sequence[AnswerValue],
    shared: AnswerValue,
    support: Callable[[AnswerValue], float],
    noise: float,
    rng: random.Random,
) -> AnswerValue:
    """Now and then (`noise`) a person goes their own way: to the other answer that best backs the
    option they lean towards."""
    if rng.random() < noise:
        others = [v for v in candidates if v != shared]
        return max(others, key=support) if others else shared
    return shared

"""Free-text questions: a person's own words. They give no evidence and are not judged; "don't
know" typed into one is just text."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from flows.kinds import form
from flows.kinds.choices import shown_labels
from flows.kinds.consensus import Judgement
from flows.kinds.defaults import KindDefaults
from flows.kinds.form import JsonDict, Raw
from flows.kinds.parsing import refuse
from flows.kinds.vectors import Vector, zero
from flows.schema import Question, QuestionKind

if TYPE_CHECKING:  # the engine imports the plug-ins, so they take only its types
    from flows.engine.model import AnswerValue, Thresholds

MAX_LENGTH = 3000


class FreeText(KindDefaults):
    kind = QuestionKind.FREE_TEXT
    needs_choices = False
    takes_evidence = False
    takes_range = False
    own_words = True
    dont_know_box = False

    def parse(self, question: Question, raw: object) -> AnswerValue:
        if not isinstance(raw, str) or not raw.strip() or len(raw) > MAX_LENGTH:
            raise refuse(question, f"some text of at most {MAX_LENGTH} characters", raw)
        return raw

    def evidence(self, question: Question, value: AnswerValue, option_ids: Sequence[str]) -> Vector:
        return zero(option_ids)

    def most_favouring(
        self, question: Question, favoured: int, against: int, option_ids: Sequence[str]
    ) -> Vector | None:
        return None

    def distribution(self, question: Question, values: Sequence[AnswerValue]) -> dict[str, int]:
        return {}

    def judge(
        self,
        question: Question,
        values: Sequence[AnswerValue],
        distribution: dict[str, int],
        thresholds: Thresholds,
    ) -> Judgement:
        return Judgement("not_judged", distribution)

    def describe(self, question: Question, value: AnswerValue) -> str:
        return str(value)

    def export_label(self, question: Question, value: AnswerValue) -> str:
        return str(value)

    def element(
        self, question: Question, initial: AnswerValue | None, *, action_id: str, offer_dont_know: bool
    ) -> JsonDict:
        element: JsonDict = {
            "type": "plain_text_input",
            "action_id": action_id,
            "multiline": True,
            "max_length": MAX_LENGTH,
        }
        if isinstance(initial, str):
            element["initial_value"] = initial
        return element

    def read_state(self, question: Question, state: Mapping[str, Any]) -> Raw | None:
        return form.read_state(state, form.as_given, _as_typed)

    def slack_label(self, question: Question, value: AnswerValue) -> str:
        return shown_labels(question, value)

    def demo_candidates(self, question: Question, rng: random.Random) -> list[AnswerValue]:
        return []  # the demo writes each person's own words instead (`bot.demo.personas`)


def _as_typed(text: str) -> Raw:
    return text  # a person's own words keep their spacing

"""Number questions: a number within the question's `min` and `max`, with an optional `unit`. Its
evidence is the weights of the band holding it (none when no band does); the panel agrees when
the interquartile range is at most `number_relative_spread` of the median (240, 255 and 260 agree;
20 and 200 do not), and the bands only label the distribution."""

from __future__ import annotations

import random
import statistics
from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from flows.kinds import form
from flows.kinds.choices import shown_labels
from flows.kinds.consensus import EPSILON, Judgement
from flows.kinds.defaults import KindDefaults
from flows.kinds.form import JsonDict, Raw
from flows.kinds.parsing import as_number, refuse
from flows.kinds.vectors import Vector, most_favouring_of, vector, zero
from flows.schema import Band, Question, QuestionKind

if TYPE_CHECKING:  # the engine imports the plug-ins, so they take only its types
    from flows.engine.model import AnswerValue, Thresholds

OUTSIDE_BANDS = "outside the bands"
EN_DASH = "\u2013"  # band labels read "10 to 49" with a typographic dash, as people write ranges


def band_index(question: Question, value: AnswerValue) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    for index, band in enumerate(question.bands or []):
        if band.contains(value):
            return index
    return None


def band_label(band: Band) -> str:
    low, high = band.min, band.max
    if low is None and high is None:
        return "any"
    if low is None:
        return f"under {_plain(high)}"
    if high is None:
        return f"{_plain(low)} or more"
    if low == int(low) and high == int(high):
        top = int(high) - 1
        return _plain(low) if top <= low else f"{_plain(low)}{EN_DASH}{top}"
    return f"{_plain(low)} to under {_plain(high)}"


def relative_spread(numbers: Sequence[float]) -> float | None:
    """The interquartile range over the size of the median; None when the median is 0 and the
    answers still differ (no relative spread exists), 0 when every answer is the same."""
    if len(numbers) < 2:
        return 0.0
    low, _, high = statistics.quantiles(numbers, n=4, method="inclusive")
    middle = abs(statistics.median(numbers))
    if high - low <= EPSILON:
        return 0.0
    return (high - low) / middle if middle > 0 else None


def number_text(value: float) -> str:
    """A number in words: whole numbers without a decimal point."""
    return str(int(value)) if value == int(value) else f"{value:g}"


def input_text(value: AnswerValue | float | None) -> str | None:
    """A number as the form's number input holds it; None for anything that is not a number."""
    if value is None or isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return str(int(value)) if float(value).is_integer() else str(value)


class Number(KindDefaults):
    kind = QuestionKind.NUMBER
    needs_choices = False
    takes_evidence = False
    takes_range = True
    own_words = False
    dont_know_box = True

    def parse(self, question: Question, raw: object) -> AnswerValue:
        value = as_number(raw)
        low, high = question.min, question.max
        if value is None or (low is not None and value < low) or (high is not None and value > high):
            raise refuse(question, _number_range(low, high), raw)
        return value

    def evidence(self, question: Question, value: AnswerValue, option_ids: Sequence[str]) -> Vector:
        band = band_index(question, value)
        bands = question.bands or []
        return zero(option_ids) if band is None else vector(bands[band].weights, option_ids)

    def evidence_key(self, question: Question, value: AnswerValue) -> Hashable:
        return band_index(question, value)  # numbers in one band give the same evidence

    def most_favouring(
        self, question: Question, favoured: int, against: int, option_ids: Sequence[str]
    ) -> Vector | None:
        vectors = [vector(band.weights, option_ids) for band in question.bands or []]
        return most_favouring_of(vectors, favoured, against)

    def distribution(self, question: Question, values: Sequence[AnswerValue]) -> dict[str, int]:
        if not question.bands:
            return {}
        bands = Counter(band_index(question, v) for v in values)
        distribution = {band_label(b): bands[i] for i, b in enumerate(question.bands)}
        if bands[None]:
            distribution[OUTSIDE_BANDS] = bands[None]
        return distribution

    def judge(
        self,
        question: Question,
        values: Sequence[AnswerValue],
        distribution: dict[str, int],
        thresholds: Thresholds,
    ) -> Judgement:
        numbers = [float(v) for v in values if isinstance(v, int | float)]
        spread = relative_spread(numbers)
        agreed = spread is not None and spread <= thresholds.number_relative_spread + EPSILON
        return Judgement("consensus" if agreed else "no_consensus", distribution, relative_spread=spread)

    def describe(self, question: Question, value: AnswerValue) -> str:
        number = number_text(value) if isinstance(value, int | float) else str(value)
        return f"{number} {question.unit}" if question.unit else number

    def export_label(self, question: Question, value: AnswerValue) -> str:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return f"{number_text(value)} {question.unit}" if question.unit else number_text(value)
        return str(value)

    def element(
        self, question: Question, initial: AnswerValue | None, *, action_id: str, offer_dont_know: bool
    ) -> JsonDict:
        # "Don't know" cannot be an option of a number input: round 1 puts a box for it underneath.
        fields = {
            "initial_value": input_text(initial),
            "min_value": input_text(question.min),
            "max_value": input_text(question.max),
            "placeholder": form.plain_text(question.unit) if question.unit else None,
        }
        element: JsonDict = {
            "type": "number_input",
            "action_id": action_id,
            "is_decimal_allowed": _decimals_allowed(question, initial),
        }
        return element | {name: value for name, value in fields.items() if value is not None}

    def read_state(self, question: Question, state: Mapping[str, Any]) -> Raw | None:
        return form.read_state(state, form.as_given, _typed_number)

    def slack_label(self, question: Question, value: AnswerValue) -> str:
        if isinstance(value, int | float):
            unit = f" {question.unit}" if question.unit else ""
            return f"{input_text(value)}{unit}"
        return shown_labels(question, value)

    def demo_candidates(self, question: Question, rng: random.Random) -> list[AnswerValue]:
        """A number in each band (any number within the bounds when there are no bands)."""
        low_limit = question.min if question.min is not None else 1
        high_limit = question.max if question.max is not None else max(low_limit * 4, 5000)
        if not question.bands:
            return [rng.randint(int(low_limit), int(high_limit))]
        values: list[AnswerValue] = []
        for band in question.bands:
            low = max(band.min if band.min is not None else low_limit, low_limit)
            high = min((band.max - 1) if band.max is not None else low * 3, high_limit)
            if low <= high:
                values.append(rng.randint(int(low), int(high)))
        return values


def _number_range(low: float | None, high: float | None) -> str:
    if low is not None and high is not None:
        return f"a number between {_plain(low)} and {_plain(high)}"
    if low is not None:
        return f"a number of at least {_plain(low)}"
    if high is not None:
        return f"a number of at most {_plain(high)}"
    return "a number"


def _plain(number: float | None) -> str:
    assert number is not None
    return str(int(number)) if number == int(number) else str(number)


def _typed_number(text: str) -> Raw:
    """What was typed, as an int or a float when it reads as one; otherwise as typed, for the
    engine to refuse with its own message."""
    text = text.strip()
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        return text


def _decimals_allowed(question: Question, initial: AnswerValue | None) -> bool:
    """Whole numbers unless the flow's own bounds (or an earlier answer) are fractional."""
    edges = [question.min, question.max, initial if isinstance(initial, float) else None]
    edges += [edge for band in question.bands or [] for edge in (band.min, band.max)]
    return any(isinstance(e, float) and not e.is_integer() for e in edges)

"""The minimum group for anonymous results: one policy every surface applies before it shows a
result (the channel summary and its thread, the App Home, `/hiring status`, check-ins, exports).

In a small anonymous panel a spread or a quote is attributable: "1 of 1 backed this" names its
author to anyone who knows who answered. Below `min_answers` people, nothing is shown but the
sentence `WITHHELD`; free text (and round-2 reasons) of a question are shown only when at least
`min_free_text` people wrote some. A named workshop shows its results as they are.
"""

from __future__ import annotations

from dataclasses import dataclass

from flows.engine.model import Analysis, QuestionResult, Recommendation

WITHHELD = "Results are held back because too few people answered to keep their answers anonymous."


@dataclass(frozen=True)
class Withheld:
    """Too few answered: show `WITHHELD` and nothing of the answers, not even how many there were."""

    sentence: str = WITHHELD


def too_few(count: int, *, anonymous: bool, minimum: int) -> bool:
    """Whether `count` people are too few to show what they gave without exposing them. Zero is not
    too few: an empty result exposes nobody."""
    return anonymous and 0 < count < minimum


def shown_results(
    analysis: Analysis, *, anonymous: bool, min_answers: int, min_free_text: int
) -> Analysis | Withheld:
    """The analysis as it may be shown, or `Withheld`."""
    if not anonymous:
        return analysis
    if too_few(analysis.participation.answered, anonymous=True, minimum=min_answers):
        return Withheld()
    questions = [_shown_question(q, min_answers, min_free_text) for q in analysis.questions]
    recommendation = _shown_recommendation(analysis.recommendation, min_answers)
    return analysis.model_copy(update={"questions": questions, "recommendation": recommendation})


def _shown_question(result: QuestionResult, min_answers: int, min_free_text: int) -> QuestionResult:
    update: dict[str, object] = {}
    if too_few(result.answered, anonymous=True, minimum=min_answers):
        # A question only one or two people were shown: its spread is their answers.
        update |= {"distribution": {}, "top_share": None, "avg_deviation": None}
    if len(result.free_text) < min_free_text:
        update["free_text"] = []
    # Authors, not rationales: one person may have written a reason in each round.
    if result.rationale_authors < min_free_text:
        update["rationales"] = []
    return result.model_copy(update=update) if update else result


def _shown_recommendation(recommendation: Recommendation, min_answers: int) -> Recommendation:
    signals = [
        s for s in recommendation.signals if not too_few(s.answered, anonymous=True, minimum=min_answers)
    ]
    if len(signals) == len(recommendation.signals):
        return recommendation
    return recommendation.model_copy(update={"signals": signals})
